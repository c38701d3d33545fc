"""Next/previous over omissions and contested pairs (issue 12, defect 5)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from compare.reading.stepping import next_start

starts = st.lists(st.integers(0, 500), max_size=20)


@given(starts, st.integers(-1, 501))
def test_next_goes_forward_and_wraps(values, current):
    found = next_start(values, current, 1)
    if not values:
        assert found is None
        return
    later = [v for v in values if v > current]
    assert found == (min(later) if later else min(values))


@given(starts, st.integers(-1, 501))
def test_previous_goes_back_and_wraps(values, current):
    found = next_start(values, current, -1)
    if not values:
        assert found is None
        return
    earlier = [v for v in values if v < current]
    assert found == (max(earlier) if earlier else max(values))


@given(st.lists(st.integers(0, 500), min_size=1, max_size=20, unique=True))
def test_stepping_forward_visits_every_start_once_per_round(values):
    seen, here = [], -1
    for _ in values:
        here = next_start(values, here, 1)
        seen.append(here)
    assert sorted(seen) == sorted(values)
