"""The File menu's work: workspaces, imports, metadata, and the app's --workspace option."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtWidgets import QDialog

from compare.gui.app import main
from compare.gui.metadata_dialog import MetadataDialog
from compare.gui.settings import open_settings, recent_workspaces
from compare.workspace import Workspace

ANCHOR, DIGEST = "diplomat-color-revolution", "encyclopedia-overview"


def test_new_open_save_as_and_recent(qtbot, window_factory, tmp_path):
    settings = open_settings()
    window = window_factory(settings=settings)
    first = window.session.workspace.path
    pl = window.session.pair_links(0)[0]
    window.show_link(pl.pair_id, "table")
    window.review.confirm.trigger()
    copy = tmp_path / "copy.parallax"
    assert window.files.save_workspace_as(copy)
    assert window.session.workspace.path == copy and "copy.parallax" in window.windowTitle()
    assert window.session.find_link(pl.pair_id).status == "confirmed"  # the decision came along
    window.review.reject.trigger()  # the copy is where work continues...
    with Workspace.open(first) as original:  # ...and the original is left as it was
        assert original.pair(pl.pair_id).status == "confirmed"
    fresh = tmp_path / "fresh.parallax"
    with qtbot.waitSignal(window.alignmentFinished, timeout=30_000):
        assert window.files.create_workspace(fresh)
    assert window.session.workspace.path == fresh and window.pair_model.rowCount() > 0
    assert window.files.open_workspace_path(first)
    assert window.session.workspace.path == first
    assert recent_workspaces(settings)[:3] == [str(p.resolve()) for p in (first, fresh, copy)]
    window.files.recent.aboutToShow.emit()
    assert [a.text() for a in window.files.recent.actions()][:3] == recent_workspaces(settings)[:3]


def test_a_recent_workspace_named_with_an_ampersand_shows_it(qtbot, window_factory, tmp_path):
    """Qt reads "&" in a menu item as a mnemonic: "Q&A.parallax" showed as "QA.parallax"."""
    from compare.gui.settings import remember_workspace

    settings = open_settings()
    window = window_factory(settings=settings)
    (tmp_path / "Q&A.parallax").write_bytes(b"")  # the list keeps only files that are there
    remember_workspace(settings, tmp_path / "Q&A.parallax")
    window.files.recent.aboutToShow.emit()
    texts = [a.text() for a in window.files.recent.actions()]
    assert str((tmp_path / "Q&A.parallax").resolve()).replace("&", "&&") in texts


def test_save_as_never_overwrites(qtbot, window, errors, tmp_path):
    taken = tmp_path / "taken.parallax"
    taken.write_bytes(b"somebody's file")
    assert not window.files.save_workspace_as(taken)
    assert errors and "already exists" in errors[0][1]
    assert taken.read_bytes() == b"somebody's file"


def test_a_workspace_with_one_source_is_refused_and_the_current_stays(qtbot, window, errors, tmp_path):
    lonely = tmp_path / "lonely.parallax"
    with Workspace.open(window.session.workspace.path) as current:
        Workspace.create(lonely, [current.source(ANCHOR)]).close()
    current_path = window.session.workspace.path
    assert not window.files.open_workspace_path(lonely)
    assert errors and "at least two sources" in errors[0][1]
    assert window.session.workspace.path == current_path
    assert len(window.session.pair_links(0)) > 0


def test_dropping_a_good_file_imports_it(qtbot, window, errors, importing, drop, tmp_path):
    path = tmp_path / "dropped.md"
    path.write_text("---\ntitle: Dropped notes\nauthor: A. Analyst\n---\n\nOn 7 January Tokayev spoke.\n",
                    encoding="utf-8")
    with importing():
        assert drop([path])
    assert not errors
    with Workspace.open(window.session.workspace.path) as other:
        assert other.source("dropped").meta.author == "A. Analyst"
    assert window.session.panes == [ANCHOR, DIGEST]  # reading goes on where it was


def test_paste_text_and_import_from_a_url(qtbot, window, errors, importing, local_server):
    with importing():
        window.files.import_pasted("On 5 January the government resigned.\n\nTokayev took over.", "My paste")
    assert any(s.meta.title == "My paste" for s in window.session.library.values())
    local_server.pages["/report"] = (200, b"<html><head><title>Field report</title></head><body>"
                                          b"<p>Protests began in Zhanaozen on 2 January.</p></body></html>",
                                     "text/html; charset=utf-8")
    with importing():
        window.files.import_from_url(local_server.url("/report"))
    source = next(s for s in window.session.library.values() if s.meta.title == "Field report")
    assert source.meta.url.startswith("http://127.0.0.1") and "Zhanaozen" in source.text
    assert not errors


def test_editing_a_source_s_details(qtbot, window):
    meta = window.session.library[ANCHOR].meta
    dialog = MetadataDialog(meta, lambda fields: window.files.apply_metadata(ANCHOR, fields), window)
    qtbot.addWidget(dialog)
    assert all(edit.cursorPosition() == 0 for edit in dialog.fields.values())  # long values shown from the start
    dialog.fields["title"].setText("Colour revolution (edited)")
    dialog.fields["published"].setText("2024-12-24")
    dialog.kind.setCurrentText("digest")  # a digest must list references: refused, dialog stays open
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.error.isVisibleTo(dialog)
    assert "references" in dialog.error.text()
    assert window.session.library[ANCHOR].meta.title == meta.title
    dialog.kind.setCurrentText("article")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    with Workspace.open(window.session.workspace.path) as other:
        saved = other.source(ANCHOR).meta
    assert (saved.title, saved.published, saved.author) == ("Colour revolution (edited)", "2024-12-24", meta.author)
    assert window.panes[0].header.chooser.currentText() == "Colour revolution (edited)"
    assert window.library.list.currentIndex().data() == "Colour revolution (edited)"


def test_the_library_menu_opens_the_details_dialog(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(MetadataDialog, "exec", lambda self: shown.append(self.meta.id) or 0)
    window.library.editRequested.emit(DIGEST)
    assert shown == [DIGEST]


def test_menus_list_every_command_with_its_key(qtbot, window):
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    review = {a.text(): a.shortcut().toString() for a in menus["Review"].actions()}
    assert review["Confirm"] == "C" and review["Reject"] == "R" and review["Link selection"] == "Ctrl+L"
    file_menu = [a.text() for a in menus["File"].actions()]
    for label in ("New workspace…", "Open workspace…", "Open recent", "Save workspace as…", "Import files…",
                  "Import from address…", "Paste text as source…", "Export pairs…", "Quit"):
        assert label in file_menu
    edit = [a.shortcut().toString() for a in menus["Edit"].actions() if not a.isSeparator()]
    assert edit == ["Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Shift+C"]
    shortcuts = [k.toString() for a in window.actions() for k in a.shortcuts()]
    assert len(shortcuts) == len(set(shortcuts)), "a key bound to two commands"
    assert window.review.confirm.shortcuts()[1].toString() == "Ctrl+Return"


def test_the_app_opens_the_given_workspace_and_screenshots_a_copy(qapp, workspace_path, tmp_path):
    before = hashlib.sha256(workspace_path.read_bytes()).hexdigest()
    shot = tmp_path / "shot.png"
    assert main(["--screenshot", str(shot), "--workspace", str(workspace_path), "--width", "1000",
                 "--height", "700"]) == 0
    assert shot.stat().st_size > 10_000
    assert hashlib.sha256(workspace_path.read_bytes()).hexdigest() == before  # a copy was photographed
    assert not (tmp_path / "data").exists()  # and nothing was written to the data folder


def test_the_default_workspace_is_created_with_the_bundled_sources(qapp, tmp_path, monkeypatch):
    from compare.gui import app

    seen = []
    monkeypatch.setattr(app, "run", lambda args, workspace, panes: seen.append(
        (workspace.path, len(workspace.sources()), panes)) or 0)
    assert main(["--sources", ANCHOR, DIGEST]) == 0
    path, count, panes = seen[0]
    assert path == Path(tmp_path / "data" / "workspace.parallax") and count >= 8 and panes == [ANCHOR, DIGEST]
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    assert main(["--workspace", str(tmp_path / "nowhere.parallax")]) == 2
    assert shown and "no such workspace" in shown[0]  # in a dialog, not only on stderr


def test_the_paste_dialog_sets_every_citation_field(qtbot, window, errors, importing):
    from compare.gui.library_dock import SOURCE_ROLE
    from compare.gui.paste_dialog import PasteDialog

    dialog = PasteDialog(window)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText("Вечером 5 января президент Токаев обратился к ОДКБ за помощью против террористов.")
    dialog.title.setText("Обращение")
    for key, value in (("author", "A. Analyst"), ("outlet", "Field notes"), ("published", "2022-01-05"),
                       ("url", "https://example.org/notes")):
        qtbot.keyClicks(dialog.fields[key], value)
    with importing():
        window.files.import_pasted(dialog.text.toPlainText(), dialog.title.text(), **dialog.citation())
    assert not errors
    meta = next(s.meta for s in window.session.library.values() if s.meta.title == "Обращение")
    assert (meta.author, meta.outlet, meta.published, meta.url) == (
        "A. Analyst", "Field notes", "2022-01-05", "https://example.org/notes")
    assert meta.language == "ru"  # left empty: guessed from the text
    model = window.library.model
    titles = [model.index(r).data(SOURCE_ROLE).meta.title for r in range(model.rowCount())]
    assert "Обращение" in titles  # in the library at once, before any pane shows it


def test_removing_a_source_from_the_library_and_undoing_it(qtbot, window, errors, monkeypatch):
    """The library's "Remove from workspace…" asks, removes the account shown in a pane, and Undo brings it back."""
    shown = window.session.panes[1]
    rows = window.library.model.rowCount()
    asked: list[str] = []
    monkeypatch.setattr(window, "ask_to_remove", lambda title: asked.append(title) or False)
    assert not window.files.remove_source(shown)  # the analyst said no: nothing changes
    assert shown in window.session.library
    monkeypatch.setattr(window, "ask_to_remove", lambda title: True)
    assert window.files.remove_source(shown)
    assert shown not in window.session.library and shown not in window.session.panes
    assert len(window.panes) == len(window.session.panes) >= 2
    assert all(card.id != shown for card in window.session.library.values())
    assert "Undo brings it back" in window.statusBar().currentMessage()
    assert window.library.model.rowCount() == rows - 1
    window.review.undo.trigger()
    assert shown in window.session.library and window.library.model.rowCount() == rows
    assert not errors and asked
