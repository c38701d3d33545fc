"""Review actions: written at once, one transaction each, undoable, surviving reopen."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from compare.model.errors import SourceError
from compare.workspace import RELATIONS, Workspace

LEFT, RIGHT = "encyclopedia-overview", "kremlin-csto"


def _decision_on_disk(path: Path, pair_id: str) -> tuple[str, str, str] | None:
    """Read the file through a separate, read-only connection: what a crash would leave."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT status, relation, note FROM reviews WHERE pair_id = ?",
                           (pair_id,)).fetchone()
    finally:
        conn.close()
    return tuple(row) if row else None


def test_each_action_is_on_disk_when_it_returns(ws: Workspace, ws_path: Path) -> None:
    pid = ws.pairs()[0].pair_id
    ws.confirm(pid)
    assert _decision_on_disk(ws_path, pid) == ("confirmed", "", "")
    ws.set_relation(pid, "contradicts")
    assert _decision_on_disk(ws_path, pid) == ("confirmed", "contradicts", "")
    ws.set_note(pid, "dates differ by a day")
    assert _decision_on_disk(ws_path, pid) == ("confirmed", "contradicts", "dates differ by a day")
    ws.reject(pid)
    assert _decision_on_disk(ws_path, pid) == ("rejected", "contradicts", "dates differ by a day")
    ws.reset(pid)
    assert _decision_on_disk(ws_path, pid) == ("proposed", "contradicts", "dates differ by a day")
    ws.review(pid, relation="", note="")
    assert _decision_on_disk(ws_path, pid) is None  # back to "not reviewed": no row at all


def test_a_second_workspace_instance_sees_actions_at_once(ws_path: Path) -> None:
    with Workspace.open(ws_path) as first, Workspace.open(ws_path) as second:
        pid = first.pairs()[1].pair_id
        first.confirm(pid, relation="agrees", note="same day")
        seen = second.pair(pid)
        assert (seen.status, seen.relation, seen.note) == ("confirmed", "agrees", "same day")
        assert second.undo() is not None  # the undo history is shared through the file too
        assert first.pair(pid).status == "proposed"


def test_reviews_round_trip_through_reopen(ws_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        pids = [p.pair_id for p in ws.pairs()]
        ws.confirm(pids[0], relation="same event", note="Wörter, «кавычки» and emoji 🙂")
        ws.reject(pids[1], note="different day")
        ws.set_relation(pids[2], "Adds-Detail")
    with Workspace.open(ws_path) as ws:
        got = {p.pair_id: (p.status, p.relation, p.note) for p in ws.pairs()}
    assert got[pids[0]] == ("confirmed", "same event", "Wörter, «кавычки» and emoji 🙂")
    assert got[pids[1]] == ("rejected", "", "different day")
    assert got[pids[2]] == ("proposed", "adds detail", "")


def test_undo_and_redo_survive_reopening(ws_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        pid = ws.pairs()[0].pair_id
        ws.confirm(pid)
        ws.set_note(pid, "first")
        ws.set_note(pid, "second")
    with Workspace.open(ws_path) as ws:
        assert [a.label for a in ws.history()] == ["Edit note", "Edit note", "Confirm"]
        assert ws.undo().label == "Edit note"
        assert ws.pair(pid).note == "first"
    with Workspace.open(ws_path) as ws:
        assert ws.can_redo()
        ws.redo()
        assert ws.pair(pid).note == "second"
        ws.undo()
        ws.undo()
        ws.undo()
        assert ws.pair(pid).review.status == "proposed" and not ws.can_undo()
        assert ws.undo() is None
        ws.redo()
        ws.reject(pid)  # a new action drops what could be redone
        assert not ws.can_redo() and ws.pair(pid).status == "rejected"


def test_actions_that_change_nothing_are_not_logged(ws: Workspace) -> None:
    pid = ws.pairs()[0].pair_id
    ws.confirm(pid)
    ws.confirm(pid)
    ws.set_note(pid, "")
    assert len(ws.history()) == 1


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"status": "maybe"}, "unknown status"),
    ({"relation": "disagrees"}, "unknown relation"),
])
def test_bad_values_are_refused(ws: Workspace, kwargs: dict[str, str], message: str) -> None:
    pid = ws.pairs()[0].pair_id
    with pytest.raises(SourceError, match=message):
        ws.review(pid, **kwargs)
    assert ws.pair(pid).status == "proposed" and not ws.can_undo()


def test_unknown_pair(ws: Workspace) -> None:
    with pytest.raises(SourceError, match="no pair"):
        ws.confirm("0123456789ab")
    with pytest.raises(SourceError, match="no pair"):
        ws.find_pair_id("zzzz")


def test_find_pair_id_by_prefix(ws: Workspace) -> None:
    pid = ws.pairs()[0].pair_id
    assert ws.find_pair_id(pid[:8]) == pid
    assert ws.find_pair_id(pid.upper()) == pid


def test_relations_are_the_documented_ones() -> None:
    assert RELATIONS == ("same event", "agrees", "contradicts", "adds detail", "reframes")


# --- hand-made links ----------------------------------------------------------------


def test_hand_made_link_is_stored_as_given(ws: Workspace, ws_path: Path) -> None:
    left_text = ws.source(LEFT).text
    view = ws.add_link(LEFT, (3, 17), RIGHT, (10, 11), relation="reframes", note="odd spans on purpose")
    assert view.manual and not view.stale and view.status == "confirmed"
    assert (view.link.left.start, view.link.left.end, view.link.left.text) == (3, 17, left_text[3:17])
    assert view.link.right.text == ws.source(RIGHT).text[10:11]
    assert view.pair_id == view.link.pair_id
    with Workspace.open(ws_path) as again:
        back = again.pair(view.pair_id)
    assert back.link == view.link and (back.status, back.relation, back.note) == \
        ("confirmed", "reframes", "odd spans on purpose")


@pytest.mark.parametrize(("left", "right", "message"), [
    ((5, 5), (0, 10), "not within"),
    ((-1, 4), (0, 10), "not within"),
    ((0, 10), (0, 10**7), "not within"),
    (("a", "b"), (0, 10), "two offsets"),
])
def test_hand_made_spans_must_lie_within_the_text(ws: Workspace, left: tuple[int, int],
                                                  right: tuple[int, int], message: str) -> None:
    with pytest.raises(SourceError, match=message):
        ws.add_link(LEFT, left, RIGHT, right)
    assert not ws.can_undo()


def test_hand_made_link_needs_two_sources_and_new_spans(ws: Workspace) -> None:
    with pytest.raises(SourceError, match="two different sources"):
        ws.add_link(LEFT, (0, 5), LEFT, (6, 9))
    with pytest.raises(SourceError, match="no source"):
        ws.add_link(LEFT, (0, 5), "nowhere", (0, 5))
    engine = ws.pairs()[0].link
    with pytest.raises(SourceError, match="already exists"):
        ws.add_link(LEFT, (engine.left.start, engine.left.end), engine.right.source_id,
                    (engine.right.start, engine.right.end))


def test_delete_hand_made_link_and_undo(ws: Workspace) -> None:
    view = ws.add_link(LEFT, (0, 30), RIGHT, (0, 30), note="keep me")
    ws.delete_link(view.pair_id)
    assert view.pair_id not in {p.pair_id for p in ws.pairs()}
    ws.undo()
    assert ws.pair(view.pair_id).note == "keep me"
    ws.undo()
    assert view.pair_id not in {p.pair_id for p in ws.pairs()}
    ws.redo()
    assert ws.pair(view.pair_id).manual


def test_engine_links_are_rejected_not_deleted(ws: Workspace) -> None:
    pid = ws.pairs()[0].pair_id
    with pytest.raises(SourceError, match="reject it"):
        ws.delete_link(pid)


def test_adjusting_an_engine_link(ws: Workspace) -> None:
    old = ws.pairs(right_id=RIGHT)[0]
    ws.set_note(old.pair_id, "narrow it down")
    lk = old.link
    moved = ws.adjust_link(old.pair_id, left_span=(lk.left.start, lk.left.start + 40))
    assert moved.manual and moved.status == "confirmed" and moved.note == "narrow it down"
    assert (moved.link.left.start, moved.link.left.end) == (lk.left.start, lk.left.start + 40)
    assert (moved.link.right.start, moved.link.right.end) == (lk.right.start, lk.right.end)
    assert ws.pair(old.pair_id).status == "rejected"  # so re-aligning will not offer it again
    assert ws.history()[0].label == "Adjust link" and len(ws.history()[0].pair_ids) == 2
    ws.undo()
    assert ws.pair(old.pair_id).note == "narrow it down" and ws.pair(old.pair_id).status == "proposed"
    assert moved.pair_id not in {p.pair_id for p in ws.pairs()}


def test_adjusting_a_hand_made_link_moves_it(ws: Workspace) -> None:
    first = ws.add_link(LEFT, (0, 30), RIGHT, (0, 30), status="rejected", note="n")
    moved = ws.adjust_link(first.pair_id, right_span=(5, 50))
    assert {p.pair_id for p in ws.pairs(status="rejected")} == {moved.pair_id}
    assert first.pair_id not in {p.pair_id for p in ws.pairs()}
    assert ws.adjust_link(moved.pair_id, right_span=(5, 50)).pair_id == moved.pair_id  # same spans: no-op
    with pytest.raises(SourceError, match="not within"):
        ws.adjust_link(moved.pair_id, left_span=(0, 10**6))


def test_review_many_is_one_action(ws) -> None:
    ids = [v.pair_id for v in ws.pairs()[:4]]
    ws.confirm(ids[0])
    assert ws.review_many(ids, "confirmed") == 3  # the one already confirmed is left out
    assert {ws.pair(p).status for p in ids} == {"confirmed"}
    assert ws.next_undo().label == "Confirm 3 pairs"
    ws.undo()
    assert ws.pair(ids[0]).status == "confirmed" and {ws.pair(p).status for p in ids[1:]} == {"proposed"}
