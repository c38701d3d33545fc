"""One account, rendered for reading, with its linked passages drawn on it.

The view only draws what it is told (`PaneMarks`) and answers geometry
questions in canonical offsets: where a passage sits, which offsets are in
view, what the analyst selected. It never opens a link and never loads a
remote resource.

Decisions are drawn twice, so they read at a glance and at any zoom: as the
passage's tint (green confirmed, grey rejected, blue by strength while only
proposed) and as gutter markers (a tick, a cross, a violet diamond for a
hand-made link, an orange triangle where the engine no longer proposes a
reviewed link).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEasingCurve, QEvent, QPoint, QPointF, QRectF, Qt, QUrl, QVariantAnimation, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication, QFrame, QTextBrowser, QTextEdit, QToolTip, QWidget

from compare.gui.document import OffsetMap, Typography, build_document
from compare.gui.theme import LIGHT, Theme
from compare.model.records import Source
from compare.reading.pane_marks import PaneMarks
from compare.reading.reviewer import trim_span
from compare.reading.session import Span

MAX_TEXT_WIDTH = 700  # px at zoom 1: about 75 characters of the body face
MIN_LEFT_MARGIN = 34  # room for the gutter markers
MIN_RIGHT_MARGIN = 22
NARROW_PANE = 420  # px of viewport below which the right margin shrinks
NARROW_RIGHT_MARGIN = 8
GUTTER_OFFSET = 18
MARKER_SIZE = 9  # px: the tick, cross, diamond and triangle left of the gutter band
MARKER_STEP = 12


class ReaderView(QTextBrowser):
    """A read-only page: serif text at a readable width, highlights and a marker gutter."""

    clicked = Signal(int)  # canonical offset of a click (not a drag)
    layoutChanged = Signal()
    zoomRequested = Signal(int)  # +1 / -1: Ctrl+wheel zooms every pane, not just this one

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAcceptDrops(False)  # files dropped on a pane go to the window, which imports them
        self.source_obj: Source | None = None
        self.offsets = OffsetMap("")
        self.theme: Theme = LIGHT
        self.typography = Typography()
        self.marks = PaneMarks()
        self.show_unmatched = True
        self.tooltip_provider: Callable[[int], str] | None = None
        self._press: QPoint | None = None
        self._spans: dict[Span, tuple[float, float]] = {}
        self._margins: tuple[float, float, float] = (0.0, 0.0, 0.0)
        self._flash_span: Span | None = None
        self._flash = QVariantAnimation(self)
        self._flash.setStartValue(0.0)
        self._flash.setEndValue(1.0)
        self._flash.setDuration(1100)
        self._flash.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._flash.valueChanged.connect(lambda _v: self.viewport().update())
        self._flash.finished.connect(self._end_flash)

    # --- content -------------------------------------------------------------
    def show_source(self, source: Source, theme: Theme, typography: Typography) -> None:
        """Render `source`; keeps the reading position when it is the same source re-styled."""
        same = self.source_obj is not None and source.id == self.source_obj.id
        keep = self.first_visible_offset() if same else 0
        # Where that line sat in the viewport, so a restyle leaves the reader where they were.
        keep_y = self.to_viewport_y(self._line_y(self.offsets.to_doc(keep))[0]) if same else 0.0
        self.source_obj, self.theme, self.typography = source, theme, typography
        doc, self.offsets = build_document(source, theme, typography, self)
        self.setDocument(doc)  # the previous document, a child of this view, is deleted by Qt
        # The viewport paints the page: the style sheet polishes it with the palette of the
        # moment, so a theme switched while running must be set on it too, not only on the view.
        for widget in (self, self.viewport()):
            pal = widget.palette()
            for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Window):
                pal.setColor(role, theme.page)
            pal.setColor(QPalette.ColorRole.Text, theme.ink)
            widget.setPalette(pal)
        self._margins = (0.0, 0.0, 0.0)
        self._spans.clear()
        self._apply_margins()
        doc.documentLayout().documentSizeChanged.connect(lambda _s: self._layout_changed())
        # Marks are offsets into one source's text: another source starts unmarked until the
        # session says what to draw on it (the old offsets may run past the new text).
        self.set_marks(self.marks if same else PaneMarks())
        if not same:  # nor may a flash still running on the old text be painted on this one
            self._flash.stop()
            self._flash_span = None
        # Qt lays a new document out lazily and the scroll range follows; lay it all out now
        # (pageCount finishes the layout), or the restored position is clamped to a short range.
        doc.pageCount()
        self.scroll_to_offset(keep, keep_y)
        self._layout_changed()

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        """Never fetch anything: sources are read offline, whatever they link to."""
        return None

    def set_marks(self, marks: PaneMarks) -> None:
        self.marks = marks
        selections: list[QTextEdit.ExtraSelection] = []
        for start, end in marks.rejected:
            selections.append(self._selection(start, end, self.theme.rejected, self.theme.muted))
        for start, end, score in marks.linked:
            selections.append(self._selection(start, end, self.theme.link_colour(score)))
        for start, end in marks.confirmed:
            selections.append(self._selection(start, end, self.theme.confirmed))
        for start, end in marks.active:
            selections.append(self._selection(start, end, self.theme.active))
        if marks.selected:
            selections.append(self._selection(*marks.selected, self.theme.selected_soft))
        if marks.selected_evidence:
            selections.append(self._selection(*marks.selected_evidence, self.theme.selected))
        for start, end in marks.find:
            selections.append(self._selection(start, end, self.theme.find))
        self.setExtraSelections(selections)
        self.viewport().update()

    def _selection(self, start: int, end: int, colour: QColor,
                   ink: QColor | None = None) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_doc(start))
        cursor.setPosition(self.offsets.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(colour)
        if ink is not None:
            fmt.setForeground(ink)
        sel.format = fmt
        return sel

    def selected_span(self) -> Span | None:
        """The text the analyst selected, in canonical offsets, without surrounding blanks."""
        cursor = self.textCursor()
        if self.source_obj is None or not cursor.hasSelection():
            return None
        return trim_span(self.source_obj.text, self.offsets.to_text(cursor.selectionStart()),
                         self.offsets.to_text(cursor.selectionEnd()))

    def select_span(self, start: int, end: int) -> None:
        """Select canonical offsets `start`-`end` as a drag would (keyboard users and tests)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_doc(start))
        cursor.setPosition(self.offsets.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    # --- geometry (document coordinates unless said otherwise) ---------------
    def span_y(self, start: int, end: int) -> tuple[float, float]:
        """Top of the line holding `start` and bottom of the line holding `end - 1`.

        Memoised until the layout changes: every paint and scroll asks for the same spans.
        """
        found = self._spans.get((start, end))
        if found is None:
            top, _ = self._line_y(self.offsets.to_doc(start))
            _, bottom = self._line_y(max(self.offsets.to_doc(start), self.offsets.to_doc(end) - 1))
            found = self._spans[(start, end)] = (top, bottom)
        return found

    def _layout_changed(self) -> None:
        self._spans.clear()
        self.layoutChanged.emit()

    def _line_y(self, pos: int) -> tuple[float, float]:
        doc = self.document()
        block = doc.findBlock(pos)
        rect = doc.documentLayout().blockBoundingRect(block)  # also lays the block out
        layout = block.layout()
        if layout is None or layout.lineCount() == 0:
            return rect.top(), rect.bottom()
        line = layout.lineForTextPosition(pos - block.position())
        if not line.isValid():
            line = layout.lineAt(layout.lineCount() - 1)
        y0 = layout.position().y()
        return y0 + line.y(), y0 + line.y() + line.height()

    def doc_height(self) -> float:
        return self.document().size().height()

    def scroll_y(self) -> int:
        return self.verticalScrollBar().value()

    def max_scroll(self) -> int:
        return self.verticalScrollBar().maximum()

    def set_scroll_y(self, y: float) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(max(bar.minimum(), min(bar.maximum(), round(y))))

    def to_viewport_y(self, doc_y: float) -> float:
        return doc_y - self.scroll_y()

    def offset_at(self, point: QPoint) -> int:
        return self.offsets.to_text(self.cursorForPosition(point).position())

    def first_visible_offset(self) -> int:
        return self.offset_at(QPoint(0, 0))

    def span_in_view(self, start: int, end: int) -> bool:
        top, bottom = self.span_y(start, end)
        return top >= self.scroll_y() and bottom <= self.scroll_y() + self.viewport().height()

    def scroll_to_offset(self, offset: int, view_y: float) -> None:
        """Scroll so the line holding `offset` sits at viewport height `view_y`."""
        top, _ = self._line_y(self.offsets.to_doc(offset))
        self.set_scroll_y(top - view_y)

    # --- flashing a counterpart ------------------------------------------------
    def flash(self, start: int, end: int) -> None:
        self._flash_span = (start, end)
        self._flash.stop()
        self._flash.start()

    def _end_flash(self) -> None:
        self._flash_span = None
        self.viewport().update()

    @property
    def flashing(self) -> Span | None:
        return self._flash_span

    # --- layout ------------------------------------------------------------
    def _apply_margins(self) -> None:
        """Centre a column of readable width; leave room below so the last passage can be levelled."""
        width = self.viewport().width()
        column = MAX_TEXT_WIDTH * self.typography.zoom
        right = MIN_RIGHT_MARGIN if width >= NARROW_PANE else NARROW_RIGHT_MARGIN  # 3-4 panes: text first
        side = max(0.0, (width - column - MIN_LEFT_MARGIN - right) / 2)
        margins = (MIN_LEFT_MARGIN + side, right + side, max(48.0, self.viewport().height() * 0.4))
        if margins == self._margins:
            return
        self._margins = margins
        root = self.document().rootFrame()
        fmt = root.frameFormat()
        fmt.setLeftMargin(margins[0])
        fmt.setRightMargin(margins[1])
        fmt.setTopMargin(22)
        fmt.setBottomMargin(margins[2])
        root.setFrameFormat(fmt)
        self._spans.clear()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._apply_margins()
        self._layout_changed()

    # --- painting ----------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        top, bottom = self.scroll_y(), self.scroll_y() + self.viewport().height()
        x = self._margins[0] - GUTTER_OFFSET
        if self.show_unmatched:
            hatch = QBrush(self.theme.unmatched, Qt.BrushStyle.BDiagPattern)
            for start, end in self.marks.unmatched:
                y0, y1 = self.span_y(start, end)
                if y1 >= top and y0 <= bottom:
                    # Wider and darker than before, with a solid rule: an omission must not be missed.
                    rect = QRectF(x - 3, y0 - top + 2, 10, y1 - y0 - 4)
                    painter.fillRect(rect, hatch)
                    painter.setPen(QPen(self.theme.unmatched, 2))
                    painter.drawLine(QPointF(rect.left(), rect.top()), QPointF(rect.left(), rect.bottom()))
        painter.setPen(Qt.PenStyle.NoPen)
        faded = QColor(self.theme.rejected_edge)
        faded.setAlphaF(0.45)
        bands = [(s, e, self.theme.band_colour(score)) for s, e, score in self.marks.linked]
        bands += [(s, e, faded) for s, e in self.marks.rejected]
        bands += [(s, e, self.theme.confirmed_edge) for s, e in self.marks.confirmed]
        for start, end, colour in bands:
            y0, y1 = self.span_y(start, end)
            if y1 >= top and y0 <= bottom:
                painter.setBrush(colour)
                painter.drawRoundedRect(QRectF(x, y0 - top + 2, 5, y1 - y0 - 4), 2, 2)
        self._paint_markers(painter, x - MARKER_SIZE - 4, top, bottom)
        if self.marks.selected:
            y0, y1 = self.span_y(*self.marks.selected)
            painter.setBrush(self.theme.selected_edge)
            painter.drawRoundedRect(QRectF(x - 2, y0 - top, 8, y1 - y0), 3, 3)
        if self._flash_span is not None:
            t = float(self._flash.currentValue() or 0.0)
            y0, y1 = self.span_y(*self._flash_span)
            colour = QColor(self.theme.flash)
            colour.setAlphaF(max(0.0, 0.9 * (1 - t)))
            painter.setPen(QPen(colour, 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            left = self._margins[0] - 8
            right = self.viewport().width() - self._margins[1] + 8
            painter.drawRoundedRect(QRectF(left, y0 - top - 4, right - left, y1 - y0 + 8), 6, 6)
        painter.end()

    def _paint_markers(self, painter: QPainter, x: float, top: float, bottom: float) -> None:
        """Status glyphs beside each passage's band, stacked when a passage has several."""
        kinds = (("confirmed", self.marks.confirmed), ("rejected", self.marks.rejected),
                 ("manual", self.marks.manual), ("stale", self.marks.stale))
        slots: dict[int, int] = {}
        for kind, spans in kinds:
            for start, end in dict.fromkeys(spans):
                y0, y1 = self.span_y(start, end)
                if y1 < top or y0 > bottom:
                    continue
                slot = slots.get(start, 0)
                slots[start] = slot + 1
                _marker(painter, kind, self.theme, QRectF(x, y0 - top + 4 + slot * MARKER_STEP,
                                                          MARKER_SIZE, MARKER_SIZE))

    # --- input -------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        self._press = event.position().toPoint() if event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        if (self._press is not None and event.button() == Qt.MouseButton.LeftButton
                and (pos - self._press).manhattanLength() < QApplication.startDragDistance()
                and not self.textCursor().hasSelection()):
            self.clicked.emit(self.offset_at(pos))
        self._press = None

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if event.angleDelta().y():
                self.zoomRequested.emit(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip \
                and self.tooltip_provider is not None:
            text = self.tooltip_provider(self.offset_at(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)


def _marker(painter: QPainter, kind: str, theme: Theme, box: QRectF) -> None:
    """One status glyph drawn as a shape, so it needs no symbol font."""
    painter.save()
    if kind in ("confirmed", "rejected"):
        colour = theme.confirmed_edge if kind == "confirmed" else theme.rejected_edge
        painter.setPen(QPen(colour, 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath()
        if kind == "confirmed":
            path.moveTo(box.left(), box.center().y())
            path.lineTo(box.left() + box.width() * 0.38, box.bottom())
            path.lineTo(box.right(), box.top())
        else:
            path.moveTo(box.topLeft())
            path.lineTo(box.bottomRight())
            path.moveTo(box.topRight())
            path.lineTo(box.bottomLeft())
        painter.drawPath(path)
    elif kind == "manual":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.manual)
        c = box.center()
        painter.drawPolygon(QPolygonF([QPointF(c.x(), box.top()), QPointF(box.right(), c.y()),
                                       QPointF(c.x(), box.bottom()), QPointF(box.left(), c.y())]))
    else:  # stale: a warning triangle
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.stale)
        painter.drawPolygon(QPolygonF([QPointF(box.center().x(), box.top()), box.bottomRight(),
                                       box.bottomLeft()]))
    painter.restore()
