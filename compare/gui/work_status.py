"""The status bar's busy indicator: one progress bar and one Cancel for alignments and imports.

Both kinds of background work report here, so the analyst always sees that
something runs, how far it got, and has one place (and one key) to stop it.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QToolButton, QWidget


class WorkStatus(QWidget):
    """A progress bar and a Cancel button, shown while any background work runs."""

    def __init__(self, cancel: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cancel = cancel
        self.bar = QProgressBar()
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(False)
        self.button = QToolButton()
        self.button.setDefaultAction(cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.button)
        self.idle()

    def busy(self) -> None:
        """Work started: an indeterminate bar until the first progress report."""
        self.bar.setRange(0, 0)
        self.bar.show()
        self.button.show()
        self.cancel.setEnabled(True)

    def progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(done)

    def idle(self) -> None:
        self.bar.hide()
        self.button.hide()
        self.cancel.setEnabled(False)
