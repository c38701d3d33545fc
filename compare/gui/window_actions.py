"""The window's reading commands, their keys, and where every command appears.

Kept apart from the window so the list of what an analyst can do, and with
which key, reads in one place (with `file_actions` and `review_actions`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar, QWidget

from compare.gui.controls import AlignControls

if TYPE_CHECKING:
    from compare.gui.file_actions import FileActions
    from compare.gui.host import ReadingHost
    from compare.gui.review_actions import ReviewActions

Keys = Sequence[str | QKeySequence | QKeySequence.StandardKey]


def make_action(window: QWidget, text: str, slot: Callable, keys: Keys = (), tip: str = "",
                checked: bool | None = None) -> QAction:
    """An action on `window` with its keys (each once), tip and slot; its keys work anywhere in it."""
    action = QAction(text, window)
    if keys:  # a standard key may repeat an explicit one (Ctrl+-): keep each once
        unique = {QKeySequence(k).toString(): QKeySequence(k) for k in keys}
        action.setShortcuts([k for k in unique.values() if not k.isEmpty()])
    action.setToolTip(tip or text)
    action.setStatusTip(tip or text)
    action.setCheckable(checked is not None)
    action.setChecked(bool(checked))
    (action.toggled if checked is not None else action.triggered).connect(slot)
    window.addAction(action)  # shortcuts work wherever the focus is in the window
    return action


class WindowActions:
    """Creates the reading actions on `window` and lays out its toolbar and menus.

    File and review commands live in `FileActions` and `ReviewActions`; this
    class places them, so every menu with its keys reads in `build_menus`.
    """

    def __init__(self, host: ReadingHost, window: QMainWindow) -> None:
        self.window = window
        self.host = host
        w = host
        a = self._action
        self.next = a("Next link", lambda: w.step_link(1), ["F8", "Alt+Down"], "Next linked passage (F8, Alt+↓)")
        self.previous = a("Previous link", lambda: w.step_link(-1), ["Shift+F8", "Alt+Up"],
                          "Previous linked passage (Shift+F8, Alt+↑)")
        self.next_omission = a("Next passage without counterpart", lambda: w.step_omission(1), ["F9"],
                               "Next passage the neighbouring account leaves out (F9)")
        self.previous_omission = a("Previous passage without counterpart", lambda: w.step_omission(-1),
                                   ["Shift+F9"], "Previous passage the neighbouring account leaves out (Shift+F9)")
        self.next_contested = a("Next contested pair", lambda: w.step_contested(1), ["Ctrl+F8"],
                                "Next rejected, contradicting, reframing or stale pair (Ctrl+F8)")
        self.previous_contested = a("Previous contested pair", lambda: w.step_contested(-1), ["Ctrl+Shift+F8"],
                                    "Previous rejected, contradicting, reframing or stale pair (Ctrl+Shift+F8)")
        self.find = a("Find…", w.open_find, [QKeySequence.StandardKey.Find], "Find in this pane (Ctrl+F)")
        self.zoom_in = a("Zoom in", lambda: w.zoom(1), ["Ctrl+=", QKeySequence.StandardKey.ZoomIn])
        self.zoom_out = a("Zoom out", lambda: w.zoom(-1), ["Ctrl+-", QKeySequence.StandardKey.ZoomOut])
        self.zoom_reset = a("Actual size", lambda: w.zoom(0), ["Ctrl+0"])
        self.add_pane = a("Add pane", w.add_pane, ["Ctrl+T"], "Show one more account (up to four)")
        self.scroll_lock = a("Scroll lock", w.set_scroll_lock, ["Ctrl+K"],
                             "Scroll panes together, keeping linked passages level (Ctrl+K)", checked=True)
        self.show_unmatched = a("Show unmatched", w.set_show_unmatched, ["Ctrl+U"],
                                "Mark passages with no counterpart (hatched gutter)", checked=True)
        self.realign = a("Re-align shown accounts", w.realign, ["Ctrl+Shift+A"],
                         "Run the engine again on the panes' pairs; every decision is kept")
        self.cancel = a("Cancel", w.cancel_work, ["Ctrl+."], "Stop the alignment or import that is running")
        self.cancel.setEnabled(False)
        for action, short in ((self.previous, "◀ Previous"), (self.next, "Next ▶"), (self.zoom_out, "A−"),
                              (self.zoom_in, "A+"), (self.add_pane, "+ Pane")):
            action.setIconText(short)
        self.controls = AlignControls()
        self.themes = QActionGroup(window)

    def _action(self, text: str, slot: Callable, keys: Keys = (), tip: str = "",
                checked: bool | None = None) -> QAction:
        return make_action(self.window, text, slot, keys, tip, checked)

    def build_toolbars(self, review: Sequence[QAction]) -> tuple[QToolBar, QToolBar]:
        """Two bars, so a narrow window can stack them in two rows instead of hiding
        Confirm, Reject and the zoom behind an overflow arrow (issue 12, defect 4)."""
        reading = self._bar("Reading", "controlsToolbar")
        reading.addWidget(self.controls)
        reading.addSeparator()
        reading.addActions([self.previous, self.next, self.scroll_lock, self.show_unmatched])
        acting = self._bar("Review", "reviewToolbar")
        acting.addActions(list(review))
        acting.addSeparator()
        acting.addActions([self.add_pane, self.zoom_out, self.zoom_in])
        return reading, acting

    def _bar(self, title: str, name: str) -> QToolBar:
        bar = QToolBar(title, self.window)
        bar.setObjectName(name)
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return bar

    def build_menus(self, theme_choice: str, dock_toggles: Sequence[QAction], files: FileActions,
                    review: ReviewActions, alignment: Sequence[QAction] = ()) -> None:
        w = self.host
        menus = self.window.menuBar()
        files.fill_menu(menus.addMenu("&File"))
        edit_menu = menus.addMenu("&Edit")
        edit_menu.addActions([review.undo, review.redo])
        edit_menu.addSeparator()
        edit_menu.addAction(review.copy_pair)
        review.fill_menu(menus.addMenu("&Review"))
        view_menu = menus.addMenu("&View")
        view_menu.addActions([self.zoom_in, self.zoom_out, self.zoom_reset])
        view_menu.addSeparator()
        view_menu.addActions([self.add_pane, self.scroll_lock, self.show_unmatched])
        colours = view_menu.addMenu("Colours")
        for choice, label in (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")):
            action = colours.addAction(label, partial(w.set_theme, choice))
            action.setCheckable(True)
            action.setChecked(choice == theme_choice)
            self.themes.addAction(action)
        view_menu.addSeparator()
        view_menu.addActions(list(dock_toggles))
        go_menu = menus.addMenu("&Go")
        go_menu.addActions([self.next, self.previous])
        go_menu.addSeparator()
        go_menu.addActions([self.next_omission, self.previous_omission, self.next_contested,
                            self.previous_contested])
        go_menu.addSeparator()
        go_menu.addAction(self.find)
        align_menu = menus.addMenu("&Alignment")
        align_menu.addActions([self.realign, self.cancel])
        if alignment:
            align_menu.addSeparator()
            align_menu.addActions(list(alignment))
