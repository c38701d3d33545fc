"""Sources as rows: what is stored so a source rebuilds to the very same text.

Every offset in the workspace (links, reviews, hand-made spans) points into a
source's canonical text, so a stored source must rebuild to exactly that text.
We store the raw file (front matter included, as imported), where its body
starts and whether it is Markdown, and keep a hash of the canonical text to
notice if a newer renderer would ever produce different text.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from compare.model.disk_cache import DiskCache, digest
from compare.model.errors import SourceError
from compare.model.locations import cache_dir
from compare.model.records import Source, SourceMeta
from compare.text.frontmatter import split_front_matter
from compare.text.sources import LAYOUT_VERSION, MARKDOWN_EXTENSIONS, build_source
from compare.workspace.codec import meta_from_json, meta_to_json
from compare.workspace.views import PassageIndex

SOURCES_KIND = "workspace-sources"  # the cache folder's kind for rendered workspace sources


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class SourceRow:
    """The stored form of a source (the columns of the `sources` table)."""

    id: str
    raw: str
    body_start: int
    markup: bool
    meta: str
    content_sha256: str
    text_sha256: str

    def build(self) -> Source:
        """The Source again, with the stored (possibly edited) metadata."""
        return _build(self)


@lru_cache(maxsize=128)
def _build(row: SourceRow) -> Source:
    """Rendering is deterministic and Sources are immutable, so reopening a
    workspace (or opening it twice, as GUI and CLI may) reuses the work.

    Across processes too: the rendering is kept in the user's cache folder, keyed by
    everything it depends on, so the app's second start renders nothing (issue 14)."""
    cache = DiskCache(cache_dir()) if _KEEP_RENDERED else None
    key = digest(LAYOUT_VERSION, row.raw, row.body_start, row.markup, row.meta)
    found = cache.get(SOURCES_KIND, key) if cache is not None else None
    if isinstance(found, Source) and found.markdown == row.raw:
        return found
    source = build_source(meta_from_json(row.meta), row.raw[row.body_start:], markup=row.markup,
                          markdown=row.raw)
    if cache is not None:
        cache.put(SOURCES_KIND, key, source)
    return source


_KEEP_RENDERED = [True]  # a list, so `keep_rendered_sources` can switch it without a global statement


def keep_rendered_sources(on: bool) -> None:
    """Whether renderings are read from and kept in the cache folder (a screenshot writes nothing)."""
    _KEEP_RENDERED[:] = [True] if on else []


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """A workspace source with its bookkeeping, for lists and the metadata dialog."""

    source: Source
    content_sha256: str
    origin: str
    added_at: str
    text_changed: bool  # the renderer now makes other text: stored offsets may be off

    @property
    def id(self) -> str:
        return self.source.id


def row_for(source: Source, meta: SourceMeta | None = None) -> tuple[SourceRow, Source]:
    """How to store `source`, and the Source as it will read back (same canonical text).

    A Source does not record whether its body was Markdown or where its front
    matter ended, so we infer both, then prove the guess by rebuilding.
    """
    meta = meta or source.meta
    raw = source.markdown or source.text
    try:
        _, _, body_start = split_front_matter(raw)
    except SourceError:
        body_start = 0
    suffix = Path(source.path).suffix.lower() if source.path else ""
    first = body_start > 0 or suffix in MARKDOWN_EXTENSIONS or not suffix
    for start in dict.fromkeys((body_start, 0)):
        for markup in (first, not first):
            row = SourceRow(meta.id, raw, start, markup, meta_to_json(meta), sha256(raw),
                            sha256(source.text))
            try:
                rebuilt = row.build()
            except SourceError:
                continue
            if rebuilt.text == source.text:
                return row, rebuilt
    raise SourceError(f"{source.id}: cannot be stored (its text cannot be rebuilt from its markdown)")


class Catalogue:
    """A workspace's sources, rebuilt only when their stored row changed (here or in another process).

    Every read checks the light columns, so edits made through another
    connection (a second window, the CLI) are seen without reopening.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cache: dict[str, tuple[tuple[object, ...], Source, PassageIndex, str]] = {}

    def read(self, conn: sqlite3.Connection) -> list[SourceEntry]:
        rows = conn.execute("SELECT id, body_start, markup, meta, content_sha256, text_sha256, origin, "
                            "added_at FROM sources ORDER BY position, id").fetchall()
        fresh = {}
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

    def sources(self, conn: sqlite3.Connection) -> dict[str, Source]:
        return {e.id: e.source for e in self.read(conn)}

    def indexes(self, conn: sqlite3.Connection) -> dict[str, PassageIndex]:
        self.read(conn)
        return {source_id: cached[2] for source_id, cached in self._cache.items()}
