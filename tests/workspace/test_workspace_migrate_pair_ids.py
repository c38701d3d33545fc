"""Format 2 -> 3: stored pair_ids gain their unit, in links, reviews and the undo log alike."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from compare.engine.align import pair_id_of
from compare.workspace import Workspace, schema

LEFT, RIGHT = "encyclopedia-overview", "kremlin-csto"  # aligned in the conftest template


def _old_id(row: sqlite3.Row) -> str:
    """The format-2 pair_id: the two passages' keys only, no unit."""
    first, second = sorted((f"{row['left_id']}:{row['left_start']}-{row['left_end']}",
                            f"{row['right_id']}:{row['right_start']}-{row['right_end']}"))
    return hashlib.sha1(f"{first}~{second}".encode()).hexdigest()[:12]


def _as_format_2(path: Path) -> dict[str, str]:
    """Rewrite a current workspace as format 2 wrote it; returns old id -> expected new id."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    expected = {}
    with conn:
        conn.execute("PRAGMA defer_foreign_keys = ON")
        for row in conn.execute("SELECT * FROM links").fetchall():
            old = _old_id(row)
            expected[old] = row["pair_id"]
            conn.execute("UPDATE links SET pair_id = ? WHERE pair_id = ?", (old, row["pair_id"]))
            conn.execute("UPDATE reviews SET pair_id = ? WHERE pair_id = ?", (old, row["pair_id"]))
        back = {new: old for old, new in expected.items()}
        for seq, changes in conn.execute("SELECT seq, changes FROM actions").fetchall():
            entries = json.loads(changes)
            for entry in entries:
                entry["pair_id"] = back[entry["pair_id"]]
                for state in (entry["before"], entry["after"]):
                    if state["link"]:
                        state["link"]["pair_id"] = entry["pair_id"]
            conn.execute("UPDATE actions SET changes = ? WHERE seq = ?", (json.dumps(entries), seq))
        conn.execute("PRAGMA user_version = 2")
    conn.close()
    return expected


def test_pair_ids_include_their_unit_after_migration(ws_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        pairs = ws.pairs(left_id=LEFT, right_id=RIGHT)
        first, second = pairs[0].pair_id, pairs[1].pair_id
        ws.confirm(first, relation="agrees")
        ws.reject(second, note="not the same day")
    expected = _as_format_2(ws_path)
    assert first not in expected  # the rewrite really went back to the old ids
    with Workspace.open(ws_path) as ws:
        stored = {v.pair_id: v for v in ws.pairs()}
        assert set(stored) == set(expected.values())
        for view in stored.values():
            link = view.link
            assert view.pair_id == pair_id_of(view.unit, link.left.key, link.right.key) == link.pair_id
        assert (stored[first].status, stored[first].relation) == ("confirmed", "agrees")
        assert (stored[second].status, stored[second].note) == ("rejected", "not the same day")
        assert ws.undo() is not None and ws.pair(second).status == "proposed"  # the log follows the new ids
        assert ws.undo() is not None and ws.pair(first).status == "proposed"
        assert ws.redo() is not None and ws.pair(first).status == "confirmed"
    conn = sqlite3.connect(ws_path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == 4
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


def test_runs_at_both_units_are_forgotten_so_lost_links_come_back(ws_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        ws.align(LEFT, [RIGHT], unit="sentence")
        assert {r["unit"] for r in ws.runs() if r["right_id"] == RIGHT} == {"paragraph", "sentence"}
    _as_format_2(ws_path)
    with Workspace.open(ws_path) as ws:
        units = {(r["right_id"], r["unit"]) for r in ws.runs()}
    assert (RIGHT, "paragraph") not in units and (RIGHT, "sentence") not in units
    assert ("kz-presidency", "paragraph") in units  # aligned at one unit only: nothing was lost
