"""The synopsis: every event or claim against every account — who tells it, who leaves it out, where they differ.

Pairwise links say "this passage matches that one"; the analyst asks across
all accounts at once. Passages are grouped into events from the links of
every pair of sources: the analyst's confirmed and hand-made links join
first (they win over the engine), then the engine's links from the strongest
down, each joining two groups only when no rejected link runs between them and
the two hold no passage of the same source (so a chain of weak links cannot
sweep a whole account into one event). A passage the engine links into a
second group is then shown there too: a passage may tell more than one event.

Each event gets a stable id from its first member passage's key (offsets
survive re-alignment, scores do not), a label from what its links share
(names, places, terms), its earliest date, and the disputes inside it: figures
of the same kind (`compare.engine.figures`) or dates that two sources give
differently. Qt-free: the CLI, the exports and the GUI all draw this object.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from compare.engine.align import DEFAULT_THRESHOLD, Evidence
from compare.engine.anchors import DateFrame, explicit_dates, find_dates, parse_published
from compare.engine.figures import Figure, by_kind, read_figures_cached
from compare.engine.scoring import CANDIDATE_FLOOR
from compare.model.errors import SourceError
from compare.model.records import Passage, Source, Unit
from compare.reading.republication import witnesses
from compare.reading.session import run_covers
from compare.text.normalize import stem_tokens, tokenize
from compare.workspace.groupings import Grouping
from compare.workspace.store import Workspace
from compare.workspace.views import PairView

TOLD_BY_ALL, TOLD_BY_ONE, CONTESTED = "all", "one", "contested"
FILTERS = (TOLD_BY_ALL, TOLD_BY_ONE, CONTESTED)
LABEL_WORDS = 4
DATE_KIND = "date"


@dataclass(frozen=True, slots=True)
class Edge:
    """One link as the synopsis reads it: two passages, the engine's score and the analyst's word."""

    a: Passage
    b: Passage
    score: float
    status: str = "proposed"  # proposed | confirmed | rejected
    manual: bool = False
    evidence: Evidence = field(default_factory=Evidence)

    @classmethod
    def from_view(cls, view: PairView) -> Edge:
        return cls(view.link.left, view.link.right, view.link.score, view.status, view.manual, view.link.evidence)

    @property
    def strong(self) -> bool:
        """Confirmed or drawn by hand: the analyst's link, which always joins."""
        return self.status == "confirmed" or (self.manual and self.status != "rejected")


@dataclass(frozen=True, slots=True)
class Dispute:
    """Two or more sources giving different values for one kind (a count, or the date)."""

    kind: str
    values: tuple[tuple[str, tuple[str, ...]], ...]  # (source id, values as written)

    def summary(self) -> str:
        return f"{self.kind}: " + " vs ".join(f"{', '.join(v)} ({sid})" for sid, v in self.values)


@dataclass(frozen=True, slots=True)
class Event:
    """A row of the synopsis: the passages of each source that tell one event or claim."""

    id: str
    label: str
    date: str  # YYYY-MM-DD, the earliest any member passage gives; "" when none does
    cells: tuple[tuple[str, tuple[Passage, ...]], ...]  # (source id, its passages), told sources only
    disputes: tuple[Dispute, ...] = ()
    anchor: str = ""  # the member passage key the id is made from: what a merge refers to
    named: bool = False  # the label is the analyst's

    def passages(self, source_id: str) -> tuple[Passage, ...]:
        """The passages of `source_id` in this event; () is the explicit "not told"."""
        return next((ps for sid, ps in self.cells if sid == source_id), ())

    @property
    def told_by(self) -> tuple[str, ...]:
        return tuple(sid for sid, _ in self.cells)

    @property
    def contested(self) -> bool:
        return bool(self.disputes)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(p.key for _, ps in self.cells for p in ps)


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the synopsis: a source with its kind and outlet, as the analyst must see them."""

    id: str
    title: str
    kind: str
    outlet: str
    citation: str
    copy_of: str = ""  # the source this one republishes (shares most of its text with); "" if its own


@dataclass(frozen=True, slots=True)
class Synopsis:
    """Events as rows (date order where known), sources as columns."""

    columns: tuple[Column, ...]
    events: tuple[Event, ...]

    def column(self, source_id: str) -> Column:
        return next(c for c in self.columns if c.id == source_id)

    def independent(self, event: Event) -> tuple[str, ...]:
        """The witnesses telling `event`: a republished copy counts with its original, once."""
        copy_of = {c.id: c.copy_of or c.id for c in self.columns}
        return tuple(dict.fromkeys(copy_of[sid] for sid in event.told_by))

    def event(self, event_id: str) -> Event:
        return next(e for e in self.events if e.id == event_id)

    def rows(self, mode: str | None = None, *, kinds: Iterable[str] | None = None,
             by_coverage: bool = False) -> tuple[Event, ...]:
        """The events shown under a filter: told by all / by one / contested, and by source kind.

        `kinds` narrows the columns that count ("told by all digests"); an event
        none of those columns tells is not shown.
        """
        wanted = {c.id for c in self.columns if kinds is None or c.kind in set(kinds)}
        out = []
        for e in self.events:
            told = [sid for sid in e.told_by if sid in wanted]
            if not told:
                continue
            if mode == TOLD_BY_ALL and len(told) < len(wanted):
                continue
            if mode == TOLD_BY_ONE and len(told) != 1:
                continue
            if mode == CONTESTED and not e.contested:
                continue
            out.append(e)
        if by_coverage:
            out.sort(key=lambda e: (-len(self.independent(e)), -len(e.told_by)))
        return tuple(out)

    def omissions(self, source_id: str, *, min_others: int = 2) -> tuple[Event, ...]:
        """What the others tell and `source_id` does not: events told by at least `min_others`
        other sources and not by it, the most widely told first."""
        found = [e for e in self.events if source_id not in e.told_by and len(e.told_by) >= min_others]
        return tuple(sorted(found, key=lambda e: -len(e.told_by)))


class _Groups:
    """Union-find over passages that also keeps each group's sources and members."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.parent = {k: k for k in keys}
        self.members: dict[str, set[str]] = {k: {k} for k in self.parent}

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)


def _source_of(key: str) -> str:
    return key.rsplit(":", 1)[0]


def _separated(group_a: set[str], group_b: set[str], rejected: dict[str, set[str]]) -> bool:
    small, large = (group_a, group_b) if len(group_a) <= len(group_b) else (group_b, group_a)
    return any(rejected.get(k, set()) & large for k in small)


def group_passages(passages: Iterable[Passage], edges: Sequence[Edge], *,
                   threshold: float = DEFAULT_THRESHOLD, joins: Sequence[tuple[str, str]] = (),
                   detached: Iterable[str] = ()) -> list[tuple[set[str], set[str]]]:
    """Groups of passage keys: (primary members, all members with the passages shown there too).

    Primary members partition the passages (they give the id); the second set
    adds passages the engine links into the group from another one. The
    analyst's decisions come first: a `detached` passage takes no link at all,
    and `joins` (pairs of passage keys) merge their groups whatever the links say.
    """
    groups = _Groups(p.key for p in passages)
    apart = set(detached)
    edges = [e for e in edges if e.a.key not in apart and e.b.key not in apart]
    rejected: dict[str, set[str]] = {}
    for e in edges:
        if e.status == "rejected":
            rejected.setdefault(e.a.key, set()).add(e.b.key)
            rejected.setdefault(e.b.key, set()).add(e.a.key)
    live = [e for e in edges if e.status != "rejected" and e.a.key in groups.parent and e.b.key in groups.parent]
    strong = [e for e in live if e.strong]
    weak = sorted((e for e in live if not e.strong and e.score >= threshold),
                  key=lambda e: (-e.score, e.a.key, e.b.key))
    for e in strong:
        ra, rb = groups.find(e.a.key), groups.find(e.b.key)
        if ra != rb and not _separated(groups.members[ra], groups.members[rb], rejected):
            groups.union(ra, rb)
    for a, b in joins:
        if a in groups.parent and b in groups.parent:
            groups.union(a, b)
    for e in weak:
        ra, rb = groups.find(e.a.key), groups.find(e.b.key)
        if ra == rb:
            continue
        ma, mb = groups.members[ra], groups.members[rb]
        if {_source_of(k) for k in ma} & {_source_of(k) for k in mb} or _separated(ma, mb, rejected):
            continue
        groups.union(ra, rb)
    primary = {root: set(members) for root, members in groups.members.items()}
    shown = {root: set(members) for root, members in primary.items()}
    for e in weak:
        for here, there in ((e.a.key, e.b.key), (e.b.key, e.a.key)):
            root = groups.find(there)
            if groups.find(here) == root:
                continue
            target = shown[root]
            if _source_of(here) in {_source_of(k) for k in target} or rejected.get(here, set()) & target:
                continue
            target.add(here)
    return [(primary[r], shown[r]) for r in sorted(primary, key=lambda r: min(primary[r]))]


def event_id(primary: Iterable[str]) -> str:
    """A stable id: from the first member passage's key, which re-alignment does not change."""
    return "ev-" + hashlib.sha1(min(primary).encode()).hexdigest()[:10]


def _period(sources: Sequence[Source]) -> _dt.date | None:
    """The month the accounts date most often together: the period they tell.

    One source's own dates are too few and often background ("in March 2019
    Nazarbayev resigned"); across all the accounts of one story the story's
    month wins."""
    months = Counter((d.year, d.month) for s in sources for _, d in explicit_dates(s.text))
    if not months:
        return None
    (year, month), _ = months.most_common(1)[0]
    return _dt.date(year, month, 15)


class _Dates:
    """The dates each passage gives, read within the passage.

    Within the passage, not the whole text: a background sentence elsewhere
    ("in 2019 Tokayev became president") must not lend its year to "5 January".
    A date without its year is read against the accounts' common period when
    the source was published within a year after it, else against its
    publication date (`DateFrame`).
    """

    def __init__(self, sources: Sequence[Source]) -> None:
        period = _period(sources)
        self.frames = {}
        for s in sources:
            published = parse_published(s.meta.published)
            near = period is not None and (published is None or 0 <= (published - period).days <= 366)
            self.frames[s.id] = DateFrame(published, period if near else None)
        self._memo: dict[str, list[str]] = {}

    def of(self, p: Passage) -> list[str]:
        found = self._memo.get(p.key)
        if found is None:
            found = [k[2:] for _, _, keys in find_dates(p.text, self.frames.get(p.source_id)) for k in keys
                     if len(k) == 12]
            self._memo[p.key] = found
        return found


def _label(members: set[str], edges_by_key: dict[str, list[Edge]], passages: dict[str, Passage]) -> str:
    counts: Counter[str] = Counter()
    for k in members:
        for e in edges_by_key.get(k, ()):
            if e.a.key in members and e.b.key in members and e.a.key == k:
                for word in (*e.evidence.anchors, *e.evidence.terms[:3]):
                    word = word.split(" ≈ ")[0]
                    if not word[:1].isdigit():
                        counts[word] += 1
    if counts:
        # One word per stem ("price" and "prices" are one term): its count is its forms' together, and
        # it is shown in its most frequent form. Ties go by the word, so a label never depends on set
        # order (hash seeds).
        forms: dict[str, Counter[str]] = {}
        for word, n in counts.items():
            forms.setdefault(" ".join(stem_tokens(tokenize(word))) or word.casefold(), Counter())[word] += n
        ranked = sorted((-sum(c.values()), min(c, key=lambda w: (-c[w], w))) for c in forms.values())
        return " · ".join(w for _, w in ranked[:LABEL_WORDS])
    first = passages[min(members, key=lambda k: (_source_of(k), passages[k].start))]
    words = first.text.split()
    return " ".join(words[:8]) + (" …" if len(words) > 8 else "")


def _disputes(cells: Sequence[tuple[str, tuple[Passage, ...]]], dates: _Dates,
              linked: frozenset[frozenset[str]] | None = None) -> tuple[Dispute, ...]:
    """Figures of one kind, or single dates, that the event's sources give differently.

    Dates are compared only between sources whose passages here are linked
    directly (`linked`, pairs of source ids; None: all): an event grouped
    through a third account may join passages that date different moments."""
    figures: dict[str, dict[str, list[Figure]]] = {}
    for sid, ps in cells:
        for p in ps:
            for kind, found in by_kind(read_figures_cached(p.text)).items():
                figures.setdefault(kind, {}).setdefault(sid, []).extend(found)
    out: list[Dispute] = []
    for kind in sorted(figures):
        per = figures[kind]
        if len(per) < 2:
            continue
        sids = sorted(per)
        clash = any(not any(f.meets(g) for g in per[t]) for s in sids for t in sids if s != t for f in per[s])
        if clash:
            out.append(Dispute(kind, tuple((s, tuple(dict.fromkeys(f.surface for f in per[s]))) for s in sids)))
    # A date dispute only between sources that each date the event once: a passage giving
    # several dates tells a sequence, and no single one of them is its date.
    single = {sid: ds.pop() for sid, ps in cells if len(ds := {d for p in ps for d in dates.of(p)}) == 1}
    clashing = {sid for a in single for b in single
                if single[a] != single[b] and (linked is None or frozenset((a, b)) in linked) for sid in (a, b)}
    if clashing:
        out.append(Dispute(DATE_KIND, tuple((sid, (single[sid],)) for sid in sorted(clashing))))
    return tuple(out)


def _linked_sources(keys: set[str], edges_by_key: dict[str, list[Edge]], threshold: float) -> frozenset[frozenset[str]]:
    """Pairs of sources whose passages in `keys` a shown, unrejected link joins directly."""
    return frozenset(frozenset((e.a.source_id, e.b.source_id)) for k in keys for e in edges_by_key.get(k, ())
                     if e.a.key in keys and e.b.key in keys and e.status != "rejected"
                     and (e.strong or e.score >= threshold))


def build_synopsis(sources: Sequence[Source], edges: Sequence[Edge], *, unit: Unit = "paragraph",
                   threshold: float = DEFAULT_THRESHOLD, decisions: Sequence[Grouping] = ()) -> Synopsis:
    """The synopsis of `sources` from the links between their passages at `unit`,
    with the analyst's joins, splits and names (`decisions`) applied over them."""
    decisions = [g for g in decisions if g.unit == unit]
    joins = [(g.a, g.b) for g in decisions if g.kind == "join"]
    detached = {g.a for g in decisions if g.kind == "detach"}
    names = {g.a: g.label for g in decisions if g.kind == "label"}
    order = {s.id: n for n, s in enumerate(sources)}
    passages = {p.key: p for s in sources for p in s.passages(unit)}
    edges = [e for e in edges if e.a.source_id in order and e.b.source_id in order]
    for e in edges:  # hand-made spans are passages too
        passages.setdefault(e.a.key, e.a)
        passages.setdefault(e.b.key, e.b)
    edges_by_key: dict[str, list[Edge]] = {}
    for e in edges:
        edges_by_key.setdefault(e.a.key, []).append(e)
        edges_by_key.setdefault(e.b.key, []).append(e)
    dates = _Dates(sources)
    events = []
    for primary, shown in group_passages(passages.values(), edges, threshold=threshold, joins=joins,
                                         detached=detached):
        by_source: dict[str, list[Passage]] = {}
        for k in shown:
            by_source.setdefault(passages[k].source_id, []).append(passages[k])
        cells = tuple((sid, tuple(sorted(by_source[sid], key=lambda p: p.start)))
                      for sid in sorted(by_source, key=order.__getitem__))
        all_dates = [d for _, ps in cells for p in ps for d in dates.of(p)]
        eid = event_id(primary)
        label = names.get(eid) or _label(shown, edges_by_key, passages)
        linked = _linked_sources(shown, edges_by_key, threshold)
        events.append(Event(eid, label, min(all_dates, default=""), cells, _disputes(cells, dates, linked),
                            anchor=min(primary), named=eid in names))
    events.sort(key=lambda e: (e.date or "9999", order[e.cells[0][0]], e.cells[0][1][0].start))
    witness = witnesses(sources)
    columns = tuple(Column(s.id, s.meta.title, s.meta.kind, s.meta.outlet, s.meta.citation(),
                           "" if witness[s.id] == s.id else witness[s.id]) for s in sources)
    return Synopsis(columns, tuple(events))


# Pairs a synopsis aligns without asking: every pair of 16 sources. An archive workspace of a thousand
# documents lacks half a million, hours of work, while its anchor's runs already join every event.
ASK_ABOVE_PAIRS = 120


def missing_pairs(workspace: Workspace, source_ids: Sequence[str], unit: Unit) -> list[tuple[str, str]]:
    """Pairs of `source_ids` the workspace holds no complete run for at `unit`, either way round."""
    runs = {(str(r["left_id"]), str(r["right_id"])): r for r in workspace.runs() if r["unit"] == unit}
    out = []
    for i, a in enumerate(source_ids):
        for b in source_ids[i + 1:]:
            run = runs.get((a, b)) or runs.get((b, a))
            if run is None or not run_covers(run):
                out.append((a, b))
    return out


def align_missing(workspace: Workspace, source_ids: Sequence[str], unit: Unit, *,
                  todo: Sequence[tuple[str, str]] | None = None) -> int:
    """Align every pair the synopsis needs and the workspace lacks (decisions kept); how many pairs ran.

    `todo` is `missing_pairs` when the caller has worked it out already (reading every run is not free).
    """
    todo = missing_pairs(workspace, source_ids, unit) if todo is None else todo
    rights: dict[str, list[str]] = {}
    for a, b in todo:
        rights.setdefault(a, []).append(b)
    for left, others in rights.items():
        workspace.align(left, others, unit=unit, threshold=CANDIDATE_FLOOR)
    return len(todo)


def workspace_synopsis(workspace: Workspace, source_ids: Sequence[str] | None = None, *,
                       unit: Unit = "paragraph", threshold: float = DEFAULT_THRESHOLD) -> Synopsis:
    """The synopsis of a workspace's sources (all, or `source_ids` in that order) from its stored links."""
    by_id = {s.id: s for s in workspace.sources()}
    ids = list(by_id) if not source_ids else list(dict.fromkeys(source_ids))
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise SourceError(f"no source '{unknown[0]}' in this workspace")
    wanted = set(ids)
    edges = [Edge.from_view(v) for v in workspace.pairs(unit=unit)
             if v.link.left.source_id in wanted and v.link.right.source_id in wanted]
    return build_synopsis([by_id[i] for i in ids], edges, unit=unit, threshold=threshold,
                          decisions=workspace.groupings(unit))
