"""What the link map keeps between paints: band positions, outlines, styles and omission notches.

A paint used to ask the session for the links in view (a scan of every link),
lay out both ends of each again, build its outline, choose and allocate its
colours, and compute every unmatched passage (a scan of passages times links).
With 500 links that took 80-90 ms, on every scroll step (issue 14).

Here each thing is kept, keyed by what it depends on, and rebuilt only when
that changes:

- which bands exist and the omission notches: the session's links (compared by
  identity: the session hands out the same `PaneLink` objects until anything is
  aligned, reviewed, filtered or undone) and the sources shown;
- each band's vertical position in its document: the two layouts (a
  `layoutChanged` from either view; an outline is kept if its band did not
  move); a decision on one link keeps every other band's position, since
  positions are found again by spans;
- each band's outline, in the left document's coordinates with the right side
  shifted: the map's width and that shift, which a scroll of both panes alike
  leaves as it is (the painter is only translated); built lazily, so a scroll of
  one pane rebuilds the outlines in view, not all of them;
- each style (brush and pen): the theme and the few facts a band's look depends on.

Finding the bands in view is a bisection in two lists sorted by position, one
per side, so its cost follows what is on screen, not how many links there are.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen

from compare.gui.reader_view import ReaderView
from compare.gui.theme import Theme
from compare.reading.session import PaneLink, ReadingSession

Range = tuple[float, float]  # [top, bottom) in a document's coordinates
MAX_STYLES = 4096  # distinct looks kept per theme (scores vary; the cache must not grow without end)


def band_path(w: float, l0: float, l1: float, r0: float, r1: float) -> QPainterPath:
    """A ribbon from [l0, l1] on the left edge to [r0, r1] on the right edge."""
    l1, r1 = max(l1, l0 + 2), max(r1, r0 + 2)
    mid = w / 2
    path = QPainterPath(QPointF(0, l0))
    path.cubicTo(QPointF(mid, l0), QPointF(mid, r0), QPointF(w, r0))
    path.lineTo(QPointF(w, r1))
    path.cubicTo(QPointF(mid, r1), QPointF(mid, l1), QPointF(0, l1))
    path.closeSubpath()
    return path


def centre_path(w: float, l0: float, l1: float, r0: float, r1: float) -> QPainterPath:
    """The curve through the middle of a band: where a rejected band is struck through."""
    left, right = (l0 + l1) / 2, (r0 + r1) / 2
    path = QPainterPath(QPointF(0, left))
    path.cubicTo(QPointF(w / 2, left), QPointF(w / 2, right), QPointF(w, right))
    return path


@dataclass(eq=False, slots=True)
class CachedBand:
    """One link's band: where its two passages sit, and its outline once asked for.

    `l0, l1` are in the left document's coordinates, `r0, r1` in the right one's;
    the outline is in the left document's, the right side moved up by `shift`.
    """

    pl: PaneLink
    l0: float = 0.0
    l1: float = 0.0
    r0: float = 0.0
    r1: float = 0.0
    placed: bool = False
    _key: tuple[float, float] | None = None  # (width, shift) the outline was built for
    _path: QPainterPath = field(default_factory=QPainterPath)
    _centre: QPainterPath = field(default_factory=QPainterPath)
    _pair_id: str = ""

    @property
    def pair_id(self) -> str:
        """Kept: a link's id is a hash, worked out again on every access of `PaneLink.pair_id`."""
        if not self._pair_id:
            self._pair_id = self.pl.pair_id
        return self._pair_id

    def place(self, l0: float, l1: float, r0: float, r1: float) -> None:
        """New positions: the outline, built from the old ones, is dropped if they moved."""
        if not self.placed or (l0, l1, r0, r1) != (self.l0, self.l1, self.r0, self.r1):
            self.l0, self.l1, self.r0, self.r1 = l0, l1, r0, r1
            self.placed = True
            self._key = None

    def extent(self, shift: float) -> Range:
        """Top and bottom of the outline (a Bézier stays within its control points' heights)."""
        return min(self.l0, self.r0 - shift), max(self.l1, self.r1 - shift)

    def _build(self, w: float, shift: float) -> None:
        if self._key != (w, shift):
            l0, l1, r0, r1 = self.l0, self.l1, self.r0 - shift, self.r1 - shift
            self._path = band_path(w, l0 + 1, l1 - 1, r0 + 1, r1 - 1)
            self._centre = centre_path(w, l0, l1, r0, r1)
            self._key = (w, shift)

    def path(self, w: float, shift: float) -> QPainterPath:
        self._build(w, shift)
        return self._path

    def centre(self, w: float, shift: float) -> QPainterPath:
        self._build(w, shift)
        return self._centre


def _same_shown(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    """Unit and pane ids by value, sources by identity (a re-read source is a new object)."""
    return len(a) == len(b) and a[:2] == b[:2] and all(x is y for x, y in zip(a[2:], b[2:], strict=True))


class _SideIndex:
    """Items sorted by their top on one side, to find those meeting a range by bisection."""

    def __init__(self, items: list[tuple[float, float, object]]) -> None:
        items.sort(key=lambda item: item[0])
        self.items = items
        self.tops = [item[0] for item in items]
        self.tallest = max((b - t for t, b, _ in items), default=0.0)

    def meeting(self, top: float, bottom: float) -> list:
        """Items with `item_top < bottom` and `item_bottom > top`."""
        start = bisect_left(self.tops, top - self.tallest)
        stop = bisect_left(self.tops, bottom)
        return [item for item in self.items[start:stop] if item[1] > top]


class BandCache:
    """The bands of one pair of panes and the omission notches beside them, kept between paints."""

    def __init__(self, session: ReadingSession, pair: int, left: ReaderView, right: ReaderView) -> None:
        self.session = session
        self.pair = pair
        self.views = (left, right)
        self.bands: dict[str, CachedBand] = {}
        self._by_spans: dict[tuple[int, int, int, int], CachedBand] = {}
        self._links: list[PaneLink] = []
        self._shown: tuple[object, ...] = ()  # the sources and unit the links were read for
        self._layout_dirty = True
        self._sides = (_SideIndex([]), _SideIndex([]))
        self._omitted: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])
        self._notches = (_SideIndex([]), _SideIndex([]))
        self._facts: tuple[tuple[object, ...], ...] = ()  # what `_omitted` was worked out from
        self._new_bands = self._new_omitted = True  # the side or notch indexes are to be rebuilt
        self.rebuilds = {"links": 0, "layout": 0, "omissions": 0}  # how often each was redone (tests read it)

    def layout_changed(self) -> None:
        self._layout_dirty = True

    def band(self, pair_id: str) -> CachedBand | None:
        return self.bands.get(pair_id)

    def _key(self, pl: PaneLink) -> tuple[int, int, int, int]:
        link = pl.link
        return link.left.start, link.left.end, link.right.start, link.right.end

    def _current(self) -> tuple[list[PaneLink], tuple[object, ...]]:
        left, right = self.views
        session = self.session
        panes = session.panes
        shown: tuple[object, ...] = (
            session.unit, tuple(panes),
            session.library.get(panes[self.pair]) if self.pair < len(panes) else None,
            session.library.get(panes[self.pair + 1]) if self.pair + 1 < len(panes) else None,
            left.source_obj, right.source_obj)
        return session.pane_links() if self.pair + 1 < len(panes) else [], shown

    def sync(self) -> None:
        """Bring the cache up to date with the session and the layouts; cheap when nothing changed."""
        links, shown = self._current()
        same = (len(links) == len(self._links) and all(a is b for a, b in zip(links, self._links, strict=True))
                and _same_shown(shown, self._shown))
        if not same:
            self._read_links(links, shown)
        if self._layout_dirty or not same:
            self._place(relayout=self._layout_dirty)
            self._layout_dirty = False

    def _read_links(self, links: list[PaneLink], shown: tuple[object, ...]) -> None:
        """Which bands exist now; a band whose link kept its spans keeps its place, outline and id.

        Spans identify a link only between the same two sources at the same unit: when
        those change, nothing is kept.
        """
        same_sources = _same_shown(shown, self._shown)
        old = self._by_spans if same_sources else {}
        self._by_spans = {}
        created = 0
        for pl in links:
            if pl.pair != self.pair:
                continue
            key = self._key(pl)
            kept = old.get(key)
            if kept is not None:
                kept.pl = pl
            else:
                kept = CachedBand(pl)  # placed by `_place`
                created += 1
            self._by_spans[key] = kept
        # A decision keeps every band (spans are kept): the side indexes still hold the same ones.
        self._new_bands = self._new_bands or created > 0 or len(self._by_spans) != len(old)
        self.bands = {band.pair_id: band for band in self._by_spans.values()}
        self._links, self._shown = links, shown
        # What the passages left out depend on: every shown link's spans and whether it is rejected
        # (a confirmation or a relation changes neither, and costs no rescan of the passages).
        facts = tuple((pl.pair, *self._key(pl), pl.rejected) for pl in links)
        if not same_sources or facts != self._facts:
            self._omitted = tuple(  # type: ignore[assignment]
                [(p.start, p.end) for p in self.session.unmatched(pane)] if pane < len(self.session.panes) else []
                for pane in (self.pair, self.pair + 1))
            self._new_omitted = True
            self.rebuilds["omissions"] += 1
        self._facts = facts
        self.rebuilds["links"] += 1

    def _place(self, *, relayout: bool) -> None:
        """Positions of the bands (all of them after a relayout, else only the new ones) and notches."""
        left, right = self.views
        for band in self.bands.values():
            if relayout or not band.placed:
                link = band.pl.link
                band.place(*left.span_y(link.left.start, link.left.end),
                           *right.span_y(link.right.start, link.right.end))
        if relayout or self._new_bands:
            self._sides = (_SideIndex([(b.l0, b.l1, b) for b in self.bands.values()]),
                           _SideIndex([(b.r0, b.r1, b) for b in self.bands.values()]))
        if relayout or self._new_omitted:
            self._notches = tuple(  # type: ignore[assignment]
                _SideIndex([(*view.span_y(s, e), None) for s, e in spans])
                for view, spans in zip(self.views, self._omitted, strict=True))
        self._new_bands = self._new_omitted = False
        if relayout:
            self.rebuilds["layout"] += 1

    def in_view(self, left: Range, right: Range) -> list[CachedBand]:
        """Bands whose left passage meets the left viewport or whose right passage meets the right one."""
        found: dict[str, CachedBand] = {}
        for index, (top, bottom) in zip(self._sides, (left, right), strict=True):
            for _, _, band in index.meeting(top, bottom):
                found[band.pair_id] = band
        return list(found.values())

    def omissions_between(self, side: int, top: float, bottom: float) -> list[Range]:
        """The notches of one side (0 left, 1 right) meeting [top, bottom], in document coordinates."""
        index = self._notches[side]
        start, stop = bisect_left(index.tops, top - index.tallest), bisect_right(index.tops, bottom)
        return [(y0, y1) for y0, y1, _ in index.items[start:stop] if y1 >= top]


@dataclass(frozen=True, slots=True)
class BandStyle:
    brush: QBrush
    pen: QPen


class ThemeStyles:
    """Brushes and pens of one theme, made once per distinct look."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self._made: dict[tuple, BandStyle] = {}
        self.rejected_pen = QPen(theme.rejected_edge, 1.4, Qt.PenStyle.DashLine)
        self.manual_pen = QPen(theme.manual, 1.6, Qt.PenStyle.DashLine)
        self.stale_pen = QPen(theme.stale, 1.6, Qt.PenStyle.DashLine)

    def style(self, pl: PaneLink, *, chosen: bool, active: bool, hovered: bool) -> BandStyle:
        """The look of a band: selected, among the clicked passage's links, by relation, or by status."""
        relation = "" if pl.rejected else pl.relation
        if chosen:
            key: tuple = ("chosen",)
        elif active:
            key = ("active", hovered)
        elif self.theme.relation_band(relation) is not None:
            key = ("relation", relation, hovered)
        elif pl.status == "confirmed":
            key = ("confirmed", hovered)
        else:
            key = ("status", pl.status, pl.link.score if pl.status not in ("rejected",) else 0.0, hovered)
        found = self._made.get(key)
        if found is None:
            if len(self._made) >= MAX_STYLES:
                self._made.clear()
            found = self._made[key] = self._make(pl, key[0], relation, chosen=chosen, hovered=hovered)
        return found

    def _make(self, pl: PaneLink, kind: str, relation: str, *, chosen: bool, hovered: bool) -> BandStyle:
        theme = self.theme
        edge: QColor | None
        if kind == "chosen":
            fill, edge, width = QColor(theme.selected), QColor(theme.selected_edge), 2.0
        elif kind == "active":
            fill = QColor(theme.selected)
            fill.setAlphaF(0.5)
            edge, width = QColor(theme.selected_edge), 1.0
        elif kind == "relation":
            fill = theme.relation_band(relation) or QColor()
            edge, width = fill.darker(130), 1.0
        elif kind == "confirmed":
            fill, edge, width = theme.status_band("confirmed", 0), QColor(theme.confirmed_edge), 1.2
        else:  # no outline: stroking every curve would double the cost of a scroll
            fill, edge, width = theme.status_band(pl.status, pl.link.score), None, 0.0
        if hovered and not chosen:
            fill = QColor(fill)
            fill.setAlphaF(min(1.0, fill.alphaF() + 0.35))
            edge, width = QColor(theme.selected_edge), 1.6
        pen = QPen(edge, width) if edge is not None else QPen(Qt.PenStyle.NoPen)
        return BandStyle(QBrush(fill), pen)


class BandStyles:
    """The styles of the theme shown; a theme switch starts afresh."""

    def __init__(self) -> None:
        self._current: ThemeStyles | None = None

    def for_theme(self, theme: Theme) -> ThemeStyles:
        if self._current is None or self._current.theme is not theme:
            self._current = ThemeStyles(theme)
        return self._current
