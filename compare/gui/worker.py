"""Alignment off the GUI thread, so the window never freezes while the engine runs.

The window prepares detached jobs (`Workspace.prepare_alignment`, which reads
the file on the GUI thread that owns it); a pool thread runs them one pair
after another and reports through queued signals; the results go back to
the workspace on the GUI thread. Cancelling is immediate from the window's
point of view: the request's result is never applied, and the job stops at
its next check (the engine checks between sources, we check between pairs).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from compare.align import Alignment, AlignmentCancelled
from compare.gui.session import PairKey
from compare.model import Unit
from compare.workspace import AlignJob


@dataclass
class AlignRequest:
    """What to compute: one prepared job per pair of sources, all at `unit`."""

    number: int
    unit: Unit
    jobs: list[tuple[PairKey, AlignJob]]
    stop: threading.Event = field(default_factory=threading.Event)


class _JobSignals(QObject):
    progress = Signal(int, int, int)  # request, done, total
    finished = Signal(int, object)  # request, {PairKey: Alignment}
    failed = Signal(int, str)
    stopped = Signal(int)


class _AlignJob(QRunnable):
    def __init__(self, request: AlignRequest, signals: _JobSignals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.request = request
        self.signals = signals

    def run(self) -> None:
        req = self.request
        try:
            results: dict[PairKey, Alignment] = {}
            total = len(req.jobs)
            self.signals.progress.emit(req.number, 0, total)
            for done, (key, job) in enumerate(req.jobs, start=1):
                if req.stop.is_set():
                    raise AlignmentCancelled()
                results[key] = job.run(cancelled=req.stop.is_set)
                self.signals.progress.emit(req.number, done, total)
            self.signals.finished.emit(req.number, results)
        except AlignmentCancelled:
            self.signals.stopped.emit(req.number)
        except Exception as exc:  # the window must show any engine failure, not lose it
            self.signals.failed.emit(req.number, f"{type(exc).__name__}: {exc}")


class Aligner(QObject):
    """Runs one alignment request at a time; a newer request supersedes the running one."""

    started = Signal(str)  # unit
    progress = Signal(int, int)
    finished = Signal(str, object)  # unit, {PairKey: Alignment}
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._signals = _JobSignals(self)
        self._signals.progress.connect(self._on_progress)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._signals.stopped.connect(self._on_stopped)
        self._current: AlignRequest | None = None
        self._count = 0

    @property
    def busy(self) -> bool:
        return self._current is not None

    @property
    def pending_unit(self) -> Unit | None:
        return None if self._current is None else self._current.unit

    def start(self, unit: Unit, jobs: Sequence[tuple[PairKey, AlignJob]]) -> None:
        """Run `jobs` at `unit`; any request still running is abandoned."""
        if self._current is not None:
            self._current.stop.set()
        self._count += 1
        self._current = AlignRequest(self._count, unit, list(jobs))
        self.started.emit(unit)
        self._pool.start(_AlignJob(self._current, self._signals))

    def cancel(self) -> bool:
        """Abandon the running request; True if there was one."""
        if self._current is None:
            return False
        self._current.stop.set()
        self._current = None
        self.cancelled.emit()
        return True

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until no job runs (used on close, so no thread outlives the window)."""
        return self._pool.waitForDone(msecs)

    def _is_current(self, number: int) -> bool:
        return self._current is not None and self._current.number == number

    def _on_progress(self, number: int, done: int, total: int) -> None:
        if self._is_current(number):
            self.progress.emit(done, total)

    def _on_finished(self, number: int, results: object) -> None:
        if self._is_current(number):
            unit = self._current.unit if self._current else "paragraph"
            self._current = None
            self.finished.emit(unit, results)

    def _on_failed(self, number: int, message: str) -> None:
        if self._is_current(number):
            self._current = None
            self.failed.emit(message)

    def _on_stopped(self, number: int) -> None:
        if self._is_current(number):  # stopped by a newer request's start: nothing to report
            self._current = None
            self.cancelled.emit()
