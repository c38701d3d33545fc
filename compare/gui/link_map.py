"""The strip between two panes where each link is a band, as in a diff viewer.

It asks the session which links its pair has, takes their passages' positions
from the two documents' layouts, and draws a filled Bézier band from each left
passage to its right passage. Bands cross where the accounts order events
differently. Clicking a band selects its link.

Bands wear the link's decision: blue by strength while proposed, green with
a solid edge once confirmed, grey and struck through (a dashed centre line)
once rejected; a hand-made link gets a violet dashed edge and a stale one
(no longer proposed by the engine) an orange dashed edge.

Painting is cheap because almost nothing is recomputed per paint (issue 14):
the geometry lives in `compare.gui.band_cache`, keyed by what it depends on,
and only the bands whose passages are in view are styled and drawn. A scroll
of both panes by the same amount only translates the painter. The picture
itself is kept (`compare.gui.band_picture`): a paint describes what it would
show and repaints only where that differs from the last picture.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen, QRegion
from PySide6.QtWidgets import QSizePolicy, QWidget

from compare.gui.band_cache import BandCache, BandStyles, CachedBand
from compare.gui.band_picture import MARGIN, BandPicture, DrawnBand, Scene
from compare.gui.reader_view import ReaderView
from compare.gui.selection import LinkSelection
from compare.reading.pane_marks import status_words
from compare.reading.session import PaneLink, ReadingSession

MAP_WIDTH = 64
OMISSION_WIDTH = 6.0  # px of hatched notch beside a passage with no counterpart
COMPACT_MAP_WIDTH = 40  # with three or four panes every pixel of text column counts

__all__ = ["COMPACT_MAP_WIDTH", "MAP_WIDTH", "OMISSION_WIDTH", "LinkMap"]


class LinkMap(QWidget):
    """Bands for the links between pane `pair` (left) and pane `pair + 1` (right)."""

    linkClicked = Signal(str)  # pair_id

    def __init__(self, session: ReadingSession, selection: LinkSelection, pair: int,
                 left: ReaderView, right: ReaderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.selection = selection
        self.pair = pair
        self.left = left
        self.right = right
        self.setFixedWidth(MAP_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.cache = BandCache(session, pair, left, right)
        self.styles = BandStyles()
        self.picture = BandPicture()
        self._centres: dict[str, QPainterPath] = {}  # widget coordinates, filled by `bands()`
        self.drawn: list[str] = []  # pair ids of the bands the last paint drew, bottom to top
        self.hovered: str | None = None  # pair_id of the band under the mouse
        for view in (left, right):
            view.verticalScrollBar().valueChanged.connect(self.update)
            view.layoutChanged.connect(self._layout_changed)
        selection.changed.connect(self.update)

    def sizeHint(self) -> QSize:
        return QSize(self.width(), 200)

    def _layout_changed(self) -> None:
        """A pane re-laid its text out (resize, zoom, theme, another source): positions are stale."""
        self.cache.layout_changed()
        self.update()

    def _offset(self, view: ReaderView) -> float:
        """Where the view's viewport top sits in this widget's coordinates."""
        window = self.window()
        return view.viewport().mapTo(window, QPoint(0, 0)).y() - self.mapTo(window, QPoint(0, 0)).y()

    def _frame(self) -> tuple[float, float]:
        """(dy, shift): the band frame's translation into this widget, and the right side's shift in it.

        Bands are cached in the left document's coordinates, the right side moved up by
        `shift`; a scroll that moves both panes alike changes only `dy`.
        """
        lo, ro = self._offset(self.left), self._offset(self.right)
        ls, rs = self.left.scroll_y(), self.right.scroll_y()
        return lo - ls, (rs - ro) - (ls - lo)

    def visible_bands(self, clip: QRectF | None = None) -> list[CachedBand]:
        """The bands in view (a side's passage in its pane's viewport), in drawing order.

        `clip` (widget coordinates) further keeps only those whose outline's extent meets it.
        """
        self.cache.sync()
        dy, shift = self._frame()
        ls, rs = self.left.scroll_y(), self.right.scroll_y()
        found = self.cache.in_view((ls, ls + self.left.viewport().height()),
                                   (rs, rs + self.right.viewport().height()))
        if clip is not None:
            top, bottom = clip.top() - dy, clip.bottom() + 1 - dy
            found = [b for b in found if b.extent(shift)[1] >= top and b.extent(shift)[0] <= bottom]
        chosen, active, hover = self.selection.pair_id, self.selection.active, self.hovered
        # (the id last: bands that tie keep one order wherever the view is, so a kept picture stacks them alike)
        found.sort(key=lambda b: (b.pair_id == chosen, b.pair_id in active, not b.pl.rejected, b.pl.link.score,
                                  b.pair_id))
        if hover is not None:  # stable: the hovered band on top, even above the selected one (as before)
            found.sort(key=lambda b: b.pair_id == hover)
        return found

    def bands(self) -> list[tuple[QPainterPath, PaneLink]]:
        """The band outlines of the links in view, in this widget's coordinates (for tests and tools)."""
        dy, shift = self._frame()
        w = float(self.width())
        out = []
        self._centres.clear()
        for band in sorted(self.visible_bands(), key=lambda b: (b.pl.link.left.start, b.pl.link.right.start)):
            out.append((band.path(w, shift).translated(0, dy), band.pl))
            self._centres[band.pair_id] = band.centre(w, shift).translated(0, dy)
        return out

    def scene(self, dpr: float = 1.0) -> Scene:
        """What the map shows now, every band with the facts its pixels depend on (see `band_picture`)."""
        theme = self.left.theme
        dy, shift = self._frame()
        chosen, active, hover = self.selection.pair_id, self.selection.active, self.hovered
        styles = self.styles.for_theme(theme)
        scene = Scene(self.size(), dpr, theme, (self.left.show_unmatched, self.right.show_unmatched), dy, shift)
        for band in self.visible_bands():
            pl, pair_id = band.pl, band.pair_id
            is_chosen, is_active, hovered = pair_id == chosen, pair_id in active, pair_id == hover
            style = styles.style(pl, chosen=is_chosen, active=is_active, hovered=hovered and not is_chosen)
            look = (band.l0, band.l1, band.r0, band.r1, style, pl.rejected, pl.manual, pl.stale,
                    is_chosen, is_active, hovered, pl.link.score)
            scene.bands.append(DrawnBand(band, style, look, *band.extent(shift)))
        scene.notches = {(side, y0, y1): rect.translated(0, -dy) for side, y0, y1, rect in self._notches(self.rect())}
        return scene

    def invalidate_picture(self) -> None:
        """Forget the kept picture: the next paint draws everything afresh."""
        self.picture.invalidate()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        engine = painter.paintEngine()
        device = engine.paintDevice() if engine is not None else None
        dpr = device.devicePixelRatioF() if device is not None else self.devicePixelRatioF()
        scene = self.scene(dpr)
        area = event.rect()
        placed = painter.deviceTransform()  # the pixel ratio's scale, and where this widget sits
        if placed.isRotating() or placed.m11() != dpr or placed.m22() != dpr:
            painter.setClipRect(area)  # another scale (a print): a kept pixmap would blur, paint it directly
            self._render(painter, area, scene, None)
        else:
            self.picture.show(scene, self._render)
            self.picture.blit(painter, area)
        self.drawn = [d.pair_id for d in scene.bands]
        painter.end()

    def _render(self, painter: QPainter, rect: QRect, scene: Scene, region: QRegion | None) -> None:
        """Paint `rect` of `scene` from nothing: gutter, edge rules, the bands meeting it bottom to top,
        the notches (`painter` clipped to `rect` by the caller; with `region`, the part of `rect` to
        repaint in the band frame, only the bands that may touch it)."""
        theme = scene.theme
        width, height = scene.size.width(), scene.size.height()
        painter.fillRect(rect, theme.gutter)
        painter.setPen(QPen(theme.rule, 1))
        painter.drawLine(0, 0, 0, height)
        painter.drawLine(width - 1, 0, width - 1, height)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        dy, shift, w = scene.dy, scene.shift, float(width)
        top, bottom = rect.top() - dy - MARGIN, rect.bottom() + 1 - dy + MARGIN
        styles = self.styles.for_theme(theme)
        painter.save()
        painter.translate(0, dy)  # whole pixels: the bands rasterise exactly as if drawn in place
        for drawn in scene.bands:
            if drawn.bottom < top or drawn.top > bottom:
                continue
            if region is not None and not self.picture.touches(drawn, scene, region):
                continue
            band, style, pl = drawn.band, drawn.style, drawn.band.pl
            path = band.path(w, shift)
            painter.setBrush(style.brush)
            painter.setPen(style.pen)
            painter.drawPath(path)
            if pl.rejected:  # struck through
                painter.setPen(styles.rejected_pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(band.centre(w, shift))
            if pl.manual or pl.stale:
                painter.setPen(styles.manual_pen if pl.manual else styles.stale_pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(path)
        painter.restore()
        self._paint_omissions(painter, rect)

    def _notches(self, area: QRect) -> list[tuple[int, float, float, QRectF]]:
        """The omission notches meeting `area`: (side, passage top, passage bottom, rect in this widget)."""
        w = float(self.width())
        out = []
        for side, view, x in ((0, self.left, 0.0), (1, self.right, w - OMISSION_WIDTH)):
            if not view.show_unmatched:
                continue
            top = view.scroll_y()
            offset = self._offset(view)
            # What meets both the viewport and the repainted area, in document coordinates.
            low = max(top, area.top() + top - offset - 2)
            high = min(top + view.viewport().height(), area.bottom() + 1 + top - offset + 2)
            for y0, y1 in self.cache.omissions_between(side, low, high):
                out.append((side, y0, y1, QRectF(x, y0 - top + offset + 2, OMISSION_WIDTH, max(4.0, y1 - y0 - 4))))
        return out

    def _paint_omissions(self, painter: QPainter, area: QRect) -> None:
        """A hatched notch on the map's edge beside each passage the other side leaves out."""
        theme = self.left.theme
        hatch = QBrush(theme.unmatched, Qt.BrushStyle.BDiagPattern)
        painter.setPen(QPen(theme.unmatched, 1.2))
        for side, _y0, _y1, rect in self._notches(area):
            painter.fillRect(rect, hatch)
            edge = rect.right() if side == 0 else rect.left()
            painter.drawLine(QPointF(edge, rect.top()), QPointF(edge, rect.bottom()))

    def leaveEvent(self, event) -> None:
        self._hover(None)
        super().leaveEvent(event)

    def link_at(self, point: QPointF) -> PaneLink | None:
        """The topmost band drawn under `point` (widget coordinates), as the last paint would stack them."""
        dy, shift = self._frame()
        w = float(self.width())
        inside = QPointF(point.x(), point.y() - dy)
        for band in reversed(self.visible_bands(QRectF(point.x(), point.y(), 1, 1))):
            if band.path(w, shift).contains(inside):
                return band.pl
        return None

    def band_rect(self, pair_id: str | None) -> QRect:
        """The part of this widget a band covers (empty when it is not in view): what to repaint."""
        band = self.cache.band(pair_id) if pair_id else None
        if band is None:
            return QRect()
        dy, shift = self._frame()
        top, bottom = band.extent(shift)
        return QRectF(0, top + dy - 2, self.width(), bottom - top + 4).toAlignedRect().intersected(self.rect())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            link = self.link_at(event.position())
            if link is not None:
                self.linkClicked.emit(link.pair_id)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pl = self.link_at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if pl else Qt.CursorShape.ArrowCursor)
        self.setToolTip(_band_tip(pl) if pl else "")
        self._hover(pl.pair_id if pl else None)

    def _hover(self, hovered: str | None) -> None:
        """The band under the mouse stands out, as in Meld: repaint only where it and the last one lie."""
        if hovered == self.hovered:
            return
        dirty = self.band_rect(self.hovered).united(self.band_rect(hovered))
        self.hovered = hovered
        if not dirty.isEmpty():
            self.update(dirty)


def _band_tip(pl: PaneLink) -> str:
    score = "Hand-made" if pl.manual else f"Score {pl.link.score:.0f}"
    return f"{score} · {status_words(pl)}. {pl.link.evidence.summary()}".strip()
