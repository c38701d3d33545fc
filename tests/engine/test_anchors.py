"""Numbers and dates in any spelling reduce to the same key."""

import pytest

from compare.engine.anchors import find_anchors


def _keys(text: str) -> list[str]:
    return [k for _, _, keys in find_anchors(text) for k in keys]


@pytest.mark.parametrize("text", ["20 thousand", "20,000", "twenty thousand", "20 тысяч", "20 000"])
def test_twenty_thousand(text: str) -> None:
    assert _keys(text) == ["N:20000"]


@pytest.mark.parametrize("text", ["January 5", "5 January", "Jan. 5", "5 января", "5th of January",
                                  "2022-01-05"])
def test_fifth_of_january(text: str) -> None:
    assert "D:01-05" in _keys(text)


def test_ranges_and_fractions() -> None:
    assert _keys("about 5 to 7 thousand people (3/4 Russian)") == ["N:5000", "N:7000", "N:0.75"]
    assert _keys("от 5 до 7 тыс. человек") == ["N:5000", "N:7000"]
    assert _keys("on 5-6 January") == ["D:01-05", "D:01-06"]


def test_offsets_point_at_the_expression() -> None:
    text = "Border: 1,212 km and 2,351 km."
    assert [text[s:e] for s, e, _ in find_anchors(text)] == ["1,212", "2,351"]


def test_numbers_glued_to_letters_are_not_figures() -> None:
    assert _keys("the G7 and F16") == []


def test_relative_days_are_found_and_shifted() -> None:
    from compare.engine.anchors import relative_day_shifts, shift_date

    text = "It was declared on the same day. The next day troops came. В тот же день."
    assert [(text[s:e], d) for s, e, d in relative_day_shifts(text)] == [
        ("on the same day", 0), ("The next day", 1), ("В тот же день", 0)]
    assert shift_date("D:01-31", 1) == "D:02-01"
    assert shift_date("N:5", 1) is None
