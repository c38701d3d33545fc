"""Editing a source's bibliographic details, which every exported citation is built from.

The dialog only collects fields; `apply` (the window, which asks the
workspace) decides whether they are valid. A refusal (say, a digest without
references) is shown inside the dialog, which stays open with the analyst's
typing intact instead of closing on an error.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from compare.model.records import SourceMeta

LINE_FIELDS = (("title", "Title"), ("author", "Author"), ("outlet", "Outlet"),
               ("published", "Published"), ("url", "Address (URL)"), ("language", "Language"))
KINDS = ("article", "report", "statement", "interview", "notes", "digest")
Apply = Callable[[dict[str, str]], str | None]  # fields -> error message, or None when saved


class MetadataDialog(QDialog):
    """Title, author, outlet, date, address, language, kind and note of one source."""

    def __init__(self, meta: SourceMeta, apply: Apply, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Details of “{meta.title}”")
        self.setObjectName("metadataDialog")
        self.meta = meta
        self._apply = apply
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label in LINE_FIELDS:
            edit = QLineEdit(str(getattr(meta, name)))
            edit.setCursorPosition(0)  # a long title is shown from its start, not scrolled to its end
            edit.setObjectName(f"meta_{name}")
            self.fields[name] = edit
            form.addRow(label, edit)
        self.fields["published"].setPlaceholderText("YYYY-MM-DD")
        self.fields["language"].setPlaceholderText("en, ru, kk…")
        self.kind = QComboBox()
        self.kind.setEditable(True)
        self.kind.addItems(KINDS if meta.kind in KINDS else (*KINDS, meta.kind))
        self.kind.setCurrentText(meta.kind)
        self.kind.setToolTip("A digest is a retelling and must list the documents it draws on")
        form.addRow("Kind", self.kind)
        self.note = QPlainTextEdit(meta.note)
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(80)
        form.addRow("Note", self.note)
        ident = QLabel(f"Id: {meta.id} (fixed: every stored link refers to it)")
        ident.setEnabled(False)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # it may quote what was typed
        self.error.setObjectName("metadataError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b91c1c;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ident)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def values(self) -> dict[str, str]:
        """The fields the analyst changed (unchanged ones are left out)."""
        found = {name: edit.text().strip() for name, edit in self.fields.items()}
        found["kind"] = self.kind.currentText().strip().lower()
        found["note"] = self.note.toPlainText().strip()
        return {k: v for k, v in found.items() if v != str(getattr(self.meta, k))}

    def accept(self) -> None:
        changes = self.values()
        problem = self._apply(changes) if changes else None
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()
