"""A pane: header, the reading view with its overview strip, and a find bar."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from compare.gui.document import Typography
from compare.gui.find_bar import FindBar
from compare.gui.overview_strip import OverviewStrip
from compare.gui.pane_header import PaneHeader
from compare.gui.reader_view import ReaderView
from compare.gui.theme import Theme
from compare.model.records import Source


class ReaderPane(QFrame):
    """One account in the reader. Knows nothing of links: it shows the marks it is given."""

    sourceChosen = Signal(object, str)  # pane, source id
    closeRequested = Signal(object)
    passageClicked = Signal(object, int)  # pane, canonical offset
    focused = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readerPane")
        self.header = PaneHeader()
        self.view = ReaderView()
        self.strip = OverviewStrip(self.view)
        self.find_bar = FindBar(self.view)
        self.header.sourceChosen.connect(lambda sid: self.sourceChosen.emit(self, sid))
        self.header.closeRequested.connect(lambda: self.closeRequested.emit(self))
        self.view.clicked.connect(lambda offset: self.passageClicked.emit(self, offset))
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.view, 1)
        body.addWidget(self.strip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addLayout(body, 1)
        layout.addWidget(self.find_bar)
        self.view.installEventFilter(self)

    @property
    def source(self) -> Source | None:
        return self.view.source_obj

    def show_source(self, source: Source, library: tuple[Source, ...], theme: Theme,
                    typography: Typography) -> None:
        self.header.set_sources(library, source)
        if self.view.source_obj is not source or self.view.theme is not theme \
                or self.view.typography != typography:
            self.view.show_source(source, theme, typography)
            if self.find_bar.isVisible():
                self.find_bar.search(self.find_bar.field.text())
        self.strip.update()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.view and event.type() == event.Type.FocusIn:
            self.focused.emit(self)
        return False
