"""Migration step 2 -> 3: a pair's identity includes its unit.

Before format 3 a pair_id hashed only the two passages' offsets, so a
single-sentence paragraph's paragraph pair and sentence pair were one stored
row: each run relabelled it to its own unit and the other unit's run, reused
as it stood, lost the link. Here every stored id is recomputed from the row's
own unit and offsets, in the links, the reviews and the undo log alike, and
the runs of source pairs aligned at both units are forgotten, so the reader
aligns them again and gets back the links a relabelling took away.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from compare.engine.align import pair_id_of
from compare.workspace.codec import dumps


def _id_of(link: dict[str, Any]) -> str:
    return pair_id_of(str(link["unit"]), f"{link['left_id']}:{link['left_start']}-{link['left_end']}",
                      f"{link['right_id']}:{link['right_start']}-{link['right_end']}")


def _renamed_change(change: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    """One undo record with its pair named as the row it refers to is named now."""
    old = change["pair_id"]
    states = [change.get("before"), change.get("after")]
    links = [s["link"] for s in states if isinstance(s, dict) and isinstance(s.get("link"), dict)]
    new = mapping.get(old) or (_id_of(links[-1]) if links else old)
    for link in links:
        link["pair_id"] = new
    return {**change, "pair_id": new}


def migrate(conn: sqlite3.Connection) -> None:
    """Recompute every pair_id with its unit (caller holds the transaction)."""
    conn.execute("PRAGMA defer_foreign_keys = ON")  # reviews point at links while both are renamed
    rows = conn.execute("SELECT pair_id, left_id, left_start, left_end, right_id, right_start, right_end, "
                        "unit FROM links").fetchall()
    columns = ("pair_id", "left_id", "left_start", "left_end", "right_id", "right_start", "right_end", "unit")
    mapping = {row[0]: _id_of(dict(zip(columns, row, strict=True))) for row in rows}
    # Through a temporary name first, so no new id meets an old one not yet renamed.
    for old, new in mapping.items():
        conn.execute("UPDATE links SET pair_id = ? WHERE pair_id = ?", ("~" + new, old))
        conn.execute("UPDATE reviews SET pair_id = ? WHERE pair_id = ?", ("~" + new, old))
    conn.execute("UPDATE links SET pair_id = substr(pair_id, 2) WHERE pair_id LIKE '~%'")
    conn.execute("UPDATE reviews SET pair_id = substr(pair_id, 2) WHERE pair_id LIKE '~%'")
    for seq, changes in conn.execute("SELECT seq, changes FROM actions").fetchall():
        try:
            entries = json.loads(changes)
            renamed = [_renamed_change(c, mapping) for c in entries]
        except (ValueError, TypeError, KeyError, AttributeError):
            continue  # a damaged record stays as it is; the content check reports it
        conn.execute("UPDATE actions SET changes = ? WHERE seq = ?",
                     (dumps(renamed), seq))
    conn.execute("DELETE FROM runs WHERE EXISTS (SELECT 1 FROM runs o WHERE o.unit != runs.unit AND "
                 "((o.left_id = runs.left_id AND o.right_id = runs.right_id) OR "
                 "(o.left_id = runs.right_id AND o.right_id = runs.left_id)))")
