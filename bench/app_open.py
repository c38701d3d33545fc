"""How long the app takes to open, from process start (imports included) to a painted window.

Each start is a fresh process (`python main.py`, offscreen Qt, temporary HOME,
data, cache and settings folders). The time is taken by this script, just
before it starts the process, against the lines the child prints on stderr
when the main window first paints (`window`) and when a link map first paints
a band (`links`); the child then closes its window, as a user would (settings
are saved). Nothing in the app is changed for this: the child is this script
(`--child CHECKOUT`), which wraps `QMainWindow.show` to watch the paints and
then runs the checkout's `main.py`.

Cases, each for this checkout and for a baseline checkout measured in the same
run (`--baseline DIR`, e.g. `git worktree add` or `git archive` of main):

- new: a first start, empty folders: the default workspace is created with the
  bundled sources and the two shown accounts aligned in the background;
- existing: the second start on the folders the first one left;
- floor: `python -c "import PySide6.QtWidgets"`, and a bare `QMainWindow`
  shown and painted: what no change to Parallax can go below.

    python bench/app_open.py [--baseline /tmp/parallax-main] [--repeats 3]

Targets (issue 14): existing < 0.5 s, new < 1.5 s to the first window with content.
"""

from __future__ import annotations

import argparse
import os
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = "parallax-probe"
TIMEOUT_S = 120


def child(checkout: Path, argv: list[str]) -> None:
    """Run `checkout`'s main.py with the paint watch installed on the first shown main window."""
    sys.path.insert(0, str(checkout))
    sys.argv = [str(checkout / "main.py"), *argv]
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    class Watch(QObject):
        def __init__(self, window: QWidget) -> None:
            super().__init__(window)
            self.window, self.seen = window, set()
            app = QApplication.instance()
            assert app is not None
            app.installEventFilter(self)
            QTimer.singleShot(TIMEOUT_S * 1000, lambda: self.say("timeout", time.time(), done=True))

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) \
                    and watched.window() is self.window:
                now = time.time()
                self.say("window", now)
                if type(watched).__name__ == "LinkMap":  # did this paint draw a band? known once done
                    QTimer.singleShot(0, lambda w=watched, t=now: self.bands(w, t))
            return False

        def bands(self, link_map: QWidget, when: float) -> None:
            drawn = getattr(link_map, "drawn", None)
            if drawn is None:  # the link map before the band cache kept what it drew here
                drawn = getattr(link_map, "_paths", None)
            if drawn:
                self.say("links", when, done=True)

        def say(self, what: str, when: float, *, done: bool = False) -> None:
            if what not in self.seen:
                self.seen.add(what)
                print(f"{PROBE} {what} {when:.6f}", file=sys.stderr, flush=True)
            if done:
                app = QApplication.instance()
                if app is not None:
                    app.removeEventFilter(self)
                self.window.close()

    show = QMainWindow.show

    def watched_show(self: QMainWindow) -> None:
        show(self)
        if not getattr(QMainWindow, "_watched", False):
            QMainWindow._watched = True  # type: ignore[attr-defined]
            Watch(self)

    QMainWindow.show = watched_show  # type: ignore[method-assign]
    runpy.run_path(str(checkout / "main.py"), run_name="__main__")


BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QLabel("text"))
class Watch(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print("%s window %.6f" % (sys.argv[1], time.time()), file=sys.stderr, flush=True)
            app.removeEventFilter(self)
            QTimer.singleShot(0, app.quit)
        return False
watch = Watch()
app.installEventFilter(watch)
window.resize(1500, 940)
window.show()
app.exec()
"""


def environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_CONFIG_HOME": str(home / "config"), "PARALLAX_DATA_DIR": str(home / "parallax-data"),
        "PARALLAX_CACHE_DIR": str(home / "parallax-cache"), "PARALLAX_SETTINGS_DIR": str(home / "settings"),
        "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "",
    })
    env.pop("PYTHONPATH", None)
    return env


def start(command: list[str], env: dict[str, str], cwd: Path) -> dict[str, float]:
    """Run one process; seconds from just before it started to each probe line it printed."""
    began = time.time()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT_S + 30)
    found = {}
    for line in done.stderr.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == PROBE:
            found[parts[1]] = float(parts[2]) - began
    if "window" not in found:
        raise SystemExit(f"{' '.join(command)} never painted a window:\n{done.stderr[-2000:]}")
    found["exit"] = time.time() - began
    return found


def open_times(checkouts: dict[str, Path], repeats: int) -> dict[str, dict[str, dict[str, float]]]:
    """Medians over `repeats` pairs of starts (a new workspace, then the same folders again) of each
    checkout, taken in turn within each repeat so that the load of a shared machine falls on all alike."""
    runs: dict[str, dict[str, list[dict[str, float]]]] = {name: {"new": [], "existing": []} for name in checkouts}
    for _ in range(repeats):
        for name, checkout in checkouts.items():
            command = [sys.executable, str(Path(__file__).resolve()), "--child", str(checkout)]
            home = Path(tempfile.mkdtemp(prefix="parallax-open-"))
            try:
                env = environment(home)
                runs[name]["new"].append(start(command, env, checkout))
                runs[name]["existing"].append(start(command, env, checkout))
            finally:
                shutil.rmtree(home, ignore_errors=True)
    return {name: {case: {key: statistics.median(r.get(key, float("nan")) for r in found) for key in found[0]}
                   for case, found in cases.items()} for name, cases in runs.items()}


def floor_times(repeats: int) -> dict[str, float]:
    home = Path(tempfile.mkdtemp(prefix="parallax-floor-"))
    try:
        env = environment(home)
        imports, bare = [], []
        for _ in range(repeats):
            began = time.time()
            subprocess.run([sys.executable, "-c", "import PySide6.QtWidgets"], env=env, check=True)
            imports.append(time.time() - began)
            bare.append(start([sys.executable, "-c", BARE_WINDOW, PROBE], env, home)["window"])
        return {"import PySide6.QtWidgets": statistics.median(imports),
                "bare QMainWindow painted": statistics.median(bare)}
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--child"]:
        child(Path(args[1]), args[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another checkout to measure the same way (e.g. main)")
    parser.add_argument("--repeats", type=int, default=3)
    opts = parser.parse_args(args)
    floor = floor_times(opts.repeats)
    checkouts = {"this": ROOT}
    if opts.baseline is not None:
        checkouts = {"baseline": opts.baseline.resolve(), **checkouts}
    results = open_times(checkouts, opts.repeats)
    print(f"seconds from process start, median of {opts.repeats} (offscreen; 'window' = first paint of the "
          "main window, 'links' = first link-map paint with a band)")
    for name, value in floor.items():
        print(f"  floor: {name:<28} {value:6.3f}")
    for case in ("new", "existing"):
        for event in ("window", "links"):
            row = f"  {case:<9}{event:<8}" + "".join(f"{name:>10} {r[case].get(event, float('nan')):6.3f}"
                                                      for name, r in results.items())
            if "baseline" in results:
                row += f"   baseline/this {results['baseline'][case][event] / results['this'][case][event]:4.2f}x"
            print(row)
    this = results["this"]
    print(f"targets: existing < 0.5 s ({this['existing']['links']:.3f}), "
          f"new < 1.5 s to a window with content ({this['new']['window']:.3f}; links at {this['new']['links']:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
