"""The reader's window: panes with link maps between them, the docks, the controls.

It wires views to the session and the aligner; what to draw comes from the
session, where to scroll from the navigator, what to compute from the
aligner. It owns no alignment logic.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QToolButton,
    QWidget,
)

from compare.errors import SourceError
from compare.gui.badges import titled
from compare.gui.document import Typography
from compare.gui.library_dock import LibraryDock
from compare.gui.link_map import LinkMap
from compare.gui.navigator import Navigator
from compare.gui.pair_dock import PairDock
from compare.gui.pair_model import PairTableModel
from compare.gui.pane_marks import marks_for, passage_tooltip
from compare.gui.reader_pane import ReaderPane
from compare.gui.selection import LinkSelection
from compare.gui.session import MAX_PANES, ReadingSession
from compare.gui.settings import Preferences, load_preferences, store_preferences
from compare.gui.theme import Theme, apply_theme, theme_for
from compare.gui.window_actions import WindowActions
from compare.gui.worker import Aligner
from compare.model import Unit
from compare.sources import load_source

ZOOM_STEPS = (0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6, 1.8, 2.0)


class MainWindow(QMainWindow):
    """Parallax: accounts side by side, linked passages joined across the gaps."""

    alignmentFinished = Signal()
    alignmentCancelled = Signal()

    def __init__(self, session: ReadingSession, *, settings: QSettings | None = None,
                 theme: str | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Parallax")
        self.session = session
        self.settings = settings
        prefs = load_preferences(settings) if settings is not None else None
        self.theme_choice = theme or (prefs.theme if prefs else "system")
        self.theme: Theme = theme_for(self.theme_choice)
        self.typography = Typography()
        self.active_pane = 0
        self.extra_paths: list[str] = []
        self.selection = LinkSelection(self)
        self.aligner = Aligner(self)
        self.panes: list[ReaderPane] = []
        self.maps: list[LinkMap] = []
        self.navigator = Navigator(session, self.selection, lambda: self.panes, self)
        self.pair_model = PairTableModel(self.session.library.get, self)
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
        hints.colorSchemeChanged.connect(self._system_scheme_changed)  # a method: dropped with the window
        self.resize(1500, 940)
        if prefs is not None:
            self._restore(prefs)
        self._apply_app_theme()
        self._sync_panes()
        self.controls.set_state(self.session.unit, self.session.threshold)
        self.refresh("refresh")
        self.request_alignment(self.session.unit)

    # --- construction -----------------------------------------------------------
    def _build_central(self) -> None:
        self.pane_area = QWidget()
        self.pane_area.setObjectName("paneArea")
        self.pane_layout = QHBoxLayout(self.pane_area)
        self.pane_layout.setContentsMargins(0, 0, 0, 0)
        self.pane_layout.setSpacing(0)
        self.setCentralWidget(self.pane_area)

    def _build_docks(self) -> None:
        self.library = LibraryDock(lambda: len(self.session.panes), self)
        self.library.showInPane.connect(self._library_show)
        self.library.openFileRequested.connect(self.open_file)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.library)
        self.pair_dock = PairDock(self.pair_model, self)
        self.pair_dock.linkSelected.connect(lambda pid: self.show_link(pid, "table"))
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.pair_dock)
        self.resizeDocks([self.library], [300], Qt.Orientation.Horizontal)
        self.resizeDocks([self.pair_dock], [230], Qt.Orientation.Vertical)

    def _build_actions(self) -> None:
        self.commands = WindowActions(self)
        self.controls = self.commands.controls
        self.controls.unitChosen.connect(self.set_unit)
        self.controls.thresholdChanged.connect(self.set_threshold)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.commands.build_toolbar())
        self.commands.build_menus(self.theme_choice, [self.library.toggleViewAction(),
                                                      self.pair_dock.toggleViewAction()])

    def _build_status(self) -> None:
        status = self.statusBar()
        self.link_count = QLabel()
        self.link_count.setObjectName("linkCount")
        self.progress = QProgressBar()
        self.progress.setFixedWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.cancel_button = QToolButton()
        self.cancel_button.setDefaultAction(self.commands.cancel)
        self.cancel_button.hide()
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)
        status.addPermanentWidget(self.link_count)

    # --- panes --------------------------------------------------------------------
    def _sync_panes(self) -> None:
        """Make the pane widgets match the session (count, sources, style)."""
        while len(self.panes) < len(self.session.panes):
            pane = ReaderPane()
            pane.sourceChosen.connect(self._pane_source_chosen)
            pane.closeRequested.connect(self._close_pane)
            pane.passageClicked.connect(self._passage_clicked)
            pane.focused.connect(lambda p: setattr(self, "active_pane", self.panes.index(p)))
            pane.view.verticalScrollBar().valueChanged.connect(
                lambda _v, p=pane: self.navigator.pane_scrolled(self.panes.index(p)))
            pane.view.tooltip_provider = lambda offset, p=pane: passage_tooltip(
                self.session, self.panes.index(p), offset)
            pane.view.zoomRequested.connect(self.zoom)
            self.panes.append(pane)
        while len(self.panes) > len(self.session.panes):
            _discard(self.panes.pop())
        for link_map in self.maps:
            _discard(link_map)
        self.maps = []
        while self.pane_layout.count():
            self.pane_layout.takeAt(0)
        library = self.session.sources()
        for i, pane in enumerate(self.panes):
            if i:
                link_map = LinkMap(self.session, self.selection, i - 1, self.panes[i - 1].view, pane.view)
                link_map.linkClicked.connect(lambda pid: self.show_link(pid, "map"))
                self.maps.append(link_map)
                self.pane_layout.addWidget(link_map)
            self.pane_layout.addWidget(pane, 1)
            pane.show_source(self.session.source(i), library, self.theme, self.typography)
            pane.header.set_closable(len(self.panes) > 2)
        self.active_pane = min(self.active_pane, len(self.panes) - 1)
        self.commands.add_pane.setEnabled(len(self.panes) < min(MAX_PANES, len(self.session.library)))
        self.library.model.set_sources(library, self.session.panes)
        names = [self.session.source(i).meta.title for i in range(len(self.panes))]
        self.setWindowTitle("Parallax — " + "  ⇄  ".join(n if len(n) <= 40 else n[:39] + "…" for n in names))
        self.pair_dock.set_sources(tuple(self.session.source(i) for i in range(len(self.panes))))

    def _pane_source_chosen(self, pane: ReaderPane, source_id: str) -> None:
        self.set_pane_source(self.panes.index(pane), source_id)

    def set_panes(self, source_ids: list[str]) -> None:
        """Show these sources left to right (one id: it replaces the first pane)."""
        ids = [s for s in dict.fromkeys(source_ids) if s in self.session.library][:MAX_PANES]
        if len(ids) >= 2:
            self.session.panes = ids
        elif ids:
            self.session.set_pane(0, ids[0])
        self._panes_changed()

    def set_pane_source(self, index: int, source_id: str) -> None:
        self.session.set_pane(index, source_id)
        self._panes_changed()

    def add_pane(self) -> None:
        if self.session.add_pane() is not None:
            self._panes_changed()

    def _close_pane(self, pane: ReaderPane) -> None:
        if self.session.remove_pane(self.panes.index(pane)):
            self._panes_changed()

    def _library_show(self, source_id: str, pane: int) -> None:
        if pane == LibraryDock.NEW_PANE:
            if self.session.add_pane() is None:
                return
            pane = len(self.session.panes) - 1
        self.set_pane_source(self.active_pane if pane < 0 else pane, source_id)

    def _panes_changed(self) -> None:
        self.selection.clear("refresh")
        self._sync_panes()
        self.refresh("refresh")
        self.request_alignment(self.session.unit)

    # --- alignment ------------------------------------------------------------------
    def request_alignment(self, unit: Unit) -> None:
        """Align whatever adjacent pairs lack an alignment at `unit`, off the GUI thread."""
        missing = self.session.missing(unit)
        if not missing:
            if self.aligner.busy:  # a request for another unit is now moot
                self.aligner.cancel()
            if unit != self.session.unit:
                self.session.store(unit, {}, None)
            self.controls.set_state(self.session.unit, self.session.threshold)
            self.refresh("refresh")
            self.alignmentFinished.emit()
            return
        self.aligner.start(unit, missing, self.session.sources(), self.session.threshold,
                           self.session.corpus(unit))

    def cancel_alignment(self) -> None:
        self.aligner.cancel()

    def alignment_busy(self) -> bool:
        return self.aligner.busy

    def _on_align_started(self, unit: str) -> None:
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.commands.cancel.setEnabled(True)
        self.statusBar().showMessage(f"Aligning by {unit}…")

    def _on_align_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _align_idle(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.commands.cancel.setEnabled(False)

    def _on_aligned(self, unit: str, results: object, corpus: object) -> None:
        self._align_idle()
        keep = self.selection.pair_id
        self.session.store(unit, results, corpus)  # type: ignore[arg-type]
        self.controls.set_state(self.session.unit, self.session.threshold)
        self.selection.set(self.session.find_link(keep) if keep else None, None, "refresh")
        self.refresh("refresh")
        self.statusBar().showMessage("Alignment done.", 4000)
        self.alignmentFinished.emit()

    def _on_align_cancelled(self) -> None:
        self._align_idle()
        self.controls.set_state(self.session.unit, self.session.threshold)
        self.statusBar().showMessage("Alignment cancelled; showing the previous result.", 6000)
        self.alignmentCancelled.emit()

    def _on_align_failed(self, message: str) -> None:
        self._align_idle()
        self.controls.set_state(self.session.unit, self.session.threshold)
        self.statusBar().showMessage(f"Alignment failed: {message}")

    def set_unit(self, unit: str) -> None:
        self.request_alignment(unit)  # type: ignore[arg-type]

    def set_threshold(self, value: float) -> None:
        """A filter over the stored candidates: instant, no re-alignment."""
        self.session.threshold = value
        self.controls.set_state(self.session.unit, value)
        if self.selection.pair_id and self.session.find_link(self.selection.pair_id) is None:
            self.selection.clear("refresh")
        self.refresh("refresh")

    # --- drawing what the session says ---------------------------------------
    def refresh(self, origin: str = "refresh") -> None:
        """Redraw marks, table rows and link maps from the session and the selection."""
        for i, pane in enumerate(self.panes):
            pane.view.show_unmatched = self.commands.show_unmatched.isChecked()
            pane.view.set_marks(marks_for(self.session, self.selection, i, pane.view.marks.find))
            pane.strip.update()
        for link_map in self.maps:
            link_map.update()
        if origin != "selection":
            self.pair_model.set_links(self.session.pane_links())
            self.pair_dock.select_pair(self.selection.pair_id)
        count = len(self.session.pane_links())
        self.link_count.setText(f"{count} link{'s' if count != 1 else ''} · by {self.session.unit} · "
                                f"score ≥ {self.session.threshold:.0f}")

    def _on_selection_changed(self, origin: str) -> None:
        if origin == "refresh":
            return
        self.refresh("selection")
        if origin != "table":
            self.pair_dock.select_pair(self.selection.pair_id)

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

    def set_scroll_lock(self, on: bool) -> None:
        self.navigator.scroll_lock = on

    def set_show_unmatched(self, on: bool) -> None:
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

    def _system_scheme_changed(self, _scheme: object) -> None:
        if self.theme_choice == "system":
            self.set_theme("system")

    def _apply_app_theme(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.theme)
        self.controls.legend.theme = self.theme
        self.controls.legend.update()

    def _restyle(self) -> None:
        library = self.session.sources()
        for i, pane in enumerate(self.panes):
            pane.show_source(self.session.source(i), library, self.theme, self.typography)
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
        self.session.add_source(source)
        if path not in self.extra_paths:
            self.extra_paths.append(path)
        self._sync_panes()
        self.request_alignment(self.session.unit)
        self.statusBar().showMessage(f"Added {titled(source.meta)} to the library.", 5000)
        return True

    # --- settings -------------------------------------------------------------------------
    def _restore(self, prefs: Preferences) -> None:
        for path in prefs.files:
            try:
                self.session.add_source(load_source(path))
                self.extra_paths.append(path)
            except SourceError:
                continue  # a file moved away since last time: forget it quietly
        panes = [p for p in prefs.panes if p in self.session.library]
        if len(panes) >= 2:
            self.session.panes = panes[:MAX_PANES]
        if prefs.unit is not None:
            self.session.unit = prefs.unit  # type: ignore[assignment]
        if prefs.threshold is not None:
            self.session.threshold = prefs.threshold
        self.typography = Typography(prefs.zoom)
        self.commands.scroll_lock.setChecked(prefs.scroll_lock)
        self.commands.show_unmatched.setChecked(prefs.show_unmatched)
        if prefs.geometry is not None:
            self.restoreGeometry(prefs.geometry)
        if prefs.state is not None:
            self.restoreState(prefs.state)

    def preferences(self) -> Preferences:
        return Preferences(panes=list(self.session.panes), files=list(self.extra_paths),
                           unit=self.session.unit, threshold=self.session.threshold,
                           zoom=self.typography.zoom, scroll_lock=self.commands.scroll_lock.isChecked(),
                           show_unmatched=self.commands.show_unmatched.isChecked(), theme=self.theme_choice,
                           geometry=self.saveGeometry(), state=self.saveState())

    def save_settings(self) -> None:
        if self.settings is not None:
            store_preferences(self.settings, self.preferences())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.aligner.cancel()
        self.aligner.wait(5000)
        super().closeEvent(event)


def _discard(widget: QWidget) -> None:
    """Take a widget out of view at once (it may not paint again) and delete it later."""
    widget.hide()
    widget.setParent(None)
    widget.deleteLater()
