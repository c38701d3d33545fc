"""The plain-paragraph fast path of render_markdown against Python-Markdown alone (render_markdown_reference).

Generated documents mix plain prose with every construct that could interact
with it; the mutant tests weaken the fast path on purpose and require the
property's strategy to find a document that tells the difference, so the
property is known to be able to fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, find, given, settings
from hypothesis import strategies as st

from compare.model.errors import SourceError
from compare.model.records import Block
from compare.text import plain_chunks
from compare.text.frontmatter import split_front_matter
from compare.text.plain_chunks import is_plain, split_chunks
from compare.text.render import render_markdown, render_markdown_reference

ROOT = Path(__file__).resolve().parents[2]

# Prose that is plain (words, then odd spaces inside a line), then what may not be.
_PLAIN_WORDS = ["news", "Tokayev", "Алматы", "ёж", "2022", "3.5", "(AP)", "“quoted”", "it's", "!", "?", ",", ":",
                ";", "—", "%", "$", "@", "/", "\u200b"]
_PLAIN_SPACES = ["\u00a0", "\u2003", "\x0c", "\x85", "\u2028", "\ufeff", "end ", "1.", "-", "+"]
_WORDS = _PLAIN_WORDS + _PLAIN_SPACES + [
    "a  ", "x\t", "\r", "&", "&amp;", "&#1046;", "*", "**", "_", "`", "\\", "[", "]", "[1]", "[id]", "![a](b)",
    "<b>", "</b>", "<", ">", "#", "=", "|", "~", "\x02", "qzplainchunk0a", "[a](b)", "[a] (b)", "[a][id]",
    "[a] [id]", "[id]", "]:", "[2]", "[…]", "!", "[", "](", "[x]\n(y)", "\x1c", "\x1f"]
# What may open a line: nothing most often, then the block constructs.
_STARTS = ["", "", "", "", " ", "   ", "    ", "\t", "- ", "+ ", "* ", "-", "1. ", "2) ", "10.", "> ", ">", "# ",
           "###", "    - ", "1.\t"]
# Whole lines that make or break structure around the prose.
_LINES = ["---", "- - -", "***", "___", "===", "----", "[id]: http://example.org/x", "[id]: <http://x.org> \"T\"",
          "```", "~~~", "<div>", "</div>", "<blockquote>", "</blockquote>", "<pre>", "</pre>", "<ul><li>", "</li></ul>",
          "<!--", "-->", "<p>", "</p>", "<script>", "</script>", "<em>", "</em>", "<?php", "?>", "<![CDATA[", "]]>",
          "    code", "\tcode", "| a | b |", "&nbsp;", "   ", "\t", "1.", "-", ">"]

_plain_line = st.tuples(st.sampled_from(_PLAIN_WORDS),
                        st.lists(st.sampled_from(_PLAIN_WORDS + _PLAIN_SPACES), max_size=5)).map(
    lambda t: " ".join([t[0], *t[1]]))
_any_line = st.one_of(
    st.tuples(st.sampled_from(_STARTS), st.lists(st.sampled_from(_WORDS), min_size=0, max_size=5).map(" ".join))
    .map("".join),
    st.sampled_from(_LINES))
_plain_chunk = st.lists(_plain_line, min_size=1, max_size=3).map("\n".join)
# Brackets are text in a body without reference definitions, unless a "(" follows.
_BRACKET_WORDS = ["[…]", "[2]", "effect[2].", "[a](b)", "[a] (b)", "[a]\n(b)", "[a][id]", "[a] [id]", "[id]", "![a]",
                  "! [a]", "]", "["]
_bracket_line = st.tuples(st.sampled_from(_PLAIN_WORDS),
                          st.lists(st.sampled_from(_PLAIN_WORDS + _BRACKET_WORDS), max_size=5)).map(
    lambda t: " ".join([t[0], *t[1]]))
_bracket_chunk = st.lists(_bracket_line, min_size=1, max_size=3).map("\n".join)
# Prose whose lines may open a block construct and nothing else.
_opener_line = st.tuples(st.sampled_from(_STARTS), _plain_line).map("".join)
# Prose with one active word in it (the rest of the chunk plain).
_one_active_line = st.tuples(_plain_line, st.sampled_from(_WORDS[len(_PLAIN_WORDS) + len(_PLAIN_SPACES):]),
                             _plain_line).map(" ".join)
_opener_chunk = st.lists(st.one_of(_plain_line, _opener_line, _one_active_line), min_size=1, max_size=3).map(
    "\n".join)
_risky_chunk = st.lists(st.one_of(_plain_line, _any_line), min_size=1, max_size=4).map("\n".join)
_separator = st.sampled_from(["\n\n", "\n\n", "\n\n\n", "\n \n", "\n\t\n", "\n    \n", "\r\n\r\n", "\n\n\n\n"])
documents = st.tuples(
    st.sampled_from(["", "", "\n", "\n\n", " \n", "    \n"]),
    st.lists(st.tuples(st.one_of(_plain_chunk, _plain_chunk, _bracket_chunk, _opener_chunk, _risky_chunk),
                       _separator),
             min_size=1, max_size=8),
    st.sampled_from(["", "\n", "\n\n", "  ", "\n  \n"]),
).map(lambda t: t[0] + "".join(c + s for c, s in t[1][:-1]) + t[1][-1][0] + t[2])

# Python-Markdown's raw HTML pass reads a processing instruction by offsets and repeats
# later text: with the plain chunk replaced by a placeholder, a piece of the placeholder.
_RAW_HTML_ACROSS_BLOCKS = "news\n<?php\n</li></ul>\n\nnews\n\n> "


def _outcome(renderer: Callable[[str], tuple[str, tuple[Block, ...]]],
             body: str) -> tuple[str, tuple[Block, ...]] | str:
    try:
        return renderer(body)
    except SourceError as exc:
        return f"SourceError: {exc}"


def _differs(body: str) -> bool:
    return _outcome(render_markdown, body) != _outcome(render_markdown_reference, body)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
@example(_RAW_HTML_ACROSS_BLOCKS)
def test_the_fast_path_renders_exactly_as_python_markdown(body: str) -> None:
    assert _outcome(render_markdown, body) == _outcome(render_markdown_reference, body)


@settings(max_examples=200, deadline=None)
@given(st.lists(_plain_chunk, min_size=1, max_size=6), st.lists(_separator, min_size=6, max_size=6))
def test_a_document_of_plain_chunks_is_all_plain(chunks: list[str], separators: list[str]) -> None:
    """The strategy's plain chunks are plain to the fast path, so the property exercises it (not only the fallback)."""
    body = "".join(c + s for c, s in zip(chunks, separators, strict=False)).replace("\r", "")
    split = split_chunks(body)
    assert all(p or not c for c, p in zip(split.chunks, split.plain, strict=True))
    assert _outcome(render_markdown, body) == _outcome(render_markdown_reference, body)


def _sources() -> list[Path]:
    return sorted((ROOT / "sources").glob("*.md")) + sorted((ROOT / "bench" / "cases").rglob("*.md"))


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_bundled_and_case_source_renders_as_python_markdown(path: Path) -> None:
    body = split_front_matter(path.read_text(encoding="utf-8"))[1]
    assert render_markdown(body) == render_markdown_reference(body)


def test_the_bundled_sources_take_the_fast_path() -> None:
    """Most of a real source is plain: the fast path is not only ever falling back."""
    chunks = [c for path in _sources() for c in split_chunks(split_front_matter(path.read_text("utf-8"))[1]).chunks
              if c.strip()]
    assert sum(map(is_plain, chunks)) > len(chunks) / 2


def _without(pattern: re.Pattern[str], part: str) -> re.Pattern[str]:
    assert part in pattern.pattern
    return re.compile(pattern.pattern.replace(part, ""))


def _weaker_openers(part: str) -> dict[str, re.Pattern[str]]:
    assert part in plain_chunks._OPENER
    opener = plain_chunks._OPENER.replace(part, "")
    return {"_FIRST_LINE": re.compile(opener), "_LATER_LINE": re.compile(rf"\n(?:{opener})")}


_WEAKER: dict[str, Callable[[], dict[str, re.Pattern[str]]]] = {
    "ampersands are plain": lambda: {"_ACTIVE": _without(plain_chunks._ACTIVE, "&"),
                                     "_ACTIVE_BUT_BRACKETS": _without(plain_chunks._ACTIVE_BUT_BRACKETS, "&")},
    "emphasis is plain": lambda: {"_ACTIVE": _without(plain_chunks._ACTIVE, "*_"),
                                  "_ACTIVE_BUT_BRACKETS": _without(plain_chunks._ACTIVE_BUT_BRACKETS, "*_")},
    "brackets before ( are plain": lambda: {"_LINK_TARGET": re.compile(r"(?!)")},
    "brackets are plain beside reference definitions": lambda: {"_ACTIVE": plain_chunks._ACTIVE_BUT_BRACKETS},
    "list markers are plain": lambda: _weaker_openers("|[-+]"),
    "indented lines are plain": lambda: _weaker_openers("\\s|"),
    "numbered lines are plain": lambda: _weaker_openers("|\\d+[.)](?:\\s|$)"),
}


@pytest.mark.parametrize("name", sorted(_WEAKER))
def test_the_property_catches_a_weaker_plainness_test(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for attribute, weaker in _WEAKER[name]().items():
        monkeypatch.setattr(plain_chunks, attribute, weaker)
    find(documents, _differs, settings=settings(max_examples=20_000, deadline=None, database=None))


def test_raw_html_anywhere_sends_the_whole_document_the_old_way(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not _differs(_RAW_HTML_ACROSS_BLOCKS)
    monkeypatch.setattr(plain_chunks, "_WHOLE_DOCUMENT", re.compile(r"[\x02\x03]"))
    assert _differs(_RAW_HTML_ACROSS_BLOCKS)
