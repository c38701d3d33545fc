"""Numbers and dates in any spelling reduce to the same key."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.engine.anchors import DateFrame, explicit_dates, find_anchors, parse_published

IN_2022 = DateFrame(published=dt.date(2022, 1, 11))


def _keys(text: str, frame: DateFrame | None = None) -> list[str]:
    return [k for _, _, keys in find_anchors(text, frame) for k in keys]


@pytest.mark.parametrize("text", ["20 thousand", "20,000", "twenty thousand", "20 тысяч", "20 000"])
def test_twenty_thousand(text: str) -> None:
    assert _keys(text) == ["N:20000"]


@pytest.mark.parametrize("text", ["January 5", "5 January", "Jan. 5", "5 января", "5th of January", "5 янв."])
def test_fifth_of_january(text: str) -> None:
    assert _keys(text) == ["D:01-05"]
    assert _keys(text, IN_2022) == ["D:2022-01-05"]


@pytest.mark.parametrize("text", ["5 January 2021", "January 5, 2021", "Jan. 5 2021", "05.01.2021",
                                  "2021-01-05", "5 января 2021 года", "5 января 2021 г."])
def test_a_year_in_the_text_wins_over_the_publication_date(text: str) -> None:
    assert _keys(text) == ["D:2021-01-05"]
    assert _keys(text, IN_2022) == ["D:2021-01-05"]


def test_same_day_of_different_years_differ() -> None:
    assert _keys("5 January 2021") != _keys("5 January 2022")


def test_iso_dates_of_any_plausible_year() -> None:
    assert _keys("Chernobyl, 1986-04-26; Zhanaozen, 2011-12-16; 2105-07-01") == [
        "D:1986-04-26", "D:2011-12-16", "D:2105-07-01"]
    assert not any(k.startswith("D:") for k in _keys("2022-02-30"))  # no such day


@pytest.mark.parametrize(("word", "month"), [
    ("январь", 1), ("января", 1), ("январе", 1), ("февраль", 2), ("февраля", 2), ("феврале", 2), ("февр.", 2),
    ("март", 3), ("марта", 3), ("марте", 3), ("апрель", 4), ("апреля", 4), ("апреле", 4), ("май", 5),
    ("мая", 5), ("мае", 5), ("июнь", 6), ("июня", 6), ("июне", 6), ("июль", 7), ("июля", 7), ("июле", 7),
    ("август", 8), ("августа", 8), ("августе", 8), ("авг.", 8), ("сентябрь", 9), ("сентября", 9),
    ("сентябре", 9), ("сент.", 9), ("октябрь", 10), ("октября", 10), ("октябре", 10), ("ноябрь", 11),
    ("ноября", 11), ("ноябре", 11), ("нояб.", 11), ("декабрь", 12), ("декабря", 12), ("декабре", 12),
    ("дек.", 12)])
def test_every_russian_month_form(word: str, month: int) -> None:
    assert _keys(f"9 {word} 2020") == [f"D:2020-{month:02d}-09"]


def test_year_less_date_is_the_latest_before_publication() -> None:
    # A piece of 11 January 2022 speaking of 16 December means the December before.
    assert _keys("Police fired on strikers on 16 December.", IN_2022) == ["D:2021-12-16"]
    # A few days ahead stay in the year: the curfew announced to last until 19 January.
    assert _keys("The curfew lasts until 19 January.", IN_2022) == ["D:2022-01-19"]
    # A later date of the year cannot have happened yet: it is last year's.
    assert _keys("Protests in Minsk on 9 August.", IN_2022) == ["D:2021-08-09"]


def test_the_texts_own_year_carries_to_the_dates_after_it() -> None:
    text = "Sri Lanka's president fled on 13 July 2022; protesters had stormed his residence on 9 July."
    assert _keys(text, DateFrame(published=dt.date(2023, 5, 1))) == ["D:2022-07-13", "D:2022-07-09"]
    context = DateFrame(published=dt.date(2022, 1, 11), context=dt.date(2020, 8, 15))
    assert _keys("Results were announced on 9 August.", context) == ["D:2020-08-09"]
    # Nearest to the context: a December mentioned after a January 2022 is the December before.
    assert _keys("on 16 December", DateFrame(context=dt.date(2022, 1, 15))) == ["D:2021-12-16"]


def test_explicit_dates_and_month_years() -> None:
    text = "In August 2020 crowds gathered; by 9 August 2020 and в марте 2021 года."
    assert [d for _, d in explicit_dates(text)] == [dt.date(2020, 8, 15), dt.date(2020, 8, 9), dt.date(2021, 3, 15)]


def test_lower_case_english_month_word_is_no_date() -> None:
    assert _keys("at least 5 may have died on 5 May") == ["N:5", "D:05-05"]


@pytest.mark.parametrize(("value", "expected"), [
    ("2022-01-11", dt.date(2022, 1, 11)), ("2022-01-11T09:30:00Z", dt.date(2022, 1, 11)),
    ("2022-02", dt.date(2022, 2, 28)), ("2021", dt.date(2021, 12, 31)), ("", None), ("soon", None)])
def test_publication_dates(value: str, expected: dt.date | None) -> None:
    assert parse_published(value) == expected


def test_ranges_and_fractions() -> None:
    assert _keys("about 5 to 7 thousand people (3/4 Russian)") == ["N:5000", "N:7000", "N:0.75"]
    assert _keys("от 5 до 7 тыс. человек") == ["N:5000", "N:7000"]
    assert _keys("on 5-6 January") == ["D:01-05", "D:01-06"]
    assert _keys("on 5-6 January 2022") == ["D:2022-01-05", "D:2022-01-06"]


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
    assert shift_date("D:2021-12-31", 1) == "D:2022-01-01"
    assert shift_date("D:2024-02-28", 1) == "D:2024-02-29"
    assert shift_date("D:2023-02-28", 1) == "D:2023-03-01"
    assert shift_date("N:5", 1) is None


_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
       "November", "December"]
_RU = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
       "ноября", "декабря"]


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2199, 12, 31)), st.integers(0, 4))
def test_any_written_date_keys_to_its_own_day(day: dt.date, style: int) -> None:
    text = [f"{day.day} {_EN[day.month - 1]} {day.year}", f"{_EN[day.month - 1]} {day.day}, {day.year}",
            f"{day.day:02d}.{day.month:02d}.{day.year}", day.isoformat(),
            f"{day.day} {_RU[day.month - 1]} {day.year} года"][style]
    assert _keys(f"It happened on {text}.", IN_2022) == [f"D:{day.isoformat()}"]
