"""The reading area: one pane per shown account, left to right, a link map in each gap.

The session says which accounts are shown; `sync` makes the widgets match it,
creating or discarding panes and rebuilding the maps between neighbours.
Panes report through the row's signals by their index, so the window wires
one row instead of every pane, and nothing outside has to track which pane
widget sits where. The row draws what the session and the selection say; it
knows nothing of aligning or reviewing.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from compare.gui.document import Typography
from compare.gui.link_map import COMPACT_MAP_WIDTH, MAP_WIDTH, LinkMap
from compare.gui.reader_pane import ReaderPane
from compare.gui.selection import LinkSelection
from compare.gui.text_selections import TextSelections
from compare.gui.theme import Theme
from compare.reading.pane_marks import marks_for, passage_tooltip
from compare.reading.session import ReadingSession


class PaneRow(QWidget):
    """Reader panes with a `LinkMap` between each two; also tracks their text selections."""

    sourceChosen = Signal(int, str)  # pane, source id
    closeRequested = Signal(int)  # pane
    passageClicked = Signal(int, int)  # pane, canonical offset
    focused = Signal(int)  # pane
    scrolled = Signal(int)  # pane
    zoomRequested = Signal(int)  # direction
    linkClicked = Signal(str)  # pair id, from a link map

    def __init__(self, session: ReadingSession, selection: LinkSelection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paneArea")
        self.session = session
        self.selection = selection
        self.panes: list[ReaderPane] = []
        self.maps: list[LinkMap] = []
        self.text_selections = TextSelections(lambda: self.panes, self)
        self._restyling = False
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)

    def sync(self, theme: Theme, typography: Typography) -> None:
        """Make the pane widgets match the session (count, sources, style) and rebuild the maps."""
        while len(self.panes) < len(self.session.panes):
            self.panes.append(self._new_pane())
        while len(self.panes) > len(self.session.panes):
            gone = self.panes.pop()
            self.text_selections.forget(gone)
            _discard(gone)
        for link_map in self.maps:
            _discard(link_map)
        self.maps = []
        while self._layout.count():
            self._layout.takeAt(0)
        library = self.session.sources()
        for i, pane in enumerate(self.panes):
            if i:
                link_map = LinkMap(self.session, self.selection, i - 1, self.panes[i - 1].view, pane.view)
                link_map.setFixedWidth(MAP_WIDTH if len(self.panes) <= 2 else COMPACT_MAP_WIDTH)
                link_map.linkClicked.connect(self.linkClicked)
                self.maps.append(link_map)
                self._layout.addWidget(link_map)
            self._layout.addWidget(pane, 1)
            pane.show_source(self.session.source(i), library, theme, typography)
            pane.header.set_closable(len(self.panes) > 2)

    def _new_pane(self) -> ReaderPane:
        """A pane whose reports carry its index at the time they are made (panes come and go)."""
        pane = ReaderPane()
        pane.sourceChosen.connect(lambda p, source_id: self.sourceChosen.emit(self.panes.index(p), source_id))
        pane.closeRequested.connect(lambda p: self.closeRequested.emit(self.panes.index(p)))
        pane.passageClicked.connect(lambda p, offset: self.passageClicked.emit(self.panes.index(p), offset))
        pane.focused.connect(lambda p: self.focused.emit(self.panes.index(p)))
        pane.view.verticalScrollBar().valueChanged.connect(lambda _v, p=pane: self._scrolled(p))
        pane.view.tooltip_provider = lambda offset, p=pane: passage_tooltip(
            self.session, self.panes.index(p), offset)
        pane.view.zoomRequested.connect(self.zoomRequested)
        self.text_selections.watch(pane)
        return pane

    def _scrolled(self, pane: ReaderPane) -> None:
        if not self._restyling:
            self.scrolled.emit(self.panes.index(pane))

    def restyle(self, theme: Theme, typography: Typography) -> None:
        """Show the same sources in another theme or size, each pane where it was.

        A new document passes through the top before its position is restored; were
        that passed on, scroll lock would move the panes not yet restyled to the top.
        """
        library = self.session.sources()
        self._restyling = True
        try:
            for i, pane in enumerate(self.panes):
                pane.show_source(self.session.source(i), library, theme, typography)
        finally:
            self._restyling = False

    def redraw(self, show_unmatched: bool) -> None:
        """Marks, overview strips and link maps again, from the session and the selection."""
        for i, pane in enumerate(self.panes):
            pane.view.show_unmatched = show_unmatched
            pane.view.set_marks(marks_for(self.session, self.selection, i, pane.view.marks.find))
            pane.strip.update()
        for link_map in self.maps:
            link_map.update()


def _discard(widget: QWidget) -> None:
    """Take a widget out of view at once (it may not paint again) and delete it later."""
    widget.hide()
    widget.setParent(None)
    widget.deleteLater()
