"""Pasting text as a new source: its citation (title, author, outlet, date, address, language)
and the text, taken from the clipboard if it holds any."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class PasteDialog(QDialog):
    """Collects a title and plain text; the window imports them (Markdown-looking lines stay literal)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Paste text as a source")
        self.title = QLineEdit("Pasted text")
        self.text = QPlainTextEdit(QApplication.clipboard().text())
        self.text.setPlaceholderText("Paste the account here…")
        form = QFormLayout()
        form.addRow("Title", self.title)
        # Every citation field, so a pasted account is as citable as an imported file.
        self.fields: dict[str, QLineEdit] = {}
        for key, label, hint in (("author", "Author", "who wrote it"), ("outlet", "Outlet", "where it appeared"),
                                 ("published", "Date", "YYYY-MM-DD"), ("url", "Address", "https://…"),
                                 ("language", "Language", "en, ru, kk… (guessed from the text if empty)")):
            edit = QLineEdit()
            edit.setObjectName(f"paste_{key}")
            edit.setPlaceholderText(hint)
            self.fields[key] = edit
            form.addRow(label, edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(640, 480)

    def citation(self) -> dict[str, str]:
        """The citation fields filled in (empty ones left out)."""
        return {key: edit.text().strip() for key, edit in self.fields.items() if edit.text().strip()}
