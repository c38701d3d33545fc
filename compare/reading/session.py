"""What the reader shows, as plain data: the workspace's sources, the panes, and their links.

Qt-free on purpose: views ask it which links exist, which are in view and
which passages nobody else covers, and it answers from the workspace, where
the engine's proposals, the analyst's decisions and hand-made links live
together. Nothing is kept only in memory, so closing the window loses nothing.

Alignments are stored with every candidate down to CANDIDATE_FLOOR, not just
those above the slider: moving the minimum score is then a pure filter (no
re-alignment, no unreviewed proposal dropped or reviewed one turned "stale"
because the slider happened to be high during a run). The cost is a few
times more rows, which SQLite reads in milliseconds.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from compare.engine.align import DEFAULT_THRESHOLD, Alignment, Link, engine_version
from compare.engine.scoring import CANDIDATE_FLOOR
from compare.model.errors import SourceError
from compare.model.records import Passage, Source, Unit
from compare.workspace import AlignJob, AlignReport, PairView, Workspace

Span = tuple[int, int]  # [start, end) in a source's canonical text
MAX_PANES = 4
MIN_PANES = 2
PairKey = tuple[str, str, Unit]  # left id, right id, unit (as aligned, which may be either way round)
STATUS_RANK = {"confirmed": 0, "proposed": 1, "rejected": 2}  # which link a passage shows first


@dataclass(frozen=True, slots=True)
class PaneLink:
    """A workspace pair seen from the panes: it joins pane `pair` and `pair + 1`.

    `view` is oriented for the panes (its left passage is in pane `pair`),
    whichever way round the two sources were aligned.
    """

    pair: int
    view: PairView

    @property
    def link(self) -> Link:
        return self.view.link

    @property
    def pair_id(self) -> str:
        return self.view.pair_id

    @property
    def status(self) -> str:
        return self.view.status

    @property
    def relation(self) -> str:
        return self.view.relation

    @property
    def note(self) -> str:
        return self.view.note

    @property
    def manual(self) -> bool:
        return self.view.manual

    @property
    def stale(self) -> bool:
        return self.view.stale

    @property
    def rejected(self) -> bool:
        return self.view.status == "rejected"

    def side(self, pane: int) -> Passage:
        """The passage of this link shown in `pane`."""
        return self.link.left if pane == self.pair else self.link.right

    def other_pane(self, pane: int) -> int:
        return self.pair + 1 if pane == self.pair else self.pair

    def rank(self) -> tuple[int, float]:
        """Sort key: confirmed before proposed before rejected, then strongest first."""
        return STATUS_RANK.get(self.status, 1), -self.link.score


def _nest(a: Passage, b: Passage) -> bool:
    """One passage lies within the other (a sentence and its paragraph)."""
    return (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)


def _overlaps(p: Passage, start: int, end: int) -> bool:
    return p.start < end and p.end > start


def uncovered(passages: Iterable[Passage], spans: Iterable[Span]) -> tuple[Passage, ...]:
    """The passages no span overlaps (`_overlaps`), in their order.

    The spans are sorted and joined where they overlap, so starts and ends both
    ascend and one bisection on the ends finds the only span worth testing.
    """
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(spans):
        if ends and start < ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    out = []
    for p in passages:
        i = bisect_right(ends, p.start)  # the first span ending after the passage starts
        if i == len(ends) or starts[i] >= p.end:
            out.append(p)
    return tuple(out)


def run_covers(run: dict[str, object]) -> bool:
    """A stored run is enough for the reader if it kept every candidate with today's engine."""
    try:
        settings = json.loads(str(run.get("settings") or "{}"))
        threshold = float(settings.get("threshold", 100.0))
    except (ValueError, TypeError, AttributeError):
        return False
    return run.get("engine_version") == engine_version() and threshold <= CANDIDATE_FLOOR


def alignment_message(unit: str, reports: Iterable[AlignReport]) -> str:
    """The status line after a run: decisions counted at the unit shown, as the counter counts them,
    and those made at the other unit named as not shown here rather than counted as kept."""
    reports = list(reports)
    kept = sum(r.confirmed + r.rejected for r in reports)
    stale = sum(len(r.stale) for r in reports)
    other = sum(r.other_unit for r in reports)
    text = "Alignment done."
    if kept:
        text += f" {kept} decision(s) kept" + (f", {stale} no longer proposed (shown as stale)." if stale else ".")
    if other:
        elsewhere = "sentences" if unit == "paragraph" else "paragraphs"
        text += f" {other} decision(s) made on {elsewhere} are shown only there."
    return text


class ReadingSession:
    """The workspace, which source fills each pane, and the links between adjacent panes."""

    def __init__(self, workspace: Workspace, panes: Iterable[str] = (), *,
                 unit: Unit = "paragraph", threshold: float = DEFAULT_THRESHOLD) -> None:
        self.workspace = workspace
        self.library: dict[str, Source] = {}
        self.unit: Unit = unit
        self.threshold = threshold
        self._views: dict[PairKey, list[PairView]] = {}
        self._version = 0
        self._memo: tuple[tuple, list[PaneLink]] | None = None
        self.panes: list[str] = []
        self._load_library(workspace)
        self.panes = self._valid_panes(panes)

    # --- library and panes -------------------------------------------------
    def _load_library(self, workspace: Workspace) -> None:
        sources = workspace.sources()
        if len(sources) < MIN_PANES:
            raise SourceError(f"{workspace.path}: the reader needs a workspace with at least two sources "
                              f"(this one has {len(sources)}); add some with `parallax workspace "
                              f"{workspace.path} import FILE`")
        self.library = {s.id: s for s in sources}
        self.invalidate()

    def _valid_panes(self, wanted: Iterable[str]) -> list[str]:
        ids = [p for p in dict.fromkeys(wanted) if p in self.library][:MAX_PANES]
        for extra in self.library:
            if len(ids) >= MIN_PANES:
                break
            if extra not in ids:
                ids.append(extra)
        return ids

    def set_workspace(self, workspace: Workspace) -> None:
        """Read from another workspace, keeping the panes' sources where it has them.

        Raises SourceError (and changes nothing) if it has fewer than two sources.
        """
        self._load_library(workspace)
        self.workspace = workspace
        self.panes = self._valid_panes(self.panes)

    def reload_library(self) -> None:
        """Re-read the sources after an import or a metadata edit."""
        self._load_library(self.workspace)
        self.panes = self._valid_panes(self.panes)

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

    def missing(self, unit: Unit | None = None, *, force: bool = False) -> list[PairKey]:
        """Adjacent pairs the workspace has no complete run for at `unit` (all of them if `force`).

        A pair aligned the other way round counts (scores and the selection
        rule are symmetric), and is re-run that way round, so its links keep
        the orientation they were stored in.
        """
        runs = {(str(r["left_id"]), str(r["right_id"]), str(r["unit"])): r for r in self.workspace.runs()}
        needed: list[PairKey] = []
        for left, right, u in self.pair_keys(unit):
            mirror = (right, left, u)
            key = mirror if mirror in runs and (left, right, u) not in runs else (left, right, u)
            if force or key not in runs or not run_covers(runs[key]):
                needed.append(key)
        return needed

    def jobs(self, keys: Iterable[PairKey]) -> list[tuple[PairKey, AlignJob]]:
        """Detached alignment requests (safe to run in a worker thread), every candidate kept."""
        return [(key, self.workspace.prepare_alignment(key[0], [key[1]], unit=key[2],
                                                       threshold=CANDIDATE_FLOOR)) for key in keys]

    def store(self, unit: Unit, results: dict[PairKey, Alignment]) -> list[AlignReport]:
        """Merge a worker's results into the workspace (decisions kept) and show `unit` from now on."""
        reports = [self.workspace.store_alignment(alignment) for alignment in results.values()]
        self.unit = unit
        self.invalidate()
        return reports

    def align_now(self, unit: Unit | None = None, *, force: bool = False) -> list[AlignReport]:
        """Align what is missing on this thread (scripts, tests and the screenshot fixture)."""
        unit = unit or self.unit
        results = {key: job.run() for key, job in self.jobs(self.missing(unit, force=force))}
        return self.store(unit, results)

    def invalidate(self) -> None:
        """Forget what was read from the workspace: something was aligned, reviewed or undone."""
        self._views.clear()
        self._version += 1

    # --- links --------------------------------------------------------------
    def _pair_views(self, left: str, right: str, unit: Unit) -> list[PairView]:
        """Every stored pair between two sources at `unit`, oriented left -> right."""
        key = (left, right, unit)
        found = self._views.get(key)
        if found is None:
            there = self.workspace.pairs(left_id=left, right_id=right, unit=unit)
            seen = {v.pair_id for v in there}
            back = [replace(v, link=v.link.swapped())
                    for v in self.workspace.pairs(left_id=right, right_id=left, unit=unit)
                    if v.pair_id not in seen]
            found = sorted(there + back, key=lambda v: (v.link.left.start, v.link.right.start))
            self._views[key] = found
        return found

    def shown(self, view: PairView) -> bool:
        """The slider hides weak proposals only: decisions and hand-made links always show."""
        return view.manual or view.status != "proposed" or view.link.score >= self.threshold

    def pair_count(self) -> int:
        return len(self.panes) - 1

    def pane_links(self) -> list[PaneLink]:
        """Every link shown, pair by pair, in reading order of the left pane."""
        key = (tuple(self.panes), self.unit, self.threshold, self._version)
        if self._memo is None or self._memo[0] != key:
            found = [PaneLink(i, v) for i, (a, b, u) in enumerate(self.pair_keys())
                     for v in self._pair_views(a, b, u) if self.shown(v)]
            self._memo = (key, found)
        return list(self._memo[1])

    def pair_links(self, pair: int) -> list[PaneLink]:
        """The links shown between pane `pair` and `pair + 1`, rejected ones included."""
        return [pl for pl in self.pane_links() if pl.pair == pair]

    def links(self, pair: int) -> tuple[Link, ...]:
        """The links of a pair the analyst can lean on (shown and not rejected)."""
        return tuple(pl.link for pl in self.pair_links(pair) if not pl.rejected)

    def links_of_pane(self, pane: int) -> list[PaneLink]:
        """Links touching `pane` (with the pane before and the pane after it)."""
        return [pl for pl in self.pane_links() if pl.pair in (pane - 1, pane)]

    def links_of_passage(self, pane: int, passage: Passage) -> list[PaneLink]:
        """Links whose side in `pane` overlaps `passage`: confirmed first, rejected last."""
        found = [pl for pl in self.links_of_pane(pane) if _overlaps(pl.side(pane), passage.start, passage.end)]
        return sorted(found, key=PaneLink.rank)

    def unmatched(self, pane: int) -> tuple[Passage, ...]:
        """Passages no shown, unrejected link touches: what the neighbouring accounts leave out.

        Asked on every redraw of marks and maps, so it bisects merged spans instead of
        testing every passage against every link (500 links took tens of ms; issue 14).
        """
        spans = [(s.start, s.end) for s in (pl.side(pane) for pl in self.links_of_pane(pane) if not pl.rejected)]
        return uncovered(self.passages(pane), spans)

    def passages(self, pane: int) -> Sequence[Passage]:
        return self.source(pane).passages(self.unit)

    def passage_at(self, pane: int, offset: int) -> Passage | None:
        """The passage of `pane` containing canonical `offset`, if any."""
        for p in self.passages(pane):
            if p.start <= offset <= p.end:
                return p
            if p.start > offset:
                return None
        return None

    def decisions_elsewhere(self, pl: PaneLink) -> list[PairView]:
        """Decisions made at the other unit on passages nesting with `pl`'s on both sides
        (a sentence pair inside a confirmed paragraph pair, or a paragraph pair holding a
        rejected sentence pair), so a decision is seen whichever unit is shown."""
        other: Unit = "sentence" if self.unit == "paragraph" else "paragraph"
        left, right = self.panes[pl.pair], self.panes[pl.pair + 1]
        return [v for v in self._pair_views(left, right, other)
                if v.status != "proposed" and _nest(v.link.left, pl.link.left) and _nest(v.link.right, pl.link.right)]

    def find_link(self, pair_id: str) -> PaneLink | None:
        return next((pl for pl in self.pane_links() if pl.pair_id == pair_id), None)
