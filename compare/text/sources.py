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

from compare.model.disk_cache import DiskCache, digest
from compare.model.errors import SourceError
from compare.model.locations import bundled_dir
from compare.model.records import Block, PassageRun, Source, SourceMeta
from compare.text.frontmatter import meta_from_mapping, split_front_matter
from compare.text.render import render_markdown, render_plain
from compare.text.segment import dateline_end, sentence_spans

MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mdown"})
TEXT_EXTENSIONS = frozenset({".txt", ".text", ""})
MAX_SOURCE_BYTES = 50_000_000
# A paragraph passage is what an analyst reads at a glance and judges as one
# claim: a wire paragraph is one to three sentences, 200-500 characters. A block
# longer than this (a page with no paragraph breaks, a lead covering ten events)
# is cut into windows of whole consecutive sentences, or one unit would link to
# everything it touches. 4 sentences / 800 characters is about 130 words, a
# generous paragraph in any style guide, so ordinary paragraphs stay whole.
WINDOW_SENTENCES = 4
WINDOW_CHARS = 800
LAYOUT_VERSION = "3"  # bump when rendering, segmentation or the stored form changes: older cached sources are not read


def _slug(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    return slug or "source"


def has_visible_text(text: str) -> bool:
    """True when something would show: not only spaces and invisible format
    characters (a lone zero-width space or BOM is no text to align)."""
    return any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc") for ch in text)


Layout = tuple[str, tuple[Block, ...], tuple[tuple[tuple[int, int], ...], ...]]


@lru_cache(maxsize=16)
def _layout(body: str, markup: bool) -> Layout:
    """Canonical text, blocks and each block's sentence spans.

    Rendering and segmenting depend on the body alone, not on the metadata,
    so importing a document (which builds it with its file's metadata, then
    with its final id, then to prove it can be stored) renders it once.
    """
    text, blocks = render_markdown(body) if markup else render_plain(body)
    if not has_visible_text(text):
        raise SourceError("the source has no text")
    spans = tuple(tuple(block_sentences(text, block.start, block.end)) for block in blocks)
    return text, blocks, spans


def block_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of one block; a wire dateline stays with the sentence after it.

    "Москва. 29 января. INTERFAX.RU – Президент ..." would otherwise split into
    a sentence "Москва." and a sentence "29 января.", which carry a place and a
    date that are not content (see segment.dateline_end).
    """
    after = dateline_end(text, start, end)
    spans = list(sentence_spans(text, after, end))
    if after > start:
        # A block that is all dateline is one sentence; else the dateline joins the first.
        spans[:1] = [(start, spans[0][1] if spans else start + len(text[start:end].rstrip()))]
    return spans


def sentence_windows(spans: list[tuple[int, int]]) -> list[list[int]]:
    """Consecutive sentences of one block grouped into windows of readable size.

    One window if the block is within WINDOW_SENTENCES and WINDOW_CHARS. Else
    the fewest windows that keep within both limits (a single sentence longer
    than WINDOW_CHARS is a window of its own), of near-equal length if that
    fits, so a block just over the limits is halved rather than cut 4 + 1.
    Linear in the number of sentences.
    """
    if not spans:
        return []
    if _fits(spans, 0, len(spans) - 1):
        return [list(range(len(spans)))]
    greedy: list[list[int]] = [[0]]
    for i in range(1, len(spans)):
        if _fits(spans, greedy[-1][0], i):
            greedy[-1].append(i)
        else:
            greedy.append([i])
    count, total = len(greedy), spans[-1][1] - spans[0][0]
    even: list[list[int]] = [[] for _ in range(count)]
    for i, (s, e) in enumerate(spans):
        even[min(count - 1, int(((s + e) / 2 - spans[0][0]) / total * count))].append(i)
    even = [g for g in even if g]
    return even if all(len(g) == 1 or _fits(spans, g[0], g[-1]) for g in even) else greedy


def _fits(spans: list[tuple[int, int]], first: int, last: int) -> bool:
    return last - first < WINDOW_SENTENCES and spans[last][1] - spans[first][0] <= WINDOW_CHARS


def build_source(meta: SourceMeta, body: str, *, markup: bool = True, markdown: str = "",
                 path: str = "") -> Source:
    """Render a body, segment it and return the finished Source.

    Every block with words becomes at least one paragraph passage, headings
    included (a headline is a claim an analyst may link); a long block becomes
    several (sentence windows). Each sentence lies in exactly one paragraph
    passage, which records its index in `paragraph`.
    """
    text, blocks, all_spans = _layout(body, markup)
    paragraphs: list[tuple[int, int, int, int]] = []
    sentences: list[tuple[int, int, int, int]] = []
    for b_index, block in enumerate(blocks):
        spans = list(all_spans[b_index])
        for window in sentence_windows(spans):
            p_start = block.start if window[0] == 0 else spans[window[0]][0]
            p_end = block.end if window[-1] == len(spans) - 1 else spans[window[-1]][1]
            p_index = len(paragraphs)
            paragraphs.append((p_start, p_end, b_index, p_index))
            sentences.extend((*spans[i], b_index, p_index) for i in window)
    # Kept as offsets: a passage object is made when something reads it (records.PassageRun).
    return Source(meta, text, blocks, PassageRun.of(meta.id, "paragraph", text, paragraphs),
                  PassageRun.of(meta.id, "sentence", text, sentences), markdown=markdown or body, path=path)


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


def layout_key(path: Path, raw: str) -> str:
    """The cache key of a file's rendered layout: what decides it (its text, name and path, the layout code)."""
    # The text as bytes: hashing its repr (escaping every character) cost more than reading the entry.
    return digest(LAYOUT_VERSION, raw.encode("utf-8"), path.name, str(path))


def load_source(path: str | os.PathLike[str], *, cache: DiskCache | None = None) -> Source:
    """Load a Markdown or plain-text file as a Source.

    With a `cache` (the command line's), a file read before with the same bytes,
    name and path is not rendered and segmented again: the Source is read back.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in MARKDOWN_EXTENSIONS | TEXT_EXTENSIONS:
        raise SourceError(f"{p}: unknown extension '{suffix}' (expected .md or .txt)")
    raw = read_text_file(p)
    key = layout_key(p, raw) if cache is not None else ""
    if cache is not None:
        known = cache.get("sources", key)
        if isinstance(known, Source):
            return known
    try:
        source = source_from_text(raw, name=p.name, path=str(p))
        if cache is not None:
            cache.put("sources", key, source)
        return source
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


def resolve_source(ref: str, *, cache: DiskCache | None = None) -> Source:
    """A path to a file (read through `cache` when given), or the id of a bundled source."""
    p = Path(ref)
    if p.exists() or os.sep in ref or p.suffix:
        return load_source(p, cache=cache)
    for source in bundled_sources():
        if source.id == ref:
            return source
    known = ", ".join(s.id for s in bundled_sources())
    raise SourceError(f"{ref}: no such file or bundled source (bundled: {known})")
