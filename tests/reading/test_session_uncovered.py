"""`uncovered` (what the unmatched notches show) says what the passages-times-spans scan said.

The session answers `unmatched` on every redraw; it bisects merged spans now
(issue 14), and must keep the old rule exactly: a passage is covered when a
span overlaps it (`start < end_of_span and end > start_of_span`).
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from compare.model.records import Passage
from compare.reading.session import _overlaps, uncovered

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda t: (t[0], t[0] + t[1])), max_size=12)
ranges = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)), max_size=15)


def _passages(raw: list[tuple[int, int]]) -> list[Passage]:
    return [Passage("s", "paragraph", i, start, start + length, "") for i, (start, length) in enumerate(raw)]


@given(ranges, spans)
def test_uncovered_agrees_with_the_scan(raw: list[tuple[int, int]], covering: list[tuple[int, int]]) -> None:
    passages = _passages(raw)
    expected = tuple(p for p in passages if not any(_overlaps(p, a, b) for a, b in covering))
    assert uncovered(passages, covering) == expected


def test_touching_is_not_overlapping() -> None:
    a, b, c = _passages([(0, 5), (5, 5), (10, 3)])
    assert uncovered([a, b, c], [(5, 10)]) == (a, c)
    assert uncovered([a, b, c], []) == (a, b, c)
    assert uncovered([a, b, c], [(0, 20)]) == ()
