"""The File menu: workspaces (new, open, recent, save as), imports, export, and dropped files.

Every command has a dialog-free method underneath (`open_workspace_path`,
`import_paths`, `export_to`…) that does the work and reports problems through
`window.notify_error`, so tests and drag-and-drop use the same code as the
menus. Imports are fetched and converted in a worker (`import_worker`) and
only then added to the workspace, so a bad file changes nothing and a big
one never freezes the window.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLineEdit, QMenu, QWidget

from compare.export import export
from compare.gui.badges import menu_text
from compare.gui.export_dialog import ExportDialog
from compare.gui.import_worker import Importer, ImportOutcome, ImportTask
from compare.gui.metadata_dialog import MetadataDialog
from compare.gui.paste_dialog import PasteDialog
from compare.gui.settings import recent_workspaces, remember_workspace
from compare.gui.window_actions import make_action
from compare.importers import SUPPORTED_EXTENSIONS
from compare.model.errors import SourceError
from compare.model.rules import URL_TIMEOUT
from compare.reading.reviewer import Reviewer
from compare.workspace import SUFFIX, Workspace, content, fetch_file, fetch_text, fetch_url
from compare.workspace.schema import DamagedWorkspace

if TYPE_CHECKING:
    from compare.gui.host import FileHost

WORKSPACE_FILTER = f"Parallax workspace (*{SUFFIX});;All files (*)"
IMPORT_FILTER = ("Documents (" + " ".join(f"*{ext}" for ext in SUPPORTED_EXTENSIONS) + ");;All files (*)")


class FileActions(QObject):
    """File commands of one window."""

    def __init__(self, host: FileHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = host
        self.parent_widget = parent
        self.url_timeout = URL_TIMEOUT
        self.importer = Importer(self)
        self.importer.started.connect(self._import_started)
        self.importer.progress.connect(self._import_progress)
        self.importer.finished.connect(self._imported)
        self.importer.finished.connect(self._import_ended)
        self.importer.cancelled.connect(self._import_ended)
        a = self._action
        self.new = a("New workspace…", self._new_dialog, [QKeySequence.StandardKey.New],
                     "Start a new workspace file with the bundled accounts")
        self.open = a("Open workspace…", self._open_dialog, [QKeySequence.StandardKey.Open],
                      "Open another workspace file")
        self.save_as = a("Save workspace as…", self._save_as_dialog, ["Ctrl+Shift+S"],
                         "Copy this workspace to a new file and continue there")
        self.import_files = a("Import files…", self._import_dialog, ["Ctrl+I"],
                              "Add Markdown, text, HTML, PDF or Word documents as sources")
        self.import_url = a("Import from address…", self._url_dialog, ["Ctrl+Shift+I"],
                            "Fetch a web page or document as a source")
        self.paste = a("Paste text as source…", self._paste_dialog, ["Ctrl+Shift+V"],
                       "Add pasted text as a source")
        self.export = a("Export pairs…", self._export_dialog, ["Ctrl+E"],
                        "Write pairs with decisions and citations to CSV, JSON, Markdown or Excel")
        self.quit = a("Quit", parent.close, [QKeySequence.StandardKey.Quit])
        self.recent = QMenu("Open recent", parent)
        self.recent.aboutToShow.connect(self._fill_recent)

    def _action(self, text: str, slot: Callable, keys=(), tip: str = "") -> QAction:
        return make_action(self.parent_widget, text, slot, keys, tip)

    def fill_menu(self, menu: QMenu) -> None:
        menu.addActions([self.new, self.open])
        menu.addMenu(self.recent)
        menu.addAction(self.save_as)
        menu.addSeparator()
        menu.addActions([self.import_files, self.import_url, self.paste])
        menu.addSeparator()
        menu.addAction(self.export)
        menu.addSeparator()
        menu.addAction(self.quit)

    def _folder(self) -> str:
        return str(self.host.session.workspace.path.parent)

    # --- workspaces -------------------------------------------------------------------
    def _new_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, "New workspace", self._folder(), WORKSPACE_FILTER)
        if path:
            self.create_workspace(_with_suffix(path))

    def _open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.parent_widget, "Open workspace", self._folder(), WORKSPACE_FILTER)
        if path:
            self.open_workspace_path(path)

    def _save_as_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, "Save workspace as", self._folder(), WORKSPACE_FILTER,
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.save_workspace_as(_with_suffix(path))

    def _fill_recent(self) -> None:
        self.recent.clear()
        settings = self.host.settings
        paths = recent_workspaces(settings) if settings is not None else []
        for path in paths:
            self.recent.addAction(menu_text(path), partial(self.open_workspace_path, path))
        if not paths:
            self.recent.addAction("No recent workspaces").setEnabled(False)

    def create_workspace(self, path: str | Path) -> bool:
        """Make a new workspace (with the bundled accounts, so there is something to read) and switch."""
        return self._switch_to_made(lambda: Workspace.create(path), "Cannot create the workspace")

    def open_workspace_path(self, path: str | Path) -> bool:
        """Switch to another workspace; a file that is not one is refused untouched.

        A damaged one is refused too, and then the analyst is offered an export
        of every pair that can still be read from it.
        """
        if Path(path).resolve() == self.host.session.workspace.path.resolve():
            self.host.show_status("That workspace is already open.", 4000)
            return True
        try:
            workspace = Workspace.open(path)
        except DamagedWorkspace as exc:
            self.host.notify_error("Cannot open this workspace", str(exc))
            target = self.host.ask_salvage_target(Path(path))
            if target:
                self.salvage_to(path, target)
            return False
        except SourceError as exc:
            self.host.notify_error("Cannot open this workspace", str(exc))
            return False
        return self.switch_to(workspace)

    def salvage_to(self, path: str | Path, target: str | Path) -> bool:
        """Export what is still readable from a damaged workspace (which stays untouched)."""
        try:
            found = content.salvage(Path(path))
            exists = Path(target).exists() or Path(target).is_symlink()
            written = export(found.records, target, overwrite=exists)
        except SourceError as exc:
            self.host.notify_error("Cannot export from the damaged workspace", str(exc))
            return False
        self.host.show_status(
            f"Exported {len(found.records)} readable pair(s) to {written}; "
            f"{len(found.problems)} damaged row(s) skipped.", 10000)
        return True

    def save_workspace_as(self, path: str | Path) -> bool:
        """Copy the workspace (a consistent snapshot) to a new file and continue in the copy."""
        return self._switch_to_made(lambda: self.host.session.workspace.copy_to(path),
                                    "Cannot save the workspace there")

    def _switch_to_made(self, make: Callable[[], Workspace], refusal: str) -> bool:
        """Switch to the workspace `make` creates, opens or copies; if it cannot, say why and stay put."""
        try:
            workspace = make()
        except SourceError as exc:
            self.host.notify_error(refusal, str(exc))
            return False
        return self.switch_to(workspace)

    def switch_to(self, workspace: Workspace) -> bool:
        """Continue in `workspace` (the current one is closed); refused if it cannot be read."""
        host = self.host
        old = host.session.workspace
        host.cancel_work()
        try:
            host.session.set_workspace(workspace)
        except SourceError as exc:
            workspace.close()
            host.notify_error("Cannot use this workspace", str(exc))
            return False
        if old is not workspace:
            old.close()
        if host.settings is not None:
            remember_workspace(host.settings, workspace.path)
        host.workspace_replaced(f"Workspace {workspace.path} is open.")
        return True

    # --- imports ---------------------------------------------------------------------
    def _import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.parent_widget, "Import documents", str(Path.home()), IMPORT_FILTER)
        if paths:
            self.import_paths(paths)

    def _url_dialog(self) -> None:
        url, ok = QInputDialog.getText(self.parent_widget, "Import from address", "Web address of a page or document:",
                                       QLineEdit.EchoMode.Normal, "https://")
        if ok and url.strip() not in ("", "https://"):
            self.import_from_url(url.strip())

    def _paste_dialog(self) -> None:
        dialog = PasteDialog(self.parent_widget)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.import_pasted(dialog.text.toPlainText(), dialog.title.text().strip() or "Pasted text",
                               **dialog.citation())

    def import_paths(self, paths: list[str]) -> bool:
        """Import files in the background; a workspace file among them is opened instead."""
        workspaces = [p for p in paths if Path(p).suffix.lower() == SUFFIX]
        if workspaces:
            return self.open_workspace_path(workspaces[0])
        return self._start([ImportTask(Path(p).name, partial(fetch_file, p)) for p in paths])

    def import_from_url(self, url: str) -> bool:
        timeout = self.url_timeout
        return self._start([ImportTask(url, lambda: fetch_url(url, timeout=timeout))])

    def import_pasted(self, text: str, title: str = "Pasted text", **citation: str) -> bool:
        return self._start([ImportTask(title, lambda: fetch_text(text, title=title, **citation))])

    def _start(self, tasks: list[ImportTask]) -> bool:
        if self.importer.busy:
            self.host.notify_error("An import is running", "Wait for it to finish or cancel it first.")
            return False
        return self.importer.start(tasks)

    def _import_started(self, count: int) -> None:
        self.host.work.busy()
        self.host.show_status(f"Importing {count} document{'s' if count != 1 else ''}…")

    def _import_progress(self, done: int, total: int, label: str) -> None:
        self.host.work.progress(done, total)
        self.host.show_status(f"Importing {label} ({done + 1} of {total})…")

    def _import_ended(self, *_outcomes: object) -> None:
        """Finished (after `_imported` has reported) or cancelled: the indicator goes unless an alignment runs."""
        self.host.work.settle()

    def _imported(self, outcomes: list[ImportOutcome]) -> None:
        """Add what converted (each on its own: one bad file must not sink the rest); report the rest."""
        workspace = self.host.session.workspace
        added, problems = [], [o.error for o in outcomes if o.incoming is None]
        for outcome in outcomes:
            if outcome.incoming is None:
                continue
            try:
                added += workspace.add_imported([outcome.incoming])
            except SourceError as exc:
                problems.append(str(exc))
        if added:
            self.host.library_changed(added[0].id)
            names = ", ".join(f"“{s.meta.title}”" for s in added)
            self.host.show_status(f"Imported {names}. Double-click in the library to read.", 8000)
        if problems:
            title = "Could not import this" if len(outcomes) == 1 else f"Could not import {len(problems)} of these"
            self.host.notify_error(title, "\n".join(problems))

    # --- dropped files ------------------------------------------------------------------
    @staticmethod
    def local_paths(mime: QMimeData) -> list[str]:
        return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []

    def handle_drop(self, mime: QMimeData) -> bool:
        paths = self.local_paths(mime)
        return bool(paths) and self.import_paths(paths)

    # --- metadata ------------------------------------------------------------------------
    def edit_metadata(self, source_id: str) -> None:
        source = self.host.session.library.get(source_id)
        if source is not None:
            MetadataDialog(source.meta, partial(self.apply_metadata, source_id), self.parent_widget).exec()

    def remove_source(self, source_id: str) -> bool:
        """Remove a source after asking; one undoable action (Ctrl+Z brings it back)."""
        source = self.host.session.library.get(source_id)
        if source is None or not self.host.ask_to_remove(source.meta.title):
            return False
        try:
            message = Reviewer(self.host.session).remove_source(source_id)
        except SourceError as exc:
            self.host.notify_error("Cannot remove this source", str(exc))
            return False
        self.host.library_changed()
        self.host.show_status(message, 8000)
        return True

    def apply_metadata(self, source_id: str, fields: dict[str, str]) -> str | None:
        """Save edited details; returns why they were refused, or None."""
        try:
            self.host.session.workspace.update_metadata(source_id, **fields)
        except SourceError as exc:
            return str(exc)
        self.host.library_changed(source_id)
        self.host.show_status("Details saved; exports cite them from now on.", 5000)
        return None

    # --- export ----------------------------------------------------------------------------
    def scope_pairs(self, scope: str) -> list[str]:
        return self.host.pairs_in_scope(scope)

    def _export_dialog(self) -> None:
        counts = {scope: len(self.scope_pairs(scope)) for scope in ("all", "filtered", "selected")}
        dialog = ExportDialog(counts, str(Path.home()), self.parent_widget)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.target():
            self.export_to(dialog.target(), dialog.scope())

    def export_to(self, path: str | Path, scope: str = "all") -> bool:
        """Write the pairs in `scope` ("all", "filtered", "selected"); the extension picks the format."""
        target = Path(path)
        exists = target.exists() or target.is_symlink()
        if exists and not self.host.ask_to_replace(target):
            self.host.show_status(f"Not exported: {target.name} was kept as it is.", 8000)
            return False
        try:
            written, count = Reviewer(self.host.session).export(path, self.scope_pairs(scope), overwrite=exists)
        except SourceError as exc:
            self.host.notify_error("Cannot export", str(exc))
            return False
        self.host.show_status(f"Exported {count} pair(s) to {written}.", 8000)
        return True


def _with_suffix(path: str) -> str:
    return path if Path(path).suffix else path + SUFFIX
