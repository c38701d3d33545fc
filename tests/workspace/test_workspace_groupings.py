"""The analyst's merges, splits and names of synopsis events: stored, undoable, kept over re-alignment."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from compare.reading.synopsis import workspace_synopsis
from compare.workspace import Workspace, schema

LEFT, RIGHTS = "encyclopedia-overview", ("kremlin-csto", "kz-presidency")
IDS = [LEFT, *RIGHTS]


def _two_events(syn):
    shared = [e for e in syn.events if len(e.told_by) >= 2]
    lone = next(e for e in syn.events if len(e.told_by) == 1 and e.told_by[0] != shared[0].told_by[0])
    return shared[0], lone


def test_merge_split_and_rename_are_undoable(ws: Workspace) -> None:
    syn = workspace_synopsis(ws, IDS)
    event, lone = _two_events(syn)

    def together(s) -> bool:
        return any({event.anchor, lone.anchor} <= e.keys for e in s.events)

    assert not together(syn)
    assert ws.join_events(event.anchor, lone.anchor) is not None
    assert together(workspace_synopsis(ws, IDS))
    assert ws.undo() is not None and not together(workspace_synopsis(ws, IDS))
    assert ws.redo() is not None and together(workspace_synopsis(ws, IDS))

    member = sorted(event.keys)[-1]
    ws.split_passage(member)
    split = workspace_synopsis(ws, IDS)
    alone = [e for e in split.events if member in e.keys]
    assert len(alone) == 1 and alone[0].keys == {member}

    target = next(e for e in split.events if len(e.told_by) >= 2)
    ws.rename_event(target.id, "The airport retaken")
    renamed = workspace_synopsis(ws, IDS).event(target.id)
    assert renamed.label == "The airport retaken" and renamed.named
    info = ws.undo()
    assert info is not None and info.label == "Rename event"
    assert workspace_synopsis(ws, IDS).event(target.id).label == target.label


def test_decisions_survive_re_alignment_and_reopening(ws_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        syn = workspace_synopsis(ws, IDS)
        event, lone = _two_events(syn)
        ws.join_events(event.anchor, lone.anchor)
        ws.rename_event(event.id, "Named by hand")
        ws.align(LEFT, list(RIGHTS), threshold=40)
    with Workspace.open(ws_path) as ws:
        again = workspace_synopsis(ws, IDS)
        holding = [e for e in again.events if lone.anchor in e.keys]
        assert len(holding) == 1 and event.anchor in holding[0].keys
        assert holding[0].label == "Named by hand"
        assert ws.can_undo()


def test_a_format_3_workspace_gains_the_groupings_table(ws_path: Path, as_format) -> None:
    as_format(ws_path, 3, drop="groupings")
    with Workspace.open(ws_path) as ws:
        assert ws.groupings() == []
        syn = workspace_synopsis(ws, IDS)
        ws.rename_event(syn.events[0].id, "x")
        assert [g.label for g in ws.groupings()] == ["x"]
    conn = sqlite3.connect(ws_path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == 4
    finally:
        conn.close()


def test_a_rename_to_nothing_gives_the_label_back(ws: Workspace) -> None:
    event = workspace_synopsis(ws, IDS).events[0]
    ws.rename_event(event.id, "Mine")
    ws.rename_event(event.id, "  ")
    assert workspace_synopsis(ws, IDS).event(event.id).label == event.label
    assert ws.groupings() == []
