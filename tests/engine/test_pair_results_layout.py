"""The kept links' stored layout (columns of arrays and strings) reads back exactly what was stored."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from compare.engine.align import Evidence
from compare.engine.results import _pack, _unpack

_words = st.tuples() | st.lists(st.text(max_size=12), max_size=4).map(tuple)
_span = st.tuples(st.integers(0, 10_000), st.integers(0, 10_000))
_evidence = st.builds(Evidence, _words, _words, _span, _span, _words, _words,
                      st.floats(-1, 1, allow_nan=False), st.booleans())
_rows = st.lists(st.tuples(st.integers(0, 39), st.integers(0, 59),
                           st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 1)), _evidence), max_size=30)


@given(_rows)
def test_rows_read_back_as_stored(rows):
    assert _unpack(_pack(rows), 40, 60) == rows


@given(_rows, st.floats(0, 100, allow_nan=False))
def test_a_floor_keeps_exactly_the_rows_at_or_above_it(rows, floor):
    assert _unpack(_pack(rows), 40, 60, floor=floor) == [row for row in rows if row[2] >= floor]


@given(_rows.filter(bool))
def test_rows_beyond_either_source_are_a_miss(rows):
    assert _unpack(_pack(rows), max(i for i, *_ in rows), 60) is None
