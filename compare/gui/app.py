"""`python main.py` with no subcommand: the desktop reader, or a screenshot of it.

`--screenshot PATH` renders the window with the alignment done and exits;
it needs no screen (offscreen platform when there is no display) and never
reads or writes the user's settings, so the picture is the same everywhere.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from compare.align import DEFAULT_THRESHOLD
from compare.errors import SourceError
from compare.model import UNITS, Source

SCREENSHOT_SIZE = (1600, 1000)
SCREENSHOT_TIMEOUT_MS = 120_000


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="parallax", description="Read divergent accounts side by side.")
    parser.add_argument("--sources", nargs="+", metavar="ID_OR_PATH",
                        help="accounts to show in the panes, left to right (bundled ids or files)")
    parser.add_argument("--unit", choices=UNITS, help="align paragraphs or sentences")
    parser.add_argument("--threshold", type=float, help=f"minimum score (default {DEFAULT_THRESHOLD:.0f})")
    parser.add_argument("--theme", choices=("system", "light", "dark"),
                        help="colours (default: follow the system)")
    parser.add_argument("--screenshot", metavar="PATH", help="write a PNG of the window and exit")
    parser.add_argument("--width", type=int, default=SCREENSHOT_SIZE[0], help="screenshot width")
    parser.add_argument("--height", type=int, default=SCREENSHOT_SIZE[1], help="screenshot height")
    return parser.parse_args(list(argv))


def load_library(refs: Sequence[str] | None) -> tuple[tuple[Source, ...], list[str]]:
    """The bundled sources plus any files named; and which ids go in the panes."""
    from compare.sources import bundled_sources, resolve_source

    library = {s.id: s for s in bundled_sources()}
    panes: list[str] = []
    for ref in refs or ():
        source = resolve_source(ref)
        library[source.id] = source
        panes.append(source.id)
    return tuple(library.values()), panes


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.screenshot and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        library, panes = load_library(args.sources)
    except SourceError as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        return 2

    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from compare.gui.main_window import MainWindow
    from compare.gui.session import ReadingSession
    from compare.gui.settings import open_settings

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "parallax"])
    app.setApplicationName("Parallax")
    app.setOrganizationName("Parallax")
    app.setApplicationDisplayName("Parallax")
    session = ReadingSession(library, panes, unit=args.unit or "paragraph",
                          threshold=DEFAULT_THRESHOLD if args.threshold is None else args.threshold)
    if args.screenshot:
        previous = qInstallMessageHandler(None)
        qInstallMessageHandler(_without_offscreen_noise(previous))
        try:
            return screenshot(MainWindow(session, settings=None, theme=args.theme or "light"),
                              args.screenshot, (args.width, args.height))
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
    return app.exec()


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


def screenshot(window, path: str, size: tuple[int, int]) -> int:
    """Show `window` at `size`, wait for the alignment, select the strongest link, save a PNG."""
    from PySide6.QtCore import QEventLoop, QTimer
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
    links = sorted(window.session.pane_links(), key=lambda pl: -pl.link.score)
    if links:
        window.show_link(links[0].pair_id, "keyboard", flash=False)
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
