"""Fixtures for driving the real reader window offscreen.

Settings go to a temporary directory (PARALLAX_SETTINGS_DIR), never the
user's; windows wait for their alignment with signals, never with sleeps.
"""

from __future__ import annotations

import pytest

from compare import bundled_sources
from compare.gui.main_window import MainWindow
from compare.gui.session import ReadingSession

ANCHOR = "diplomat-color-revolution"
DIGEST = "encyclopedia-overview"
THIRD = "wire-chronology"
TEST_THRESHOLD = 35.0  # low enough that the bundled pair has a good number of links


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """No test may read or write the real user's settings."""
    path = tmp_path / "settings"
    monkeypatch.setenv("PARALLAX_SETTINGS_DIR", str(path))
    return path


def make_window(qtbot, panes=(ANCHOR, DIGEST), *, unit="paragraph", threshold=TEST_THRESHOLD,
                settings=None, size=(1400, 900)) -> MainWindow:
    """A shown window whose first alignment has finished."""
    session = ReadingSession(bundled_sources(), panes, unit=unit, threshold=threshold)
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


@pytest.fixture
def window(qtbot) -> MainWindow:
    win = make_window(qtbot)
    yield win
    win.close()


@pytest.fixture
def three_panes(qtbot) -> MainWindow:
    win = make_window(qtbot, panes=(ANCHOR, DIGEST, THIRD))
    yield win
    win.close()


@pytest.fixture
def window_factory(qtbot):
    """Build windows with custom panes, unit or settings: `window_factory(settings=...)`."""
    return lambda **kwargs: make_window(qtbot, **kwargs)
