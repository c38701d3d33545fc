"""The pair table's text filter: what the analyst types is a phrase, not a bag of words.

"5 January" must find "5 January" and not "6 January" (which has the word "January"
and, elsewhere, a "5"), nor "15 January". So the words must come in order, with any
whitespace between them (a passage may wrap or hold a non-breaking space), and a
phrase that begins or ends with a letter or digit must begin or end at a word edge.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

FIELD_BREAK = "\x00"  # joins the fields searched, so no phrase matches across two of them


def phrase_pattern(typed: str) -> re.Pattern[str] | None:
    """The pattern for `typed` (None when it is blank), case-insensitive."""
    words = typed.split()
    if not words:
        return None
    body = r"\s+".join(re.escape(w) for w in words)
    start = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    end = r"(?!\w)" if re.search(r"\w$", words[-1]) else ""
    return re.compile(start + body + end, re.IGNORECASE)


def phrase_matcher(typed: str) -> Callable[[Iterable[str]], bool]:
    """A test of whether any of the given fields holds the phrase (everything passes a blank one)."""
    pattern = phrase_pattern(typed)
    if pattern is None:
        return lambda _fields: True
    return lambda fields: pattern.search(FIELD_BREAK.join(fields)) is not None
