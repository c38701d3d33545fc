"""Shared pieces of the import layer: the error type and Markdown escaping.

Kept in a private module so the format modules (encoding, html, documents)
can use them without importing the package ``__init__`` (which imports
them), avoiding an import cycle.
"""

from __future__ import annotations

import re

from compare.model.errors import SourceError

__all__ = [
    "SourceImportError",
    "clean_text",
    "escape_inline",
    "escape_line",
    "fail",
    "format_size",
    "join_blocks",
    "primary_language",
]


class SourceImportError(SourceError):
    """A file, text or URL could not be imported.

    The message is one user-readable line, normally ``"<name>: <reason>"``,
    so the UI can show it as-is without a traceback.
    """

    def __init__(self, message: str) -> None:
        # Collapse whitespace so a stray newline in a file name or server
        # reason phrase can never turn the message into several lines, and
        # drop controls so an ANSI escape in either never reaches a terminal.
        super().__init__(" ".join(clean_text(str(message)).split()))


def fail(name: str, reason: str) -> SourceImportError:
    """Build the conventional ``"name: reason"`` error (raise the result)."""
    return SourceImportError(f"{name}: {reason}" if name else reason)


# Controls with no place in a reader's text (whitespace controls stay: rendering
# collapses them), and lone UTF-16 surrogates, which pypdf yields for fonts
# without a usable ToUnicode map and which no UTF-8 encoder accepts.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text safe to store, hash and display: no lone surrogates, no stray controls.

    A surrogate becomes U+FFFD (the reader sees that something was unreadable);
    NUL, ESC and other non-whitespace controls are dropped, so nothing from a
    document can drive a terminal or truncate a C string downstream.
    """
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return _CONTROLS.sub("", text)


# Line starts that Markdown would read as structure rather than text:
# ATX headings, block quotes, bullet lists, thematic breaks / setext
# underlines, code spans opened by a backtick run, and link reference
# definitions.  Every escape here uses a character Python-Markdown (the app's
# renderer) accepts after a backslash: \\ ` * _ { } [ ] ( ) > # + - . !
_BLOCK_START = re.compile(
    r"""^(?:
        [#>]                          # heading, quote
      | [-+*](?=\s|$)                 # bullet item
      | [-*_](?:\s*[-*_]){2,}\s*$      # thematic break
      | -+\s*$                        # setext underline
      | ``                            # backtick fence / code span
      | \[[^\]]*\]:                   # link reference definition
    )""",
    re.VERBOSE,
)
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_SETEXT_EQUALS = re.compile(r"^=+\s*$")
# "<" before a letter, "/", "!" or "?" would open raw HTML, and "&name;" would
# be read as an entity; both must stay literal text.
# Every "<" that could open a tag or an autolink; one may also close the line and open an
# autolink across lines ("<\n@\n0>" rendered as a mailto: link), so that case counts too.
_HTML_LIKE = re.compile(r"<(?=[A-Za-z/!?]|\s*$)")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


# Inline Markdown: emphasis, code spans, links and images ("![md](url)" in a
# page's prose would vanish into an <img>), and the backslash itself.
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]])")


def escape_inline(text: str) -> str:
    """Keep imported prose literal: inline Markdown and HTML-looking text stay text.

    Every escape renders back to the very character, so the canonical text is
    the prose as it was (``*``, ``_``, ``[``, ``<img …>`` and ``&amp;`` included).
    """
    text = _INLINE_MARKUP.sub(r"\\\1", text)
    return _HTML_LIKE.sub("&lt;", _ENTITY_LIKE.sub("&amp;", text))


def escape_line(line: str) -> str:
    """Escape Markdown syntax at the start of one line of plain text.

    Only the *start* of a line can turn text into a heading, list, quote or
    code block, so escaping it (plus HTML-looking ``<``) keeps imported
    prose reading as prose, while inline characters (``*``, ``_``) are left
    alone — a deliberately minimal escape, since the body is also read as
    text.  Leading indentation is dropped: four spaces would make a code
    block.
    """
    line = escape_inline(line.strip())
    if not line:
        return line
    match = _ORDERED.match(line)
    if match:
        return f"{match.group(1)}\\{match.group(2)}{line[match.end():]}"
    if _BLOCK_START.match(line):
        return "\\" + line
    if _SETEXT_EQUALS.match(line):
        return "&#61;" + line[1:]  # "=" has no backslash escape in Python-Markdown
    return line


def join_blocks(blocks: list[str]) -> str:
    """Join Markdown blocks with blank lines, keeping list items tight.

    Consecutive ``- `` items are joined by a single newline so they render
    as one list rather than a "loose" list of paragraphs.  Empty blocks are
    dropped.
    """
    out: list[str] = []
    for block in blocks:
        block = block.strip("\n")
        if not block.strip():
            continue
        if out:
            tight = block.startswith("- ") and out[-1].startswith("- ")
            out.append("\n" if tight else "\n\n")
        out.append(block)
    return "".join(out)


def primary_language(tag: str | None) -> str | None:
    """The primary subtag of a language tag ("en" of "en-GB"), or None.

    The app keys stemming and display on the bare language code.
    """
    tag = (tag or "").strip()
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*", tag):
        return None
    return re.split(r"[-_]", tag)[0].lower()


def format_size(size: int) -> str:
    """Human-readable byte count for error messages (``"12.3 MB"``)."""
    if size < 1000:
        return f"{size} bytes"
    value = float(size)
    unit = "bytes"
    for unit in ("kB", "MB", "GB"):  # noqa: B007 - the unit reached is the answer
        value /= 1000
        if value < 1000:
            break
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"
