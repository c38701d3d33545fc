"""Review decisions and their undo log.

Every review action is recorded as the before and after state of the pairs
it touched, in the same transaction as the change itself. Undo writes the
"before" states back and redo the "after" states, each again in one
transaction, so the history survives closing the app, a crash or `kill -9`,
and undo can never run ahead of what is on disk.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from compare.workspace.codec import dumps
from compare.workspace.views import LINK_COLUMNS

DEFAULT_DECISION = ("proposed", "", "")
MAX_HISTORY = 5000  # older actions are forgotten; their effects of course stay

PairState = dict[str, Any]  # {"link": {column: value} | None, "review": {...} | None}


@dataclass(frozen=True, slots=True)
class ActionInfo:
    """One entry of the undo history, so a GUI can label "Undo confirm" and refresh rows."""

    seq: int
    label: str
    pair_ids: tuple[str, ...]
    at: str
    undone: bool = False


def read_state(conn: sqlite3.Connection, pair_id: str) -> PairState:
    link = conn.execute(f"SELECT {', '.join(LINK_COLUMNS)} FROM links WHERE pair_id = ?",
                        (pair_id,)).fetchone()
    review = conn.execute("SELECT status, relation, note, created_at, updated_at FROM reviews "
                          "WHERE pair_id = ?", (pair_id,)).fetchone()
    return {"link": dict(link) if link else None, "review": dict(review) if review else None}


def decision(state: PairState) -> tuple[str, str, str]:
    review = state["review"]
    return (review["status"], review["relation"], review["note"]) if review else DEFAULT_DECISION


def essence(state: PairState) -> tuple[object, ...]:
    """What an action can change; timestamps and engine scores do not count."""
    link = state["link"]
    if link is None:
        return (None,)
    return (link["origin"], link["unit"], *decision(state))


def write_state(conn: sqlite3.Connection, pair_id: str, state: PairState) -> None:
    """Make a pair look as `state` says, as far as the analyst owns it.

    Hand-made links are the analyst's and come and go with the state. Engine
    links belong to the latest run: one that a re-run has since dropped is put
    back (flagged stale) because the decision being restored needs it, but a
    current engine link is never removed or re-scored from an old snapshot.
    """
    link = state["link"]
    if link is None:
        row = conn.execute("SELECT origin FROM links WHERE pair_id = ?", (pair_id,)).fetchone()
        if row is not None and row["origin"] == "manual":
            conn.execute("DELETE FROM links WHERE pair_id = ?", (pair_id,))
        else:
            conn.execute("DELETE FROM reviews WHERE pair_id = ?", (pair_id,))
        return
    values = {**link, "proposed": 0}
    conn.execute(f"INSERT OR IGNORE INTO links ({', '.join(LINK_COLUMNS)}) "
                 f"VALUES ({', '.join('?' * len(LINK_COLUMNS))})",
                 [values[c] for c in LINK_COLUMNS])
    if link["origin"] == "manual":
        conn.execute("UPDATE links SET origin = 'manual', unit = ? WHERE pair_id = ?",
                     (link["unit"], pair_id))
    review = state["review"]
    if review is None or decision(state) == DEFAULT_DECISION:
        conn.execute("DELETE FROM reviews WHERE pair_id = ?", (pair_id,))
    else:
        conn.execute("INSERT OR REPLACE INTO reviews (pair_id, status, relation, note, created_at, "
                     "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                     (pair_id, review["status"], review["relation"], review["note"],
                      review["created_at"], review["updated_at"]))


def with_decision(state: PairState, status: str, relation: str, note: str, now: str) -> PairState:
    """`state` with a new decision, keeping when the pair was first reviewed."""
    if (status, relation, note) == DEFAULT_DECISION:
        return {**state, "review": None}
    created = state["review"]["created_at"] if state["review"] else now
    return {**state, "review": {"status": status, "relation": relation, "note": note,
                                "created_at": created, "updated_at": now}}


Change = tuple[str, PairState, PairState]  # pair_id, before, after


def apply_action(conn: sqlite3.Connection, label: str, changes: list[Change], now: str) -> ActionInfo | None:
    """Write the after states and log the action (caller holds the transaction).

    An action that changes nothing the analyst can see is not logged, so undo
    never appears to do nothing.
    """
    changes = [c for c in changes if essence(c[1]) != essence(c[2])]
    if not changes:
        return None
    for pair_id, _, after in changes:
        write_state(conn, pair_id, after)
    sources = sorted({link[side] for _, before, after in changes for link in (before["link"], after["link"])
                      if link for side in ("left_id", "right_id")})
    payload: list[dict[str, Any]] = [{"pair_id": p, "before": b, "after": a} for p, b, a in changes]
    return _log(conn, label, payload, sources, now)


def _info(row: sqlite3.Row, undone: bool) -> ActionInfo:
    pair_ids = tuple(c["pair_id"] for c in json.loads(row["changes"]) if "pair_id" in c)
    return ActionInfo(row["seq"], row["label"], pair_ids, row["at"], undone)


def _log(conn: sqlite3.Connection, label: str, payload: list[dict[str, Any]], sources: list[str],
         now: str) -> ActionInfo:
    """Record one action: a new action ends the redo list; the oldest beyond MAX_HISTORY are forgotten."""
    conn.execute("DELETE FROM actions WHERE undone = 1")
    cur = conn.execute("INSERT INTO actions (label, changes, source_ids, at) VALUES (?, ?, ?, ?)",
                       (label, dumps(payload), dumps(sources), now))
    conn.execute("DELETE FROM actions WHERE seq <= ?", ((cur.lastrowid or 0) - MAX_HISTORY,))
    pair_ids = tuple(str(c["pair_id"]) for c in payload if "pair_id" in c)
    return ActionInfo(int(cur.lastrowid or 0), label, pair_ids, now)


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(sql, params).fetchall()]


def remove_source(conn: sqlite3.Connection, source_id: str, label: str, now: str) -> ActionInfo:
    """Remove a source with its links, decisions and runs, as one action that undo takes back.

    Everything removed goes into the undo record, so undo puts the source back
    as it was, links, decisions and runs included. Older actions that touch
    the source stay in the history: undo is a stack, so they can only be
    reached once this removal has itself been undone.
    """
    removed = {
        "source": dict(conn.execute("SELECT * FROM sources WHERE id = ?", (source_id,)).fetchone()),
        "links": _rows(conn, "SELECT * FROM links WHERE left_id = ?1 OR right_id = ?1", (source_id,)),
        "reviews": _rows(conn, "SELECT r.* FROM reviews r JOIN links l ON l.pair_id = r.pair_id "
                               "WHERE l.left_id = ?1 OR l.right_id = ?1", (source_id,)),
        "runs": _rows(conn, "SELECT * FROM runs WHERE left_id = ?1 OR right_id = ?1", (source_id,)),
    }
    conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))  # links, reviews, runs follow (cascade)
    return _log(conn, label, [{"removed_source": removed}], [source_id], now)


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        names = list(row)
        conn.execute(f"INSERT OR REPLACE INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                     [row[n] for n in names])


def _restore_source(conn: sqlite3.Connection, removed: dict[str, Any]) -> None:
    _insert(conn, "sources", [removed["source"]])
    _insert(conn, "links", removed["links"])
    _insert(conn, "reviews", removed["reviews"])
    _insert(conn, "runs", removed["runs"])


def _undo_change(conn: sqlite3.Connection, change: dict[str, Any]) -> None:
    if "removed_source" in change:
        _restore_source(conn, change["removed_source"])
    else:
        _write_change(conn, change, "before")


def _redo_change(conn: sqlite3.Connection, change: dict[str, Any]) -> None:
    if "removed_source" in change:
        conn.execute("DELETE FROM sources WHERE id = ?", (change["removed_source"]["source"]["id"],))
    else:
        _write_change(conn, change, "after")


_NEXT_UNDO = "SELECT * FROM actions WHERE undone = 0 ORDER BY seq DESC LIMIT 1"
_NEXT_REDO = "SELECT * FROM actions WHERE undone = 1 ORDER BY seq ASC LIMIT 1"


def next_undo(conn: sqlite3.Connection) -> ActionInfo | None:
    """What `undo` would take back, by the very query it uses (however long the history)."""
    row = conn.execute(_NEXT_UNDO).fetchone()
    return None if row is None else _info(row, False)


def next_redo(conn: sqlite3.Connection) -> ActionInfo | None:
    """What `redo` would do again, by the very query it uses."""
    row = conn.execute(_NEXT_REDO).fetchone()
    return None if row is None else _info(row, True)


def undo(conn: sqlite3.Connection) -> ActionInfo | None:
    """Take back the latest action still in effect (caller holds the transaction)."""
    row = conn.execute(_NEXT_UNDO).fetchone()
    if row is None:
        return None
    for change in reversed(json.loads(row["changes"])):
        _undo_change(conn, change)
    conn.execute("UPDATE actions SET undone = 1 WHERE seq = ?", (row["seq"],))
    return _info(row, True)


def redo(conn: sqlite3.Connection) -> ActionInfo | None:
    """Do again the earliest undone action (caller holds the transaction)."""
    row = conn.execute(_NEXT_REDO).fetchone()
    if row is None:
        return None
    for change in json.loads(row["changes"]):
        _redo_change(conn, change)
    conn.execute("UPDATE actions SET undone = 0 WHERE seq = ?", (row["seq"],))
    return _info(row, False)


def _write_change(conn: sqlite3.Connection, change: dict[str, Any], side: str) -> None:
    if "grouping" in change:
        write_grouping(conn, change["grouping"], change[side])
    else:
        write_state(conn, change["pair_id"], change[side])


GroupingRow = dict[str, Any] | None  # a `groupings` row, None when absent
GROUPING_COLUMNS = ("id", "kind", "unit", "a", "b", "label", "created_at")


def read_grouping(conn: sqlite3.Connection, grouping_id: str) -> GroupingRow:
    row = conn.execute(f"SELECT {', '.join(GROUPING_COLUMNS)} FROM groupings WHERE id = ?",
                       (grouping_id,)).fetchone()
    return dict(row) if row else None


def write_grouping(conn: sqlite3.Connection, grouping_id: str, row: GroupingRow) -> None:
    """Make one synopsis decision look as `row` says (None: not there)."""
    conn.execute("DELETE FROM groupings WHERE id = ?", (grouping_id,))
    if row is not None:
        conn.execute(f"INSERT INTO groupings ({', '.join(GROUPING_COLUMNS)}) VALUES "
                     f"({', '.join('?' * len(GROUPING_COLUMNS))})", [row[c] for c in GROUPING_COLUMNS])


def apply_grouping(conn: sqlite3.Connection, label: str, changes: list[tuple[str, GroupingRow, GroupingRow]],
                   now: str) -> ActionInfo | None:
    """Write synopsis decisions and log them as one undoable action (caller holds the transaction)."""
    changes = [c for c in changes if c[1] != c[2]]
    if not changes:
        return None
    for grouping_id, _, after in changes:
        write_grouping(conn, grouping_id, after)
    payload: list[dict[str, Any]] = [{"grouping": g, "before": b, "after": a} for g, b, a in changes]
    return _log(conn, label, payload, [], now)


def history(conn: sqlite3.Connection, limit: int = 50) -> list[ActionInfo]:
    """The latest actions, newest first, undone ones included (they can be redone)."""
    rows = conn.execute("SELECT * FROM actions ORDER BY seq DESC LIMIT ?", (limit,)).fetchall()
    return [_info(row, bool(row["undone"])) for row in rows]
