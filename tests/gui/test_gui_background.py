"""The request bookkeeping shared by the aligner and the importer: only the newest request counts."""

from __future__ import annotations

import threading

from PySide6.QtCore import Signal

from compare.gui.background import BackgroundWorker, Report, RequestStopped
from compare.gui.import_worker import Importer, ImportTask


class Echo(BackgroundWorker[str]):
    """A minimal worker: the work is given by the test; reports are recorded."""

    progress = Signal(int, int)
    finished = Signal(str, object)
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__(2)

    def start(self, name: str, work) -> None:
        self._submit(name, work)

    def _progressed(self, *args: object) -> None:
        self.progress.emit(*args)

    def _finished(self, name: str, result: object) -> None:
        self.finished.emit(name, result)

    def _failed(self, name: str, message: str) -> None:
        self.failed.emit(message)


def blocked(release: threading.Event, result: object = "late"):
    def work(stop: threading.Event, report: Report) -> object:
        release.wait(5)
        return result
    return work


def test_result_and_progress_reach_the_gui_thread(qtbot):
    echo = Echo()
    seen: list[tuple[int, int]] = []
    echo.progress.connect(lambda done, total: seen.append((done, total)))

    def work(stop: threading.Event, report: Report) -> str:
        report(0, 2)
        report(2, 2)
        return "done"
    with qtbot.waitSignal(echo.finished, timeout=5_000) as finished:
        echo.start("first", work)
        assert echo.busy
    assert finished.args == ["first", "done"]
    assert seen == [(0, 2), (2, 2)]
    assert not echo.busy


def test_a_newer_request_supersedes_the_running_one(qtbot):
    echo = Echo()
    release = threading.Event()
    results: list[object] = []
    echo.finished.connect(lambda name, result: results.append((name, result)))
    echo.start("old", blocked(release))
    with qtbot.waitSignal(echo.finished, timeout=5_000):
        echo.start("new", lambda stop, report: "fresh")
    release.set()
    assert echo.wait(5_000)
    qtbot.wait(50)  # the abandoned request's late result must change nothing
    assert results == [("new", "fresh")]


def test_cancel_drops_the_late_result(qtbot):
    echo = Echo()
    release = threading.Event()
    results: list[object] = []
    echo.finished.connect(lambda name, result: results.append(result))
    echo.start("slow", blocked(release))
    with qtbot.waitSignal(echo.cancelled, timeout=1_000):
        assert echo.cancel()
    assert not echo.busy and not echo.cancel()
    release.set()
    assert echo.wait(5_000)
    qtbot.wait(50)
    assert results == []


def test_a_failure_becomes_a_message(qtbot):
    echo = Echo()

    def work(stop: threading.Event, report: Report) -> None:
        raise ValueError("boom")
    with qtbot.waitSignal(echo.failed, timeout=5_000) as failed:
        echo.start("bad", work)
    assert failed.args == ["ValueError: boom"]
    assert not echo.busy


def test_work_that_stops_on_its_own_reports_cancelled(qtbot):
    echo = Echo()

    def work(stop: threading.Event, report: Report) -> None:
        raise RequestStopped()
    with qtbot.waitSignal(echo.cancelled, timeout=5_000):
        echo.start("stopped", work)
    assert not echo.busy


def test_importer_refuses_a_second_import_and_keeps_each_failure(qtbot):
    importer = Importer()
    release = threading.Event()

    def broken() -> None:
        release.wait(5)
        raise RuntimeError("converter bug")
    with qtbot.waitSignal(importer.finished, timeout=5_000) as finished:
        assert importer.start([ImportTask("broken.md", broken)])
        assert not importer.start([ImportTask("other.md", broken)])
        assert not Importer().start([])
        release.set()
    [outcome] = finished.args[0]
    assert outcome.incoming is None and outcome.error == "broken.md: RuntimeError: converter bug"
