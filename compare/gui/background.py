"""One request at a time on a private thread pool; only the newest request counts.

Aligning and importing share this shape: the GUI thread hands a request to a
pool thread, the pool thread reports progress and a result through queued
signals, and the GUI thread acts on them. Every request is numbered and a
report is passed on only while its request is still the current one, so an
abandoned request (cancelled, or superseded by a newer one) may finish, fail
or report late without changing anything. Abandoning sets the request's stop
event, which the work checks between its steps: the window never waits for it.

Subclasses keep their own public signals (`started`, `progress`, `finished`…)
because what those carry differs; they hand `_submit` the work and receive
the current request's reports through the `_progressed`, `_finished` and
`_failed` hooks, on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

C = TypeVar("C")  # what the worker remembers about a request, handed back with its result

Report = Callable[..., None]
"""Called by the work with its progress arguments; they reach `_progressed` on the GUI thread."""

Work = Callable[[threading.Event, Report], object]
"""Runs on a pool thread: checks the stop event between steps, reports progress, returns the result."""


class RequestStopped(Exception):
    """Raised by work that found its stop event set: the request ends without a result."""


@dataclass
class _Request(Generic[C]):
    number: int
    context: C
    stop: threading.Event = field(default_factory=threading.Event)


class _Relay(QObject):
    """Carries a pool thread's reports to the GUI thread (it lives there, so its signals queue)."""

    progress = Signal(int, object)  # request, the progress arguments (a tuple)
    finished = Signal(int, object)  # request, result
    failed = Signal(int, str)  # request, message
    stopped = Signal(int)  # request


class _Job(QRunnable):
    def __init__(self, request: _Request, work: Work, relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.request = request
        self.work = work
        self.relay = relay

    def run(self) -> None:
        number = self.request.number
        try:
            result = self.work(self.request.stop, lambda *args: self.relay.progress.emit(number, args))
        except RequestStopped:
            self.relay.stopped.emit(number)
        except Exception as exc:  # the window must show any failure, not lose it with the thread
            self.relay.failed.emit(number, f"{type(exc).__name__}: {exc}")
        else:
            self.relay.finished.emit(number, result)


class BackgroundWorker(QObject, Generic[C]):
    """Runs one request at a time on its own pool and passes on only the current request's reports."""

    cancelled = Signal()

    def __init__(self, threads: int, parent: QObject | None = None) -> None:
        """`threads` above one lets a new request start while an abandoned one winds down."""
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._relay = _Relay(self)
        self._relay.progress.connect(self._relay_progress)
        self._relay.finished.connect(self._relay_finished)
        self._relay.failed.connect(self._relay_failed)
        self._relay.stopped.connect(self._relay_stopped)
        self._current: _Request[C] | None = None
        self._count = 0

    @property
    def busy(self) -> bool:
        return self._current is not None

    def _current_context(self) -> C | None:
        return None if self._current is None else self._current.context

    def _submit(self, context: C, work: Work) -> None:
        """Run `work` as the current request; the one running until now is abandoned."""
        if self._current is not None:
            self._current.stop.set()
        self._count += 1
        self._current = _Request(self._count, context)
        self._pool.start(_Job(self._current, work, self._relay))

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

    # --- hooks: the current request's reports, on the GUI thread ---------------------
    def _progressed(self, *args: object) -> None:
        raise NotImplementedError

    def _finished(self, context: C, result: object) -> None:
        raise NotImplementedError

    def _failed(self, context: C, message: str) -> None:
        raise NotImplementedError

    # --- the relay: drop what an abandoned request reports --------------------------------
    def _take(self, number: int) -> _Request[C] | None:
        """The current request if it is `number`, which is then over; else None (a late report)."""
        if self._current is None or self._current.number != number:
            return None
        request, self._current = self._current, None
        return request

    def _relay_progress(self, number: int, args: tuple) -> None:
        if self._current is not None and self._current.number == number:
            self._progressed(*args)

    def _relay_finished(self, number: int, result: object) -> None:
        request = self._take(number)
        if request is not None:
            self._finished(request.context, result)

    def _relay_failed(self, number: int, message: str) -> None:
        request = self._take(number)
        if request is not None:
            self._failed(request.context, message)

    def _relay_stopped(self, number: int) -> None:
        # Abandoning a request already cleared it, so this only fires for work that stopped on its own.
        if self._take(number) is not None:
            self.cancelled.emit()
