"""Ctrl+F in a pane: find text in the account, every match tinted, the current one selected."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from compare.gui.reader_view import ReaderView


class FindBar(QWidget):
    """Searches the view's canonical text (case-insensitive); offsets stay canonical."""

    closed = Signal()

    def __init__(self, view: ReaderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.view = view
        self.matches: list[tuple[int, int]] = []
        self.current = -1
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in this account…")
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self.search)
        self.field.returnPressed.connect(self.next)
        self.count = QLabel()
        self.count.setObjectName("findCount")
        prev_button, next_button, close_button = QToolButton(), QToolButton(), QToolButton()
        for button, text, tip, slot in ((prev_button, "▲", "Previous match (Shift+Enter)", self.previous),
                                        (next_button, "▼", "Next match (Enter)", self.next),
                                        (close_button, "✕", "Close (Esc)", self.close_bar)):
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
        for key, slot in ((QKeySequence(Qt.Key.Key_Escape), self.close_bar),
                          (QKeySequence("Shift+Return"), self.previous)):
            shortcut = QShortcut(key, self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # this pane's bar only
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 6, 4)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(prev_button)
        layout.addWidget(next_button)
        layout.addWidget(close_button)
        self.hide()

    def open(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        self.search(self.field.text())

    def close_bar(self) -> None:
        self.hide()
        self.matches, self.current = [], -1
        self._apply()
        self.view.setFocus()
        self.closed.emit()

    def search(self, needle: str) -> None:
        source = self.view.source_obj
        self.matches = []
        if source is not None and needle:
            # A case-insensitive regex on the canonical text itself keeps offsets exact
            # (casefolding first could change the length).
            for match in re.finditer(re.escape(needle), source.text, re.IGNORECASE):
                self.matches.append(match.span())
                if len(self.matches) >= 5000:
                    break
        first_visible = self.view.first_visible_offset()
        self.current = next((i for i, (s, _) in enumerate(self.matches) if s >= first_visible),
                            0 if self.matches else -1)
        self._apply()

    def next(self) -> None:
        if self.matches:
            self.current = (self.current + 1) % len(self.matches)
            self._apply()

    def previous(self) -> None:
        if self.matches:
            self.current = (self.current - 1) % len(self.matches)
            self._apply()

    def _apply(self) -> None:
        marks = self.view.marks
        marks.find = list(self.matches)
        self.view.set_marks(marks)
        if self.current >= 0:
            start, end = self.matches[self.current]
            if not self.view.span_in_view(start, end):
                self.view.scroll_to_offset(start, self.view.viewport().height() / 3)
            cursor = self.view.textCursor()
            cursor.setPosition(self.view.offsets.to_doc(start))
            cursor.setPosition(self.view.offsets.to_doc(end), cursor.MoveMode.KeepAnchor)
            self.view.setTextCursor(cursor)
            self.count.setText(f"{self.current + 1} of {len(self.matches)}")
        else:
            self.count.setText("no match" if self.field.text() else "")
