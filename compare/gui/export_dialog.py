"""Choosing what to export (the whole table, the filtered rows or the selection) and where.

The format follows the file's extension, as everywhere in Parallax (.csv
.json .jsonl .md .xlsx); the dialog only collects the choice and the window
writes the file, so a failed write is reported like any other error.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from compare.export.writers import FORMATS

SCOPES = (("all", "Every row of the table"), ("filtered", "The rows the filters show"),
          ("selected", "The selected rows"))
FILE_FILTER = ("CSV (*.csv);;JSON (*.json);;JSON Lines (*.jsonl);;Markdown report (*.md);;"
               "Excel workbook (*.xlsx)")


class ExportDialog(QDialog):
    """Scope radio buttons with row counts, and the target file."""

    def __init__(self, counts: dict[str, int], folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export pairs")
        self.scopes = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Export, with decisions, notes and both citations:"))
        preferred = "selected" if counts.get("selected", 0) > 1 else "filtered"
        for n, (key, label) in enumerate(SCOPES):
            button = QRadioButton(f"{label} ({counts.get(key, 0)})")
            button.setObjectName(f"scope_{key}")
            button.setEnabled(counts.get(key, 0) > 0)
            button.setChecked(key == preferred and button.isEnabled())
            self.scopes.addButton(button, n)
            layout.addWidget(button)
        if self.scopes.checkedButton() is None:
            self.scopes.button(0).setChecked(True)
        self.path = QLineEdit(str(Path(folder) / "parallax-pairs.csv"))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        hint = QLabel("Format by extension: " + ", ".join(sorted(FORMATS)))
        hint.setEnabled(False)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export pairs to", self.path.text(), FILE_FILTER)
        if path:
            self.path.setText(path)

    def scope(self) -> str:
        return SCOPES[max(0, self.scopes.checkedId())][0]

    def target(self) -> str:
        return self.path.text().strip()
