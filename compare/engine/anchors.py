"""Numbers and dates written any way, reduced to one comparable key.

"20 thousand", "20,000" and "twenty thousand" all become N:20000; "January 5",
"5 January", "Jan. 5" and "5 января" in a text of 2022 all become D:2022-01-05
(the year from the text, or else the publication date, see DateFrame). A
figure or a date is the strongest sign that two accounts speak of the same
moment, and also where they disagree, so it must be recognised however it is
spelled, and 5 January 2021 must not meet 5 January 2022.

Known limit: a year straight after a date is read as its year, so "on
5 January 2000 people marched" is dated 2000.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from compare.text.calendar import MONTH_PATTERN, MONTHS

_MONTH = MONTH_PATTERN
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?(?!\d)"
_RANGE_SEP = r"\s*(?:[-–—]|to|and|through|until|и|по|до)\s*"
# A year written after the day and month: "5 January 2021", "January 5, 2022", "5 января 2022 года".
_YEAR = r"(?:,?\s+([12]\d{3})(?![\d.,]\d)(?:\s*(?:года|году|г\.))?)?"
_DATE_DM = re.compile(rf"\b{_DAY}(?:{_RANGE_SEP}{_DAY})?(?:\s+of)?\s+({_MONTH})\b\.?{_YEAR}", re.I)
_DATE_MD = re.compile(rf"\b({_MONTH})\.?\s+{_DAY}(?:{_RANGE_SEP}{_DAY})?{_YEAR}", re.I)
_DATE_ISO = re.compile(r"(?<![\w.-])([12]\d{3})-(\d\d)-(\d\d)(?![\w-])")
_DATE_DOTTED = re.compile(r"(?<![\w.])(\d{1,2})\.(\d{1,2})\.([12]\d{3})(?![\w.]\w)")
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\.?,?\s+([12]\d{{3}})(?![\d.,]\d)", re.I)
GRACE_DAYS = 14


@dataclass(frozen=True, slots=True)
class DateFrame:
    """What a date written without its year ("5 January") is read against.

    The text's own word comes first: `context` is the last date the text gave
    with its year ("5 January 2022", "in January 2022"), and a year-less date is
    the one nearest to it, so "16 December" after "5 January 2022" is 2021-12-16.
    Otherwise the source's publication date: the most recent such date not after
    publication plus GRACE_DAYS. News reports what has happened; the small grace
    keeps the year of what a piece announces for the next days ("a curfew until
    19 January" on 11 January) and of a date given in another time zone.
    With neither, the key stays year-less (D:MM-DD) and meets only other
    year-less keys: two undated "5 January"s may be any two years.
    """

    published: _dt.date | None = None
    context: _dt.date | None = None

    def year_for(self, month: int, day: int) -> int | None:
        """The year of day/month in this frame, or None when nothing says."""
        if self.context is not None:
            ref = self.context
            candidates = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := _date(y, month, day))]
            return min(candidates, key=lambda d: abs((d - ref).days)).year if candidates else None
        if self.published is not None:
            limit = self.published + _dt.timedelta(days=GRACE_DAYS)
            for year in (limit.year, limit.year - 1, limit.year - 2, limit.year - 4):
                found = _date(year, month, day)
                if found is not None and found <= limit:
                    return year
        return None


def _date(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def parse_published(value: str) -> _dt.date | None:
    """A publication date from front matter: "2022-01-11", "2022-01-11T09:30Z", "2022-01" or "2022".

    A month or a year alone stands for its last day, so a date read against it
    is never pushed into the following year.
    """
    match = re.match(r"\s*([12]\d{3})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value or "")
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2) or 12)
    if not 1 <= month <= 12:
        return None
    day = int(match.group(3) or calendar.monthrange(year, month)[1])
    return _date(year, month, day)


def date_key(year: int | None, month: int, day: int) -> str:
    """D:YYYY-MM-DD, or D:MM-DD when the year is unknown."""
    return f"D:{year:04d}-{month:02d}-{day:02d}" if year else f"D:{month:02d}-{day:02d}"


def explicit_dates(text: str) -> list[tuple[int, _dt.date]]:
    """(offset, date) of each date the text gives with its year, in text order.

    A month and year alone ("in January 2022") count as the middle of that
    month. These set a DateFrame's context for the dates that follow.
    """
    return _explicit(text, list(_raw_dates(text)))


def _explicit(text: str, raw: list[tuple[int, int, int | None, int, list[int]]]) -> list[tuple[int, _dt.date]]:
    found: list[tuple[int, _dt.date]] = []
    spans: list[tuple[int, int]] = []
    for start, end, year, month, days in raw:
        spans.append((start, end))
        if year is not None:
            found.append((start, _dt.date(year, month, days[0])))
    for match in _MONTH_YEAR.finditer(text):
        name = match.group(1)
        if any(s < match.end() and match.start() < e for s, e in spans):
            continue  # the month and year of a full date, already counted
        if name.isascii() and not name[0].isupper():
            continue
        found.append((match.start(), _dt.date(int(match.group(2)), MONTHS[name.lower()], 15)))
    return sorted(found)


WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12,
    "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8,
    "девять": 9, "десять": 10, "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50,
    "сто": 100,
}
SCALES = {
    "thousand": 1_000, "thousands": 1_000, "million": 1_000_000, "millions": 1_000_000,
    "billion": 1_000_000_000, "тысяча": 1_000, "тысячи": 1_000, "тысяч": 1_000, "тыс": 1_000,
    "миллион": 1_000_000, "миллиона": 1_000_000, "миллионов": 1_000_000, "млн": 1_000_000,
    "млрд": 1_000_000_000, "миллиард": 1_000_000_000, "миллиарда": 1_000_000_000,
}
_WORDNUM = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
_SCALE = "|".join(sorted(SCALES, key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:[.,]\d+)?"
_NUM = rf"(?:{_DIGITS}|(?:{_WORDNUM})(?:[-\s](?:{_WORDNUM}))?)"
_NUMBER = re.compile(
    rf"(?<![\w.,])({_NUM})(?:(?:{_RANGE_SEP}|\s*(?:or|или)\s*)({_NUM}))?"
    rf"(?:\s*({_SCALE})\b\.?)?(?![\w])", re.I)
_FRACTION = re.compile(r"(?<![\w/])(\d{1,2})/(\d{1,2})(?![\w/])")


def _value(text: str) -> float | None:
    t = text.lower().strip()
    if t[0].isdigit():
        if re.fullmatch(r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?", t):
            return float(re.sub(r"[,\u00a0\u202f ]", "", t))
        return float(t.replace(",", "."))
    total = 0
    for word in re.split(r"[-\s]+", t):
        n = WORD_NUMBERS.get(word)
        if n is None:
            return None
        total = total * n if n == 100 and total else total + n
    return float(total)


def _key(value: float) -> str:
    return f"N:{int(value)}" if value == int(value) else f"N:{value:g}"


def _raw_dates(text: str) -> Iterator[tuple[int, int, int | None, int, list[int]]]:
    """(start, end, year or None, month, days) of each date expression as written."""
    for match in _DATE_ISO.finditer(text):
        year, month, day = (int(g) for g in match.groups())
        if _date(year, month, day):
            yield match.start(), match.end(), year, month, [day]
    for match in _DATE_DOTTED.finditer(text):
        day, month, year = (int(g) for g in match.groups())
        if _date(year, month, day):
            yield match.start(), match.end(), year, month, [day]
    for regex, order in ((_DATE_DM, "dm"), (_DATE_MD, "md")):
        for match in regex.finditer(text):
            if order == "dm":
                d1, d2, name, written_year = match.group(1), match.group(2), match.group(3), match.group(4)
            else:
                name, d1, d2, written_year = match.group(1), match.group(2), match.group(3), match.group(4)
            if name.isascii() and not name[0].isupper():
                continue  # English months are capitalised; "5 may have died" is no date
            m = MONTHS[name.lower().rstrip(".")]
            first = int(d1)
            last = int(d2) if d2 else first
            if not 1 <= first <= 31 or not first <= last <= 31 or last - first > 10:
                continue
            y = int(written_year) if written_year else None
            # A short range names each day; a long period only its ends, or it would match any date.
            days = [d for d in (range(first, last + 1) if last - first <= 3 else (first, last))
                    if _date(y or 2024, m, d)]
            if days:
                yield match.start(), match.end(), y, m, days


def find_dates(text: str, frame: DateFrame | None = None) -> Iterator[tuple[int, int, list[str]]]:
    """Yield (start, end, ['D:YYYY-MM-DD', ...]) for each date expression.

    The year is the one written with the date; else that of the last dated
    expression before it in the same text ("on 5 January 2022 and on the 6th,
    7 January"); else the frame's (see DateFrame). Without any, D:MM-DD.
    """
    frame = frame or DateFrame()
    raw = list(_raw_dates(text))
    explicit = _explicit(text, raw) if any(year is None for _, _, year, _, _ in raw) else []
    for start, end, year, month, days in raw:
        if year is None:
            before = [d for at, d in explicit if at < start]
            local = DateFrame(frame.published, before[-1]) if before else frame
            year = local.year_for(month, days[0])
        yield start, end, [date_key(year, month, d) for d in days]


def find_numbers(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """Yield (start, end, ['N:…', ...]) for figures, ranges ("5 to 7 thousand") and fractions."""
    for match in _FRACTION.finditer(text):
        num, den = int(match.group(1)), int(match.group(2))
        if den and num < den:
            yield match.start(), match.end(), [f"N:{num / den:g}"]
    for match in _NUMBER.finditer(text):
        first = _value(match.group(1))
        second = _value(match.group(2)) if match.group(2) else None
        scale = SCALES.get((match.group(3) or "").lower().rstrip("."), 1)
        if first is None:
            continue
        keys = [_key(first * scale)]
        if second is not None:
            keys.append(_key(second * scale))
        yield match.start(), match.end(), keys


def find_anchors(text: str, frame: DateFrame | None = None) -> list[tuple[int, int, list[str]]]:
    """Dates first, then numbers outside them; returned in text order, never overlapping."""
    taken: list[tuple[int, int, list[str]]] = []
    for found in (*find_dates(text, frame), *find_numbers(text)):
        start, end, _ = found
        if any(s < end and start < e for s, e, _ in taken):
            continue
        if _FRACTION.fullmatch(text[start:end]) is None and _looks_like_year_or_fragment(text, start, end):
            continue
        taken.append(found)
    return sorted(taken)


def _looks_like_year_or_fragment(text: str, start: int, end: int) -> bool:
    """Keep years (they are anchors too) but drop numbers glued to letters, e.g. 'G7'."""
    return start > 0 and text[start - 1].isalpha()


_RELATIVE_DAY = re.compile(
    r"\b(?:(?:on\s+)?the\s+same\s+day|that\s+(?:same\s+)?day|(?:on\s+)?the\s+(?:next|following)\s+day"
    r"|the\s+day\s+after|в\s+тот\s+же\s+день|в\s+этот\s+же\s+день|в\s+тот\s+день"
    r"|на\s+следующий\s+день|на\s+другой\s+день)\b", re.I)
_NEXT_WORDS = ("next", "following", "after", "следующий", "другой")


def relative_day_shifts(text: str) -> list[tuple[int, int, int]]:
    """(start, end, days after the last date mentioned) for "the same day", "the next day", ...

    Accounts often date an event once and then say "on the same day"; the
    caller resolves these against the last explicit date before them.
    """
    return [(m.start(), m.end(), 1 if any(w in m.group().lower() for w in _NEXT_WORDS) else 0)
            for m in _RELATIVE_DAY.finditer(text)]


def shift_date(key: str, days: int) -> str | None:
    """A date key moved by `days`; None if not a date key.

    D:YYYY-MM-DD moves in its own calendar (31 December 2021 + 1 is 1 January 2022).
    A year-less D:MM-DD moves within a common year and stays year-less, as its
    year is unknown (29 February is read in a leap year).
    """
    if not key.startswith("D:"):
        return None
    parts = [int(x) for x in key[2:].split("-")]
    year = parts[0] if len(parts) == 3 else None
    month, day = parts[-2:]
    start = _date(year or (2024 if (month, day) == (2, 29) else 2023), month, day)
    if start is None:
        return None
    try:
        moved = start + _dt.timedelta(days=days)
    except OverflowError:
        return None
    return date_key(moved.year if year else None, moved.month, moved.day)
