"""The reader's window: panes with link maps between them, the docks, the controls.

It wires views to the session, the alignment runner and the command groups;
what to draw comes from the session (which reads the workspace), where to
scroll from the navigator, what to compute and when from `alignment_runner`,
what to decide from `review_actions`, what to open, import or export from
`file_actions`. It owns no alignment or review logic; after any change it
redraws from the workspace.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QResizeEvent, QScreen
from PySide6.QtWidgets import QApplication, QLabel, QToolBar

from compare.gui.alignment_runner import AlignmentRunner
from compare.gui.asking import AskingWindow
from compare.gui.controls import AlignControls
from compare.gui.document import Typography
from compare.gui.encoder_choice import EncoderChoice
from compare.gui.file_actions import FileActions
from compare.gui.library_dock import LibraryDock
from compare.gui.link_map import LinkMap
from compare.gui.navigator import Navigator
from compare.gui.pair_dock import PairDock
from compare.gui.pair_model import PairTableModel
from compare.gui.pane_row import PaneRow
from compare.gui.reader_pane import ReaderPane
from compare.gui.review_actions import ReviewActions
from compare.gui.review_dock import ReviewDock
from compare.gui.selection import LinkSelection
from compare.gui.settings import (
    Preferences,
    load_preferences,
    load_reading_state,
    remember_workspace,
    store_preferences,
    store_reading_state,
)
from compare.gui.synopsis_dock import SynopsisDock
from compare.gui.theme import Theme, apply_theme, theme_for
from compare.gui.window_actions import WindowActions
from compare.gui.work_status import WorkStatus
from compare.model.errors import SourceError
from compare.model.records import Unit
from compare.reading.pane_marks import describe_link, elsewhere_words
from compare.reading.session import MAX_PANES, ReadingSession
from compare.workspace import Workspace
from compare.workspace.review import ActionInfo

FIRST_SIZE = (1500, 940)  # a first start's window, before any saved geometry


def first_size(screen: QScreen | None) -> tuple[int, int]:
    """FIRST_SIZE, or less where the screen has less room: a laptop's 1366x768 shows the whole window."""
    if screen is None:
        return FIRST_SIZE
    room = screen.availableGeometry()
    return min(FIRST_SIZE[0], room.width()), min(FIRST_SIZE[1], room.height())


SYNOPSIS_SHARE = 0.45  # of the window's height the bottom dock is given when a synopsis is first built

class MainWindow(AskingWindow):
    """Parallax: accounts side by side, linked passages joined across the gaps."""

    alignmentFinished = Signal()
    alignmentCancelled = Signal()

    # Built in the _build_* steps; declared here so each part's type is known wherever it is used.
    commands: WindowActions
    files: FileActions
    review: ReviewActions
    controls: AlignControls
    toolbars: tuple[QToolBar, QToolBar]
    work: WorkStatus
    pair_dock: PairDock
    review_dock: ReviewDock
    synopsis_dock: SynopsisDock

    def __init__(self, session: ReadingSession, *, settings: QSettings | None = None,
                 theme: str | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Parallax")
        self.session = session
        self.settings = settings
        prefs = load_preferences(settings) if settings is not None else None
        if settings is not None and prefs is not None:
            prefs = load_reading_state(settings, prefs, session.workspace.path)
        self.theme_choice = theme or (prefs.theme if prefs else "system")
        self._pane_note = ""  # what a library double-click replaced, until the alignment has reported
        self.theme: Theme = theme_for(self.theme_choice)
        self.typography = Typography()
        self.active_pane = 0
        self.selection = LinkSelection(self)
        self.pane_row = PaneRow(session, self.selection)
        self.text_selections = self.pane_row.text_selections
        self.navigator = Navigator(session, self.selection, lambda: self.panes, self)
        self.pair_model = PairTableModel(lambda sid: self.session.library.get(sid), self)
        self.pair_model.noteEdited.connect(self._note_edited, Qt.ConnectionType.QueuedConnection)
        self._build_central()
        self._build_actions()
        self._build_docks()
        self._build_menus()
        self._build_status()
        self.alignment = AlignmentRunner(self, self)
        self._synopsis_waiting = False  # the synopsis is built when the pairs it asked for are aligned
        self._synopsis_grown = False
        self.alignment.finished.connect(self._alignment_done)
        self.alignment.finished.connect(self.alignmentFinished)
        self.alignment.finished.connect(self.save_reading_state)  # the unit shown is part of it
        self.alignment.cancelled.connect(self.alignmentCancelled)
        self.work.watch(self.alignment.aligner, self.files.importer)
        self.selection.changed.connect(self._on_selection_changed)
        self.setAcceptDrops(True)
        hints = QApplication.styleHints()
        hints.colorSchemeChanged.connect(self._system_scheme_changed)  # a method: dropped with the window
        self.resize(*first_size(QApplication.primaryScreen()))
        if prefs is not None:
            self._restore(prefs)
        self._apply_app_theme()
        self._sync_panes()
        self.controls.set_state(self.session.unit, self.session.threshold)
        self.refresh("refresh")
        self.alignment.request(self.session.unit)
        if settings is not None:
            remember_workspace(settings, session.workspace.path)

    # --- construction -----------------------------------------------------------
    def _build_central(self) -> None:
        row = self.pane_row
        row.sourceChosen.connect(self.set_pane_source)
        row.closeRequested.connect(self._close_pane)
        row.passageClicked.connect(self._passage_clicked)
        row.focused.connect(lambda index: setattr(self, "active_pane", index))
        row.scrolled.connect(self.navigator.pane_scrolled)
        row.zoomRequested.connect(self.zoom)
        row.linkClicked.connect(lambda pid: self.show_link(pid, "map"))
        self.setCentralWidget(row)

    def _build_docks(self) -> None:
        self.library = LibraryDock(lambda: len(self.session.panes), self)
        self.library.showInPane.connect(self._library_show)
        self.library.importRequested.connect(self.files.import_files.trigger)
        self.library.editRequested.connect(self.files.edit_metadata)
        self.library.removeRequested.connect(self.files.remove_source)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.library)
        self.pair_dock = PairDock(self.pair_model, self)
        self.pair_dock.linkSelected.connect(lambda pid: self.show_link(pid, "table"))
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.pair_dock)
        self.review_dock = ReviewDock(self.review.decision_actions(), self)
        self.review_dock.relationChosen.connect(self.review.set_relation)
        # Queued: a note is committed when the selection moves, i.e. inside the table's or a pane's
        # signal; writing (and resetting the table) only after that signal has finished is safer.
        self.review_dock.noteCommitted.connect(self._note_edited, Qt.ConnectionType.QueuedConnection)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.review_dock)
        self.splitDockWidget(self.library, self.review_dock, Qt.Orientation.Vertical)
        self.resizeDocks([self.library], [300], Qt.Orientation.Horizontal)
        self.resizeDocks([self.library, self.review_dock], [420, 300], Qt.Orientation.Vertical)
        self.resizeDocks([self.pair_dock], [240], Qt.Orientation.Vertical)
        self.synopsis_dock = SynopsisDock(self.theme, self)
        self.synopsis_dock.buildRequested.connect(self.build_synopsis)
        self.synopsis_dock.openRequested.connect(self.open_synopsis_cell)
        dock = self.synopsis_dock
        dock.renameRequested.connect(lambda eid, label: self._group(lambda ws, u: ws.rename_event(eid, label, unit=u)))
        dock.splitRequested.connect(lambda key: self._group(lambda ws, u: ws.split_passage(key, unit=u)))
        dock.mergeRequested.connect(lambda a, b: self._group(lambda ws, u: ws.join_events(a, b, unit=u)))
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.synopsis_dock)
        self.tabifyDockWidget(self.pair_dock, self.synopsis_dock)
        self.pair_dock.raise_()

    def _build_actions(self) -> None:
        self.commands = WindowActions(self, self)
        self.files = FileActions(self, self)
        self.review = ReviewActions(self, self)
        self.controls = self.commands.controls
        self.controls.unitChosen.connect(self.set_unit)
        self.controls.thresholdChanged.connect(self.set_threshold)
        self.toolbars = self.commands.build_toolbars(
            [self.review.confirm, self.review.reject, self.review.link_selection])
        for bar in self.toolbars:
            self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    def _build_menus(self) -> None:
        docks = [self.library.toggleViewAction(), self.pair_dock.toggleViewAction(),
                 self.review_dock.toggleViewAction(), self.synopsis_dock.toggleViewAction()]
        self.encoders = EncoderChoice(self, self, self.settings)
        self.commands.build_menus(self.theme_choice, docks, self.files, self.review, [self.encoders.action])

    def _build_status(self) -> None:
        self.link_count = QLabel()
        self.link_count.setObjectName("linkCount")
        self.work = WorkStatus(self.commands.cancel)
        self.progress = self.work.bar
        self.statusBar().addPermanentWidget(self.work)
        self.statusBar().addPermanentWidget(self.link_count)

    # --- panes --------------------------------------------------------------------
    @property
    def panes(self) -> list[ReaderPane]:
        return self.pane_row.panes

    @property
    def maps(self) -> list[LinkMap]:
        return self.pane_row.maps

    def _sync_panes(self) -> None:
        """Make the pane widgets, and everything naming the shown sources, match the session."""
        self.pane_row.sync(self.theme, self.typography)
        self.active_pane = min(self.active_pane, len(self.panes) - 1)
        self.commands.add_pane.setEnabled(len(self.panes) < min(MAX_PANES, len(self.session.library)))
        self.library.model.set_sources(self.session.sources(), self.session.panes)
        names = [self.session.source(i).meta.title for i in range(len(self.panes))]
        self.setWindowTitle(f"Parallax — {self.session.workspace.path.name} — "
                            + "  ⇄  ".join(n if len(n) <= 40 else n[:39] + "…" for n in names))
        self.pair_dock.set_sources(tuple(self.session.source(i) for i in range(len(self.panes))))

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

    def _close_pane(self, index: int) -> None:
        if self.session.remove_pane(index):
            self._panes_changed()

    def _library_show(self, source_id: str, pane: int) -> None:
        if pane == LibraryDock.NEW_PANE:
            if self.session.add_pane() is None:
                return
            pane = len(self.session.panes) - 1
        target = self.active_pane if pane < 0 else pane
        before = self.session.panes[target] if target < len(self.session.panes) else None
        self.set_pane_source(target, source_id)
        # Replacing what a pane shows is never silent: say which pane, what went, how to add instead.
        title = self.session.library[source_id].meta.title
        if before is not None and before != source_id:
            gone = self.session.library[before].meta.title
            note = (f"Pane {target + 1} now shows “{title}” instead of “{gone}” "
                    "(right-click a card to show it in a new pane instead).")
            self.show_status(note, 10000)
            self._pane_note = note  # kept in front of the alignment's own line, which follows

    def _panes_changed(self) -> None:
        self.selection.clear("refresh")
        self._sync_panes()
        self.refresh("refresh")
        self.alignment.request(self.session.unit)
        self.save_reading_state()

    def save_reading_state(self) -> None:
        """The panes, unit and threshold of this workspace, kept as they change."""
        if self.settings is not None:
            store_reading_state(self.settings, self.session.workspace.path, self.session.panes,
                                self.session.unit, self.session.threshold)

    # --- alignment and other background work (see alignment_runner) ------------------
    def set_unit(self, unit: str) -> None:
        self.alignment.request(unit)  # type: ignore[arg-type]

    def realign(self) -> None:
        self.alignment.realign()

    def align_missing(self) -> None:
        self.alignment.request(self.session.unit)

    def alignment_busy(self) -> bool:
        return self.alignment.busy

    def cancel_work(self) -> None:
        self.alignment.cancel()
        self.files.importer.cancel()

    def set_threshold(self, value: float) -> None:
        """A filter over the stored candidates: instant, no re-alignment."""
        self.session.threshold = value
        self.controls.set_state(self.session.unit, value)
        if self.selection.pair_id and self.session.find_link(self.selection.pair_id) is None:
            self.selection.clear("refresh")
        self.refresh("refresh")
        self.save_reading_state()

    # --- drawing what the session says ---------------------------------------
    def refresh(self, origin: str = "refresh") -> None:
        """Redraw marks, table rows and link maps from the session and the selection."""
        self.pane_row.redraw(self.commands.show_unmatched.isChecked())
        if origin != "selection":
            batch = self.pair_dock.selected_pairs()
            self.pair_model.set_links(self.session.pane_links())
            self.pair_dock.select_pair(self.selection.pair_id)
            if len(batch) > 1:
                self.pair_dock.keep_selected(batch)
            self.pair_dock.set_threshold(self.session.threshold)
        links = self.session.pane_links()
        confirmed = sum(pl.status == "confirmed" for pl in links)
        rejected = sum(pl.status == "rejected" for pl in links)
        self.link_count.setText(f"{len(links)} link{'s' if len(links) != 1 else ''} · {confirmed} confirmed · "
                                f"{rejected} rejected · by {self.session.unit} · "
                                f"score ≥ {self.session.threshold:.0f}" + self.encoders.label())

    def _on_selection_changed(self, origin: str) -> None:
        current = self.selection.current
        self.review_dock.show_link(current, elsewhere_words(self.session, current) if current else "")
        self.review.update_state()
        if origin == "refresh":
            return
        self.refresh("selection")
        if origin != "table":
            self.pair_dock.select_pair(self.selection.pair_id)

    # --- the workspace -----------------------------------------------------------------
    def review_changed(self, select: str | None, message: str) -> None:
        """Redraw from the workspace after a decision, an undo or an alignment; keep the selection."""
        self.session.invalidate()
        self.refresh_synopsis()
        keep = select or self.selection.pair_id
        pl = self.session.find_link(keep) if keep else None
        self.selection.set(pl, [pl] if pl else None, "refresh")
        self.refresh("refresh")
        if message:
            self.statusBar().showMessage(message, 6000)

    def _note_edited(self, pair_id: str, note: str) -> None:
        self.review.set_note(pair_id, note)

    def library_changed(self, select: str | None = None) -> None:
        """Sources were added or their details edited: re-read them and redraw."""
        try:
            self.session.reload_library()
        except SourceError as exc:
            self.notify_error("Cannot read the workspace", str(exc))
            return
        self._sync_panes()
        self.review_changed(None, "")
        if select:
            self.library.select_source(select)

    def workspace_replaced(self, message: str) -> None:
        """The session reads another workspace now: redraw everything and align what it lacks."""
        self.selection.clear("refresh")
        self._sync_panes()
        self.review_changed(None, message)
        self.alignment.request(self.session.unit)

    def show_status(self, message: str, timeout: int = 0) -> None:
        """A line in the status bar; commands say what they did through this."""
        note, self._pane_note = self._pane_note, ""
        if note and message.startswith(("Aligning", "Alignment")):
            self._pane_note = note if message.startswith("Aligning") else ""
            message = f"{note} {message}"
        self.statusBar().showMessage(message, timeout)

    def pairs_in_scope(self, scope: str) -> list[str]:
        """The pair ids an export of `scope` covers: "selected", "filtered" or "all" in the table."""
        dock = self.pair_dock
        if scope == "selected":
            return dock.selected_pairs()
        if scope == "filtered":
            return dock.filtered_pairs()
        return [pl.pair_id for pl in dock.model.pane_links()]

    # --- files dropped on the window -----------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.files.local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.files.handle_drop(event.mimeData()):
            event.acceptProposedAction()

    # --- navigation ---------------------------------------------------------------
    # --- synopsis -------------------------------------------------------------------
    def build_synopsis(self, *, wait: bool = False) -> None:
        """Group every source's passages into events. Pairs not yet aligned are aligned first, off the
        GUI thread, and the synopsis is drawn when they are stored (`wait`: on this thread, for scripts)."""
        from compare.reading.synopsis import ASK_ABOVE_PAIRS, align_missing, missing_pairs, workspace_synopsis

        ws = self.session.workspace
        ids = [s.id for s in ws.sources()]
        if len(ids) < 2:
            self.show_status("A synopsis needs at least two sources.", 6000)
            return
        unit = self.session.unit
        left_out = 0  # pairs the analyst chose not to align first
        if wait:
            if align_missing(ws, ids, unit):
                self.session.invalidate()
        else:
            missing = [(a, b, unit) for a, b in missing_pairs(ws, ids, unit)]
            if len(missing) > ASK_ABOVE_PAIRS and not self.ask_to_align_many(len(missing), len(ids)):
                left_out, missing = len(missing), []
            if self.alignment.request_pairs(unit, missing):
                self._synopsis_waiting = True
                self.show_status(f"Synopsis: aligning {len(missing)} pair(s) first…")
                return
        self._synopsis_waiting = False
        synopsis = workspace_synopsis(ws, ids, unit=unit, threshold=self.session.threshold)
        self.synopsis_dock.set_synopsis(synopsis)
        self.synopsis_dock.show()
        self.synopsis_dock.raise_()
        if not self._synopsis_grown and self.synopsis_dock.height() < SYNOPSIS_SHARE * self.height():
            # A matrix of a hundred events in the table's 240 px shows three rows: the first build
            # makes room once; after that the dock keeps whatever height the analyst gives it.
            self._synopsis_grown = True
            self.resizeDocks([self.synopsis_dock], [int(SYNOPSIS_SHARE * self.height())], Qt.Orientation.Vertical)
        unaligned = f"; {left_out:,} pair(s) not aligned, so some events may be split" if left_out else ""
        self.show_status(f"Synopsis: {len(synopsis.events)} event(s) across {len(ids)} source(s){unaligned}.", 8000)

    def _alignment_done(self) -> None:
        if self._synopsis_waiting:
            self._synopsis_waiting = False
            self.build_synopsis()
            self.alignment.request(self.session.unit)  # the panes' pairs, in case the synopsis run replaced them

    def _group(self, act: Callable[[Workspace, Unit], ActionInfo | None]) -> None:
        """Record one of the analyst's synopsis decisions (undoable like a review) and redraw."""
        try:
            info = act(self.session.workspace, self.session.unit)
        except SourceError as exc:
            self.notify_error("Cannot change the event", str(exc))
            return
        self.review_changed(None, f"{info.label}: saved (Ctrl+Z undoes it)." if info else "Nothing changed.")

    def refresh_synopsis(self) -> None:
        """Redraw a built synopsis from the workspace (after a decision, an undo or an alignment)."""
        if self.synopsis_dock.synopsis is None:
            return
        from compare.reading.synopsis import workspace_synopsis

        ids = [c.id for c in self.synopsis_dock.synopsis.columns]
        known = {s.id for s in self.session.workspace.sources()}
        ids = [i for i in ids if i in known]
        if len(ids) >= 2:
            self.synopsis_dock.set_synopsis(workspace_synopsis(self.session.workspace, ids, unit=self.session.unit,
                                                               threshold=self.session.threshold))

    def open_synopsis_cell(self, event_id: str, source_id: str) -> None:
        """Show the clicked source and the others telling the event in the panes, each at its passage."""
        synopsis = self.synopsis_dock.synopsis
        if synopsis is None:
            return
        event = synopsis.event(event_id)
        ids = [source_id, *(sid for sid in event.told_by if sid != source_id)][:MAX_PANES]
        if len(ids) < 2:
            others = [sid for sid in self.session.panes if sid != source_id]
            ids = [source_id, *others[:1]]
        self.set_panes(ids)
        found = {pane: event.passages(sid)[0] for pane, sid in enumerate(self.session.panes) if event.passages(sid)}
        self.navigator.show_passages(found)
        # Panes just filled lay their text out on the next turn of the event loop: scroll again then.
        QTimer.singleShot(0, lambda: self.navigator.show_passages(found))
        self.show_status(f"“{event.label}”: told by {len(event.told_by)} source(s).", 8000)

    def _passage_clicked(self, index: int, offset: int) -> None:
        self.active_pane = index
        message = self.navigator.passage_clicked(self.active_pane, offset)
        if message:
            self.statusBar().showMessage(message, 8000)

    def show_link(self, pair_id: str, origin: str, *, flash: bool = True) -> bool:
        return self.navigator.show_link(pair_id, origin, flash=flash)

    def step_link(self, delta: int) -> None:
        """F8 / Shift+F8; the status line then describes the link stepped to, not the last one clicked."""
        if self.navigator.step(delta, self.active_pane) is None:
            self.statusBar().showMessage("No links in this pane.", 4000)
        elif self.selection.current is not None:
            self.statusBar().showMessage(describe_link(self.selection.current), 8000)

    def step_omission(self, delta: int) -> None:
        """F9 / Shift+F9: the next passage of the active pane that its neighbours leave out."""
        passage = self.navigator.step_omission(delta, self.active_pane)
        if passage is None:
            self.statusBar().showMessage("Every passage in this pane has a counterpart.", 4000)
            return
        count = len(self.session.unmatched(self.active_pane))
        self.statusBar().showMessage(f"No counterpart ({count} such passage(s) in this pane): "
                                     f"{passage.text[:80]}{'…' if len(passage.text) > 80 else ''}", 8000)

    def step_contested(self, delta: int) -> None:
        """Ctrl+F8 / Ctrl+Shift+F8: the next rejected, contradicting, reframing or stale pair."""
        if self.navigator.step(delta, self.active_pane, contested_only=True) is None:
            self.statusBar().showMessage("No contested pairs in this pane (none rejected, contradicting, "
                                         "reframing or stale).", 4000)
        elif self.selection.current is not None:
            self.statusBar().showMessage(describe_link(self.selection.current), 8000)

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
        self.set_zoom(self.typography.stepped(direction).zoom)

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
        self.pair_model.theme = self.theme
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.theme)
        self.controls.legend.theme = self.theme
        self.controls.legend.update()

    def _restyle(self) -> None:
        self.pane_row.restyle(self.theme, self.typography)
        self.synopsis_dock.set_theme(self.theme)
        self.refresh("selection")

    # --- layout -------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.wrap_toolbars()

    def wrap_toolbars(self) -> None:
        """One row of controls when they fit the window's width, two rows when they do not."""
        reading, acting = self.toolbars
        fits = reading.sizeHint().width() + acting.sizeHint().width() <= self.width()
        if fits and self.toolBarBreak(acting):
            self.removeToolBarBreak(acting)
        elif not fits and not self.toolBarBreak(acting):
            self.insertToolBarBreak(acting)

    # --- settings -------------------------------------------------------------------------
    def _restore(self, prefs: Preferences) -> None:
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
        return Preferences(panes=list(self.session.panes), unit=self.session.unit, threshold=self.session.threshold,
                           zoom=self.typography.zoom, scroll_lock=self.commands.scroll_lock.isChecked(),
                           show_unmatched=self.commands.show_unmatched.isChecked(), theme=self.theme_choice,
                           geometry=self.saveGeometry(), state=self.saveState())

    def save_settings(self) -> None:
        if self.settings is not None:
            store_preferences(self.settings, self.preferences())
            self.save_reading_state()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.review_dock.commit_note()  # a note being written is a decision too:
        QCoreApplication.sendPostedEvents(self)  # write it now, before the window goes
        self.save_settings()
        self.cancel_work()
        self.alignment.wait(5000)
        self.files.importer.wait(5000)
        super().closeEvent(event)
