"""What the reader shows, as plain data: the library, the panes, and their links.

Qt-free on purpose: views ask it which links exist, which are in view and
which passages nobody else covers, and it answers from the core's
`Alignment` objects. Alignments are computed once per (pair, unit) with the
full candidate list; the minimum score is a cheap filter (`with_threshold`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from compare.align import DEFAULT_THRESHOLD, Alignment, Corpus, Link
from compare.model import Passage, Source, Unit

MAX_PANES = 4
MIN_PANES = 2
PairKey = tuple[str, str, str]  # left id, right id, unit


@dataclass(frozen=True, slots=True)
class PaneLink:
    """A link seen from the panes: which adjacent pair (pane `pair`, `pair + 1`) it joins."""

    pair: int
    link: Link

    @property
    def pair_id(self) -> str:
        return self.link.pair_id

    def side(self, pane: int) -> Passage:
        """The passage of this link shown in `pane`."""
        return self.link.left if pane == self.pair else self.link.right

    def other_pane(self, pane: int) -> int:
        return self.pair + 1 if pane == self.pair else self.pair


class ReadingSession:
    """The library, which source fills each pane, and the alignments between adjacent panes."""

    def __init__(self, library: Iterable[Source], panes: Iterable[str] = (), *,
                 unit: Unit = "paragraph", threshold: float = DEFAULT_THRESHOLD) -> None:
        self.library: dict[str, Source] = {}
        for source in library:
            self.library[source.id] = source
        if len(self.library) < MIN_PANES:
            raise ValueError("the reader needs at least two sources")
        self.unit: Unit = unit
        self.threshold = threshold
        self._alignments: dict[PairKey, Alignment] = {}
        self._corpora: dict[str, Corpus] = {}
        self._version = 0
        self._memo: tuple[tuple, list[PaneLink]] | None = None
        ids = [p for p in dict.fromkeys(panes) if p in self.library][:MAX_PANES]
        for extra in self.library:
            if len(ids) >= MIN_PANES:
                break
            if extra not in ids:
                ids.append(extra)
        self.panes: list[str] = ids

    # --- library and panes -------------------------------------------------
    def add_source(self, source: Source) -> None:
        """Add or replace a source; alignments and corpora that involved it are dropped."""
        self.library[source.id] = source
        self._alignments.clear()
        self._corpora.clear()
        self._version += 1

    def source(self, pane: int) -> Source:
        return self.library[self.panes[pane]]

    def sources(self) -> tuple[Source, ...]:
        return tuple(self.library.values())

    def pane_of(self, source_id: str) -> int | None:
        return self.panes.index(source_id) if source_id in self.panes else None

    def set_pane(self, pane: int, source_id: str) -> None:
        """Show `source_id` in `pane`; if another pane shows it, the two swap."""
        if source_id not in self.library:
            raise KeyError(source_id)
        other = self.pane_of(source_id)
        if other is not None:
            self.panes[other] = self.panes[pane]
        self.panes[pane] = source_id

    def add_pane(self) -> int | None:
        """Open one more pane with the first source not yet shown; None when full."""
        if len(self.panes) >= MAX_PANES:
            return None
        spare = next((s for s in self.library if s not in self.panes), None)
        if spare is None:
            return None
        self.panes.append(spare)
        return len(self.panes) - 1

    def remove_pane(self, pane: int) -> bool:
        if len(self.panes) <= MIN_PANES:
            return False
        del self.panes[pane]
        return True

    # --- alignments ---------------------------------------------------------
    def pair_keys(self, unit: Unit | None = None) -> list[PairKey]:
        unit = unit or self.unit
        return [(a, b, unit) for a, b in zip(self.panes, self.panes[1:], strict=False)]

    def missing(self, unit: Unit | None = None) -> list[PairKey]:
        """Adjacent pairs that still need aligning at `unit`.

        A pair already aligned the other way round is not missing: scores and the
        selection rule are symmetric, so swapping each link gives the same result.
        """
        for left, right, u in self.pair_keys(unit):
            mirror = self._alignments.get((right, left, u))
            if (left, right, u) not in self._alignments and mirror is not None:
                self._alignments[(left, right, u)] = Alignment(
                    self.library[left], (self.library[right],), mirror.settings,
                    tuple(sorted((lk.swapped() for lk in mirror.candidates),
                                 key=lambda lk: (lk.left.start, lk.right.start))))
                self._version += 1
        return [k for k in self.pair_keys(unit) if k not in self._alignments]

    def corpus(self, unit: Unit) -> Corpus | None:
        return self._corpora.get(unit)

    def store(self, unit: Unit, results: dict[PairKey, Alignment], corpus: Corpus | None) -> None:
        """Take a worker's results and show `unit` from now on."""
        self._alignments.update(results)
        if corpus is not None:
            self._corpora[unit] = corpus
        self.unit = unit
        self._version += 1

    def alignment(self, pair: int) -> Alignment | None:
        found = self._alignments.get(self.pair_keys()[pair])
        return None if found is None else found.with_threshold(self.threshold)

    def pair_count(self) -> int:
        return len(self.panes) - 1

    def links(self, pair: int) -> tuple[Link, ...]:
        found = self.alignment(pair)
        return () if found is None else found.links

    def pane_links(self) -> list[PaneLink]:
        """Every link shown, pair by pair, in reading order of the left pane."""
        key = (tuple(self.panes), self.unit, self.threshold, self._version)
        if self._memo is None or self._memo[0] != key:
            found = [PaneLink(i, lk) for i in range(self.pair_count())
                     for lk in sorted(self.links(i), key=lambda lk: (lk.left.start, lk.right.start))]
            self._memo = (key, found)
        return list(self._memo[1])

    def links_of_pane(self, pane: int) -> list[PaneLink]:
        """Links touching `pane` (with the pane before and the pane after it)."""
        return [pl for pl in self.pane_links() if pl.pair in (pane - 1, pane)]

    def links_of_passage(self, pane: int, passage: Passage) -> list[PaneLink]:
        """Links of one passage, strongest first."""
        found = [pl for pl in self.links_of_pane(pane) if pl.side(pane).key == passage.key]
        return sorted(found, key=lambda pl: -pl.link.score)

    def links_in_view(self, pair: int, left: tuple[int, int], right: tuple[int, int]) -> list[Link]:
        """Links of a pair that touch either visible offset range (what the link map draws)."""
        def touches(p: Passage, span: tuple[int, int]) -> bool:
            return p.start < span[1] and p.end > span[0]
        return [lk for lk in self.links(pair) if touches(lk.left, left) or touches(lk.right, right)]

    def strengths(self, pane: int) -> dict[str, float]:
        """For every linked passage of `pane`, its strongest shown link's score, by passage key."""
        best: dict[str, float] = {}
        for pl in self.links_of_pane(pane):
            key = pl.side(pane).key
            best[key] = max(best.get(key, 0.0), pl.link.score)
        return best

    def passages(self, pane: int) -> tuple[Passage, ...]:
        return self.source(pane).passages(self.unit)

    def unmatched(self, pane: int) -> tuple[Passage, ...]:
        """Passages no shown link touches: what the neighbouring accounts leave out."""
        linked = self.strengths(pane)
        return tuple(p for p in self.passages(pane) if p.key not in linked)

    def passage_at(self, pane: int, offset: int) -> Passage | None:
        """The passage of `pane` containing canonical `offset`, if any."""
        for p in self.passages(pane):
            if p.start <= offset <= p.end:
                return p
            if p.start > offset:
                return None
        return None

    def find_link(self, pair_id: str) -> PaneLink | None:
        return next((pl for pl in self.pane_links() if pl.pair_id == pair_id), None)
