"""The review panel: the selected pair word by word, its decision, its relation and the analyst's note.

It shows what the window hands it (`show_link`) and reports what the analyst
asks for (`relationChosen`, `noteCommitted`); the buttons are the window's
review actions, so the panel, the menus and the keys always do the same
thing. A note is committed when the analyst presses "Save note" or
Ctrl+S, leaves the editor, or selects another link, so a note is never lost by
moving on.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from compare.reading.pane_marks import status_words
from compare.reading.session import PaneLink
from compare.reading.word_compare import DIFFERS, ONLY, SHARED, compare_passages, render
from compare.workspace import RELATIONS

NO_LINK = "Select a link to review it: click a passage, a band or a table row."


WORD_STYLES = {SHARED: "background:#d3f0d8;color:#14532d", DIFFERS: "background:#fecaca;color:#7f1d1d;font-weight:600",
               ONLY: "text-decoration:underline;color:#b45309"}


def word_comparison_html(left: str, right: str) -> str:
    """Both passages with their words marked shared, differing or said by one side only."""
    left_marks, right_marks = compare_passages(left, right)

    def wrap(kind: str, text: str) -> str:
        return f"<span style='{WORD_STYLES[kind]}'>{text}</span>"

    legend = " · ".join(wrap(kind, name) for kind, name in ((SHARED, "both say"), (DIFFERS, "differs"),
                                                             (ONLY, "only this side")))
    counts = {kind: sum(m.kind == kind for m in left_marks + right_marks) for kind in WORD_STYLES}
    return (f"<p style='font-size:small'>{legend} — {counts[SHARED]} shared, {counts[DIFFERS]} differing, "
            f"{counts[ONLY]} one-sided</p>"
            f"<p><b>Left</b><br>{render(left, left_marks, wrap, html.escape)}</p>"
            f"<p><b>Right</b><br>{render(right, right_marks, wrap, html.escape)}</p>")


class ReviewDock(QDockWidget):
    """Decision, relation and note of the link selected in the reader."""

    relationChosen = Signal(str, str)  # pair id, relation ("" for none)
    noteCommitted = Signal(str, str)  # pair id, note

    def __init__(self, decisions: Sequence[QAction], parent: QWidget | None = None) -> None:
        super().__init__("Review", parent)
        self.setObjectName("reviewDock")
        self.pair_id: str | None = None
        self._saved_note = ""
        self.summary = QLabel(NO_LINK)
        self.summary.setObjectName("reviewSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        # The pair word by word: what both say, what differs (dates, figures), what only one says.
        self.words = QTextBrowser()
        self.words.setObjectName("wordComparison")
        self.words.setOpenLinks(False)
        self.words.setToolTip("The two passages word by word, names matched across spellings and languages")
        # Takes the room the dock has, never asks for more (which squeezed the library above it).
        self.words.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.words.setMinimumHeight(60)
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        for action in decisions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.relation = QComboBox()
        self.relation.setObjectName("relationChooser")
        self.relation.addItem("No relation", "")
        for n, relation in enumerate(RELATIONS, start=1):
            self.relation.addItem(f"{relation.capitalize()}  ({n})", relation)
        self.relation.setToolTip("How the two passages relate (keys 1-5; 0 clears)")
        self.relation.activated.connect(self._relation_activated)
        self.note = QPlainTextEdit()
        self.note.setObjectName("noteEditor")
        self.note.setPlaceholderText("Note on this pair: why it holds, what differs, what to check…")
        self.note.setTabChangesFocus(True)
        self.note.installEventFilter(self)
        self.save_note = QPushButton("Save note")
        self.save_note.setToolTip("Save the note (Ctrl+S while writing; leaving the editor saves too)")
        self.save_note.clicked.connect(self.commit_note)
        save_key = QShortcut(QKeySequence.StandardKey.Save, self.note)
        save_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        save_key.activated.connect(self.commit_note)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel("Relation"), 0, 0)
        grid.addWidget(self.relation, 0, 1)
        grid.addWidget(self.save_note, 0, 2)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.summary)
        layout.addWidget(self.words, 2)
        layout.addLayout(buttons)
        layout.addLayout(grid)
        layout.addWidget(self.note, 1)
        self.setWidget(body)
        self.setMinimumWidth(300)
        self.show_link(None)

    def show_link(self, pl: PaneLink | None, elsewhere: str = "") -> None:
        """Show `pl`'s decision (and `elsewhere`, the decisions at the other unit nesting with
        it); a pending note on the previous link is committed first."""
        same = pl is not None and pl.pair_id == self.pair_id
        if not same:
            self.commit_note()
        self.pair_id = None if pl is None else pl.pair_id
        for widget in (self.relation, self.note, self.save_note):
            widget.setEnabled(pl is not None)
        if pl is None:
            self.summary.setText(NO_LINK)
            self.words.clear()
            self._set_note("")
            self.relation.setCurrentIndex(0)
            return
        if not same:
            self.words.setHtml(word_comparison_html(pl.link.left.text, pl.link.right.text))
        score = "hand-made" if pl.manual else f"score {pl.link.score:.0f}"
        self.summary.setText(f"Pair {pl.pair_id[:7]} · {score} · {status_words(pl)}"
                             + (f"\n{elsewhere[0].upper()}{elsewhere[1:]}" if elsewhere else ""))
        self.relation.setCurrentIndex(max(0, self.relation.findData(pl.relation)))
        if same and self.note.hasFocus():
            self._saved_note = pl.note  # the analyst is still writing: keep their text
        else:
            self._set_note(pl.note)

    def _set_note(self, text: str) -> None:
        self._saved_note = text
        self.note.setPlainText(text)

    def _relation_activated(self, index: int) -> None:
        if self.pair_id is not None:
            self.relationChosen.emit(self.pair_id, self.relation.itemData(index))

    def commit_note(self) -> None:
        """Hand over the note if it changed since it was shown or last saved."""
        text = self.note.toPlainText()
        if self.pair_id is not None and text != self._saved_note:
            self._saved_note = text
            self.noteCommitted.emit(self.pair_id, text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.note and event.type() == QEvent.Type.FocusOut:
            self.commit_note()
        return False
