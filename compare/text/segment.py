"""Sentence splitting with exact offsets, tuned for news and analysis prose.

A regular expression proposes boundaries after . ! ? … and a closing quote or
bracket; a boundary is refused after abbreviations ("Mr.", "Dr.", "e.g.",
"Jan.", Russian "т.е."), after initials ("K. Strigunov") and before a
lower-case word, because a wrong split severs a claim from its subject.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+|$)")
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sr jr st mt gen col lt sgt capt maj gov sen rep pres rev hon
jan feb mar apr jun jul aug sep sept oct nov dec no nos vol pp p fig approx est
vs e.g i.e cf al ca inc ltd co corp dept univ u.s u.k u.n ph.d
т.е т.д т.п т.к г гг тыс млн млрд руб ст им др пр ул д см
""".split())


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    return text[start:end].lower().strip(".")


def _is_abbreviation(text: str, dot: int) -> bool:
    word = _word_before(text, dot)
    if not word:
        return False
    if word in ABBREVIATIONS:
        return True
    # A single letter before the dot is an initial ("K. Strigunov", "A. Manoilo").
    return len(word) == 1 and word.isalpha() and text[dot - 1].isupper()


def _next_starts_sentence(text: str, pos: int) -> bool:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos >= len(text):
        return True
    ch = text[pos]
    return ch.isupper() or ch.isdigit() or ch in "\"“«‘'([" or (not ch.isalpha() and not ch.islower())


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield [start, end) spans of the sentences in text[start:end], trimmed of spaces."""
    end = len(text) if end is None else end
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        stop = match.end()
        dot = match.start()
        single_dot = match.group().startswith(".") and len(match.group().rstrip("\"'”’»)]")) == 1
        if single_dot and _is_abbreviation(text, dot):
            continue
        if not _next_starts_sentence(text[:end], stop):
            continue
        yield from _trimmed(text, cursor, stop)
        cursor = stop
    yield from _trimmed(text, cursor, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end
