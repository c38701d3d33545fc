"""Fetching and converting documents off the GUI thread.

Reading a 40 MB PDF or waiting on a slow server must not freeze the window.
A task only fetches and converts (`compare.workspace.fetch_*`, no workspace
involved), so it is safe on a pool thread; the window adds the results to
its workspace on the GUI thread, which owns the SQLite connection. Cancelling
abandons the request at once: its results are never added, and the job
stops before its next document (one conversion in progress runs to its end
in the background, harmlessly). The request bookkeeping is
`BackgroundWorker`'s, shared with alignments.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from compare.gui.background import BackgroundWorker, Report, RequestStopped, Work
from compare.model.errors import SourceError
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


def _fetch(task: ImportTask) -> ImportOutcome:
    """One document, its failure kept as an outcome: one bad file must not sink the rest."""
    try:
        return ImportOutcome(task.label, task.fetch())
    except SourceError as exc:
        return ImportOutcome(task.label, None, str(exc))
    except Exception as exc:  # a converter bug must reach the analyst as a message, not vanish
        return ImportOutcome(task.label, None, f"{task.label}: {type(exc).__name__}: {exc}")


def _import(tasks: list[ImportTask]) -> Work:
    """The work of one request: every document in turn, stopping before the next one."""
    def work(stop: threading.Event, report: Report) -> list[ImportOutcome]:
        outcomes: list[ImportOutcome] = []
        total = len(tasks)
        for done, task in enumerate(tasks):
            if stop.is_set():
                raise RequestStopped()
            report(done, total, task.label)
            outcomes.append(_fetch(task))
        return outcomes
    return work


class Importer(BackgroundWorker[None]):
    """Runs one import request at a time in a worker thread."""

    started = Signal(int)  # number of documents
    progress = Signal(int, int, str)  # done, total, label
    finished = Signal(object)  # [ImportOutcome]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(1, parent)

    def start(self, tasks: Sequence[ImportTask]) -> bool:
        """Begin importing; False (nothing started) while another import runs."""
        if self.busy or not tasks:
            return False
        self._submit(None, _import(list(tasks)))
        self.started.emit(len(tasks))
        return True

    def _progressed(self, *args: object) -> None:
        self.progress.emit(*args)

    def _finished(self, _context: None, outcomes: object) -> None:
        self.finished.emit(outcomes)

    def _failed(self, _context: None, message: str) -> None:
        # Only a bug outside `_fetch` lands here (`_fetch` keeps every failure as an outcome):
        # report it like a document that could not be imported rather than stay busy for ever.
        self.finished.emit([ImportOutcome("import", None, message)])
