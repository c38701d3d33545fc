"""A thin map of the whole document beside a pane: where its links are, and where you are.

It doubles as the pane's scrollbar: the box is the viewport, clicking
centres the view there, dragging scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from compare.gui.reader_view import ReaderView

STRIP_WIDTH = 16


class OverviewStrip(QWidget):
    """Draws the view's marks (`ReaderView.marks`) scaled to the whole document."""

    def __init__(self, view: ReaderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setFixedWidth(STRIP_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Overview: every linked passage of this account. Click to jump, drag to scroll.")
        self._drag_offset: float | None = None
        view.verticalScrollBar().valueChanged.connect(self.update)
        view.verticalScrollBar().rangeChanged.connect(self.update)
        view.layoutChanged.connect(self.update)

    def sizeHint(self) -> QSize:
        return QSize(STRIP_WIDTH, 200)

    def _scale(self) -> float:
        return (self.height() - 4) / max(1.0, self.view.doc_height())

    def _y(self, doc_y: float) -> float:
        return 2 + doc_y * self._scale()

    def paintEvent(self, event: QPaintEvent) -> None:
        theme = self.view.theme
        painter = QPainter(self)
        painter.fillRect(self.rect(), theme.gutter)
        painter.setPen(QPen(theme.rule, 1))
        painter.drawLine(0, 0, 0, self.height())
        marks = self.view.marks
        w = self.width()
        if self.view.show_unmatched:
            colour = QColor(theme.unmatched)
            colour.setAlphaF(0.55)
            for start, end in marks.unmatched:
                y0, y1 = self.view.span_y(start, end)
                painter.fillRect(QRectF(3, self._y(y0), 3, max(1.0, self._y(y1) - self._y(y0))), colour)
        faded = QColor(theme.rejected_edge)
        faded.setAlphaF(0.5)
        ticks = [(s, e, theme.band_colour(score)) for s, e, score in marks.linked]
        ticks += [(s, e, faded) for s, e in marks.rejected]
        ticks += [(s, e, theme.confirmed_edge) for s, e in marks.confirmed]  # decisions on top
        for start, end, colour in ticks:
            y0, y1 = self.view.span_y(start, end)
            painter.fillRect(QRectF(4, self._y(y0), w - 7, max(2.0, self._y(y1) - self._y(y0))), colour)
        if marks.selected:
            y0, y1 = self.view.span_y(*marks.selected)
            painter.fillRect(QRectF(2, self._y(y0) - 1, w - 3, max(3.0, self._y(y1) - self._y(y0) + 2)),
                             theme.selected_edge)
        box = self._box()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        edge = QColor(theme.ink)
        edge.setAlphaF(0.45)
        fill = QColor(theme.ink)
        fill.setAlphaF(0.07)
        painter.setPen(QPen(edge, 1))
        painter.setBrush(QBrush(fill))
        painter.drawRoundedRect(box.adjusted(1.5, 0.5, -1.5, -0.5), 3, 3)
        painter.end()

    def _box(self) -> QRectF:
        top = self._y(self.view.scroll_y())
        height = max(8.0, self.view.viewport().height() * self._scale())
        return QRectF(0, top, self.width(), height)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        y = event.position().y()
        box = self._box()
        if box.top() <= y <= box.bottom():
            self._drag_offset = y - box.top()
        else:
            self._drag_offset = box.height() / 2
            self._scroll_to(y)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_offset is not None:
            self._scroll_to(event.position().y())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag_offset = None

    def _scroll_to(self, y: float) -> None:
        top = y - (self._drag_offset or 0.0) - 2
        self.view.set_scroll_y(top / self._scale())

    def wheelEvent(self, event) -> None:
        self.view.set_scroll_y(self.view.scroll_y() - event.angleDelta().y())
