"""Loading sources: files, strings and the bundled library in `sources/`.

Every failure becomes a SourceError with a one-line reason, so the CLI can exit
with status 2 and the GUI can show a dialog without losing anything open.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from compare.model.errors import SourceError
from compare.model.locations import bundled_dir
from compare.model.records import Block, Passage, Source, SourceMeta
from compare.text.frontmatter import meta_from_mapping, split_front_matter
from compare.text.render import render_markdown, render_plain
from compare.text.segment import sentence_spans

MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mdown"})
TEXT_EXTENSIONS = frozenset({".txt", ".text", ""})
MAX_SOURCE_BYTES = 50_000_000


def _slug(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    return slug or "source"


def has_visible_text(text: str) -> bool:
    """True when something would show: not only spaces and invisible format
    characters (a lone zero-width space or BOM is no text to align)."""
    return any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc") for ch in text)


Layout = tuple[str, tuple[Block, ...], tuple[tuple[int, tuple[tuple[int, int], ...]], ...]]


@lru_cache(maxsize=16)
def _layout(body: str, markup: bool) -> Layout:
    """Canonical text, blocks and each paragraph block's sentence spans.

    Rendering and segmenting depend on the body alone, not on the metadata,
    so importing a document (which builds it with its file's metadata, then
    with its final id, then to prove it can be stored) renders it once.
    """
    text, blocks = render_markdown(body) if markup else render_plain(body)
    if not has_visible_text(text):
        raise SourceError("the source has no text")
    spans = tuple((b_index, tuple(sentence_spans(text, block.start, block.end)))
                  for b_index, block in enumerate(blocks) if block.kind != "heading")
    return text, blocks, spans


def build_source(meta: SourceMeta, body: str, *, markup: bool = True, markdown: str = "",
                 path: str = "") -> Source:
    """Render a body, segment it and return the finished Source."""
    text, blocks, spans = _layout(body, markup)
    paragraphs: list[Passage] = []
    sentences: list[Passage] = []
    for b_index, sentence_list in spans:
        block = blocks[b_index]
        paragraphs.append(Passage(meta.id, "paragraph", len(paragraphs), block.start, block.end,
                                  text[block.start:block.end], b_index))
        for s, e in sentence_list:
            sentences.append(Passage(meta.id, "sentence", len(sentences), s, e, text[s:e], b_index))
    return Source(meta, text, blocks, tuple(paragraphs), tuple(sentences),
                  markdown=markdown or body, path=path)


def source_from_text(raw: str, *, name: str = "untitled.md", markup: bool | None = None,
                     path: str = "") -> Source:
    """Parse front matter (if any) and build a Source from the text of a file.

    `markup` says whether the body is Markdown; by default files named *.md are.
    Plain text with no front matter is accepted and titled after its file name.
    """
    if "\x00" in raw:
        raise SourceError("it looks like a binary file, not text")
    data, body, _ = split_front_matter(raw)
    stem = Path(name).stem or "untitled"
    meta = meta_from_mapping(data or {}, default_id=_slug(stem), default_title=stem)
    if markup is None:
        markup = data is not None or Path(name).suffix.lower() in MARKDOWN_EXTENSIONS
    if not body.strip():
        raise SourceError("the file is empty")
    return build_source(meta, body, markup=markup, markdown=raw, path=path)


def read_text_file(path: Path) -> str:
    """Read a UTF-8 text file, refusing directories, binaries and huge files clearly."""
    if not path.exists():
        raise SourceError(f"{path}: no such file")
    if path.is_dir():
        raise SourceError(f"{path}: is a directory, not a file")
    size = path.stat().st_size
    if size == 0:
        raise SourceError(f"{path}: the file is empty")
    if size > MAX_SOURCE_BYTES:
        raise SourceError(f"{path}: {size / 1e6:.0f} MB is larger than the {MAX_SOURCE_BYTES // 1_000_000} MB limit")
    data = path.read_bytes()
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(f"{path}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not valid UTF-8 (byte {exc.start}); import it to convert the encoding") from None


def load_source(path: str | os.PathLike[str]) -> Source:
    """Load a Markdown or plain-text file as a Source."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in MARKDOWN_EXTENSIONS | TEXT_EXTENSIONS:
        raise SourceError(f"{p}: unknown extension '{suffix}' (expected .md or .txt)")
    raw = read_text_file(p)
    try:
        return source_from_text(raw, name=p.name, path=str(p))
    except SourceError as exc:
        if str(exc).startswith(str(p)):
            raise
        raise SourceError(f"{p}: {exc}") from None


@lru_cache(maxsize=4)
def _bundled(directory: str | None) -> tuple[Source, ...]:
    folder = bundled_dir() if directory is None else Path(directory)
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".md")), key=lambda f: f.name)
    return tuple(source_from_text(f.read_text(encoding="utf-8"), name=f.name, path=str(f)) for f in files)


def bundled_sources(directory: str | os.PathLike[str] | None = None) -> tuple[Source, ...]:
    """The sources shipped in `sources/` (installed as package data), the anchor article first."""
    found = _bundled(None if directory is None else str(directory))
    return tuple(sorted(found, key=lambda s: (s.meta.kind == "digest", s.meta.id)))


def resolve_source(ref: str) -> Source:
    """A path to a file, or the id of a bundled source."""
    p = Path(ref)
    if p.exists() or os.sep in ref or p.suffix:
        return load_source(p)
    for source in bundled_sources():
        if source.id == ref:
            return source
    known = ", ".join(s.id for s in bundled_sources())
    raise SourceError(f"{ref}: no such file or bundled source (bundled: {known})")
