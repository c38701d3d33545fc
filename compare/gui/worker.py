"""Alignment off the GUI thread, so the window never freezes while the engine runs.

The window prepares detached jobs (`Workspace.prepare_alignment`, which reads
the file on the GUI thread that owns it); a pool thread runs them one pair
after another and reports through queued signals; the results go back to
the workspace on the GUI thread. Cancelling is immediate from the window's
point of view: the request's result is never applied, and the job stops at
its next check (the engine checks between sources, we check between pairs).
The request bookkeeping is `BackgroundWorker`'s, shared with imports.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from compare.engine.align import Alignment, AlignmentCancelled
from compare.gui.background import BackgroundWorker, Report, RequestStopped, Work
from compare.model.records import Unit
from compare.reading.session import PairKey
from compare.workspace import AlignJob


def _align(jobs: list[tuple[PairKey, AlignJob]]) -> Work:
    """The work of one request: every pair in turn, stopping between pairs (and inside the engine)."""
    def work(stop: threading.Event, report: Report) -> dict[PairKey, Alignment]:
        results: dict[PairKey, Alignment] = {}
        total = len(jobs)
        report(0, total)
        for done, (key, job) in enumerate(jobs, start=1):
            if stop.is_set():
                raise RequestStopped()
            try:
                results[key] = job.run(cancelled=stop.is_set)
            except AlignmentCancelled as exc:  # the engine saw the stop event between sources
                raise RequestStopped() from exc
            report(done, total)
        return results
    return work


class Aligner(BackgroundWorker[Unit]):
    """Runs one alignment request at a time; a newer request supersedes the running one."""

    started = Signal(str)  # unit
    progress = Signal(int, int)
    finished = Signal(str, object)  # unit, {PairKey: Alignment}
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(2, parent)

    @property
    def pending_unit(self) -> Unit | None:
        return self._current_context()

    def start(self, unit: Unit, jobs: Sequence[tuple[PairKey, AlignJob]]) -> None:
        """Run `jobs` at `unit`; any request still running is abandoned."""
        self._submit(unit, _align(list(jobs)))
        self.started.emit(unit)

    def _progressed(self, *args: object) -> None:
        self.progress.emit(*args)

    def _finished(self, unit: Unit, results: object) -> None:
        self.finished.emit(unit, results)

    def _failed(self, unit: Unit, message: str) -> None:
        self.failed.emit(message)
