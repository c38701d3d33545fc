"""The analyst's decisions about the synopsis's events: join, split (detach) and rename.

They are stored by passage keys (`source:start-end`) and event ids, never by
row numbers or scores, so they outlive re-alignment; each is one undoable
action in the same log as the review decisions (`review.apply_grouping`).
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass

from compare.model.errors import SourceError
from compare.model.records import UNITS, Unit
from compare.workspace import review as rv

KINDS = ("join", "detach", "label")


@dataclass(frozen=True, slots=True)
class Grouping:
    """One decision: `join` a and b (passage keys), `detach` a, or `label` event a as `label`."""

    kind: str
    unit: Unit
    a: str
    b: str = ""
    label: str = ""

    @property
    def id(self) -> str:
        a, b = (self.a, self.b) if self.kind != "join" else tuple(sorted((self.a, self.b)))
        return hashlib.sha1(f"{self.kind}|{self.unit}|{a}|{b}".encode()).hexdigest()[:12]


def _check(unit: str) -> Unit:
    if unit not in UNITS:
        raise SourceError(f"unknown unit {unit!r} (use {', '.join(UNITS)})")
    return unit


def _row(g: Grouping, at: str) -> rv.GroupingRow:
    return {"id": g.id, "kind": g.kind, "unit": g.unit, "a": g.a, "b": g.b, "label": g.label, "created_at": at}


def groupings(conn: sqlite3.Connection, unit: Unit | None = None) -> list[Grouping]:
    rows = conn.execute("SELECT kind, unit, a, b, label FROM groupings "
                        + ("WHERE unit = ? " if unit else "") + "ORDER BY created_at, id",
                        (unit,) if unit else ()).fetchall()
    return [Grouping(r["kind"], r["unit"], r["a"], r["b"], r["label"]) for r in rows]


def join(conn: sqlite3.Connection, unit: str, a: str, b: str, at: str) -> rv.ActionInfo | None:
    """Merge the events holding passages a and b; takes back a detach of either."""
    if a == b:
        raise SourceError("an event cannot be merged with itself")
    g = Grouping("join", _check(unit), a, b)
    changes: list[tuple[str, rv.GroupingRow, rv.GroupingRow]] = [(g.id, rv.read_grouping(conn, g.id), _row(g, at))]
    for key in (a, b):
        d = Grouping("detach", g.unit, key)
        changes.append((d.id, rv.read_grouping(conn, d.id), None))
    return rv.apply_grouping(conn, "Merge events", changes, at)


def detach(conn: sqlite3.Connection, unit: str, key: str, at: str) -> rv.ActionInfo | None:
    """Split passage `key` off its event; takes back the joins that held it there."""
    g = Grouping("detach", _check(unit), key)
    joins = conn.execute("SELECT id FROM groupings WHERE kind = 'join' AND unit = ? AND (a = ? OR b = ?)",
                         (unit, key, key)).fetchall()
    changes: list[tuple[str, rv.GroupingRow, rv.GroupingRow]] = [
        (g.id, rv.read_grouping(conn, g.id), _row(g, at)),
        *((r["id"], rv.read_grouping(conn, r["id"]), None) for r in joins)]
    return rv.apply_grouping(conn, "Split event", changes, at)


def rename(conn: sqlite3.Connection, unit: str, event_id: str, label: str, at: str) -> rv.ActionInfo | None:
    """Name an event ('' gives it back its label from the links)."""
    g = Grouping("label", _check(unit), event_id, label=label.strip())
    after = _row(g, at) if g.label else None
    return rv.apply_grouping(conn, "Rename event", [(g.id, rv.read_grouping(conn, g.id), after)], at)
