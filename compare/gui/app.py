"""`python main.py` with no subcommand: the desktop reader, or a screenshot of it.

The reader works on a workspace: the user's default one (created with the
bundled accounts on first run, in the data folder or PARALLAX_DATA_DIR), or
the file given with `--workspace`. `--screenshot PATH` renders the window
with the alignment done and exits; it needs no screen (offscreen platform
when there is no display), never reads or writes the user's settings, and
works on a temporary workspace (a fresh one, or a copy of `--workspace`), so
it writes nothing anywhere but the PNG and the picture is the same everywhere.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from compare.engine.align import DEFAULT_THRESHOLD
from compare.model.errors import SourceError
from compare.model.records import UNITS
from compare.workspace import Workspace, fetch_file
from compare.workspace.source_rows import sha256

SCREENSHOT_SIZE = (1600, 1000)
SCREENSHOT_TIMEOUT_MS = 120_000


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="parallax", description="Read divergent accounts side by side.")
    parser.add_argument("--workspace", metavar="PATH",
                        help="workspace file to open (default: your own, created on first run)")
    parser.add_argument("--sources", nargs="+", metavar="ID_OR_PATH",
                        help="accounts to show in the panes, left to right (workspace ids, or files, "
                             "which are imported into the workspace)")
    parser.add_argument("--unit", choices=UNITS, help="align paragraphs or sentences")
    parser.add_argument("--threshold", type=float, help=f"minimum score (default {DEFAULT_THRESHOLD:.0f})")
    parser.add_argument("--theme", choices=("system", "light", "dark"),
                        help="colours (default: follow the system)")
    parser.add_argument("--screenshot", metavar="PATH", help="write a PNG of the window and exit")
    parser.add_argument("--width", type=int, default=SCREENSHOT_SIZE[0], help="screenshot width")
    parser.add_argument("--height", type=int, default=SCREENSHOT_SIZE[1], help="screenshot height")
    parser.add_argument("--synopsis", action="store_true",
                        help="with --screenshot: build the synopsis and show it beside the reader")
    return parser.parse_args(list(argv))


def resolve_sources(workspace: Workspace, refs: Sequence[str] | None) -> list[str]:
    """The ids for the panes: workspace ids as they are, files imported (once: by content)."""
    ids = {s.id for s in workspace.sources()}
    panes: list[str] = []
    for ref in refs or ():
        if ref in ids:
            panes.append(ref)
            continue
        incoming = fetch_file(ref)
        known = {e.content_sha256: e.id for e in workspace.entries()}
        existing = known.get(sha256(incoming.document.markdown))
        panes.append(existing or workspace.add_imported([incoming])[0].id)
    return panes


@contextmanager
def open_workspace(args: argparse.Namespace) -> Iterator[Workspace]:
    """The workspace to read: a temporary one for screenshots, else `--workspace` or the default."""
    if not args.screenshot:
        workspace = Workspace.open(args.workspace) if args.workspace else Workspace.open_default()
        try:
            yield workspace
        finally:
            workspace.close()
        return
    with tempfile.TemporaryDirectory(prefix="parallax-shot-") as folder:
        target = Path(folder) / "screenshot.parallax"
        if args.workspace:
            with Workspace.open(args.workspace) as original:
                workspace = original.copy_to(target)
        else:
            workspace = Workspace.create(target)
        try:
            yield workspace
        finally:
            workspace.close()


def has_screen() -> bool:
    """Whether Qt can open a window here; only a Linux session without X or Wayland cannot."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def fill_on_the_painting_thread() -> None:
    """Ask Qt to fill shapes on the thread that paints, not on its GUI thread pool; call before
    the first paint (Qt reads the variable once).

    Qt's raster engine hands the spans of every fill larger than a few dozen spans to that pool
    and waits for it. The fills here are small (text runs, the link map's bands), so the hand-off
    costs more than the work: each one wakes a sleeping core. Painting all 44 bands of the dense
    link map (`bench/link_map_paint.py --dense`) took 5-13 ms with the pool and about 3 ms without
    (issue 14). The app scales no images, the pool's other use. A variable already set is left.
    """
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    fill_on_the_painting_thread()
    if args.screenshot and not has_screen():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not has_screen():
        # Qt would abort with a plugin error and a core dump; say what to do instead.
        print("parallax: no screen to open a window on (DISPLAY and WAYLAND_DISPLAY are unset); "
              "use `--screenshot PATH`, the command line (`parallax --help`), or run it on a desktop",
              file=sys.stderr)
        return 2
    from compare.engine.semantic import use_encoder_threads
    from compare.model.threads import usable_cores

    use_encoder_threads(usable_cores())  # the app never forks: e5 may read a new page on every core
    try:
        with derived_data_kept(not args.screenshot), open_workspace(args) as workspace:
            panes = resolve_sources(workspace, args.sources)
            return run(args, workspace, panes)
    except SourceError as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        if not args.screenshot:
            refused_at_start(exc, Path(args.workspace) if args.workspace else None)
        return 2


@contextmanager
def derived_data_kept(on: bool) -> Iterator[None]:
    """Keep renderings and features in the user's cache folder while the app runs, so the next
    start (or the next alignment) reuses them (issue 14); off for a screenshot, which writes
    nothing but its PNG. Restored afterwards: `main` also runs inside other programs (tests)."""
    from compare.engine.extraction import use_disk_cache
    from compare.model.disk_cache import DiskCache
    from compare.model.locations import cache_dir
    from compare.workspace.source_rows import keep_rendered_sources

    keep_rendered_sources(on)
    use_disk_cache(DiskCache(cache_dir()) if on else None)
    try:
        yield
    finally:
        keep_rendered_sources(True)
        use_disk_cache(None)


def refused_at_start(exc: SourceError, path: Path | None) -> None:
    """The workspace could not be opened: say so in a dialog, and for a damaged one offer to export
    what is still readable (the file itself is left untouched)."""
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    from compare.gui.asking import ask, message_box
    from compare.workspace.location import default_workspace_path
    from compare.workspace.schema import DamagedWorkspace

    _app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "parallax"])  # dialogs need one
    if not isinstance(exc, DamagedWorkspace):
        message_box(None, QMessageBox.Icon.Critical, "Parallax cannot start", str(exc)).exec()
        return
    answer = ask(None, QMessageBox.Icon.Question, "The workspace is damaged",
                 f"{exc}\n\nExport every pair that can still be read from it?")
    if answer != QMessageBox.StandardButton.Yes:
        return
    damaged = path or default_workspace_path()
    target, _ = QFileDialog.getSaveFileName(None, "Export what is readable", str(damaged.with_suffix(".csv")),
                                            "Pairs (*.csv *.xlsx *.json *.jsonl *.md)")
    if target:
        from compare.export import export
        from compare.workspace import content

        try:
            found = content.salvage(damaged)
            export(found.records, target, overwrite=Path(target).exists())
            message_box(None, QMessageBox.Icon.Information, "Exported",
                        f"{len(found.records)} readable pair(s) written to {target}.").exec()
        except SourceError as err:
            message_box(None, QMessageBox.Icon.Critical, "Cannot export", str(err)).exec()


def run(args: argparse.Namespace, workspace: Workspace, panes: list[str]) -> int:
    """Show the window on `workspace` (or photograph it) until it closes."""
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from compare.gui.main_window import MainWindow
    from compare.gui.settings import open_settings
    from compare.reading.session import ReadingSession

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "parallax"])
    app.setApplicationName("Parallax")
    app.setOrganizationName("Parallax")
    QGuiApplication.setApplicationDisplayName("Parallax")
    session = ReadingSession(workspace, panes, unit=args.unit or "paragraph",
                             threshold=DEFAULT_THRESHOLD if args.threshold is None else args.threshold)
    if args.screenshot:
        previous = qInstallMessageHandler(None)
        qInstallMessageHandler(_without_offscreen_noise(previous))
        try:
            return screenshot(MainWindow(session, settings=None, theme=args.theme or "light"),
                              args.screenshot, (args.width, args.height), synopsis=args.synopsis)
        finally:
            qInstallMessageHandler(previous)
    settings = open_settings()
    window = MainWindow(session, settings=settings, theme=args.theme)
    if panes:  # sources named on the command line win over the remembered ones
        window.set_panes(panes)
    for override, setter in ((args.unit, window.set_unit), (args.threshold, window.set_threshold)):
        if override is not None:
            setter(override)
    window.show()
    _close_on_interrupt(window)
    code = app.exec()
    window.session.workspace.close()  # the window may have switched to another workspace
    return code


def _close_on_interrupt(window) -> None:
    """Ctrl+C in the terminal closes the window properly (settings saved), as users expect.

    Qt's event loop never returns to Python on its own, so a timer lets the
    interpreter run its signal handlers a few times a second.
    """
    import signal

    from PySide6.QtCore import QTimer

    signal.signal(signal.SIGINT, lambda *_: window.close())
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(250)


def screenshot(window, path: str, size: tuple[int, int], *, synopsis: bool = False) -> int:
    """Show `window` at `size`, wait for the alignment, select the strongest link, save a PNG."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    window.resize(*size)
    window.show()
    loop = QEventLoop()
    timer = QTimer(singleShot=True)
    timer.timeout.connect(loop.quit)
    window.alignmentFinished.connect(loop.quit)
    window.alignmentCancelled.connect(loop.quit)
    if window.alignment_busy():
        timer.start(SCREENSHOT_TIMEOUT_MS)
        loop.exec()
    ok = not window.alignment_busy()
    QApplication.processEvents()
    links = sorted(window.session.pane_links(), key=lambda pl: (pl.rejected, -pl.link.score))
    if links:
        window.show_link(links[0].pair_id, "keyboard", flash=False)
    if synopsis:
        window.build_synopsis(wait=True)
        window.resizeDocks([window.synopsis_dock], [size[1] * 2 // 5], Qt.Orientation.Vertical)
        dock = window.synopsis_dock
        contested = next((n for n, e in enumerate(dock.rows) if e.contested and len(e.told_by) > 2), 0)
        dock.select(contested, 1)
    QApplication.processEvents()
    saved = window.grab().save(path, "PNG")
    window.close()
    window.deleteLater()
    if not ok:
        print("parallax: the alignment did not finish in time", file=sys.stderr)
        return 1
    if not saved:
        print(f"parallax: could not write {path}", file=sys.stderr)
        return 1
    return 0


def _without_offscreen_noise(previous):
    """The offscreen platform warns it cannot resize a window frame; that is expected here."""
    def handler(mode, context, message: str) -> None:
        if "propagateSizeHints" in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            print(message, file=sys.stderr)
    return handler
