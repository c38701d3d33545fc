"""The workspace: one SQLite file with the sources, the links and every decision.

There is no Save: each method that changes something runs in its own
transaction and is on disk when it returns (WAL journal, synchronous=FULL),
so a crash loses at most the action in flight. Reads rebuild the same
`Source` and `Link` objects the rest of Parallax uses, so the GUI, the CLI
and compare.export all work on one model. A Workspace belongs to the thread
that opened it (as its SQLite connection does); compute alignments elsewhere
with `compute_alignment` pieces if needed, and store them here.
"""

from __future__ import annotations

import datetime as _dt
import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from types import TracebackType
from typing import Any

from compare.align import (
    DEFAULT_MARGIN,
    DEFAULT_THRESHOLD,
    Alignment,
    CancelFn,
    Corpus,
    Link,
    ProgressFn,
    align,
)
from compare.errors import SourceError
from compare.export import export as write_records
from compare.export import make_record
from compare.model import UNITS, Passage, Source, SourceMeta, Unit
from compare.sources import bundled_sources
from compare.workspace import importing, realign, schema
from compare.workspace import review as rv
from compare.workspace.codec import EDITABLE_FIELDS, checked_meta, meta_from_json, meta_to_json
from compare.workspace.location import default_workspace_path
from compare.workspace.realign import AlignReport
from compare.workspace.review import ActionInfo
from compare.workspace.source_rows import SourceEntry, SourceRow, row_for, sha256
from compare.workspace.views import PairView, PassageIndex, view_from_row

BUSY_TIMEOUT = 5.0  # seconds to wait while another window or the CLI is writing
_Cached = tuple[tuple[object, ...], Source, PassageIndex, str]


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="milliseconds")


def _reason(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return "the workspace is busy (another Parallax is writing to it); try again"
    if "readonly" in text:
        return "the workspace is read-only"
    return text


def _connect(path: Path) -> sqlite3.Connection:
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise SourceError(f"{path}: cannot open the workspace ({_reason(exc)})") from None
    return conn


def _insert_source(conn: sqlite3.Connection, row: SourceRow, origin: str, now: str) -> None:
    if conn.execute("SELECT 1 FROM sources WHERE id = ?", (row.id,)).fetchone():
        raise SourceError(f"a source with id '{row.id}' is already in the workspace")
    conn.execute(
        "INSERT INTO sources (id, position, raw, body_start, markup, meta, content_sha256, text_sha256, "
        "origin, added_at) VALUES (?, (SELECT COALESCE(MAX(position) + 1, 0) FROM sources), "
        "?, ?, ?, ?, ?, ?, ?, ?)",
        (row.id, row.raw, row.body_start, int(row.markup), row.meta, row.content_sha256,
         row.text_sha256, origin, now))


def _span(source: Source, span: tuple[int, int]) -> tuple[int, int]:
    try:
        start, end = (int(span[0]), int(span[1]))
    except (TypeError, ValueError, IndexError):
        raise SourceError(f"{source.id}: a span is two offsets (start, end), not {span!r}") from None
    if not 0 <= start < end <= len(source.text):
        raise SourceError(f"{source.id}: span {start}-{end} is not within its text (0-{len(source.text)})")
    return start, end


class Workspace:
    """A workspace file, open. Use `Workspace.open`, `Workspace.create` or `Workspace.open_default`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        self._cache: dict[str, _Cached] = {}
        self._corpora: dict[str, tuple[tuple[object, ...], Corpus]] = {}

    # --- opening and closing ------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Workspace:
        """Open an existing workspace; refuse anything else without touching it."""
        target = Path(path)
        version = schema.validate(target)
        conn = _connect(target)
        try:
            schema.migrate(conn, version)
        except sqlite3.Error as exc:
            conn.close()
            raise SourceError(f"{target}: cannot upgrade the workspace ({_reason(exc)})") from None
        return cls(conn, target)

    @classmethod
    def create(cls, path: str | os.PathLike[str], sources: Iterable[Source] | None = None) -> Workspace:
        """Make a new workspace holding `sources` (default: the bundled ones; `()` for none).

        It is built under a temporary name and linked into place only when
        complete, so a crash never leaves a half-made workspace, and an
        existing file is never overwritten.
        """
        target = Path(path)
        if target.exists():
            raise SourceError(f"{target}: already exists")
        if not target.parent.is_dir():
            raise SourceError(f"{target.parent}: no such folder")
        chosen = bundled_sources() if sources is None else tuple(sources)
        rows = [(row_for(s)[0], "bundled" if sources is None else s.path) for s in chosen]
        tmp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.creating")
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))  # umask applies, as for any file
        try:
            conn = sqlite3.connect(tmp, isolation_level=None)
            try:
                conn.execute("BEGIN IMMEDIATE")
                schema.initialise(conn)
                now = _now()
                for row, origin in rows:
                    _insert_source(conn, row, origin, now)
                conn.execute("COMMIT")
                conn.execute("PRAGMA journal_mode = WAL")
            finally:
                conn.close()
            _link_into_place(Path(tmp), target)
        finally:
            Path(tmp).unlink(missing_ok=True)
        return cls.open(target)

    @classmethod
    def open_default(cls) -> Workspace:
        """The user's own workspace, created with the bundled sources on first use."""
        path = default_workspace_path()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                return cls.create(path)
            except SourceError:
                if not path.exists():
                    raise  # not a race with another window creating it: a real failure
        return cls.open(path)

    def close(self) -> None:
        """Close the file (the last connection to close also folds the WAL back in)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise SourceError(f"{self.path}: the workspace is closed")
        return self._conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it reaches the disk, or none of it."""
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise SourceError(f"{self.path}: {_reason(exc)}") from None
        try:
            yield conn
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise SourceError(f"{self.path}: could not save ({_reason(exc)})") from None
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for reads that take several statements."""
        conn = self.conn
        if conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")

    # --- sources ------------------------------------------------------------------

    def _catalogue(self, conn: sqlite3.Connection) -> list[SourceEntry]:
        """Every source, rebuilt only when its stored row changed (by us or another process)."""
        rows = conn.execute("SELECT id, body_start, markup, meta, content_sha256, text_sha256, origin, "
                            "added_at FROM sources ORDER BY position, id").fetchall()
        fresh: dict[str, _Cached] = {}
        entries = []
        for r in rows:
            key = (r["content_sha256"], r["meta"], r["body_start"], r["markup"])
            cached = self._cache.get(r["id"])
            if cached is None or cached[0] != key:
                raw = conn.execute("SELECT raw FROM sources WHERE id = ?", (r["id"],)).fetchone()[0]
                row = SourceRow(r["id"], raw, r["body_start"], bool(r["markup"]), r["meta"],
                                r["content_sha256"], r["text_sha256"])
                try:
                    source = row.build()
                except SourceError as exc:
                    raise SourceError(f"{self.path}: source '{r['id']}' is damaged ({exc})") from None
                cached = (key, source, PassageIndex(source), sha256(source.text))
            fresh[r["id"]] = cached
            entries.append(SourceEntry(cached[1], r["content_sha256"], r["origin"], r["added_at"],
                                       text_changed=cached[3] != r["text_sha256"]))
        self._cache = fresh
        return entries

    def entries(self) -> list[SourceEntry]:
        """Sources with their hash, origin, date added and a warning flag, in workspace order."""
        with self._reading() as conn:
            return self._catalogue(conn)

    def sources(self) -> list[Source]:
        """The sources in workspace order (bundled anchor first, then as added)."""
        return [e.source for e in self.entries()]

    def source(self, source_id: str) -> Source:
        for entry in self.entries():
            if entry.id == source_id:
                return entry.source
        raise SourceError(f"no source '{source_id}' in this workspace")

    def add_source(self, source: Source, *, origin: str = "") -> Source:
        """Add a Source as it is (its id must be new); returns it as stored."""
        return self.add_sources([source], origins=[origin])[0]

    def add_sources(self, sources: Sequence[Source], *, origins: Sequence[str] | None = None) -> list[Source]:
        """Add several sources in one transaction: all of them or, on any error, none."""
        built = [row_for(s) for s in sources]
        origins = list(origins) if origins is not None else [s.path for s in sources]
        with self._transaction() as conn:
            now = _now()
            for (row, _), origin in zip(built, origins, strict=True):
                _insert_source(conn, row, origin, now)
        return [source for _, source in built]

    def update_metadata(self, source_id: str, **fields: Any) -> SourceMeta:
        """Edit bibliographic fields (not the id, which every stored link refers to)."""
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            what = "the id cannot be changed" if "id" in unknown else f"unknown field(s) {sorted(unknown)}"
            raise SourceError(f"{source_id}: {what}")
        with self._transaction() as conn:
            row = conn.execute("SELECT meta FROM sources WHERE id = ?", (source_id,)).fetchone()
            if row is None:
                raise SourceError(f"no source '{source_id}' in this workspace")
            meta = checked_meta({**asdict(meta_from_json(row["meta"])), **fields, "id": source_id})
            conn.execute("UPDATE sources SET meta = ? WHERE id = ?", (meta_to_json(meta), source_id))
        return meta

    def remove_source(self, source_id: str) -> int:
        """Remove a source with its links and decisions; returns how many decisions were lost.

        Undo history that involves the source is forgotten too, since it
        could no longer be replayed. This is not itself undoable.
        """
        with self._transaction() as conn:
            if not conn.execute("SELECT 1 FROM sources WHERE id = ?", (source_id,)).fetchone():
                raise SourceError(f"no source '{source_id}' in this workspace")
            lost = conn.execute(
                "SELECT COUNT(*) FROM links l WHERE (l.left_id = ?1 OR l.right_id = ?1) AND "
                "(l.origin = 'manual' OR EXISTS (SELECT 1 FROM reviews r WHERE r.pair_id = l.pair_id))",
                (source_id,)).fetchone()[0]
            rv.forget_source(conn, source_id)
            conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
        return int(lost)

    # --- importing ----------------------------------------------------------------

    def add_imported(self, incoming: Sequence[importing.Incoming]) -> list[Source]:
        """Add converted documents in one transaction; a duplicate refuses the whole batch."""
        with self._reading() as conn:
            entries = self._catalogue(conn)
        taken = {e.id for e in entries}
        seen = {e.content_sha256: e.id for e in entries}
        sources = []
        for item in incoming:
            digest = sha256(item.document.markdown)
            if digest in seen:
                raise SourceError(f"{Path(item.name).name}: already in the workspace as '{seen[digest]}'")
            source = importing.to_source(item, taken=taken)
            taken.add(source.id)
            seen[digest] = source.id
            sources.append(source)
        return self.add_sources(sources, origins=[item.origin for item in incoming])

    def import_file(self, path: str | os.PathLike[str]) -> Source:
        """Import a .md, .txt, .html, .pdf or .docx file as a new source."""
        return self.add_imported([importing.fetch_file(Path(path))])[0]

    def import_url(self, url: str, **options: Any) -> Source:
        """Fetch a web page or document; `options` (timeout, opener) go to the importer."""
        return self.add_imported([importing.fetch_url(url, **options)])[0]

    def import_text(self, text: str, *, title: str = "Pasted text") -> Source:
        return self.add_imported([importing.fetch_text(text, title=title)])[0]

    # --- alignment ----------------------------------------------------------------

    def corpus(self, unit: Unit = "paragraph") -> Corpus:
        """Feature weights over all workspace sources, so scores do not depend on the pair viewed."""
        entries = self.entries()
        key = tuple((e.id, e.content_sha256) for e in entries)
        cached = self._corpora.get(unit)
        if cached is None or cached[0] != key:
            cached = (key, Corpus([e.source for e in entries], unit))
            self._corpora[unit] = cached
        return cached[1]

    def compute_alignment(self, left_id: str, right_ids: Sequence[str] | None = None, *,
                          unit: Unit = "paragraph", threshold: float = DEFAULT_THRESHOLD,
                          margin: float = DEFAULT_MARGIN, progress: ProgressFn | None = None,
                          cancelled: CancelFn | None = None) -> Alignment:
        """Run the engine without writing anything (default: `left_id` against all others)."""
        if unit not in UNITS:
            raise SourceError(f"unknown unit {unit!r} (use {', '.join(UNITS)})")
        if not 0 <= threshold <= 100:
            raise SourceError("the threshold must be between 0 and 100")
        by_id = {e.id: e.source for e in self.entries()}
        if left_id not in by_id:
            raise SourceError(f"no source '{left_id}' in this workspace")
        wanted = [s for s in by_id if s != left_id] if right_ids is None else list(dict.fromkeys(right_ids))
        missing = [r for r in wanted if r not in by_id]
        if missing:
            raise SourceError(f"no source '{missing[0]}' in this workspace")
        if left_id in wanted:
            raise SourceError(f"'{left_id}' cannot be aligned with itself")
        if not wanted:
            raise SourceError("nothing to align with: add another source first")
        return align(by_id[left_id], [by_id[r] for r in wanted], unit=unit, threshold=threshold,
                     margin=margin, corpus=self.corpus(unit), progress=progress, cancelled=cancelled)

    def store_alignment(self, alignment: Alignment) -> AlignReport:
        """Merge a computed alignment with the stored links and decisions (one transaction)."""
        with self._transaction() as conn:
            texts = {e.id: e.source.text for e in self._catalogue(conn)}
            for source in (alignment.left, *alignment.rights):
                if texts.get(source.id) != source.text:
                    raise SourceError(f"{source.id}: the alignment was made on a source that is not "
                                      "(or no longer) in this workspace")
            return realign.store_alignment(conn, alignment, _now())

    def align(self, left_id: str, right_ids: Sequence[str] | None = None, *, unit: Unit = "paragraph",
              threshold: float = DEFAULT_THRESHOLD, margin: float = DEFAULT_MARGIN,
              progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> AlignReport:
        """Align and store, keeping every decision (see compare.workspace.realign)."""
        alignment = self.compute_alignment(left_id, right_ids, unit=unit, threshold=threshold,
                                           margin=margin, progress=progress, cancelled=cancelled)
        return self.store_alignment(alignment)

    def runs(self) -> list[dict[str, object]]:
        """When and how each (left, right, unit) was last aligned."""
        return realign.runs(self.conn)

    # --- pairs --------------------------------------------------------------------

    def pairs(self, left_id: str | None = None, right_id: str | None = None, status: str | None = None,
              relation: str | None = None, min_score: float | None = None, text: str | None = None,
              *, unit: Unit | None = None) -> list[PairView]:
        """Links with their decisions, filtered; ordered by sources, then position in the text.

        `relation=""` selects pairs without a relation (None: no filter).
        `min_score` never hides hand-made links: the analyst drew them.
        `text` matches (case-insensitively) either passage or the note.
        """
        where: list[str] = []
        params: list[object] = []
        for column, value in (("l.left_id", left_id), ("l.right_id", right_id), ("l.unit", unit)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if status is not None:
            where.append("COALESCE(r.status, 'proposed') = ?")
            params.append(rv.check_status(status))
        if relation is not None:
            where.append("COALESCE(r.relation, '') = ?")
            params.append(rv.check_relation(relation))
        if min_score is not None:
            where.append("(l.origin = 'manual' OR l.score >= ?)")
            params.append(float(min_score))
        views = self._views(" AND ".join(where) or "1", params)
        if text:
            needle = text.casefold()
            views = [v for v in views if needle in v.link.left.text.casefold()
                     or needle in v.link.right.text.casefold() or needle in v.note.casefold()]
        return views

    def _views(self, where: str, params: Sequence[object]) -> list[PairView]:
        with self._reading() as conn:
            self._catalogue(conn)
            index = {sid: cached[2] for sid, cached in self._cache.items()}
            rows = conn.execute(
                "SELECT l.*, r.status, r.relation, r.note, r.updated_at AS reviewed_at FROM links l "
                f"LEFT JOIN reviews r ON r.pair_id = l.pair_id WHERE {where} "
                "ORDER BY l.left_id, l.right_id, l.left_start, l.right_start, l.pair_id", params).fetchall()
        return [view_from_row(row, index) for row in rows]

    def pair(self, pair_id: str) -> PairView:
        found = self._views("l.pair_id = ?", [pair_id])
        if not found:
            raise SourceError(f"no pair '{pair_id}' in this workspace")
        return found[0]

    def find_pair_id(self, prefix: str) -> str:
        """The pair id starting with `prefix` (ids are long; people type the first few characters)."""
        prefix = prefix.strip().lower()
        ids = [row[0] for row in self.conn.execute(
            "SELECT pair_id FROM links WHERE pair_id = ?1 OR (length(?1) >= 4 AND substr(pair_id, 1, "
            "length(?1)) = ?1) ORDER BY pair_id LIMIT 3", (prefix,))]
        if prefix in ids:
            return prefix
        if len(ids) == 1:
            return ids[0]
        if ids:
            raise SourceError(f"pair '{prefix}' is ambiguous ({', '.join(ids[:2])}, …); type more of it")
        raise SourceError(f"no pair '{prefix}' in this workspace")

    # --- review actions (each one transaction, each undoable) ------------------------

    def review(self, pair_id: str, *, status: str | None = None, relation: str | None = None,
               note: str | None = None) -> PairView:
        """Change any of status, relation and note of one pair, as a single undoable action."""
        new_status = rv.check_status(status) if status is not None else None
        new_relation = rv.check_relation(relation) if relation is not None else None
        with self._transaction() as conn:
            before = self._existing(conn, pair_id)
            old = rv.decision(before)
            decision = (new_status or old[0], old[1] if new_relation is None else new_relation,
                        old[2] if note is None else note)
            now = _now()
            after = rv.with_decision(before, *decision, now)
            rv.apply_action(conn, _label(new_status, new_relation, note), [(pair_id, before, after)], now)
        return self.pair(pair_id)

    def confirm(self, pair_id: str, *, relation: str | None = None, note: str | None = None) -> PairView:
        return self.review(pair_id, status="confirmed", relation=relation, note=note)

    def reject(self, pair_id: str, *, note: str | None = None) -> PairView:
        return self.review(pair_id, status="rejected", note=note)

    def reset(self, pair_id: str) -> PairView:
        """Back to proposed; relation and note stay (clear them with `review`)."""
        return self.review(pair_id, status="proposed")

    def set_relation(self, pair_id: str, relation: str) -> PairView:
        return self.review(pair_id, relation=relation)

    def set_note(self, pair_id: str, note: str) -> PairView:
        return self.review(pair_id, note=note)

    def add_link(self, left_id: str, left_span: tuple[int, int], right_id: str,
                 right_span: tuple[int, int], *, unit: Unit = "paragraph", status: str = "confirmed",
                 relation: str = "", note: str = "") -> PairView:
        """Link two spans by hand; they are stored exactly as given (nothing is snapped).

        A hand-made link is confirmed unless said otherwise: drawing it is a decision.
        """
        if unit not in UNITS:
            raise SourceError(f"unknown unit {unit!r} (use {', '.join(UNITS)})")
        decision = (rv.check_status(status), rv.check_relation(relation), note)
        if left_id == right_id:
            raise SourceError("a link joins two different sources")
        with self._transaction() as conn:
            link = self._manual_link(conn, left_id, left_span, right_id, right_span, unit)
            before = rv.read_state(conn, link.pair_id)
            if before["link"] is not None:
                raise SourceError(f"that link already exists (pair {link.pair_id})")
            now = _now()
            after = rv.with_decision({"link": _manual_row(link, unit, now), "review": None}, *decision, now)
            rv.apply_action(conn, "Add link", [(link.pair_id, before, after)], now)
        return self.pair(link.pair_id)

    def adjust_link(self, pair_id: str, *, left_span: tuple[int, int] | None = None,
                    right_span: tuple[int, int] | None = None) -> PairView:
        """Move a link's ends; returns the link under its new pair_id (ids follow the spans).

        The result is a hand-made link carrying the decision (an unreviewed one
        becomes confirmed). An engine link that was adjusted is kept as
        rejected, so the next run does not propose the old spans again.
        """
        with self._transaction() as conn:
            before = self._existing(conn, pair_id)
            old = before["link"]
            left_span = left_span or (old["left_start"], old["left_end"])
            right_span = right_span or (old["right_start"], old["right_end"])
            link = self._manual_link(conn, old["left_id"], left_span, old["right_id"], right_span,
                                     old["unit"])
            if link.pair_id == pair_id:
                return self.pair(pair_id)
            target = rv.read_state(conn, link.pair_id)
            if target["link"] is not None:
                raise SourceError(f"a link with these spans already exists (pair {link.pair_id})")
            now = _now()
            status, relation, note = rv.decision(before)
            moved = rv.with_decision({"link": _manual_row(link, old["unit"], now), "review": None},
                                     "confirmed" if status == "proposed" else status, relation, note, now)
            left_behind = ({"link": None, "review": None} if old["origin"] == "manual"
                           else rv.with_decision(before, "rejected", "", "", now))
            rv.apply_action(conn, "Adjust link", [(pair_id, before, left_behind),
                                                  (link.pair_id, target, moved)], now)
        return self.pair(link.pair_id)

    def delete_link(self, pair_id: str) -> None:
        """Delete a hand-made link (engine proposals are rejected, not deleted)."""
        with self._transaction() as conn:
            before = self._existing(conn, pair_id)
            if before["link"]["origin"] != "manual":
                raise SourceError(f"pair {pair_id} was proposed by the engine: reject it instead of deleting")
            rv.apply_action(conn, "Delete link", [(pair_id, before, {"link": None, "review": None})], _now())

    def _existing(self, conn: sqlite3.Connection, pair_id: str) -> rv.PairState:
        state = rv.read_state(conn, pair_id)
        if state["link"] is None:
            raise SourceError(f"no pair '{pair_id}' in this workspace")
        return state

    def _manual_link(self, conn: sqlite3.Connection, left_id: str, left_span: tuple[int, int],
                     right_id: str, right_span: tuple[int, int], unit: Unit) -> Link:
        by_id = {e.id: e.source for e in self._catalogue(conn)}
        sides = []
        for source_id, span in ((left_id, left_span), (right_id, right_span)):
            if source_id not in by_id:
                raise SourceError(f"no source '{source_id}' in this workspace")
            source = by_id[source_id]
            start, end = _span(source, span)
            sides.append(Passage(source_id, unit, -1, start, end, source.text[start:end]))
        return Link(sides[0], sides[1], 0.0)

    # --- undo / redo --------------------------------------------------------------

    def can_undo(self) -> bool:
        return self.conn.execute("SELECT EXISTS (SELECT 1 FROM actions WHERE undone = 0)").fetchone()[0] == 1

    def can_redo(self) -> bool:
        return self.conn.execute("SELECT EXISTS (SELECT 1 FROM actions WHERE undone = 1)").fetchone()[0] == 1

    def undo(self) -> ActionInfo | None:
        """Take back the latest review action (None if there is none); survives reopening."""
        with self._transaction() as conn:
            return rv.undo(conn)

    def redo(self) -> ActionInfo | None:
        with self._transaction() as conn:
            return rv.redo(conn)

    def history(self, limit: int = 50) -> list[ActionInfo]:
        return rv.history(self.conn, limit)

    # --- export -------------------------------------------------------------------

    def export(self, path: str | os.PathLike[str], pairs: Iterable[PairView] | None = None,
               **filters: Any) -> Path:
        """Write pairs (default: `self.pairs(**filters)`) with decisions and citations.

        The format follows the extension (.csv .json .jsonl .md .xlsx), as in compare.export.
        """
        chosen = self.pairs(**filters) if pairs is None else list(pairs)
        by_id = {s.id: s for s in self.sources()}
        return write_records([make_record(v.link, by_id, v.review) for v in chosen], path)


def _label(status: str | None, relation: str | None, note: str | None) -> str:
    given = [name for name, value in (("status", status), ("relation", relation), ("note", note))
             if value is not None]
    if given == ["status"]:
        return {"confirmed": "Confirm", "rejected": "Reject", "proposed": "Reset"}[status or "proposed"]
    return {("relation",): "Set relation", ("note",): "Edit note"}.get(tuple(given), "Review")


def _manual_row(link: Link, unit: Unit, now: str) -> dict[str, object]:
    return {"pair_id": link.pair_id, "left_id": link.left.source_id, "left_start": link.left.start,
            "left_end": link.left.end, "right_id": link.right.source_id, "right_start": link.right.start,
            "right_end": link.right.end, "unit": unit, "origin": "manual", "proposed": 0, "score": 0.0,
            "evidence": "{}", "settings": "{}", "engine_version": "", "created_at": now, "updated_at": now}


def _link_into_place(tmp: Path, target: Path) -> None:
    """Give the finished file its name without ever replacing an existing one."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise SourceError(f"{target}: already exists") from None
    except OSError:  # file systems without hard links
        if target.exists():
            raise SourceError(f"{target}: already exists") from None
        os.replace(tmp, target)
