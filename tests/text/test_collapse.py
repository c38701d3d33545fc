"""Whitespace collapsing (with its fast path for blocks without inline marks) against a word-by-word reference."""

from __future__ import annotations

import bisect
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.text.render import _collapse

_NON_SPACE = re.compile(r"\S+")


def reference(raw: str, marks: list[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """The collapse written out one word at a time."""
    raw_starts: list[int] = []
    raw_ends: list[int] = []
    out_starts: list[int] = []
    words: list[str] = []
    pos = 0
    for match in _NON_SPACE.finditer(raw):
        if words:
            pos += 1
        raw_starts.append(match.start())
        raw_ends.append(match.end())
        out_starts.append(pos)
        words.append(match.group())
        pos += match.end() - match.start()

    def moved(at: int) -> int:
        n = bisect.bisect_right(raw_starts, at) - 1
        if n < 0:
            return 0
        if at < raw_ends[n]:
            return out_starts[n] + at - raw_starts[n]
        return out_starts[n] + raw_ends[n] - raw_starts[n]

    return " ".join(words), [(moved(min(s, len(raw))), moved(min(e, len(raw))), k) for s, e, k in marks]


raw_text = st.text(alphabet=st.sampled_from(list("ab Жё\t\n\u00a0\u2003\x1c.,")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(raw_text, st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70), st.sampled_from(["em", "link"])),
                          max_size=4))
def test_collapse_matches_the_word_by_word_reference(raw: str, marks: list[tuple[int, int, str]]) -> None:
    assert _collapse(raw, marks) == reference(raw, marks)
