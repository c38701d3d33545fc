"""The reader's window: panes with link maps between them, the docks, the controls.

It wires views to the workspace and the aligner; what to draw comes from the
workspace, where to scroll from the navigator, what to compute from the
aligner. It owns no alignment logic.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QToolBar,
    QToolButton,
    QWidget,
)

from compare.errors import SourceError
from compare.gui.controls import AlignControls
from compare.gui.document import Typography
from compare.gui.library_dock import LibraryDock
from compare.gui.link_map import LinkMap
from compare.gui.navigator import Navigator
from compare.gui.pair_dock import PairDock
from compare.gui.pair_model import PairTableModel
from compare.gui.reader_pane import ReaderPane
from compare.gui.reader_view import PaneMarks
from compare.gui.selection import LinkSelection
from compare.gui.settings import read_bool, read_float, read_list
from compare.gui.theme import Theme, apply_theme, theme_for
from compare.gui.worker import Aligner
from compare.gui.workspace import MAX_PANES, Workspace
from compare.model import Unit
from compare.sources import load_source

ZOOM_STEPS = (0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6, 1.8, 2.0)


class MainWindow(QMainWindow):
    """Parallax: accounts side by side, linked passages joined across the gaps."""

    alignmentFinished = Signal()
    alignmentCancelled = Signal()

    def __init__(self, workspace: Workspace, *, settings: QSettings | None = None,
                 theme: str | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Parallax")
        self.workspace = workspace
        self.settings = settings
        saved = str(settings.value("view/theme", "system")) if settings is not None else "system"
        self.theme_choice = theme or (saved if saved in ("system", "light", "dark") else "system")
        self.theme: Theme = theme_for(self.theme_choice)
        self.typography = Typography()
        self.active_pane = 0
        self.extra_paths: list[str] = []
        self.selection = LinkSelection(self)
        self.aligner = Aligner(self)
        self.panes: list[ReaderPane] = []
        self.maps: list[LinkMap] = []
        self.navigator = Navigator(workspace, self.selection, lambda: self.panes, self)
        self.pair_model = PairTableModel(self.workspace.library.get, self)
        self._build_central()
        self._build_docks()
        self._build_actions()
        self._build_status()
        self.aligner.started.connect(self._on_align_started)
        self.aligner.progress.connect(self._on_align_progress)
        self.aligner.finished.connect(self._on_aligned)
        self.aligner.cancelled.connect(self._on_align_cancelled)
        self.aligner.failed.connect(self._on_align_failed)
        self.selection.changed.connect(self._on_selection_changed)
        hints = QApplication.styleHints()
        hints.colorSchemeChanged.connect(lambda _scheme: self.set_theme(self.theme_choice))
        self.resize(1500, 940)
        if settings is not None:
            self._restore(settings)
        self._apply_app_theme()
        self._sync_panes()
        self.controls.set_state(self.workspace.unit, self.workspace.threshold)
        self.refresh("refresh")
        self.request_alignment(self.workspace.unit)

    # --- construction -----------------------------------------------------------
    def _build_central(self) -> None:
        self.pane_area = QWidget()
        self.pane_area.setObjectName("paneArea")
        self.pane_layout = QHBoxLayout(self.pane_area)
        self.pane_layout.setContentsMargins(0, 0, 0, 0)
        self.pane_layout.setSpacing(0)
        self.setCentralWidget(self.pane_area)

    def _build_docks(self) -> None:
        self.library = LibraryDock(lambda: len(self.workspace.panes), self)
        self.library.showInPane.connect(self._library_show)
        self.library.openFileRequested.connect(self.open_file)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.library)
        self.pair_dock = PairDock(self.pair_model, self)
        self.pair_dock.linkSelected.connect(lambda pid: self.show_link(pid, "table"))
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.pair_dock)
        self.resizeDocks([self.library], [290], Qt.Orientation.Horizontal)
        self.resizeDocks([self.pair_dock], [230], Qt.Orientation.Vertical)

    def _action(self, text: str, slot, shortcuts=(), tip: str = "", checked: bool | None = None) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setToolTip(tip or text)
        action.setStatusTip(tip or text)
        action.setCheckable(checked is not None)
        action.setChecked(bool(checked))
        (action.toggled if checked is not None else action.triggered).connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.open_action = a("Open file…", self.open_file, [QKeySequence.StandardKey.Open],
                             "Add a Markdown or text account to the library")
        self.quit_action = a("Quit", self.close, [QKeySequence.StandardKey.Quit])
        self.next_action = a("Next link", lambda: self.step_link(1), ["F8", "Alt+Down"],
                             "Next linked passage (F8, Alt+Down)")
        self.prev_action = a("Previous link", lambda: self.step_link(-1), ["Shift+F8", "Alt+Up"],
                             "Previous linked passage (Shift+F8, Alt+Up)")
        self.find_action = a("Find…", self.open_find, [QKeySequence.StandardKey.Find],
                             "Find in this pane (Ctrl+F)")
        self.zoom_in_action = a("Zoom in", lambda: self.zoom(1), ["Ctrl+=", QKeySequence.StandardKey.ZoomIn])
        self.zoom_out_action = a("Zoom out", lambda: self.zoom(-1),
                                 ["Ctrl+-", QKeySequence.StandardKey.ZoomOut])
        self.zoom_reset_action = a("Actual size", lambda: self.zoom(0), ["Ctrl+0"])
        self.add_pane_action = a("Add pane", self.add_pane, ["Ctrl+T"], "Show one more account (up to four)")
        self.lock_action = a("Scroll lock", self._set_scroll_lock, ["Ctrl+L"],
                             "Scroll panes together, keeping linked passages level", checked=True)
        self.unmatched_action = a("Show unmatched", self._set_show_unmatched, ["Ctrl+U"],
                                  "Mark passages with no counterpart (hatched gutter)", checked=True)
        self.cancel_action = a("Cancel", self.cancel_alignment, ["Ctrl+."],
                               "Stop the alignment that is running")
        self.cancel_action.setEnabled(False)

        self.controls = AlignControls()
        self.controls.unitChosen.connect(self.set_unit)
        self.controls.thresholdChanged.connect(self.set_threshold)
        bar = QToolBar("Controls", self)
        bar.setObjectName("controlsToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addWidget(self.controls)
        bar.addSeparator()
        for action in (self.prev_action, self.next_action, self.lock_action, self.unmatched_action):
            bar.addAction(action)
        bar.addSeparator()
        for action in (self.add_pane_action, self.zoom_out_action, self.zoom_in_action):
            bar.addAction(action)
        self.prev_action.setIconText("◀ Previous")
        self.next_action.setIconText("Next ▶")
        self.zoom_out_action.setIconText("A−")
        self.zoom_in_action.setIconText("A+")
        self.add_pane_action.setIconText("+ Pane")
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        file_menu.addActions([self.open_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = menus.addMenu("&View")
        view_menu.addActions([self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action])
        view_menu.addSeparator()
        view_menu.addActions([self.add_pane_action, self.lock_action, self.unmatched_action])
        theme_menu = view_menu.addMenu("Colours")
        group = QActionGroup(self)
        for choice, label in (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")):
            action = theme_menu.addAction(label, lambda c=choice: self.set_theme(c))
            action.setCheckable(True)
            action.setChecked(choice == self.theme_choice)
            group.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.library.toggleViewAction())
        view_menu.addAction(self.pair_dock.toggleViewAction())
        go_menu = menus.addMenu("&Go")
        go_menu.addActions([self.next_action, self.prev_action, self.find_action])
        align_menu = menus.addMenu("&Alignment")
        align_menu.addAction(self.cancel_action)

    def _build_status(self) -> None:
        status = self.statusBar()
        self.link_count = QLabel()
        self.link_count.setObjectName("linkCount")
        self.progress = QProgressBar()
        self.progress.setFixedWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.cancel_button = QToolButton()
        self.cancel_button.setDefaultAction(self.cancel_action)
        self.cancel_button.hide()
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)
        status.addPermanentWidget(self.link_count)

    # --- panes --------------------------------------------------------------------
    def _sync_panes(self) -> None:
        """Make the pane widgets match the workspace (count, sources, style)."""
        while len(self.panes) < len(self.workspace.panes):
            pane = ReaderPane()
            pane.sourceChosen.connect(self._pane_source_chosen)
            pane.closeRequested.connect(self._close_pane)
            pane.passageClicked.connect(self._passage_clicked)
            pane.focused.connect(lambda p: setattr(self, "active_pane", self.panes.index(p)))
            pane.view.verticalScrollBar().valueChanged.connect(
                lambda _v, p=pane: self.navigator.pane_scrolled(self.panes.index(p)))
            pane.view.tooltip_provider = lambda offset, p=pane: self._tooltip(self.panes.index(p), offset)
            self.panes.append(pane)
        while len(self.panes) > len(self.workspace.panes):
            self.panes.pop().deleteLater()
        for link_map in self.maps:
            link_map.deleteLater()
        self.maps = []
        while self.pane_layout.count():
            self.pane_layout.takeAt(0)
        library = self.workspace.sources()
        for i, pane in enumerate(self.panes):
            if i:
                link_map = LinkMap(self.workspace, self.selection, i - 1, self.panes[i - 1].view, pane.view)
                link_map.linkClicked.connect(lambda pid: self.show_link(pid, "map"))
                self.maps.append(link_map)
                self.pane_layout.addWidget(link_map)
            self.pane_layout.addWidget(pane, 1)
            pane.show_source(self.workspace.source(i), library, self.theme, self.typography)
            pane.header.set_closable(len(self.panes) > 2)
        self.active_pane = min(self.active_pane, len(self.panes) - 1)
        self.add_pane_action.setEnabled(len(self.panes) < min(MAX_PANES, len(self.workspace.library)))
        self.library.model.set_sources(library, self.workspace.panes)
        self.pair_dock.set_sources(tuple(self.workspace.source(i) for i in range(len(self.panes))))

    def _pane_source_chosen(self, pane: ReaderPane, source_id: str) -> None:
        self.set_pane_source(self.panes.index(pane), source_id)

    def set_panes(self, source_ids: list[str]) -> None:
        """Show these sources left to right (one id: it replaces the first pane)."""
        ids = [s for s in dict.fromkeys(source_ids) if s in self.workspace.library][:MAX_PANES]
        if len(ids) >= 2:
            self.workspace.panes = ids
        elif ids:
            self.workspace.set_pane(0, ids[0])
        self._panes_changed()

    def set_pane_source(self, index: int, source_id: str) -> None:
        self.workspace.set_pane(index, source_id)
        self._panes_changed()

    def add_pane(self) -> None:
        if self.workspace.add_pane() is not None:
            self._panes_changed()

    def _close_pane(self, pane: ReaderPane) -> None:
        if self.workspace.remove_pane(self.panes.index(pane)):
            self._panes_changed()

    def _library_show(self, source_id: str, pane: int) -> None:
        if pane == LibraryDock.NEW_PANE:
            if self.workspace.add_pane() is None:
                return
            pane = len(self.workspace.panes) - 1
        self.set_pane_source(self.active_pane if pane < 0 else pane, source_id)

    def _panes_changed(self) -> None:
        self.selection.clear("refresh")
        self._sync_panes()
        self.refresh("refresh")
        self.request_alignment(self.workspace.unit)

    # --- alignment ------------------------------------------------------------------
    def request_alignment(self, unit: Unit) -> None:
        """Align whatever adjacent pairs lack an alignment at `unit`, off the GUI thread."""
        missing = self.workspace.missing(unit)
        if not missing:
            if self.aligner.busy:  # a request for another unit is now moot
                self.aligner.cancel()
            if unit != self.workspace.unit:
                self.workspace.store(unit, {}, None)
            self.controls.set_state(self.workspace.unit, self.workspace.threshold)
            self.refresh("refresh")
            self.alignmentFinished.emit()
            return
        self.aligner.start(unit, missing, self.workspace.sources(), self.workspace.threshold,
                           self.workspace.corpus(unit))

    def cancel_alignment(self) -> None:
        self.aligner.cancel()

    def alignment_busy(self) -> bool:
        return self.aligner.busy

    def _on_align_started(self, unit: str) -> None:
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_action.setEnabled(True)
        self.statusBar().showMessage(f"Aligning by {unit}…")

    def _on_align_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _align_idle(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.cancel_action.setEnabled(False)

    def _on_aligned(self, unit: str, results: object, corpus: object) -> None:
        self._align_idle()
        keep = self.selection.pair_id
        self.workspace.store(unit, results, corpus)  # type: ignore[arg-type]
        self.controls.set_state(self.workspace.unit, self.workspace.threshold)
        self.selection.set(self.workspace.find_link(keep) if keep else None, None, "refresh")
        self.refresh("refresh")
        self.statusBar().showMessage("Alignment done.", 4000)
        self.alignmentFinished.emit()

    def _on_align_cancelled(self) -> None:
        self._align_idle()
        self.controls.set_state(self.workspace.unit, self.workspace.threshold)
        self.statusBar().showMessage("Alignment cancelled; showing the previous result.", 6000)
        self.alignmentCancelled.emit()

    def _on_align_failed(self, message: str) -> None:
        self._align_idle()
        self.controls.set_state(self.workspace.unit, self.workspace.threshold)
        self.statusBar().showMessage(f"Alignment failed: {message}")

    def set_unit(self, unit: str) -> None:
        self.request_alignment(unit)  # type: ignore[arg-type]

    def set_threshold(self, value: float) -> None:
        """A filter over the stored candidates: instant, no re-alignment."""
        self.workspace.threshold = value
        self.controls.set_state(self.workspace.unit, value)
        if self.selection.pair_id and self.workspace.find_link(self.selection.pair_id) is None:
            self.selection.clear("refresh")
        self.refresh("refresh")

    # --- drawing what the workspace says ---------------------------------------
    def refresh(self, origin: str = "refresh") -> None:
        """Redraw marks, table rows and link maps from the workspace and the selection."""
        for i, pane in enumerate(self.panes):
            pane.view.show_unmatched = self.unmatched_action.isChecked()
            pane.view.set_marks(self._marks(i, pane.view.marks.find))
            pane.strip.update()
        for link_map in self.maps:
            link_map.update()
        if origin != "selection":
            self.pair_model.set_links(self.workspace.pane_links())
            self.pair_dock.select_pair(self.selection.pair_id)
        count = len(self.workspace.pane_links())
        self.link_count.setText(f"{count} link{'s' if count != 1 else ''} · by {self.workspace.unit} · "
                                f"score ≥ {self.workspace.threshold:.0f}")

    def _marks(self, pane: int, find: list[tuple[int, int]]) -> PaneMarks:
        ws = self.workspace
        strengths = ws.strengths(pane)
        marks = PaneMarks(find=find)
        marks.linked = [(p.start, p.end, strengths[p.key]) for p in ws.passages(pane) if p.key in strengths]
        marks.unmatched = [(p.start, p.end) for p in ws.unmatched(pane)]
        current = self.selection.current
        for pid in self.selection.active:
            pl = ws.find_link(pid)
            if pl is not None and pl.pair in (pane - 1, pane) and pid != self.selection.pair_id:
                side = pl.side(pane)
                marks.active.append((side.start, side.end))
        if current is not None and current.pair in (pane - 1, pane):
            side = current.side(pane)
            marks.selected = (side.start, side.end)
            ev = current.link.evidence
            span = ev.left_span if pane == current.pair else ev.right_span
            if span != (side.start, side.end) and span[1] > span[0]:
                marks.selected_evidence = span
        return marks

    def _on_selection_changed(self, origin: str) -> None:
        if origin == "refresh":
            return
        self.refresh("selection")
        if origin != "table":
            self.pair_dock.select_pair(self.selection.pair_id)

    def _tooltip(self, pane: int, offset: int) -> str:
        passage = self.workspace.passage_at(pane, offset)
        if passage is None:
            return ""
        links = self.workspace.links_of_passage(pane, passage)
        if not links:
            return (f"<qt>No counterpart at score ≥ {self.workspace.threshold:.0f} "
                    "in the neighbouring account(s).</qt>")
        rows = []
        for pl in links[:4]:
            other = self.workspace.source(pl.other_pane(pane)).meta
            ev = pl.link.evidence
            shared = html.escape(", ".join(ev.anchors)) or "<i>no shared names, dates or numbers</i>"
            terms = f"<br><span style='color:gray'>terms: {html.escape(', '.join(ev.terms))}</span>" \
                if ev.terms else ""
            digest = " <b style='color:#b45309'>[DIGEST]</b>" if other.is_digest else ""
            rows.append(f"<p><b>Score {pl.link.score:.0f}</b> with “{html.escape(other.title)}”{digest}<br>"
                        f"Shared: {shared}{terms}</p>")
        return "<qt>" + "".join(rows) + "</qt>"

    # --- navigation ---------------------------------------------------------------
    def _passage_clicked(self, pane: ReaderPane, offset: int) -> None:
        self.active_pane = self.panes.index(pane)
        message = self.navigator.passage_clicked(self.active_pane, offset)
        if message:
            self.statusBar().showMessage(message, 8000)

    def show_link(self, pair_id: str, origin: str, *, flash: bool = True) -> bool:
        return self.navigator.show_link(pair_id, origin, flash=flash)

    def step_link(self, delta: int) -> None:
        self.navigator.step(delta, self.active_pane)

    def open_find(self) -> None:
        focus = QApplication.focusWidget()
        pane = next((p for p in self.panes if focus is not None and p.isAncestorOf(focus)),
                    self.panes[self.active_pane])
        pane.find_bar.open()

    def _set_scroll_lock(self, on: bool) -> None:
        self.navigator.scroll_lock = on

    def _set_show_unmatched(self, on: bool) -> None:
        self.refresh("selection")

    # --- look -------------------------------------------------------------------------
    def zoom(self, direction: int) -> None:
        steps = list(ZOOM_STEPS)
        current = min(range(len(steps)), key=lambda i: abs(steps[i] - self.typography.zoom))
        index = steps.index(1.0) if direction == 0 else max(0, min(len(steps) - 1, current + direction))
        self.set_zoom(steps[index])

    def set_zoom(self, zoom: float) -> None:
        self.typography = Typography(zoom)
        self._restyle()

    def set_theme(self, choice: str) -> None:
        self.theme_choice = choice
        self.theme = theme_for(choice)
        self._apply_app_theme()
        self._restyle()

    def _apply_app_theme(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.theme)
        self.controls.legend.theme = self.theme
        self.controls.legend.update()

    def _restyle(self) -> None:
        library = self.workspace.sources()
        for i, pane in enumerate(self.panes):
            pane.show_source(self.workspace.source(i), library, self.theme, self.typography)
        self.refresh("selection")

    # --- files -------------------------------------------------------------------------
    def open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Add an account", str(Path.home()),
                                              "Markdown or text (*.md *.markdown *.txt);;All files (*)")
        if path:
            self.add_file(path)

    def add_file(self, path: str) -> bool:
        try:
            source = load_source(path)
        except SourceError as exc:
            QMessageBox.warning(self, "Cannot open this file", str(exc))
            return False
        self.workspace.add_source(source)
        if path not in self.extra_paths:
            self.extra_paths.append(path)
        self._sync_panes()
        self.request_alignment(self.workspace.unit)
        self.statusBar().showMessage(f"Added “{source.meta.title}” to the library.", 5000)
        return True

    # --- settings -------------------------------------------------------------------------
    def _restore(self, settings: QSettings) -> None:
        for path in read_list(settings, "library/files"):
            try:
                self.workspace.add_source(load_source(path))
                self.extra_paths.append(path)
            except SourceError:
                continue  # a file moved away since last time: forget it quietly
        panes = [p for p in read_list(settings, "panes/sources") if p in self.workspace.library]
        if len(panes) >= 2:
            self.workspace.panes = panes[:MAX_PANES]
        unit = str(settings.value("align/unit", self.workspace.unit))
        if unit in ("paragraph", "sentence"):
            self.workspace.unit = unit  # type: ignore[assignment]
        self.workspace.threshold = read_float(settings, "align/threshold", self.workspace.threshold)
        self.typography = Typography(read_float(settings, "view/zoom", 1.0))
        self.lock_action.setChecked(read_bool(settings, "view/scrollLock", True))
        self.unmatched_action.setChecked(read_bool(settings, "view/showUnmatched", True))
        geometry, state = settings.value("window/geometry"), settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_settings(self) -> None:
        if self.settings is None:
            return
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("panes/sources", list(self.workspace.panes))
        s.setValue("library/files", list(self.extra_paths))
        s.setValue("align/unit", self.workspace.unit)
        s.setValue("align/threshold", self.workspace.threshold)
        s.setValue("view/zoom", self.typography.zoom)
        s.setValue("view/scrollLock", self.lock_action.isChecked())
        s.setValue("view/showUnmatched", self.unmatched_action.isChecked())
        s.setValue("view/theme", self.theme_choice)
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.aligner.cancel()
        self.aligner.wait(5000)
        super().closeEvent(event)
