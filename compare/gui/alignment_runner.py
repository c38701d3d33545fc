"""Keeping the shown accounts aligned: what to ask the engine for, and what to do with its answer.

The window asks for a unit (at start, when panes change, when the analyst
picks another unit or re-aligns); the runner works out which adjacent pairs
the workspace lacks, hands them to the `Aligner` (off the GUI thread), shows
the work in the status bar, and stores the results in the workspace, which
keeps every decision already made. Until a result is stored, the panes and
the table keep showing the previous one, so cancelling or failing loses
nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from compare.gui.worker import Aligner
from compare.model.errors import SourceError
from compare.model.records import Unit
from compare.reading.session import alignment_message

if TYPE_CHECKING:
    from compare.gui.host import AlignmentHost
    from compare.reading.session import ReadingSession


class AlignmentRunner(QObject):
    """Requests alignments for the window's panes and applies each result to the workspace and the views."""

    finished = Signal()  # the requested unit is stored and shown (also when nothing was missing)
    cancelled = Signal()  # the request was abandoned; the previous result is still shown

    def __init__(self, host: AlignmentHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.aligner = Aligner(self)
        self.aligner.started.connect(self._started)
        self.aligner.progress.connect(host.work.progress)
        self.aligner.finished.connect(self._aligned)
        self.aligner.cancelled.connect(self._cancelled)
        self.aligner.failed.connect(self._failed)

    @property
    def session(self) -> ReadingSession:
        return self.host.session

    @property
    def busy(self) -> bool:
        return self.aligner.busy

    def request(self, unit: Unit, *, force: bool = False) -> None:
        """Align, off the GUI thread, the adjacent pairs the workspace lacks at `unit` (all of them if `force`)."""
        try:
            jobs = self.session.jobs(self.session.missing(unit, force=force))
        except SourceError as exc:
            self.host.notify_error("Cannot align", str(exc))
            return
        if not jobs:
            if self.aligner.busy:  # a request for another unit is now moot
                self.aligner.cancel()
            if unit != self.session.unit:
                self.session.store(unit, {})
            self._show_state()
            self.host.refresh("refresh")
            self.finished.emit()
            return
        self.aligner.start(unit, jobs)

    def request_pairs(self, unit: Unit, keys: list[tuple[str, str, Unit]]) -> bool:
        """Align these pairs (not only the panes') off the GUI thread, as the synopsis needs every pair;
        False when there is nothing to run. The panes' own pairs are requested again afterwards."""
        if not keys:
            return False
        try:
            jobs = self.session.jobs(keys)
        except SourceError as exc:
            self.host.notify_error("Cannot align", str(exc))
            return False
        self.aligner.start(unit, jobs)
        return True

    def realign(self) -> None:
        """Run the engine again on the shown pairs; the workspace keeps every decision."""
        self.request(self.session.unit, force=True)

    def cancel(self) -> bool:
        return self.aligner.cancel()

    def wait(self, msecs: int) -> bool:
        return self.aligner.wait(msecs)

    def _show_state(self) -> None:
        """The controls show the unit actually stored and shown, whatever was requested."""
        self.host.controls.set_state(self.session.unit, self.session.threshold)

    def _started(self, unit: str) -> None:
        self.host.work.busy()
        self.host.show_status(f"Aligning by {unit}…")

    def _aligned(self, unit: str, results: object) -> None:
        host = self.host
        host.work.settle()
        try:
            reports = self.session.store(unit, results)  # type: ignore[arg-type]
        except SourceError as exc:
            self.session.invalidate()
            host.notify_error("Cannot store the alignment", str(exc))
            reports = []
        self._show_state()
        host.review_changed(None, "")
        host.show_status(alignment_message(unit, reports), 6000)
        self.finished.emit()

    def _cancelled(self) -> None:
        self.host.work.settle()
        self._show_state()
        self.host.show_status("Alignment cancelled; showing the previous result.", 6000)
        self.cancelled.emit()

    def _failed(self, message: str) -> None:
        self.host.work.settle()
        self._show_state()
        self.host.show_status(f"Alignment failed: {message}")
