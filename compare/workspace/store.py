"""The workspace: one SQLite file with the sources, the links and every decision.

There is no Save: each method that changes something runs in its own
transaction and is on disk when it returns (see `connection`), so a crash
loses at most the action in flight. Reads rebuild the same `Source` and
`Link` objects the rest of Parallax uses, so the GUI, the CLI and
compare.export.writers all work on one model. A Workspace belongs to the thread that
opened it, as its SQLite connection does; to align in a worker thread, hand
it `prepare_alignment(...)`'s job and bring the result to `store_alignment`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from types import TracebackType
from typing import Any

from compare.engine.align import DEFAULT_THRESHOLD, Alignment, CancelFn, Corpus, ProgressFn
from compare.engine.semantic import SqliteStore
from compare.export.writers import export as write_records
from compare.export.writers import make_record
from compare.model.errors import SourceError
from compare.model.records import UNITS, Source, SourceMeta, Unit
from compare.model.rules import check_relation, check_status
from compare.text.sources import bundled_sources
from compare.workspace import actions, connection, groupings, importing, realign, schema
from compare.workspace import review as rv
from compare.workspace.codec import EDITABLE_FIELDS, checked_meta, meta_from_json, meta_to_json
from compare.workspace.groupings import Grouping
from compare.workspace.location import default_workspace_path
from compare.workspace.realign import AlignJob, AlignReport, corpus_for, corpus_key
from compare.workspace.review import ActionInfo
from compare.workspace.source_rows import Catalogue, SourceEntry, row_for, sha256
from compare.workspace.views import PairView, view_from_row


class Workspace:
    """A workspace file, open. Use `Workspace.open`, `Workspace.create` or `Workspace.open_default`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        # Embeddings are kept in this file, read and written on a connection of their own, so
        # an alignment on a worker thread can reuse and add vectors without this thread's connection.
        self.embeddings = SqliteStore(lambda: connection.connect(path))
        self._catalogue = Catalogue(path)

    # --- opening and closing ------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Workspace:
        """Open an existing workspace; refuse anything else without touching it."""
        target = Path(path)
        version = schema.validate(target)
        conn = connection.connect(target)
        try:
            schema.migrate(conn, version)
        except sqlite3.Error as exc:
            conn.close()
            raise SourceError(f"{target}: cannot upgrade the workspace ({connection.reason(exc)})") from None
        return cls(conn, target)

    @classmethod
    def create(cls, path: str | os.PathLike[str], sources: Iterable[Source] | None = None) -> Workspace:
        """Make a new workspace holding `sources` (default: the bundled ones; `()` for none).

        An existing file is never overwritten, and a crash never leaves a half-made workspace.
        """
        chosen = bundled_sources() if sources is None else tuple(sources)
        rows = [(row_for(s)[0], "bundled" if sources is None else s.path) for s in chosen]
        connection.create_file(Path(path), rows)
        return cls.open(path)

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

    def copy_to(self, path: str | os.PathLike[str]) -> Workspace:
        """Save a copy under a new name and open it ("Save As"); this workspace stays open.

        The copy is a snapshot of everything committed (undo history included)
        taken with SQLite's backup API, so it is consistent even while writing.
        """
        target = Path(path)
        connection.copy_file(self.conn, target)
        return Workspace.open(target)

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
    def _writing(self) -> Iterator[sqlite3.Connection]:
        with connection.transaction(self.conn, self.path) as conn:
            yield conn

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with connection.reading(self.conn) as conn:
            yield conn

    # --- sources ------------------------------------------------------------------

    def entries(self) -> list[SourceEntry]:
        """Sources with their hash, origin, date added and a warning flag, in workspace order."""
        with self._reading() as conn:
            return self._catalogue.read(conn)

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
        with self._writing() as conn:
            at = connection.now()
            for (row, _), origin in zip(built, origins, strict=True):
                connection.insert_source(conn, row, origin, at)
        return [source for _, source in built]

    def update_metadata(self, source_id: str, **fields: Any) -> SourceMeta:
        """Edit bibliographic fields (not the id, which every stored link refers to).

        Checked with the rules front matter follows (e.g. a digest must list references).
        """
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            what = "the id cannot be changed" if "id" in unknown else f"unknown field(s) {sorted(unknown)}"
            raise SourceError(f"{source_id}: {what}")
        with self._writing() as conn:
            row = conn.execute("SELECT meta FROM sources WHERE id = ?", (source_id,)).fetchone()
            if row is None:
                raise SourceError(f"no source '{source_id}' in this workspace")
            meta = checked_meta({**asdict(meta_from_json(row["meta"])), **fields, "id": source_id})
            conn.execute("UPDATE sources SET meta = ? WHERE id = ?", (meta_to_json(meta), source_id))
        return meta

    def remove_source(self, source_id: str) -> int:
        """Remove a source with its links and decisions; returns how many decisions it held.

        One undoable action: undo brings the source back with every link,
        decision and run it had.
        """
        with self._writing() as conn:
            row = conn.execute("SELECT meta FROM sources WHERE id = ?", (source_id,)).fetchone()
            if row is None:
                raise SourceError(f"no source '{source_id}' in this workspace")
            held = conn.execute(
                "SELECT COUNT(*) FROM links l WHERE (l.left_id = ?1 OR l.right_id = ?1) AND "
                "(l.origin = 'manual' OR EXISTS (SELECT 1 FROM reviews r WHERE r.pair_id = l.pair_id))",
                (source_id,)).fetchone()[0]
            rv.remove_source(conn, source_id, f"Remove source {source_id}", connection.now())
        return int(held)

    # --- importing ----------------------------------------------------------------

    def add_imported(self, incoming: Sequence[importing.Incoming]) -> list[Source]:
        """Add converted documents in one transaction; a duplicate refuses the whole batch."""
        entries = self.entries()
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

    def import_text(self, text: str, *, title: str = "Pasted text", **citation: str) -> Source:
        return self.add_imported([importing.fetch_text(text, title=title, **citation)])[0]

    # --- alignment ----------------------------------------------------------------

    def corpus(self, unit: Unit = "paragraph") -> Corpus:
        """Feature weights over all workspace sources, so scores do not depend on the pair viewed."""
        entries = self.entries()
        return corpus_for(corpus_key(entries, unit), [e.source for e in entries], unit)

    def prepare_alignment(self, left_id: str, right_ids: Sequence[str] | None = None, *,
                          unit: Unit = "paragraph", threshold: float = DEFAULT_THRESHOLD,
                          margin: float | None = None) -> AlignJob:
        """Check a request and detach it from the file: `job.run()` may go to a worker thread.

        Default: `left_id` against every other source. Store the result with
        `store_alignment` back on this workspace's thread.
        """
        if unit not in UNITS:
            raise SourceError(f"unknown unit {unit!r} (use {', '.join(UNITS)})")
        if not 0 <= threshold <= 100:
            raise SourceError("the threshold must be between 0 and 100")
        entries = self.entries()
        by_id = {e.id: e.source for e in entries}
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
        return AlignJob(by_id[left_id], tuple(by_id[r] for r in wanted), tuple(by_id.values()),
                        corpus_key(entries, unit), unit, threshold, margin, self.embeddings)

    def compute_alignment(self, left_id: str, right_ids: Sequence[str] | None = None, *,
                          unit: Unit = "paragraph", threshold: float = DEFAULT_THRESHOLD,
                          margin: float | None = None, progress: ProgressFn | None = None,
                          cancelled: CancelFn | None = None) -> Alignment:
        """Run the engine without writing anything."""
        job = self.prepare_alignment(left_id, right_ids, unit=unit, threshold=threshold, margin=margin)
        return job.run(progress=progress, cancelled=cancelled)

    def store_alignment(self, alignment: Alignment) -> AlignReport:
        """Merge a computed alignment with the stored links and decisions (one transaction)."""
        with self._writing() as conn:
            texts = {source_id: s.text for source_id, s in self._catalogue.sources(conn).items()}
            for source in (alignment.left, *alignment.rights):
                if texts.get(source.id) != source.text:
                    raise SourceError(f"{source.id}: the alignment was made on a source that is not "
                                      "(or no longer) in this workspace")
            return realign.store_alignment(conn, alignment, connection.now())

    def align(self, left_id: str, right_ids: Sequence[str] | None = None, *, unit: Unit = "paragraph",
              threshold: float = DEFAULT_THRESHOLD, margin: float | None = None,
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
            params.append(check_status(status))
        if relation is not None:
            where.append("COALESCE(r.relation, '') = ?")
            params.append(check_relation(relation))
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
            index = self._catalogue.indexes(conn)
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
        status = check_status(status) if status is not None else None
        relation = check_relation(relation) if relation is not None else None
        with self._writing() as conn:
            actions.decide(conn, pair_id, status, relation, note, connection.now())
        return self.pair(pair_id)

    def review_many(self, pair_ids: Iterable[str], status: str) -> int:
        """One status for many pairs as a single undoable action; returns how many changed."""
        status = check_status(status)
        with self._writing() as conn:
            return actions.decide_many(conn, list(pair_ids), status, connection.now())

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
        decision = (check_status(status), check_relation(relation), note)
        with self._writing() as conn:
            pair_id = actions.add_link(conn, self._catalogue.sources(conn), left_id, left_span, right_id,
                                       right_span, unit, decision, connection.now())
        return self.pair(pair_id)

    def adjust_link(self, pair_id: str, *, left_span: tuple[int, int] | None = None,
                    right_span: tuple[int, int] | None = None) -> PairView:
        """Move a link's ends; returns it under its new pair_id (ids follow the spans).

        See `actions.adjust_link`: the result is hand-made and keeps the decision.
        """
        with self._writing() as conn:
            new_id = actions.adjust_link(conn, self._catalogue.sources(conn), pair_id, left_span,
                                         right_span, connection.now())
        return self.pair(new_id)

    def delete_link(self, pair_id: str) -> None:
        """Delete a hand-made link (engine proposals are rejected, not deleted)."""
        with self._writing() as conn:
            actions.delete_link(conn, pair_id, connection.now())

    # --- synopsis decisions -------------------------------------------------------

    def groupings(self, unit: Unit | None = None) -> list[Grouping]:
        """The analyst's joins, splits and names of synopsis events (oldest first)."""
        return groupings.groupings(self.conn, unit)

    def join_events(self, a: str, b: str, *, unit: Unit = "paragraph") -> ActionInfo | None:
        """Merge the events holding passages `a` and `b` (passage keys); one undoable action."""
        with self._writing() as conn:
            return groupings.join(conn, unit, a, b, connection.now())

    def split_passage(self, key: str, *, unit: Unit = "paragraph") -> ActionInfo | None:
        """Take passage `key` out of its event, whatever the links say; one undoable action."""
        with self._writing() as conn:
            return groupings.detach(conn, unit, key, connection.now())

    def rename_event(self, event_id: str, label: str, *, unit: Unit = "paragraph") -> ActionInfo | None:
        """Name a synopsis event ('' to go back to the label from its links); one undoable action."""
        with self._writing() as conn:
            return groupings.rename(conn, unit, event_id, label, connection.now())

    # --- undo / redo --------------------------------------------------------------

    def can_undo(self) -> bool:
        return self.conn.execute("SELECT EXISTS (SELECT 1 FROM actions WHERE undone = 0)").fetchone()[0] == 1

    def can_redo(self) -> bool:
        return self.conn.execute("SELECT EXISTS (SELECT 1 FROM actions WHERE undone = 1)").fetchone()[0] == 1

    def next_undo(self) -> ActionInfo | None:
        """The action `undo` would take back (to label the menu item), None when none."""
        return rv.next_undo(self.conn)

    def next_redo(self) -> ActionInfo | None:
        return rv.next_redo(self.conn)

    def undo(self) -> ActionInfo | None:
        """Take back the latest review action (None if there is none); survives reopening."""
        with self._writing() as conn:
            return rv.undo(conn)

    def redo(self) -> ActionInfo | None:
        with self._writing() as conn:
            return rv.redo(conn)

    def history(self, limit: int = 50) -> list[ActionInfo]:
        """Latest actions first, undone ones included (flagged; they can be redone)."""
        return rv.history(self.conn, limit)

    # --- export -------------------------------------------------------------------

    def export(self, path: str | os.PathLike[str], pairs: Iterable[PairView] | None = None, *,
               overwrite: bool = False, **filters: Any) -> Path:
        """Write pairs (default: `self.pairs(**filters)`) with decisions and citations.

        The format follows the extension (.csv .json .jsonl .md .xlsx), as in
        compare.export; an existing file is replaced only with `overwrite`.
        """
        chosen = self.pairs(**filters) if pairs is None else list(pairs)
        by_id = {s.id: s for s in self.sources()}
        return write_records([make_record(v.link, by_id, v.review) for v in chosen], path, overwrite=overwrite)
