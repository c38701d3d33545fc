"""Scroll lock interpolates between link anchors, monotonically, even when links cross."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from compare.reading.scroll_sync import interpolate, monotone_anchors


def test_crossing_links_are_dropped_and_ends_framed():
    anchors = monotone_anchors([(10, 50), (20, 30), (30, 60), (40, 70), (35, 20)], 100, 100)
    assert anchors[0] == (0.0, 0.0) and anchors[-1] == (100, 100)
    assert anchors == sorted(anchors)
    assert interpolate(25, anchors) == 45.0
    assert interpolate(-5, anchors) == 0.0
    assert interpolate(500, anchors) == 100


def test_no_links_means_proportional():
    anchors = monotone_anchors([], 200, 100)
    assert interpolate(100, anchors) == 50


points = st.lists(st.tuples(st.floats(0, 1000), st.floats(0, 800)), max_size=40)


@given(points, st.lists(st.floats(0, 1000), min_size=2, max_size=20))
def test_mapping_is_monotone_and_in_range(pts, ys):
    anchors = monotone_anchors(pts, 1000, 800)
    mapped = [interpolate(y, anchors) for y in sorted(ys)]
    assert all(0 <= m <= 800 for m in mapped)
    assert all(a <= b + 1e-9 for a, b in itertools.pairwise(mapped))
