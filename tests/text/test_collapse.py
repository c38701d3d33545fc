"""Whitespace collapsing (with its fast path for unmarked blocks) against a character-by-character reference."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.text.render import _collapse


def reference(raw: str, marks: list[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """The collapse walked one character at a time: where each raw offset lands in the output.

    A run of whitespace gives one space, written only when a word follows it, so an offset inside
    the run lands at the end of the word before it (0 before the first word).
    """
    text = ""
    landing: list[int] = []
    gap = False
    for ch in raw:
        if ch.isspace():
            gap = gap or bool(text)
        else:
            if gap:
                text, gap = text + " ", False
            landing.append(len(text))
            text += ch
            continue
        landing.append(len(text))
    landing.append(len(text))
    return text, [(landing[min(s, len(raw))], landing[min(e, len(raw))], k) for s, e, k in marks]


raw_text = st.text(alphabet=st.sampled_from(list("ab Жё\t\n\u00a0\u2003\x1c.,")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(raw_text, st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70), st.sampled_from(["em", "link"])),
                          max_size=4))
def test_collapse_matches_the_character_by_character_reference(raw: str, marks: list[tuple[int, int, str]]) -> None:
    assert _collapse(raw, marks) == reference(raw, marks)
