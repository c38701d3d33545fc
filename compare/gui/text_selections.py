"""Which text the analyst selected in which pane, most recent last: the ends of a hand-made link.

A link joins text selected in two panes; when more than two panes hold a
selection, the two selected most recently are meant. Each pane's view keeps
its own selection; this only remembers the order in which they were made.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from compare.gui.reader_pane import ReaderPane
from compare.reading.reviewer import Span


class TextSelections(QObject):
    """Tracks the panes' text selections in the order they were made."""

    def __init__(self, panes: Callable[[], list[ReaderPane]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._panes = panes
        self._order: list[ReaderPane] = []

    def watch(self, pane: ReaderPane) -> None:
        pane.view.selectionChanged.connect(lambda: self._selected(pane))

    def forget(self, pane: ReaderPane) -> None:
        self._order = [p for p in self._order if p is not pane]

    def _selected(self, pane: ReaderPane) -> None:
        self._order = [p for p in self._order if p is not pane] + [pane]

    def spans(self) -> list[tuple[int, Span]]:
        """(pane index, span) of each pane with selected text, the most recent selection last."""
        panes = self._panes()
        found = []
        for pane in self._order:
            span = pane.view.selected_span() if pane in panes else None
            if span is not None:
                found.append((panes.index(pane), span))
        return found

    def clear(self) -> None:
        """Drop every selection (after they became a link: selecting anew starts afresh)."""
        for pane in self._panes():
            cursor = pane.view.textCursor()
            cursor.clearSelection()
            pane.view.setTextCursor(cursor)
        self._order.clear()
