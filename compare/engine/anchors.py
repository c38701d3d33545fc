"""Numbers and dates written any way, reduced to one comparable key.

"20 thousand", "20,000" and "twenty thousand" all become N:20000; "January 5",
"5 January", "Jan. 5" and "5 января" all become D:01-05. A figure or a date is
the strongest sign that two accounts speak of the same moment, and also where
they disagree, so it must be recognised however it is spelled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MONTHS = {
    "january": 1, "jan": 1, "февраля": 2, "january's": 1, "february": 2, "feb": 2, "march": 3,
    "mar": 3, "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
    "января": 1, "январь": 1, "январе": 1, "марта": 3, "апреля": 4, "мая": 5, "июня": 6,
    "июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}
_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?(?!\d)"
_RANGE_SEP = r"\s*(?:[-–—]|to|and|through|until|и|по|до)\s*"
_DATE_DM = re.compile(rf"\b{_DAY}(?:{_RANGE_SEP}{_DAY})?(?:\s+of)?\s+({_MONTH})\b\.?", re.I)
_DATE_MD = re.compile(rf"\b({_MONTH})\.?\s+{_DAY}(?:{_RANGE_SEP}{_DAY})?", re.I)
_DATE_ISO = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")

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


def find_dates(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """Yield (start, end, ['D:MM-DD', ...]) for each date expression."""
    for match in _DATE_ISO.finditer(text):
        yield match.start(), match.end(), [f"D:{match.group(2)}-{match.group(3)}"]
    for regex, order in ((_DATE_DM, "dm"), (_DATE_MD, "md")):
        for match in regex.finditer(text):
            if order == "dm":
                d1, d2, month = match.group(1), match.group(2), match.group(3)
            else:
                month, d1, d2 = match.group(1), match.group(2), match.group(3)
            m = MONTHS[month.lower().rstrip(".")]
            first = int(d1)
            last = int(d2) if d2 else first
            if not 1 <= first <= 31 or not first <= last <= 31 or last - first > 10:
                continue
            # A short range names each day; a long period only its ends, or it would match any date.
            days = range(first, last + 1) if last - first <= 3 else (first, last)
            yield match.start(), match.end(), [f"D:{m:02d}-{d:02d}" for d in days]


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


def find_anchors(text: str) -> list[tuple[int, int, list[str]]]:
    """Dates first, then numbers outside them; returned in text order, never overlapping."""
    taken: list[tuple[int, int, list[str]]] = []
    for found in (*find_dates(text), *find_numbers(text)):
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
    """D:MM-DD moved by `days` within one year (2022: not a leap year); None if not a date key."""
    import datetime as _dt

    if not key.startswith("D:"):
        return None
    month, day = (int(x) for x in key[2:].split("-"))
    try:
        moved = _dt.date(2022, month, day) + _dt.timedelta(days=days)
    except ValueError:
        return None
    return f"D:{moved.month:02d}-{moved.day:02d}"
