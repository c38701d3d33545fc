"""What a workspace's rows must hold before anything reads (or writes) them.

SQLite's integrity check proves the file's pages are sound, not that the
values in them are ours: a hand-edited or half-overwritten file can hold
invalid UTF-8, broken JSON, a link running past its text or an undo entry
that cannot be replayed, and each of those would crash a read *after* a
write had already committed.  So a workspace is opened only when every row
passes these checks, run on a read-only connection; and `salvage` reads
such a file row by row, keeping whatever is still readable, so the analyst
can export their work from it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from compare.export import make_record
from compare.model import Source
from compare.model.errors import SourceError
from compare.model.records import Review
from compare.model.rules import STATUSES
from compare.workspace.codec import evidence_from_json, meta_from_json, settings_from_json
from compare.workspace.source_rows import SourceRow
from compare.workspace.views import PassageIndex, view_from_row

# Columns whose values are JSON, and the type the JSON must have.
_JSON_COLUMNS = {("sources", "meta"): dict, ("links", "evidence"): dict, ("links", "settings"): dict,
                 ("runs", "settings"): dict, ("actions", "changes"): list, ("actions", "source_ids"): list}
_STORAGE = {"TEXT": ("text",), "INTEGER": ("integer",), "REAL": ("real", "integer")}
_SOURCE_COLUMNS = "id, raw, body_start, markup, meta, content_sha256, text_sha256"
_MAX_SHOWN = 60  # characters of a row id in a message


class Damaged(SourceError):
    """A row that cannot be read as Parallax wrote it (the message says which)."""


@dataclass
class Salvage:
    """What could still be read from a damaged workspace."""

    sources: dict[str, Source] = field(default_factory=dict)
    records: list[dict[str, object]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def problems(conn: sqlite3.Connection, *, first_only: bool = True) -> list[str]:
    """Every damaged row (or just the first), described in a few words; [] for a sound file.

    `conn` must be read-only; its text factory is switched to bytes so that
    invalid UTF-8 is found here instead of by a later read.
    """
    found: list[str] = []
    for problem in _scan(conn):
        found.append(problem)
        if first_only:
            break
    return found


def _scan(conn: sqlite3.Connection) -> Iterator[str]:
    conn.text_factory = bytes
    yield from _storage_types(conn)
    texts: dict[str, int] = {}
    for row in conn.execute(f"SELECT {_SOURCE_COLUMNS} FROM sources"):
        try:
            source = _source(row)
        except Damaged as exc:
            yield f"source {_shown(row[0])}: {exc}"
            continue
        texts[source.id] = len(source.text)
    for row in conn.execute("SELECT pair_id, left_id, left_start, left_end, right_id, right_start, "
                            "right_end, evidence, settings FROM links"):
        try:
            _link(row, texts)
        except Damaged as exc:
            yield f"link {_shown(row[0])}: {exc}"
    for pair_id, status, relation, note in conn.execute("SELECT pair_id, status, relation, note FROM reviews"):
        try:
            if _text(status) not in STATUSES:
                raise Damaged("unknown status")
            _text(relation), _text(note)
        except Damaged as exc:
            yield f"review {_shown(pair_id)}: {exc}"
    for seq, label, changes, source_ids in conn.execute("SELECT seq, label, changes, source_ids FROM actions"):
        try:
            _text(label)
            _action(changes, source_ids)
        except Damaged as exc:
            yield f"undo entry {seq}: {exc}"


def _storage_types(conn: sqlite3.Connection) -> Iterator[str]:
    """Values stored with another type than their column's (SQLite does not enforce types)."""
    for table in ("sources", "runs", "links", "reviews", "actions"):
        for _cid, column, declared, *_ in conn.execute(f"PRAGMA table_info({table})"):
            allowed = _STORAGE.get(_text(declared).upper())
            if not allowed:
                continue
            name = _text(column)
            marks = ", ".join(f"'{t}'" for t in allowed)
            bad = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE typeof({name}) NOT IN ({marks})").fetchone()[0]
            if bad:
                yield f"{table}.{name} holds {bad} value(s) of the wrong type"


def _text(value: object) -> str:
    """A stored text value as str; invalid UTF-8 is damage, not a crash."""
    if isinstance(value, str):
        return value
    if not isinstance(value, bytes):
        raise Damaged("a text value is missing")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise Damaged("invalid UTF-8 text") from None


def _json(value: object, kind: type) -> object:
    try:
        data = json.loads(_text(value) or ("{}" if kind is dict else "[]"))
    except json.JSONDecodeError:
        raise Damaged("broken JSON") from None
    if not isinstance(data, kind):
        raise Damaged(f"JSON of the wrong shape (not a {'mapping' if kind is dict else 'list'})")
    return data


def _source(row: tuple) -> Source:
    source_id, raw, body_start, markup, meta, content_sha, text_sha = row
    text = _text(raw)
    _json(meta, dict)
    if not 0 <= int(body_start) <= len(text):
        raise Damaged("its body starts outside its text")
    try:
        meta_text = _text(meta)
        meta_from_json(meta_text)
        # The same row as the Catalogue makes, so its cached rendering serves the open that follows.
        return SourceRow(_text(source_id), text, int(body_start), bool(markup), meta_text,
                         _text(content_sha), _text(text_sha)).build()
    except Damaged:
        raise
    except SourceError as exc:
        raise Damaged(str(exc)) from None
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError):
        raise Damaged("unreadable metadata") from None


def _link(row: tuple, texts: dict[str, int]) -> None:
    _pair_id, left_id, left_start, left_end, right_id, right_start, right_end, evidence, settings = row
    for side, source_id, start, end in (("left", left_id, left_start, left_end),
                                        ("right", right_id, right_start, right_end)):
        name = _text(source_id)
        if name not in texts:
            raise Damaged(f"its {side} source is missing or damaged")
        if not 0 <= int(start) < int(end) <= texts[name]:
            raise Damaged(f"its {side} passage runs past the end of the text")
    _json(evidence, dict)
    _json(settings, dict)
    try:
        evidence_from_json(_text(evidence))
        settings_from_json(_text(settings))
    except (SourceError, TypeError, ValueError, KeyError, IndexError, AttributeError):
        raise Damaged("unreadable evidence or settings") from None


def _action(changes: object, source_ids: object) -> None:
    entries = _json(changes, list)
    if not all(isinstance(s, str) for s in _json(source_ids, list)):  # type: ignore[attr-defined]
        raise Damaged("unreadable source list")
    for entry in entries:  # type: ignore[attr-defined]
        if isinstance(entry, dict) and "removed_source" in entry:
            if not _is_removal(entry["removed_source"]):
                raise Damaged("an undo record of the wrong shape")
            continue
        if isinstance(entry, dict) and isinstance(entry.get("grouping"), str):
            if not all(v is None or (isinstance(v, dict) and {"id", "kind", "unit", "a", "b", "label"} <= set(v))
                       for v in (entry.get("before", 0), entry.get("after", 0))):
                raise Damaged("an undo record of the wrong shape")
            continue
        if not (isinstance(entry, dict) and isinstance(entry.get("pair_id"), str)
                and all(_is_state(entry.get(k)) for k in ("before", "after"))):
            raise Damaged("an undo record of the wrong shape")


def _is_removal(removed: object) -> bool:
    """A removed source kept for undo: its row, and lists of its links, decisions and runs."""
    if not isinstance(removed, dict) or not isinstance(removed.get("source"), dict):
        return False
    source = removed["source"]
    rows_ok = all(isinstance(removed.get(k), list) and all(isinstance(r, dict) for r in removed[k])
                  for k in ("links", "reviews", "runs"))
    return rows_ok and isinstance(source.get("id"), str) and isinstance(source.get("raw"), str)


def _is_state(state: object) -> bool:
    if not isinstance(state, dict):
        return False
    link, review = state.get("link"), state.get("review")
    link_ok = link is None or (isinstance(link, dict) and {"pair_id", "origin", "unit"} <= set(link))
    review_ok = review is None or (isinstance(review, dict)
                                   and {"status", "relation", "note", "created_at", "updated_at"} <= set(review))
    return link_ok and review_ok


def _shown(value: object) -> str:
    try:
        text = _text(value)
    except Damaged:
        text = repr(value)
    return f"'{text[:_MAX_SHOWN]}'"


def salvage(path: Path) -> Salvage:
    """Read a damaged workspace read-only, keeping every source and pair that is intact."""
    # As in schema.validate: immutable when no WAL is waiting, so not even -shm appears beside it.
    immutable = "" if path.with_name(path.name + "-wal").exists() else "&immutable=1"
    uri = f"{path.resolve().as_uri()}?mode=ro{immutable}"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise SourceError(f"{path}: cannot open the workspace ({exc})") from None
    result = Salvage()
    try:
        result.problems = problems(conn, first_only=False)
        for row in conn.execute(f"SELECT {_SOURCE_COLUMNS} FROM sources ORDER BY position"):
            try:
                source = _source(row)
            except Damaged:
                continue
            result.sources[source.id] = source
        texts = {s.id: len(s.text) for s in result.sources.values()}
        index = {s.id: PassageIndex(s) for s in result.sources.values()}
        conn.text_factory = str
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT l.pair_id FROM links l ORDER BY l.left_id, l.right_id, l.left_start").fetchall()
        for (pair_id,) in rows:
            record = _salvaged_pair(conn, pair_id, texts, index, result.sources)
            if record is not None:
                result.records.append(record)
    except sqlite3.DatabaseError as exc:
        raise SourceError(f"{path}: the workspace cannot be read at all ({exc})") from None
    finally:
        conn.close()
    return result


def _salvaged_pair(conn: sqlite3.Connection, pair_id: object, texts: dict[str, int],
                   index: dict[str, PassageIndex], sources: dict[str, Source]) -> dict[str, object] | None:
    """One pair as an export record, or None when its link or review is damaged."""
    try:
        conn.text_factory = bytes
        raw = conn.execute("SELECT pair_id, left_id, left_start, left_end, right_id, right_start, right_end, "
                           "evidence, settings FROM links WHERE pair_id = ?", (pair_id,)).fetchone()
        _link(tuple(raw), texts)
        review = conn.execute("SELECT status, relation, note FROM reviews WHERE pair_id = ?",
                              (pair_id,)).fetchone()
        decision = Review(*(_text(v) for v in review)) if review else Review()
        if decision.status not in STATUSES:
            raise Damaged("unknown status")
        conn.text_factory = str
        row = conn.execute("SELECT l.*, NULL AS status, NULL AS relation, NULL AS note, NULL AS reviewed_at "
                           "FROM links l WHERE l.pair_id = ?", (pair_id,)).fetchone()
        view = view_from_row(row, index)
    except (Damaged, sqlite3.DatabaseError, TypeError, ValueError):
        return None
    finally:
        conn.text_factory = str
    return make_record(view.link, sources, decision)
