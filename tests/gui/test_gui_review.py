"""Reviewing in the real window: every decision reaches the workspace file at once and can be undone."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from compare.export.writers import read_records
from compare.gui.pair_model import PairTableModel
from compare.reading.reviewer import snap_to_words
from compare.workspace import Workspace

ANCHOR, DIGEST = "diplomat-color-revolution", "encyclopedia-overview"


def on_disk(window, pair_id: str):
    """The pair as a second, independent connection to the file sees it."""
    with Workspace.open(window.session.workspace.path) as other:
        return other.pair(pair_id)


def select_first(window):
    pl = window.session.pair_links(0)[0]
    assert window.show_link(pl.pair_id, "table")
    return pl


def table_status(window, pair_id: str) -> str:
    row = window.pair_model.row_of(pair_id)
    return window.pair_model.index(row, PairTableModel.STATUS).data()


def test_confirm_reaches_table_panes_and_file_and_undo_restores_it(qtbot, window):
    pl = select_first(window)
    window.review.confirm.trigger()
    assert on_disk(window, pl.pair_id).status == "confirmed"
    assert table_status(window, pl.pair_id) == "✓ confirmed"
    assert window.selection.current.status == "confirmed"  # the selection follows the new state
    assert "1 confirmed" in window.link_count.text()
    window.selection.clear("keyboard")
    assert (pl.link.left.start, pl.link.left.end) in window.panes[0].view.marks.confirmed
    assert window.review.undo.text() == "Undo Confirm"
    window.review.undo.trigger()
    assert on_disk(window, pl.pair_id).status == "proposed"
    assert table_status(window, pl.pair_id) == "proposed"
    window.review.redo.trigger()
    assert on_disk(window, pl.pair_id).status == "confirmed"


def test_keys_reject_reset_and_relation_from_the_reading_pane(qtbot, window):
    pl = select_first(window)
    view = window.panes[0].view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_R)
    assert on_disk(window, pl.pair_id).status == "rejected"
    qtbot.keyClick(view, Qt.Key.Key_3)
    assert on_disk(window, pl.pair_id).relation == "contradicts"
    assert window.review_dock.relation.currentData() == "contradicts"
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert on_disk(window, pl.pair_id).status == "proposed"
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert on_disk(window, pl.pair_id).status == "confirmed"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert on_disk(window, pl.pair_id).status == "proposed"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert on_disk(window, pl.pair_id).status == "confirmed"


def test_letters_typed_in_the_filter_are_text_not_commands(qtbot, window):
    pl = select_first(window)
    window.pair_dock.search.setFocus()
    qtbot.keyClicks(window.pair_dock.search, "cr")
    assert window.pair_dock.search.text() == "cr"
    assert on_disk(window, pl.pair_id).status == "proposed"


def test_note_from_the_review_panel_and_from_the_table(qtbot, window):
    pl = select_first(window)
    dock = window.review_dock
    dock.note.setPlainText("Dates agree; figures differ.")
    dock.save_note.click()
    qtbot.waitUntil(lambda: on_disk(window, pl.pair_id).note == "Dates agree; figures differ.", timeout=2000)
    row = window.pair_model.row_of(pl.pair_id)
    index = window.pair_dock.proxy.mapFromSource(window.pair_model.index(row, PairTableModel.NOTE))
    window.pair_dock.proxy.setData(index, "Edited in the table")
    qtbot.waitUntil(lambda: on_disk(window, pl.pair_id).note == "Edited in the table", timeout=2000)
    assert dock.note.toPlainText() == "Edited in the table"


def test_a_note_being_written_is_saved_when_another_link_is_selected(qtbot, window):
    first, second = window.session.pair_links(0)[:2]
    window.show_link(first.pair_id, "table")
    window.review_dock.note.setPlainText("half-way through a thought")
    window.show_link(second.pair_id, "table")
    qtbot.waitUntil(lambda: on_disk(window, first.pair_id).note == "half-way through a thought", timeout=2000)
    assert window.review_dock.note.toPlainText() == ""
    assert window.selection.pair_id == second.pair_id


def test_a_note_being_written_is_saved_when_the_window_closes(qtbot, window):
    pl = select_first(window)
    window.review_dock.note.setFocus()
    qtbot.keyClicks(window.review_dock.note, "cr")  # letters in the editor are text, not Confirm/Reject
    assert window.review_dock.note.toPlainText() == "cr"
    window.close()
    assert on_disk(window, pl.pair_id).note == "cr"
    assert on_disk(window, pl.pair_id).status == "proposed"


def test_link_two_selections_then_adjust_and_delete(qtbot, window, errors):
    left, right = window.panes[0].view, window.panes[1].view
    lt, rt = left.source_obj.text, right.source_obj.text
    ls, rs = lt.index("Tokayev"), rt.index("Tokayev")
    left.select_span(ls - 1, ls + 20)  # a blank at either end is trimmed
    right.select_span(rs, rs + 30)
    window.review.link_selection.trigger()
    assert not errors
    pl = window.selection.current
    assert pl is not None and pl.manual and pl.status == "confirmed"
    assert lt[ls - 1].isspace() and (pl.link.left.start, pl.link.left.end) == snap_to_words(lt, (ls - 1, ls + 20))
    stored = on_disk(window, pl.pair_id)
    start, end = snap_to_words(rt, (rs, rs + 30))  # a selection ending inside a word takes the word
    assert stored.manual and stored.link.right.text == rt[start:end]
    assert window.pair_model.index(window.pair_model.row_of(pl.pair_id), PairTableModel.SCORE).data() == "hand"
    assert any(s == (pl.link.left.start, pl.link.left.end) for s in left.marks.manual)
    right.select_span(rs, rs + 40)
    window.review.adjust.trigger()
    moved = window.selection.current
    start, end = snap_to_words(rt, (rs, rs + 40))
    assert moved.pair_id != pl.pair_id and moved.link.right.text == rt[start:end]
    assert window.session.find_link(pl.pair_id) is None
    window.review.delete.trigger()
    assert window.session.find_link(moved.pair_id) is None
    window.review.undo.trigger()  # undo the delete
    assert window.session.find_link(moved.pair_id) is not None


def test_linking_needs_two_panes_and_engine_links_are_not_deleted(qtbot, window, errors):
    window.review.link_selection.trigger()
    assert errors and "two panes" in errors[-1][1]
    select_first(window)
    window.review.delete.setEnabled(True)  # disabled in the UI for engine links; the refusal is still explained
    window.review.delete.trigger()
    assert "reject" in errors[-1][1]


def test_realigning_keeps_decisions(qtbot, window):
    links = window.session.pair_links(0)
    kept, dropped = links[0], links[1]
    window.show_link(kept.pair_id, "table")
    window.review.confirm.trigger()
    window.show_link(dropped.pair_id, "table")
    window.review.reject.trigger()
    with qtbot.waitSignal(window.alignmentFinished, timeout=30_000):
        window.commands.realign.trigger()
        assert window.alignment_busy()
    assert window.session.find_link(kept.pair_id).status == "confirmed"
    assert window.session.find_link(dropped.pair_id).status == "rejected"
    assert table_status(window, kept.pair_id) == "✓ confirmed"
    assert "decision" in window.statusBar().currentMessage()


def test_copy_pair_as_a_quotation_with_citations(qtbot, window):
    pl = select_first(window)
    window.review.confirm.trigger()
    qtbot.keyClick(window.panes[0].view, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    text = QApplication.clipboard().text()
    assert text.startswith(f"### Pair {pl.pair_id}") and "confirmed" in text
    assert "> " in text and "Diplomat Magazine" in text and "Parallax digest" in text


def test_export_writes_the_reviewed_statuses_for_each_scope(qtbot, window, tmp_path, errors):
    first, second = window.session.pair_links(0)[:2]
    window.show_link(first.pair_id, "table")
    window.review.confirm.trigger()
    window.review.relations[1].trigger()  # agrees
    window.show_link(second.pair_id, "table")
    window.review.reject.trigger()
    assert window.files.export_to(tmp_path / "all.csv", "all")
    rows = {r["pair_id"]: r for r in read_records(tmp_path / "all.csv")}
    assert len(rows) == window.pair_model.rowCount()
    assert rows[first.pair_id]["status"] == "confirmed" and rows[first.pair_id]["relation"] == "agrees"
    assert rows[second.pair_id]["status"] == "rejected"
    assert rows[first.pair_id]["left_source"] == ANCHOR and rows[first.pair_id]["right_source"] == DIGEST
    window.pair_dock.status_filter.setCurrentIndex(window.pair_dock.status_filter.findData("confirmed"))
    assert window.files.export_to(tmp_path / "confirmed.json", "filtered")
    assert [r["pair_id"] for r in read_records(tmp_path / "confirmed.json")] == [first.pair_id]
    window.pair_dock.status_filter.setCurrentIndex(0)
    window.show_link(second.pair_id, "map")
    assert window.files.export_to(tmp_path / "one.md", "selected")
    assert f"Pair {second.pair_id}" in (tmp_path / "one.md").read_text(encoding="utf-8")
    assert not errors


def test_export_asks_before_replacing_a_file(qtbot, window, tmp_path, errors, monkeypatch):
    target = tmp_path / "pairs.csv"
    target.write_text("the analyst's own table", encoding="utf-8")
    asked: list[Path] = []
    answer = [False]
    monkeypatch.setattr(window, "ask_to_replace", lambda path: asked.append(path) or answer[0])
    assert not window.files.export_to(target, "all")
    assert target.read_text(encoding="utf-8") == "the analyst's own table" and asked == [target]
    answer[0] = True
    assert window.files.export_to(target, "all")
    assert len(read_records(target)) == window.pair_model.rowCount() and len(asked) == 2
    assert window.files.export_to(tmp_path / "new.csv", "all") and len(asked) == 2  # nothing to ask
    assert not errors


def test_the_status_and_relation_filters_narrow_the_table(qtbot, window):
    pl = select_first(window)
    window.review.confirm.trigger()
    dock = window.pair_dock
    dock.status_filter.setCurrentIndex(dock.status_filter.findData("confirmed"))
    assert dock.filtered_pairs() == [pl.pair_id]
    dock.status_filter.setCurrentIndex(0)
    dock.relation_filter.setCurrentIndex(dock.relation_filter.findData("agrees"))
    assert dock.filtered_pairs() == []


def test_batch_review_of_the_selected_rows_with_one_undo(qtbot, window):
    from PySide6.QtCore import QItemSelectionModel

    table, proxy = window.pair_dock.table, window.pair_dock.proxy
    chosen = [proxy.index(r, 0) for r in range(3)]
    table.setCurrentIndex(chosen[0])
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for index in chosen[1:]:
        table.selectionModel().select(index, flags)
    ids = window.pair_dock.selected_pairs()
    assert len(ids) == 3
    window.review.confirm.trigger()
    assert all(on_disk(window, pid).status == "confirmed" for pid in ids)
    assert "3 of 3 selected pairs" in window.statusBar().currentMessage()
    assert window.review.undo.text() == "Undo Confirm 3 pairs"
    window.review.undo.trigger()  # one undo takes all three back
    assert all(on_disk(window, pid).status == "proposed" for pid in ids)
    window.review.reject.trigger()
    assert all(on_disk(window, pid).status == "rejected" for pid in ids)


def test_the_review_panel_compares_the_pair_word_by_word(qtbot, window):
    pl = select_first(window)
    words = window.review_dock.words
    text = words.toPlainText()
    assert "shared" in text and "Left" in text and "Right" in text
    assert pl.link.left.text[:40] in " ".join(text.split()) or pl.link.left.text.split()[0] in text
    assert "background:#d3f0d8" in words.toHtml().replace(" ", "") or "#d3f0d8" in words.toHtml()
    window.selection.clear("pane")
    assert not window.review_dock.words.toPlainText()


def test_a_paragraph_decision_shows_on_its_sentences(qtbot, window):
    paragraph = max(window.session.pair_links(0), key=lambda pl: pl.link.score)
    window.show_link(paragraph.pair_id, "table")
    window.review.confirm.trigger()
    with qtbot.waitSignal(window.alignmentFinished, timeout=60_000):
        window.set_unit("sentence")
    inside = next(pl for pl in window.session.pair_links(0)
                  if paragraph.link.left.start <= pl.link.left.start < paragraph.link.left.end
                  and paragraph.link.right.start <= pl.link.right.start < paragraph.link.right.end)
    window.show_link(inside.pair_id, "table")
    summary = window.review_dock.summary.text()
    assert "At paragraph level: ✓ confirmed" in summary
    assert inside.status == "proposed"  # shown beside it, not copied onto it
