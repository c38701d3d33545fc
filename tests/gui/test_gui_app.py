"""`main.py --screenshot`, settings that persist (elsewhere than the user's), the PySide guard."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

import compare.gui  # noqa: F401  (applies the PySide guard)
from compare.gui.app import main
from compare.gui.settings import open_settings, settings_path

ROOT = Path(__file__).resolve().parents[2]
THIRD = "wire-chronology"


def distinct_colours(image: QImage, step: int = 7) -> int:
    return len({image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)})


def test_screenshot_in_process(qapp, tmp_path):
    path = tmp_path / "s.png"
    assert main(["--screenshot", str(path), "--width", "1200", "--height", "800"]) == 0
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1200, 800)
    assert distinct_colours(image) > 50


def test_screenshot_from_the_command_line_without_a_screen(tmp_path):
    path = tmp_path / "shot.png"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PARALLAX_SETTINGS_DIR"] = str(tmp_path / "settings")
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--screenshot", str(path),
                           "--sources", "diplomat-color-revolution", THIRD],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1600, 1000)
    assert distinct_colours(image) > 50
    assert not (tmp_path / "settings").exists()  # a screenshot never writes settings


def test_without_a_screen_the_window_is_refused_with_a_reason(tmp_path):
    """Qt alone would abort with a platform-plugin error; nothing may be written either."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PARALLAX_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    if sys.platform.startswith("linux"):
        assert done.returncode == 2
        assert done.stderr.startswith("parallax: no screen") and done.stderr.count("\n") == 1
        assert not (tmp_path / "data").exists()


def test_unknown_source_is_a_one_line_error(capsys):
    assert main(["--screenshot", "x.png", "--sources", "no-such-source"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("parallax: ") and err.count("\n") == 1


def test_settings_live_where_the_environment_says(isolated_settings):
    assert settings_path().parent == isolated_settings
    assert Path(open_settings().fileName()).parent == isolated_settings


def test_window_remembers_sources_unit_threshold_and_layout(window_factory):
    first = window_factory(settings=open_settings())
    first.set_pane_source(1, THIRD)
    first.set_threshold(42)
    first.pair_dock.hide()
    first.close()
    second = window_factory(settings=open_settings())
    assert second.session.panes[1] == THIRD
    assert second.session.threshold == 42
    assert second.controls.slider.value() == 42
    assert not second.pair_dock.isVisible()
    second.close()


def test_void_qt_calls_cannot_exhaust_none():
    rect = QRectF()
    for _ in range(20_000):
        rect.setWidth(2.0)
    assert sys.getrefcount(None) > 10_000


def test_reading_state_is_kept_per_workspace_and_as_it_changes(window_factory, workspace_path, tmp_path):
    import shutil

    other = tmp_path / "other.parallax"
    shutil.copy(workspace_path, other)
    first = window_factory(settings=open_settings())
    first.set_pane_source(1, THIRD)
    first.set_threshold(47)
    # No clean quit: what changed is on disk already (a crash must not lose it).
    again = window_factory(settings=open_settings())
    assert again.session.panes[1] == THIRD and again.session.threshold == 47
    fresh = window_factory(path=other, settings=open_settings())
    assert fresh.session.panes[1] != THIRD  # another workspace opens with its own (default) panes
    assert fresh.session.threshold != 47
