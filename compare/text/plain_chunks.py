"""Which parts of a Markdown body are plain prose, for rendering them without Python-Markdown.

Most imported news text is paragraphs of prose separated by blank lines, and
Python-Markdown renders such a paragraph as its own text with the whitespace
collapsed -- at a cost of about 0.1 ms a paragraph in its block and inline
engines (issue 14: most of a cold `align` over 1,000 files). This module cuts a
body into chunks at blank lines, exactly where Python-Markdown cuts its blocks,
and says which chunks are plain. The test is deliberately blunt: a chunk is
plain only if it holds none of the characters any default Markdown construct
starts with and no line that could open a block construct, so a chunk that is
only perhaps plain is left to Python-Markdown. `render.render_markdown` renders
the rest of the document through Python-Markdown with each run of plain chunks
replaced by placeholder paragraphs, and renders the whole document the old way
when it holds raw HTML (parsed across blocks) or when the placeholders do not
come back as plain paragraphs of their own. tests/text/test_fast_render.py
checks the identity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Where Python-Markdown splits its blocks: a line of spaces and tabs counts as blank
# (its NormalizeWhitespace preprocessor empties it) except the very first line of a body,
# where only newlines are (split_chunks takes them apart: a leading literal "\n" is what
# lets the regex engine skip ahead, an alternation would make it try every position).
_SEPARATOR = re.compile(r"(\n(?:[ \t]*\n)+)")
# What could make a chunk more than a paragraph of its own words. Characters that open
# inline constructs (code, escapes, emphasis, links, images, raw HTML, entities) or block
# ones (headings, quotes, setext underlines), a few harmless in default Markdown but
# active in common extensions (| ~), Python-Markdown's own placeholder characters STX
# and ETX, and tabs (expanded to spaces):
_ACTIVE = re.compile(r"[\\`*_<>#&=|~\t\x02\x03\[\]]")
# the same but brackets, for a body with no reference definition (no "]:"): there a
# bracket opens a link only when "(" follows its "]" ("[text](url)"), or an image after "!"
# (searched apart, and only when there is a bracket, to keep each search a fast one);
_ACTIVE_BUT_BRACKETS = re.compile(r"[\\`*_<>#&=|~\t\x02\x03]")
_LINK_TARGET = re.compile(r"\]\s*\(")
_IMAGE = re.compile(r"!\s*\[")
# and what opens a line of a block construct: whitespace (code, continuation), - or +
# (list items, rules, setext underlines) or a number and . or ) (ordered list items);
# a line ending in two spaces (a hard break) is refused as well.
_OPENER = r"\s|[-+]|\d+[.)](?:\s|$)"
_FIRST_LINE = re.compile(_OPENER)
_LATER_LINE = re.compile(rf"\n(?:{_OPENER})")
PLACEHOLDER = "qzplainchunk"  # a body containing it is rendered the slow way
# Raw HTML is parsed by a preprocessor over the whole text, by offsets into it (a
# processing instruction "<?" can make Python-Markdown repeat text from later
# blocks), so a body with any "<" is rendered whole; so is one with STX or ETX,
# which Python-Markdown deletes before it normalises newlines, or with the placeholder
# (looked for apart: a character class alone is searched three times faster).
_WHOLE_DOCUMENT = re.compile(r"[<\x02\x03]")


def needs_whole_document(body: str) -> bool:
    """Whether a body holds something that acts across blocks, so that no chunk of it may be rendered alone."""
    return _WHOLE_DOCUMENT.search(body) is not None or PLACEHOLDER in body


def is_plain(chunk: str, *, brackets: bool = False) -> bool:
    """Whether Python-Markdown would surely render this chunk (no blank line in it) as one plain paragraph.

    `brackets` says that the body has no reference definition, so that brackets
    not followed by "(" are text.
    """
    if not chunk or _FIRST_LINE.match(chunk) or _LATER_LINE.search(chunk) or "  \n" in chunk or chunk.endswith("  "):
        return False
    if not brackets:
        return _ACTIVE.search(chunk) is None
    return (_ACTIVE_BUT_BRACKETS.search(chunk) is None
            and not ("]" in chunk and _LINK_TARGET.search(chunk))
            and not ("[" in chunk and _IMAGE.search(chunk)))


@dataclass(frozen=True)
class Split:
    """A body cut at its blank lines.

    `chunks` are the texts between separators (the first and last may be
    empty), `separators` the blank-line runs between them (one fewer), and
    `plain` says of each chunk whether it is plain prose.
    """

    chunks: tuple[str, ...]
    separators: tuple[str, ...]
    plain: tuple[bool, ...]


def split_chunks(body: str) -> Split:
    """Cut a body (newlines already normalised to \\n) into chunks at blank lines."""
    lead = len(body) - len(body.lstrip("\n"))
    parts = _SEPARATOR.split(body[lead:])  # the separators captured: chunk, separator, chunk, ..., chunk
    if lead:
        parts[:0] = ["", body[:lead]]
    chunks = tuple(parts[0::2])
    brackets = "]:" not in body
    return Split(chunks, tuple(parts[1::2]), tuple([is_plain(c, brackets=brackets) for c in chunks]))


def plain_runs(split: Split) -> list[tuple[int, int]]:
    """[first, last] chunk indexes of each maximal run of plain chunks, in order (empty chunks end no run)."""
    runs: list[tuple[int, int]] = []
    start = -1
    for i, (chunk, plain) in enumerate(zip(split.chunks, split.plain, strict=True)):
        if plain:
            if start < 0:
                start = i
            last = i
        elif chunk and start >= 0:
            runs.append((start, last))
            start = -1
    if start >= 0:
        runs.append((start, last))
    return runs


def placeholder(run: int, second: bool = False) -> str:
    """The placeholder word for a run of plain chunks (a run of two or more gets a second one after it)."""
    return f"{PLACEHOLDER}{run}{'b' if second else 'a'}"


def with_placeholders(split: Split, runs: list[tuple[int, int]]) -> str:
    """The body with each run of plain chunks replaced by one placeholder paragraph, or two if the run has several.

    Two placeholders keep a run's paragraph breaks visible: should the context
    merge the run into one block, the two merge as well and the caller sees it.
    Separators around a run are kept as they are.
    """
    parts: list[str] = []
    run_at = {first: (n, last) for n, (first, last) in enumerate(runs)}
    i = 0
    count = len(split.chunks)
    while i < count:
        if i in run_at:
            n, last = run_at[i]
            parts.append(placeholder(n) if last == i else placeholder(n) + "\n\n" + placeholder(n, True))
            i = last
        else:
            parts.append(split.chunks[i])
        if i < count - 1:
            parts.append(split.separators[i])
        i += 1
    return "".join(parts)
