"""Fetching and converting documents off the GUI thread.

Reading a 40 MB PDF or waiting on a slow server must not freeze the window.
A task only fetches and converts (`compare.workspace.fetch_*`, no workspace
involved), so it is safe on a pool thread; the window adds the results to
its workspace on the GUI thread, which owns the SQLite connection. Cancelling
abandons the request at once: its results are never added, and the job
stops before its next document (one conversion in progress runs to its end
in the background, harmlessly).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from compare.errors import SourceError
from compare.workspace import Incoming


@dataclass(frozen=True, slots=True)
class ImportTask:
    """One document to bring in: a label for messages and how to fetch it."""

    label: str
    fetch: Callable[[], Incoming]


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """A task's result: the converted document, or why it could not be imported."""

    label: str
    incoming: Incoming | None
    error: str = ""


@dataclass
class _Request:
    number: int
    tasks: list[ImportTask]
    stop: threading.Event = field(default_factory=threading.Event)


class _Signals(QObject):
    progress = Signal(int, int, int, str)  # request, done, total, label of the next task
    finished = Signal(int, object)  # request, [ImportOutcome]


class _Job(QRunnable):
    def __init__(self, request: _Request, signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.request = request
        self.signals = signals

    def run(self) -> None:
        req = self.request
        outcomes: list[ImportOutcome] = []
        total = len(req.tasks)
        for done, task in enumerate(req.tasks):
            if req.stop.is_set():
                return
            self.signals.progress.emit(req.number, done, total, task.label)
            try:
                outcomes.append(ImportOutcome(task.label, task.fetch()))
            except SourceError as exc:
                outcomes.append(ImportOutcome(task.label, None, str(exc)))
            except Exception as exc:  # a converter bug must reach the analyst as a message, not vanish
                outcomes.append(ImportOutcome(task.label, None, f"{task.label}: {type(exc).__name__}: {exc}"))
        self.signals.finished.emit(req.number, outcomes)


class Importer(QObject):
    """Runs one import request at a time in a worker thread."""

    started = Signal(int)  # number of documents
    progress = Signal(int, int, str)  # done, total, label
    finished = Signal(object)  # [ImportOutcome]
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.progress.connect(self._on_progress)
        self._signals.finished.connect(self._on_finished)
        self._current: _Request | None = None
        self._count = 0

    @property
    def busy(self) -> bool:
        return self._current is not None

    def start(self, tasks: Sequence[ImportTask]) -> bool:
        """Begin importing; False (nothing started) while another import runs."""
        if self._current is not None or not tasks:
            return False
        self._count += 1
        self._current = _Request(self._count, list(tasks))
        self.started.emit(len(tasks))
        self._pool.start(_Job(self._current, self._signals))
        return True

    def cancel(self) -> bool:
        if self._current is None:
            return False
        self._current.stop.set()
        self._current = None
        self.cancelled.emit()
        return True

    def wait(self, msecs: int = 10_000) -> bool:
        return self._pool.waitForDone(msecs)

    def _on_progress(self, number: int, done: int, total: int, label: str) -> None:
        if self._current is not None and self._current.number == number:
            self.progress.emit(done, total, label)

    def _on_finished(self, number: int, outcomes: object) -> None:
        if self._current is not None and self._current.number == number:
            self._current = None
            self.finished.emit(outcomes)
