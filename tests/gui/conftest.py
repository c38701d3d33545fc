"""Fixtures for driving the real reader window offscreen, on real workspace files.

Settings and the data folder go to temporary directories (never the user's);
every test gets its own copy of a workspace aligned once per run, so windows
open without waiting for the engine; windows wait with signals, never sleeps;
dialogs are read through `notify_error`, which the `errors` fixture records.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from compare.gui.main_window import MainWindow
from compare.reading.session import ReadingSession
from compare.workspace import Workspace

ANCHOR = "diplomat-color-revolution"
DIGEST = "encyclopedia-overview"
THIRD = "wire-chronology"
TEST_THRESHOLD = 35.0  # low enough that the bundled pair has a good number of links


def make_window(qtbot, path: Path, panes=(ANCHOR, DIGEST), *, unit="paragraph", threshold=TEST_THRESHOLD,
                settings=None, size=(1400, 900)) -> MainWindow:
    """A shown window on the workspace at `path` whose first alignment has finished."""
    session = ReadingSession(Workspace.open(path), panes, unit=unit, threshold=threshold)
    window = MainWindow(session, settings=settings, theme="light")
    qtbot.addWidget(window)
    window.resize(*size)
    if window.alignment_busy():
        with qtbot.waitSignal(window.alignmentFinished, timeout=30_000):
            window.show()
    else:
        window.show()
    qtbot.waitExposed(window)
    return window


def _show_third_source(window: MainWindow) -> None:
    """Put the third bundled account in the second pane, aligned and drawn, as choosing it does."""
    session = window.session
    session.set_pane(1, THIRD)
    session.align_now()
    window.panes[1].view.show_source(session.source(1), window.theme, window.typography)


def close_window(window: MainWindow) -> None:
    window.close()
    window.session.workspace.close()


@pytest.fixture
def show_third():
    """Puts the third bundled account in a window's second pane, aligned and drawn, as choosing it does."""
    return _show_third_source


@pytest.fixture
def window(qtbot, workspace_path) -> MainWindow:
    win = make_window(qtbot, workspace_path)
    yield win
    close_window(win)


@pytest.fixture
def three_panes(qtbot, workspace_path) -> MainWindow:
    win = make_window(qtbot, workspace_path, panes=(ANCHOR, DIGEST, THIRD))
    yield win
    close_window(win)


@pytest.fixture
def window_factory(qtbot, workspace_path):
    """Build windows with custom panes, unit or settings: `window_factory(settings=...)`."""
    made: list[MainWindow] = []

    def build(**kwargs) -> MainWindow:
        made.append(make_window(qtbot, kwargs.pop("path", workspace_path), **kwargs))
        return made[-1]
    yield build
    for win in made:
        close_window(win)


@pytest.fixture
def errors(window, monkeypatch) -> list[tuple[str, str]]:
    """The dialogs the window would show, as (title, message), instead of showing them."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(window, "notify_error", lambda title, message: shown.append((title, message)))
    return shown


class LocalServer:
    """A web server on 127.0.0.1 in a thread: `pages` maps paths to (status, body, type);
    every request path is recorded, so a test can prove nothing was fetched."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, bytes, str]] = {}
        self.requests: list[str] = []
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append(self.path)
                if self.path == "/slow":
                    server.release.wait(5)  # far longer than the client's timeout; teardown cuts it short
                status, body, kind = server.pages.get(self.path, (404, b"<p>nothing here</p>", "text/html"))
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (timeout test)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    server = LocalServer()
    yield server
    server.close()


@pytest.fixture
def importing(qtbot, window):
    """`with importing():` waits until the import started in the block was added (or refused)."""
    @contextmanager
    def wait(timeout: int = 20_000) -> Iterator[None]:
        with qtbot.waitSignal(window.files.importer.finished, timeout=timeout):
            yield
    return wait


@pytest.fixture
def drop(window):
    """`drop(paths)` drags files over the window and drops them, as a file manager would."""
    def run(paths: list[Path]) -> bool:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
        centre = window.rect().center()
        enter = QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(window, enter)
        if not enter.isAccepted():
            return False
        event = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(window, event)
        return event.isAccepted()
    return run
