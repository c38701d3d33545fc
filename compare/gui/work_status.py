"""The status bar's busy indicator: one progress bar and one Cancel for alignments and imports.

Both kinds of background work report here, so the analyst always sees that
something runs, how far it got, and has one place (and one key) to stop it.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QToolButton, QWidget

from compare.gui.background import BackgroundWorker


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
        self._workers: list[BackgroundWorker] = []
        self.idle()

    def watch(self, *workers: BackgroundWorker) -> None:
        """Workers whose running keeps the indicator up (see `settle`)."""
        self._workers += workers

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

    def settle(self) -> None:
        """Some work ended: go idle unless other work still runs (an import may outlast an alignment)."""
        if not any(worker.busy for worker in self._workers):
            self.idle()
