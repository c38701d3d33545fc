"""Link-map paint time with 500 bands, against the old link map measured in the same run.

Two generated accounts of 520 paragraphs each, joined by 500 links (mostly in
order, with local reorderings so bands cross, a few long jumps, a mix of
decisions, relations, hand-made and rejected links), are shown in two real
`ReaderView`s with a real `LinkMap` between them (offscreen Qt). Each case is
timed for the old map (the file as it was before the band cache, read from git:
`--legacy-ref`) and the new one, on the same views:

- full: `repaint()` with nothing changed (a window expose, another view's update);
- relayout: `repaint()` after the panes re-laid their text out (positions rebuilt);
- scroll: both panes scrolled 37 px (scroll lock), then `repaint()`;
- scroll one: the right pane alone scrolled, then `repaint()`;
- hover: a mouse move onto another band, then the events processed (the paint it asks for);
- status: a link in view confirmed or reset (the session re-read), then `repaint()`;
- select: another band in view selected (a click), then `repaint()`;
- afresh: `repaint()` with the new map's kept picture dropped first, as after a resize or a
  theme switch: every band painted (the old map always paints afresh);
- grab: `grab()`, a full paint into a new pixmap.

    python bench/link_map_paint.py [--repeats 40] [--legacy-ref c524246] [--dense] [--qt-thread-pool]

Qt fills on the painting thread, as the app has it (`fill_on_the_painting_thread`);
`--qt-thread-pool` measures Qt's default instead, fills handed to its GUI thread pool.

Target (issue 14): under 8 ms per paint.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget  # noqa: E402

from compare.engine.align import Alignment, AlignSettings, Evidence, Link  # noqa: E402
from compare.gui.app import fill_on_the_painting_thread  # noqa: E402
from compare.gui.document import Typography  # noqa: E402
from compare.gui.link_map import LinkMap  # noqa: E402
from compare.gui.reader_view import ReaderView  # noqa: E402
from compare.gui.selection import LinkSelection  # noqa: E402
from compare.gui.theme import LIGHT  # noqa: E402
from compare.model.records import Source  # noqa: E402
from compare.reading.session import ReadingSession  # noqa: E402
from compare.text.sources import source_from_text  # noqa: E402
from compare.workspace import Workspace  # noqa: E402

BANDS = 500
PARAGRAPHS = 520
LEGACY_REF = "c524246"  # main when the band cache was written
WORDS = ("council", "protest", "square", "minister", "statement", "troops", "airport", "night", "curfew",
         "report", "witness", "price", "fuel", "region", "city", "crowd", "police", "talks", "decree", "border")


def account(tag: str, seed: int, *, dense: bool = False) -> Source:
    """A long account: paragraphs of one to four sentences of varying length (`dense`: one short
    sentence each, so that several dozen bands are in view at once)."""
    rng = random.Random(seed)
    paragraphs = []
    for n in range(PARAGRAPHS):
        count, words = ((1, (2, 5)) if dense else (rng.randint(1, 4), (6, 22)))
        sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(*words))).capitalize() + "."
                     for _ in range(count)]
        paragraphs.append(f"{tag.upper()} {n}. " + " ".join(sentences))
    raw = f"---\nid: {tag}\ntitle: Account {tag}\n---\n\n" + "\n\n".join(paragraphs) + "\n"
    return source_from_text(raw, name=f"{tag}.md")


def links(left: Source, right: Source, seed: int) -> list[Link]:
    """BANDS links, mostly in reading order, with local swaps (crossing bands) and a few long jumps."""
    rng = random.Random(seed)
    order = list(range(len(right.paragraphs)))
    for i in range(0, len(order) - 3, 3):
        if rng.random() < 0.4:
            j = i + rng.randint(1, 3)
            order[i], order[j] = order[j], order[i]
    for _ in range(8):
        i, j = rng.randrange(len(order)), rng.randrange(len(order))
        order[i], order[j] = order[j], order[i]
    chosen = sorted(rng.sample(range(len(left.paragraphs)), BANDS))
    return [Link(left.paragraphs[i], right.paragraphs[order[i]], rng.uniform(26, 96),
                 Evidence(terms=("council",))) for i in chosen]


def build_workspace(folder: Path, *, dense: bool = False) -> tuple[Workspace, Source, Source]:
    left, right = account("left", 1, dense=dense), account("right", 2, dense=dense)
    workspace = Workspace.create(folder / "bench.parallax", sources=[left, right])
    made = links(left, right, 3)
    workspace.store_alignment(Alignment(left, (right,), AlignSettings(threshold=0.0), tuple(made)))
    rng = random.Random(4)
    for link in rng.sample(made, 120):
        kind = rng.choice(("confirm", "reject", "relation"))
        if kind == "confirm":
            workspace.confirm(link.pair_id)
        elif kind == "reject":
            workspace.reject(link.pair_id)
        else:
            workspace.set_relation(link.pair_id, rng.choice(("agrees", "contradicts", "reframes")))
    return workspace, left, right


def as_it_was(legacy: type) -> type:
    """The old map with the old session's `unmatched` too (a scan of passages times links), which
    every paint asked for: today's session bisects, and would flatter the old map."""
    class Legacy(legacy):  # type: ignore[misc, valid-type]
        def omissions(self, pane: int) -> list[tuple[int, int]]:
            session = self.session
            spans = [(s.start, s.end) for s in (pl.side(pane) for pl in session.links_of_pane(pane)
                                                if not pl.rejected)]
            return [(p.start, p.end) for p in session.passages(pane)
                    if not any(p.start < b and p.end > a for a, b in spans)]
    return Legacy


def legacy_module(ref: str) -> ModuleType | None:
    """The link map as it was at `ref`, imported from a temporary file (None when git cannot say)."""
    try:
        text = subprocess.run(["git", "-C", str(ROOT), "show", f"{ref}:compare/gui/link_map.py"],
                              check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"no baseline: cannot read the old link map from git ({exc})", file=sys.stderr)
        return None
    path = Path(tempfile.mkdtemp(prefix="legacy-link-map-")) / "legacy_link_map.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("legacy_link_map", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Stage:
    """Two reader views with one link map between them, shown offscreen."""

    def __init__(self, session: ReadingSession, left: Source, right: Source, map_class: type) -> None:
        self.window = QWidget()
        layout = QHBoxLayout(self.window)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.left, self.right = ReaderView(), ReaderView()
        self.selection = LinkSelection()
        self.map = map_class(session, self.selection, 0, self.left, self.right)
        for widget in (self.left, self.map, self.right):
            layout.addWidget(widget, 0 if widget is self.map else 1)
        for view, source in ((self.left, left), (self.right, right)):
            view.show_source(source, LIGHT, Typography())
        self.window.resize(1400, 900)
        self.window.show()
        QApplication.processEvents()

    def close(self) -> None:
        self.window.close()
        self.window.deleteLater()
        QApplication.processEvents()


def median_ms(run: Callable[[], None], repeats: int, before: Callable[[], None] | None = None) -> float:
    """Median wall time of `run` in ms; `before` prepares each repeat outside the timing."""
    times = []
    for _ in range(repeats):
        if before is not None:
            before()
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(session: ReadingSession, workspace: Workspace, left: Source, right: Source, map_class: type,
            repeats: int) -> dict[str, float]:
    stage = Stage(session, left, right, map_class)
    link_map, lv, rv = stage.map, stage.left, stage.right
    lv.set_scroll_y(lv.max_scroll() // 3)
    rv.set_scroll_y(rv.max_scroll() // 3)
    QApplication.processEvents()
    link_map.repaint()
    out: dict[str, float] = {}
    out["full"] = median_ms(link_map.repaint, repeats)
    out["relayout"] = median_ms(link_map.repaint, repeats, before=lambda: lv.layoutChanged.emit())
    steps = iter(range(10**6))

    def scroll_both() -> None:
        k = next(steps)
        delta = 37 if (k // 20) % 2 == 0 else -37
        lv.set_scroll_y(lv.scroll_y() + delta)
        rv.set_scroll_y(rv.scroll_y() + delta)

    out["scroll"] = median_ms(link_map.repaint, repeats, before=scroll_both)

    def scroll_right() -> None:
        k = next(steps)
        rv.set_scroll_y(rv.scroll_y() + (23 if (k // 20) % 2 == 0 else -23))

    out["scroll one"] = median_ms(link_map.repaint, repeats, before=scroll_right)
    QApplication.processEvents()
    link_map.repaint()
    shown = [pl for _, pl in link_map.bands()]
    targets = _hover_targets(link_map)
    flips = iter(range(10**6))
    hovers = []

    def hover() -> None:
        point = targets[next(flips) % 2]
        move = QMouseEvent(QEvent.Type.MouseMove, point, link_map.mapToGlobal(point), Qt.MouseButton.NoButton,
                           Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(link_map, move)
        QApplication.processEvents()
        hovers.append(link_map.hovered)

    out["hover"] = median_ms(hover, repeats)
    assert len(set(hovers)) == 2 and None not in hovers, "the hover case must move between two bands"
    target = shown[len(shown) // 2].pair_id
    decisions = iter(range(10**6))

    def decide() -> None:
        if next(decisions) % 2:
            workspace.reset(target)
        else:
            workspace.confirm(target)
        session.invalidate()
        session.pane_links()  # the session's re-read is not the map's cost: both maps would pay it

    out["status"] = median_ms(link_map.repaint, repeats, before=decide)
    workspace.reset(target)
    session.invalidate()
    chosen = iter(range(10**6))
    picks = [shown[len(shown) // 3], shown[2 * len(shown) // 3]]

    def select() -> None:
        pl = picks[next(chosen) % 2]
        stage.selection.set(pl, [pl], origin="map")

    out["select"] = median_ms(link_map.repaint, repeats, before=select)
    stage.selection.clear("map")
    link_map.repaint()
    out["afresh"] = median_ms(link_map.repaint, repeats, before=getattr(link_map, "invalidate_picture", None))
    out["grab"] = median_ms(link_map.grab, repeats)
    out["bands drawn"] = float(len(link_map.bands()))
    stage.close()
    return out


def _hover_targets(link_map) -> list[QPointF]:
    """Two points, each where only one band lies (on its centre line), for the mouse to move between."""
    bands = link_map.bands()
    points = []
    for _, pl in bands:
        point = link_map._centres[pl.pair_id].pointAtPercent(0.5)
        if sum(path.contains(point) for path, _ in bands) == 1:
            points.append(point)
    assert len(points) >= 2, "the bench needs two bands in view that do not overlap at their middles"
    return points[:2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--legacy-ref", default=LEGACY_REF)
    parser.add_argument("--dense", action="store_true", help="one short sentence a paragraph: dozens of bands in view")
    parser.add_argument("--qt-thread-pool", action="store_true",
                        help="let Qt hand fills to its GUI thread pool (its default; the app turns it off)")
    args = parser.parse_args(argv)
    if not args.qt_thread_pool:
        fill_on_the_painting_thread()
    _app = QApplication.instance() or QApplication([])
    legacy = legacy_module(args.legacy_ref)
    with tempfile.TemporaryDirectory(prefix="link-map-bench-") as folder:
        workspace, left, right = build_workspace(Path(folder), dense=args.dense)
        session = ReadingSession(workspace, [left.id, right.id], threshold=0.0)
        results = {}
        if legacy is not None:
            results["old"] = measure(session, workspace, left, right, as_it_was(legacy.LinkMap), args.repeats)
            results["old map*"] = measure(session, workspace, left, right, legacy.LinkMap, args.repeats)
        results["new"] = measure(session, workspace, left, right, LinkMap, args.repeats)
        workspace.close()
    pool = "QT_NO_GUI_THREADPOOL" not in os.environ  # Qt read it once, at the first fill
    print(f"{len(session.pair_links(0))} bands, {PARAGRAPHS} {'one-line ' if args.dense else ''}paragraphs a side; "
          "median ms per paint "
          f"over {args.repeats} repeats; fills {'on the GUI thread pool' if pool else 'on the painting thread'}")
    if "old" in results:
        print("old: the link map and session as at the baseline; old map*: the old map on today's session")
    print(f"{'case':<12}" + "".join(f"{name:>10}" for name in results) + ("   old/new" if "old" in results else ""))
    for case in results["new"]:
        row = f"{case:<12}" + "".join(f"{r[case]:>10.2f}" for r in results.values())
        if "old" in results and case != "bands drawn":
            row += f"{results['old'][case] / max(results['new'][case], 1e-6):>9.1f}x"
        print(row)
    worst = max(v for k, v in results["new"].items() if k != "bands drawn")
    print(f"slowest new paint {worst:.2f} ms (target < 8 ms): {'met' if worst < 8 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
