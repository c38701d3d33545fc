"""The strip between two panes where each link is a band, as in a diff viewer.

It asks the session which links of its pair are in view, takes their
passages' positions from the two documents' layouts, and draws a filled
Bézier band from each left passage to its right passage. Bands cross where
the accounts order events differently. Clicking a band selects its link.

Bands wear the link's decision: blue by strength while proposed, green with
a solid edge once confirmed, grey and struck through (a dashed centre line)
once rejected; a hand-made link gets a violet dashed edge and a stale one
(no longer proposed by the engine) an orange dashed edge.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from compare.gui.reader_view import ReaderView
from compare.gui.selection import LinkSelection
from compare.reading.pane_marks import status_words
from compare.reading.session import PaneLink, ReadingSession

MAP_WIDTH = 64
OMISSION_WIDTH = 6.0  # px of hatched notch beside a passage with no counterpart
COMPACT_MAP_WIDTH = 40  # with three or four panes every pixel of text column counts


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
        self._paths: list[tuple[QPainterPath, PaneLink]] = []
        self._centres: dict[str, QPainterPath] = {}
        self.hovered: str | None = None  # pair_id of the band under the mouse
        for view in (left, right):
            view.verticalScrollBar().valueChanged.connect(self.update)
            view.layoutChanged.connect(self.update)
        selection.changed.connect(self.update)

    def sizeHint(self) -> QSize:
        return QSize(self.width(), 200)

    def _offset(self, view: ReaderView) -> float:
        """Where the view's viewport top sits in this widget's coordinates."""
        window = self.window()
        return view.viewport().mapTo(window, QPoint(0, 0)).y() - self.mapTo(window, QPoint(0, 0)).y()

    def bands(self) -> list[tuple[QPainterPath, PaneLink]]:
        """The band outlines of the links in view, in this widget's coordinates."""
        links = self.session.links_in_view(self.pair, self.left.visible_offsets(),
                                             self.right.visible_offsets())
        lo, ro = self._offset(self.left), self._offset(self.right)
        w = float(self.width())
        out = []
        self._centres.clear()
        for pl in links:
            link = pl.link
            l0, l1 = self.left.span_y(link.left.start, link.left.end)
            r0, r1 = self.right.span_y(link.right.start, link.right.end)
            l0, l1 = l0 - self.left.scroll_y() + lo, l1 - self.left.scroll_y() + lo
            r0, r1 = r0 - self.right.scroll_y() + ro, r1 - self.right.scroll_y() + ro
            out.append((_band(w, l0 + 1, l1 - 1, r0 + 1, r1 - 1), pl))
            self._centres[pl.pair_id] = _centre_line(w, l0, l1, r0, r1)
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        theme = self.left.theme
        painter = QPainter(self)
        painter.fillRect(self.rect(), theme.gutter)
        painter.setPen(QPen(theme.rule, 1))
        painter.drawLine(0, 0, 0, self.height())
        painter.drawLine(self.width() - 1, 0, self.width() - 1, self.height())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paths = self.bands()
        chosen = self.selection.pair_id
        active = self.selection.active
        ordered = sorted(self._paths, key=lambda item: (item[1].pair_id == chosen, item[1].pair_id in active,
                                                        not item[1].rejected, item[1].link.score))
        hover = self.hovered
        ordered.sort(key=lambda item: item[1].pair_id == hover)  # stable: the hovered band on top
        for path, pl in ordered:
            relation = None if pl.rejected else theme.relation_band(pl.relation)
            if pl.pair_id == chosen:
                fill, edge, width = QColor(theme.selected), QColor(theme.selected_edge), 2.0
            elif pl.pair_id in active:
                fill = QColor(theme.selected)
                fill.setAlphaF(0.5)
                edge, width = QColor(theme.selected_edge), 1.0
            elif relation is not None:
                fill, edge, width = relation, relation.darker(130), 1.0
            elif pl.status == "confirmed":
                fill, edge, width = theme.status_band("confirmed", 0), QColor(theme.confirmed_edge), 1.2
            else:  # no outline: stroking every curve would double the cost of a scroll
                fill, edge, width = theme.status_band(pl.status, pl.link.score), None, 0.0
            if pl.pair_id == hover and pl.pair_id != chosen:
                fill = QColor(fill)
                fill.setAlphaF(min(1.0, fill.alphaF() + 0.35))
                edge, width = QColor(theme.selected_edge), 1.6
            painter.setBrush(fill)
            painter.setPen(QPen(edge, width) if edge is not None else Qt.PenStyle.NoPen)
            painter.drawPath(path)
            self._decorate(painter, path, pl)
        self._paint_omissions(painter)
        painter.end()

    def _paint_omissions(self, painter: QPainter) -> None:
        """A hatched notch on the map's edge beside each passage the other side leaves out."""
        theme = self.left.theme
        hatch = QBrush(theme.unmatched, Qt.BrushStyle.BDiagPattern)
        painter.setPen(QPen(theme.unmatched, 1.2))
        w = float(self.width())
        for pane, view, x in ((self.pair, self.left, 0.0), (self.pair + 1, self.right, w - OMISSION_WIDTH)):
            if not view.show_unmatched:
                continue
            top, bottom = view.scroll_y(), view.scroll_y() + view.viewport().height()
            offset = self._offset(view)
            for start, end in self.omissions(pane):
                y0, y1 = view.span_y(start, end)
                if y1 < top or y0 > bottom:
                    continue
                rect = QRectF(x, y0 - top + offset + 2, OMISSION_WIDTH, max(4.0, y1 - y0 - 4))
                painter.fillRect(rect, hatch)
                edge = rect.left() if x else rect.right()
                painter.drawLine(QPointF(edge, rect.top()), QPointF(edge, rect.bottom()))

    def omissions(self, pane: int) -> list[tuple[int, int]]:
        """The passages of `pane` no shown link touches (what the other account leaves out)."""
        return [(p.start, p.end) for p in self.session.unmatched(pane)]

    def leaveEvent(self, event) -> None:
        self.hovered = None
        self.update()
        super().leaveEvent(event)

    def _decorate(self, painter: QPainter, path: QPainterPath, pl: PaneLink) -> None:
        """Strike rejected bands through; outline hand-made and stale ones with dashes."""
        theme = self.left.theme
        if pl.rejected:
            painter.setPen(QPen(theme.rejected_edge, 1.4, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self._centres.get(pl.pair_id, QPainterPath()))
        if pl.manual or pl.stale:
            colour = theme.manual if pl.manual else theme.stale
            painter.setPen(QPen(colour, 1.6, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)

    def link_at(self, point: QPointF) -> PaneLink | None:
        """The topmost band under `point` (the selected one wins, then unrejected, then the strongest)."""
        hits = [pl for path, pl in self.bands() if path.contains(point)]
        if not hits:
            return None
        chosen = self.selection.pair_id
        return max(hits, key=lambda pl: (pl.pair_id == chosen, not pl.rejected, pl.link.score))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            link = self.link_at(event.position())
            if link is not None:
                self.linkClicked.emit(link.pair_id)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pl = self.link_at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if pl else Qt.CursorShape.ArrowCursor)
        self.setToolTip(_band_tip(pl) if pl else "")
        hovered = pl.pair_id if pl else None
        if hovered != self.hovered:  # the band under the mouse stands out, as in Meld
            self.hovered = hovered
            self.update()


def _band(w: float, l0: float, l1: float, r0: float, r1: float) -> QPainterPath:
    """A ribbon from [l0, l1] on the left edge to [r0, r1] on the right edge."""
    l1, r1 = max(l1, l0 + 2), max(r1, r0 + 2)
    mid = w / 2
    path = QPainterPath(QPointF(0, l0))
    path.cubicTo(QPointF(mid, l0), QPointF(mid, r0), QPointF(w, r0))
    path.lineTo(QPointF(w, r1))
    path.cubicTo(QPointF(mid, r1), QPointF(mid, l1), QPointF(0, l1))
    path.closeSubpath()
    return path


def _band_tip(pl: PaneLink) -> str:
    score = "Hand-made" if pl.manual else f"Score {pl.link.score:.0f}"
    return f"{score} · {status_words(pl)}. {pl.link.evidence.summary()}".strip()


def _centre_line(w: float, l0: float, l1: float, r0: float, r1: float) -> QPainterPath:
    """The curve through the middle of a band: where a rejected band is struck through."""
    left, right = (l0 + l1) / 2, (r0 + r1) / 2
    path = QPainterPath(QPointF(0, left))
    path.cubicTo(QPointF(w / 2, left), QPointF(w / 2, right), QPointF(w, right))
    return path
