"""Bad input gets a clear dialog and loses nothing: the workspace, the panes and the files stay as they were."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent

from compare.workspace import Workspace

BAD_FILES = {
    "binary.txt": (bytes(range(256)) * 64, "binary"),
    "empty.md": (b"", "empty"),
    "undecodable.txt": (b"\xff\xfe\x00\xd8" + bytes(0x80 + i % 50 for i in range(600)), "not valid"),
    "broken.md": (b"---\ntitle: [unclosed\nkind: notes\n---\n\nBody text.\n", "front matter"),
}


def state(window) -> tuple:
    """Everything a refused input must leave alone."""
    with Workspace.open(window.session.workspace.path) as other:
        stored = [(s.id, s.meta) for s in other.sources()]
    return (stored, list(window.session.panes), sorted(window.session.library),
            window.library.model.rowCount(), window.pair_model.rowCount())


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_dropped_on_the_window_is_refused_with_a_reason(qtbot, window, errors, importing, drop,
                                                                   tmp_path, name):
    data, reason = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = state(window)
    with importing():
        assert drop([path])
    assert len(errors) == 1 and name in errors[0][1] and reason in errors[0][1], errors
    assert state(window) == before
    assert path.read_bytes() == data


def test_a_good_file_and_a_bad_one_together(qtbot, window, errors, importing, drop, tmp_path):
    good, bad = tmp_path / "good.md", tmp_path / "bad.txt"
    good.write_text("---\ntitle: Good notes\n---\n\nOn 6 January the CSTO agreed to send troops.\n",
                    encoding="utf-8")
    bad.write_bytes(bytes(range(256)) * 64)
    with importing():
        assert drop([good, bad])
    assert "good" in window.session.library  # one bad file does not sink the others
    assert len(errors) == 1 and "bad.txt" in errors[0][1]
    assert window.library.list.currentIndex().data() == "Good notes"


def test_html_is_sanitised_and_the_pane_never_fetches(qtbot, window, errors, importing, tmp_path, local_server):
    page = tmp_path / "page.html"
    page.write_text(f"""<html><head><title>Sanitised page</title>
        <link rel="stylesheet" href="{local_server.url('/style.css')}">
        <script>fetch('{local_server.url('/beacon')}'); alert('hello')</script></head>
        <body><p>On 5 January protesters stormed the akimat in Almaty.
        <img src="{local_server.url('/photo.png')}" alt="photo"></p>
        <iframe src="{local_server.url('/frame')}"></iframe>
        <p onclick="alert('x')">Tokayev asked the CSTO for help.</p></body></html>""", encoding="utf-8")
    with importing():
        window.files.import_paths([str(page)])
    assert not errors
    source_id = next(s for s in window.session.library if s.startswith("sanitised"))
    text = window.session.library[source_id].text
    assert "stormed the akimat" in text and "CSTO" in text
    assert "alert" not in text and "fetch(" not in text and "<" not in text
    with qtbot.waitSignal(window.alignmentFinished, timeout=30_000):
        window.set_pane_source(1, source_id)
    view = window.panes[1].view
    view.viewport().repaint()
    qtbot.wait(100)
    assert "<img" not in view.document().toHtml()
    assert local_server.requests == []  # nothing was fetched: not at import, not when shown


def test_a_100_mb_file_is_refused_in_the_background(qtbot, window, errors, importing, tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: the disk is not filled, the size is real
    before = state(window)
    with importing():
        started = time.monotonic()
        window.files.import_paths([str(huge)])
        assert time.monotonic() - started < 0.5  # the window returned to its event loop at once
        assert window.files.importer.busy and window.progress.isVisible()
    assert errors and "too large" in errors[0][1]
    assert state(window) == before
    assert not window.progress.isVisible()


def test_a_cancelled_import_adds_nothing(qtbot, window, errors, local_server):
    before = state(window)
    with qtbot.waitSignal(window.files.importer.cancelled, timeout=5_000):
        window.files.import_from_url(local_server.url("/slow"))
        assert window.commands.cancel.isEnabled()
        window.commands.cancel.trigger()
    local_server.release.set()
    window.files.importer.wait(5_000)
    qtbot.wait(50)  # the abandoned job's late signals must change nothing
    assert state(window) == before and not errors


def _digest(path: Path) -> tuple[str, list[str]]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(p.name for p in path.parent.iterdir())


def _corrupt(path: Path) -> None:
    """A real workspace with garbage over its second page."""
    Workspace.create(path).close()
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xa5" * 4096
    path.write_bytes(bytes(data))


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ann')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(("make", "reason"), [(_corrupt, "damaged"), (_foreign, "another application"),
                                              (lambda p: p.write_bytes(b"just text"), "not a Parallax")])
def test_a_corrupt_or_foreign_file_is_refused_untouched(qtbot, window, errors, tmp_path, make, reason):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    target = folder / "suspect.parallax"
    make(target)
    before = _digest(target)
    current = window.session.workspace.path
    assert not window.files.open_workspace_path(target)
    assert errors and reason in errors[0][1]
    assert _digest(target) == before  # byte-identical, and no -wal or -shm beside it
    assert window.session.workspace.path == current
    pl = window.session.pair_links(0)[0]
    window.show_link(pl.pair_id, "table")
    window.review.confirm.trigger()  # the current workspace is still open and working
    assert window.session.find_link(pl.pair_id).status == "confirmed"


@pytest.mark.parametrize(("path", "reason"), [("/missing", "404"), ("/slow", "did not respond")])
def test_a_url_that_fails_or_times_out_gets_a_dialog(qtbot, window, errors, importing, local_server, path, reason):
    window.files.url_timeout = 0.5
    before = state(window)
    with importing():
        window.files.import_from_url(local_server.url(path))
    assert errors and reason in errors[0][1], errors
    assert state(window) == before


def test_an_export_path_that_cannot_be_written_gets_a_dialog(qtbot, window, errors, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert not window.files.export_to(blocker / "pairs.csv", "all")
    assert errors and "cannot write" in errors[0][1]
    assert not window.files.export_to(tmp_path / "pairs.docx", "all")
    assert "unknown export format" in errors[1][1]
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_drags_that_carry_no_files_are_not_accepted(qtbot, window):
    mime = QMimeData()
    mime.setText("just words")
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    window.dragEnterEvent(enter)
    assert not enter.isAccepted()


def test_a_damaged_workspace_is_refused_and_its_readable_pairs_can_be_exported(qtbot, window, errors, tmp_path,
                                                                              monkeypatch):
    from compare.export import read_records

    (tmp_path / "elsewhere").mkdir()
    target = tmp_path / "elsewhere" / "damaged.parallax"
    with Workspace.create(target) as ws:
        ws.align("encyclopedia-overview", ["kremlin-csto"])
        count = len(ws.pairs())
    conn = sqlite3.connect(target)
    with conn:
        conn.execute("UPDATE links SET evidence = '{' WHERE rowid = (SELECT MIN(rowid) FROM links)")
    conn.close()
    before = _digest(target)
    rescued = tmp_path / "rescued.csv"
    offered: list[Path] = []
    monkeypatch.setattr(window, "ask_salvage_target", lambda path: offered.append(path) or str(rescued))
    current = window.session.workspace.path
    assert not window.files.open_workspace_path(target)
    assert errors and "damaged workspace" in errors[0][1] and offered == [target]
    assert len(read_records(rescued)) == count - 1
    assert _digest(target) == before and window.session.workspace.path == current


def test_a_damaged_workspace_at_start_is_a_dialog_offering_an_export(qapp, workspace_path, tmp_path, monkeypatch):
    """Not just a line on stderr: the app says so in a dialog and can rescue what is readable."""
    import sqlite3

    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from compare.gui import app as app_module

    conn = sqlite3.connect(workspace_path)
    with conn:
        conn.execute("UPDATE sources SET meta = '{\"title\": ' WHERE id = 'wire-chronology'")
    conn.close()
    said: list[str] = []
    target = tmp_path / "rescued.csv"
    # Every box is a plain-text `message_box`: answered Yes, its text kept.
    monkeypatch.setattr(QMessageBox, "exec", lambda box: said.append(box.text()) or int(QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert app_module.main(["--workspace", str(workspace_path)]) == 2
    assert "damaged" in said[0] and "readable pair(s) written" in said[1]
    assert target.read_text(encoding="utf-8-sig").startswith("pair_id,")
