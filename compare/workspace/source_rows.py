"""Sources as rows: what is stored so a source rebuilds to the very same text.

Every offset in the workspace (links, reviews, hand-made spans) points into a
source's canonical text, so a stored source must rebuild to exactly that text.
We store the raw file (front matter included, as imported), where its body
starts and whether it is Markdown, and keep a hash of the canonical text to
notice if a newer renderer would ever produce different text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from compare.errors import SourceError
from compare.frontmatter import split_front_matter
from compare.model import Source, SourceMeta
from compare.sources import MARKDOWN_EXTENSIONS, build_source
from compare.workspace.codec import meta_from_json, meta_to_json


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
        return build_source(meta_from_json(self.meta), self.raw[self.body_start:],
                            markup=self.markup, markdown=self.raw)


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
