"""Markdown (or plain text) to the canonical plain text and its blocks.

The canonical text is what a reader sees: the `markdown` package renders the
source, and we read the rendered HTML back as blocks of text. Every offset in
Parallax (passages, links, exports) points into this one string, and the GUI
draws this same string, so offsets never need translating.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import accumulate
from typing import TYPE_CHECKING

from compare.model.lazy import lazy_import

if TYPE_CHECKING:  # imported on first use: a workspace's sources are read back rendered (issue 14)
    import markdown as _markdown
else:
    _markdown = lazy_import("markdown")

from compare.model.errors import SourceError
from compare.model.records import Block, BlockKind
from compare.text.plain_chunks import (
    PLACEHOLDER,
    needs_whole_document,
    placeholder,
    plain_runs,
    split_chunks,
    with_placeholders,
)

BLOCK_SEPARATOR = "\n\n"
_WS = re.compile(r"\s+")
_NON_SPACE = re.compile(r"\S+")
_ODD_SPACE = re.compile(r"[^\S ]")  # whitespace but the plain space
_INLINE = {"em": "em", "i": "em", "strong": "strong", "b": "strong", "code": "code", "a": "link"}
_BLOCK_TAGS = {"p", "li", "blockquote", "pre", "td", "th", "dt", "dd",
               "h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP_TAGS = {"script", "style", "head", "title"}
MAX_NESTING = 48  # list/quote levels; Python-Markdown recurses per level and hits the stack near 250
MAX_BRACKET_SCAN = 20_000_000  # about ten seconds of Python-Markdown's link scanning
_NESTING = re.compile(r"(?:[ \t]|>|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t]))*")
_MARKER = re.compile(r">|[*+-]|\d{1,9}[.)]")
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")
_BRACKETS = re.compile(r"[\[\]]")
Piece = tuple[BlockKind, str, int, str, list[tuple[int, int, str]]]  # kind, text, level, marker, marks


@dataclass
class _Pending:
    kind: BlockKind
    level: int = 0
    marker: str = ""
    parts: list[str] = field(default_factory=list)
    marks: list[tuple[int, int, str]] = field(default_factory=list)
    open_marks: list[tuple[str, int]] = field(default_factory=list)

    def length(self) -> int:
        return sum(len(p) for p in self.parts)


class _BlockReader(HTMLParser):
    """Collects rendered HTML into (kind, text, marks) blocks, nesting-aware."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[_Pending, str, tuple[tuple[int, int, str], ...]]] = []
        self._stack: list[_Pending] = []
        self._lists: list[list[int | str]] = []  # [tag, next number]
        self._skip = 0
        self._quote = 0

    def _flush(self, pending: _Pending) -> None:
        raw = "".join(pending.parts)
        if pending.kind == "code":
            text = raw.strip("\n")
            lead = len(raw) - len(raw.lstrip("\n"))
            marks = [(s - lead, e - lead, k) for s, e, k in pending.marks]
        else:
            text, marks = _collapse(raw, pending.marks)
        if text:
            kept = tuple((max(0, s), min(len(text), e), k) for s, e, k in marks if e > s)
            self.blocks.append((pending, text, kept))
        pending.parts.clear()
        pending.marks = []
        # An inline mark still open (``<em>`` around a nested ``<p>``) goes on in
        # the text that follows, which starts again at 0.
        pending.open_marks = [(name, 0) for name, _ in pending.open_marks]

    def _kind_for(self, tag: str) -> tuple[BlockKind, int, str]:
        if tag[0] == "h" and tag[1:].isdigit():
            return "heading", int(tag[1]), ""
        if tag == "li" and self._lists:
            state = self._lists[-1]
            if state[0] == "ol":
                marker = f"{state[1]}. "
                state[1] = int(state[1]) + 1
            else:
                marker = "• "
            return "item", len(self._lists), marker
        if tag == "pre":
            return "code", 0, ""
        return ("quote" if self._quote else "paragraph"), 0, ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
            return
        if tag in ("ol", "ul"):
            start = dict(attrs).get("start")
            self._lists.append([tag, int(start) if start and start.isdigit() else 1])
            if self._stack:
                self._flush(self._stack[-1])
            return
        if tag == "blockquote":
            self._quote += 1
        if tag in _BLOCK_TAGS and tag != "blockquote":
            if self._stack:
                self._flush(self._stack[-1])
            kind, level, marker = self._kind_for(tag)
            if tag == "p" and self._stack and self._stack[-1].kind == "item":
                parent = self._stack[-1]
                kind, level, marker = "item", parent.level, parent.marker if not parent.parts else ""
                parent.marker = ""
            self._stack.append(_Pending(kind, level, marker))
            return
        if tag == "br" and self._stack:
            self._stack[-1].parts.append("\n")
        elif tag in _INLINE and self._stack:
            self._stack[-1].open_marks.append((tag, self._stack[-1].length()))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
            return
        if tag in ("ol", "ul"):
            if self._lists:
                self._lists.pop()
            return
        if tag == "blockquote":
            self._quote = max(0, self._quote - 1)
            return
        if tag in _BLOCK_TAGS and self._stack:
            self._flush(self._stack.pop())
            return
        if tag in _INLINE and self._stack:
            pending = self._stack[-1]
            for n in range(len(pending.open_marks) - 1, -1, -1):
                name, start = pending.open_marks[n]
                if name == tag:
                    del pending.open_marks[n]
                    pending.marks.append((start, pending.length(), _INLINE[tag]))
                    break

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """``<![word ...>`` that is not CDATA: a bogus comment, as browsers read it.

        Python 3.11's parser asserts on an unknown keyword instead.
        """
        try:
            return super().parse_marked_section(i, bool(report))
        except AssertionError:
            return self.parse_bogus_comment(i, bool(report))

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if not self._stack:
            if not data.strip():
                return
            self._stack.append(_Pending("paragraph"))
            self._stack[-1].parts.append(data)
            self._flush(self._stack.pop())
            return
        self._stack[-1].parts.append(data)

    def close(self) -> None:
        super().close()
        while self._stack:
            self._flush(self._stack.pop())


def _collapse(raw: str, marks: list[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """Collapse whitespace as a browser would, moving inline marks along with the text.

    Works word by word (not character by character) so that a multi-megabyte
    paragraph costs a few lists of word offsets, not several lists per
    character.  A position inside a word keeps its place in that word; one in
    whitespace goes to the end of the word before it.
    """
    if not marks:  # most blocks: the words joined by single spaces, at the regex engine's speed
        return " ".join(_NON_SPACE.findall(raw)), []
    matches = list(_NON_SPACE.finditer(raw))
    words = [m.group() for m in matches]
    raw_starts = [m.start() for m in matches]
    raw_ends = [m.end() for m in matches]
    out_starts = list(accumulate((len(w) + 1 for w in words[:-1]), initial=0))

    def moved(at: int) -> int:
        n = bisect.bisect_right(raw_starts, at) - 1
        if n < 0:
            return 0
        if at < raw_ends[n]:
            return out_starts[n] + at - raw_starts[n]
        return out_starts[n] + raw_ends[n] - raw_starts[n]

    return " ".join(words), [(moved(min(s, len(raw))), moved(min(e, len(raw))), k) for s, e, k in marks]


def _assemble(pieces: list[Piece]) -> tuple[str, tuple[Block, ...]]:
    chunks: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for kind, text, level, marker, marks in pieces:
        if chunks:
            chunks.append(BLOCK_SEPARATOR)
            pos += len(BLOCK_SEPARATOR)
        chunks.append(marker + text)
        start = pos + len(marker)
        blocks.append(Block(kind, start, start + len(text), level, marker, tuple(marks)))
        pos = start + len(text)
    return "".join(chunks), tuple(blocks)


def check_renderable(body: str) -> None:
    """Refuse Markdown whose rendering would take minutes or exhaust the stack.

    Python-Markdown nests recursively (about four levels per list or quote
    marker, re-parsing each level) and scans forward from every "[" for its
    closing "]"; both are fine for prose and superlinear for hostile input.
    The checks are linear and count only what drives that cost.
    """
    for number, line in enumerate(body.split("\n"), 1):
        match = _NESTING.match(line)
        if match and match.end():
            prefix = match.group(0)
            markers = len(_MARKER.findall(prefix))
            indent = len(prefix.expandtabs(4)) - len(prefix.lstrip(" \t").expandtabs(4))
            if markers and markers + indent // 4 > MAX_NESTING:
                raise SourceError(f"the Markdown is nested too deeply on line {number} "
                                  f"(the limit is {MAX_NESTING} levels)")
    if _bracket_scan_cost(body) > MAX_BRACKET_SCAN:
        raise SourceError("the Markdown has too many unclosed '[' brackets to render")


def _bracket_scan_cost(body: str) -> int:
    """Characters Python-Markdown would scan looking for each "[" 's closing "]" (per paragraph)."""
    if body.count("[") < 2:
        return 0
    cost = 0
    for paragraph in _PARAGRAPHS.split(body):
        opened: list[int] = []
        for match in _BRACKETS.finditer(paragraph):
            if match.group() == "[":
                opened.append(match.start())
            elif opened:
                cost += match.start() - opened.pop()
        cost += sum(len(paragraph) - start for start in opened)
    return cost


def _rendered_pieces(body: str) -> list[Piece]:
    """Python-Markdown's rendering of a body, read back as block pieces."""
    try:
        html = _markdown.markdown(body, output_format="html")
    except RecursionError:
        raise SourceError("the Markdown is nested too deeply to render") from None
    reader = _BlockReader()
    reader.feed(html)
    reader.close()
    return [(p.kind, text, p.level, p.marker, list(marks)) for p, text, marks in reader.blocks]


def render_markdown_reference(body: str) -> tuple[str, tuple[Block, ...]]:
    """Render Markdown through Python-Markdown alone: what `render_markdown` must equal, always."""
    check_renderable(body)
    return _assemble(_rendered_pieces(body))


def render_markdown(body: str) -> tuple[str, tuple[Block, ...]]:
    """Render Markdown and return (canonical text, blocks); hostile nesting is a SourceError.

    Plain paragraphs (plain_chunks.is_plain) are collapsed here; only the rest
    goes through Python-Markdown, and the result is the reference's, offset
    for offset.
    """
    check_renderable(body)
    pieces = _fast_pieces(body.replace("\r\n", "\n").replace("\r", "\n"))
    return _assemble(_rendered_pieces(body) if pieces is None else pieces)


def _fast_pieces(body: str) -> list[Piece] | None:
    """The pieces of a body with its plain chunks rendered here, or None where only Python-Markdown will do.

    Python-Markdown renders the document with each run of plain chunks replaced
    by placeholders, so that every block construct sees the blocks around it
    as before; each placeholder must come back as a top-level paragraph of its
    own, in order, and is then replaced by its run's paragraphs. Raw HTML, which
    Python-Markdown parses across blocks, sends the whole body the old way.
    """
    if needs_whole_document(body):
        return None
    split = split_chunks(body)
    runs = plain_runs(split)
    plain: list[Piece] = [("paragraph", _collapsed(chunk), 0, "", [])
                          for chunk, is_plain in zip(split.chunks, split.plain, strict=True) if is_plain]
    if all(is_plain or not chunk for chunk, is_plain in zip(split.chunks, split.plain, strict=True)):
        return plain
    rendered = _rendered_pieces(with_placeholders(split, runs))
    pieces: list[Piece] = []
    runs_seen = 0
    next_plain = 0
    i = 0
    while i < len(rendered):
        text = rendered[i][1]
        if PLACEHOLDER not in text:
            pieces.append(rendered[i])
            i += 1
            continue
        if runs_seen == len(runs) or text != placeholder(runs_seen) or not _bare(rendered[i]):
            return None
        first, last = runs[runs_seen]
        if last > first:
            i += 1
            if i == len(rendered) or rendered[i][1] != placeholder(runs_seen, True) or not _bare(rendered[i]):
                return None
        count = sum(split.plain[first:last + 1])
        pieces.extend(plain[next_plain:next_plain + count])
        next_plain += count
        runs_seen += 1
        i += 1
    return pieces if runs_seen == len(runs) else None


def _collapsed(chunk: str) -> str:
    """A plain chunk's words joined by single spaces (str.split's whitespace is \\s's), most often the chunk itself."""
    if _ODD_SPACE.search(chunk) is None and "  " not in chunk and not chunk.endswith(" "):
        return chunk  # no newline, no double or odd space and, being plain, no leading space
    return " ".join(chunk.split())


def _bare(piece: Piece) -> bool:
    """A paragraph at the top level: what a plain chunk renders as on its own."""
    kind, _, level, marker, marks = piece
    return kind == "paragraph" and level == 0 and marker == "" and not marks


def render_plain(body: str) -> tuple[str, tuple[Block, ...]]:
    """Plain text: paragraphs are separated by blank lines; nothing is markup."""
    pieces: list[Piece] = []
    for para in re.split(r"\n\s*\n", body.replace("\r\n", "\n").replace("\r", "\n")):
        text = _WS.sub(" ", para).strip()
        if text:
            pieces.append(("paragraph", text, 0, "", []))
    return _assemble(pieces)
