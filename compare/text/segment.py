"""Sentence splitting with exact offsets, tuned for news and analysis prose.

A regular expression proposes boundaries after . ! ? … and a closing quote or
bracket; a boundary is refused after abbreviations ("Mr.", "Dr.", "e.g.",
"Jan.", Russian "т.е."), after initials ("K. Strigunov") and before a
lower-case word, because a wrong split severs a claim from its subject.

Text scraped from web pages often loses the space between two sentences
("without warning.According to"). A full stop glued to the next word is a
boundary only when a lower-case letter or a digit ends the first sentence and a
capitalised word (capital, then lower case) begins the next, so "INTERFAX.RU",
"U.S.", "e.g.", "3.5" and "www.example.com" stay whole. A dotted brand such as
"Sputnik.Kazakhstan" has the same shape as "Tokayev.According" and is split:
scraped pages lose spaces far more often than outlets spell their names so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from compare.text.calendar import MONTH_PATTERN
from compare.text.normalize import STOP_WORDS

_CLOSERS = "\"'”’»)]"
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?:(?=\s|$)|(?=[^\W\d_][^\W\d_]))")
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sr jr st mt gen col lt sgt capt maj gov sen rep pres rev hon
jan feb mar apr jun jul aug sep sept oct nov dec no nos vol pp p fig approx est
vs e.g i.e cf al ca inc ltd co corp dept univ u.s u.k u.n ph.d
т.е т.д т.п т.к г гг тыс млн млрд руб ст им др пр ул д см
""".split())


_LONGEST = max(map(len, ABBREVIATIONS))


def _word_before(text: str, end: int) -> str:
    """The run of letters, digits and dots ending at `end`, lower-cased, its outer dots stripped."""
    space = text.rfind(" ", max(0, end - 32), end)
    if space >= 0:  # most often a space opens the word: its letters are checked in C
        word = text[space + 1:end]
        if word.replace(".", "").isalnum():
            return word.lower().strip(".")
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    return text[start:end].lower().strip(".")


def _is_abbreviation(text: str, dot: int) -> bool:
    word = _word_before(text, dot)
    if not word:
        return False
    if word in ABBREVIATIONS:
        return True
    # A single letter before the dot is an initial ("K. Strigunov", "A. Manoilo").
    return len(word) == 1 and word.isalpha() and text[dot - 1].isupper()


def _next_starts_sentence(text: str, pos: int, end: int) -> bool:
    while pos < end and text[pos].isspace():
        pos += 1
    if pos >= end:
        return True
    ch = text[pos]
    return ch.isupper() or ch.isdigit() or ch in "\"“«‘'([" or (not ch.isalpha() and not ch.islower())


def _glued_boundary(text: str, dot: int, stop: int, end: int) -> bool:
    """Whether punctuation with no space after it still ends a sentence ("warning.According")."""
    if stop + 1 >= end or not (text[stop].isupper() and text[stop + 1].islower()):
        return False
    before = text[dot - 1] if dot > 0 else ""
    return before.islower() or before.isdigit() or (before in _CLOSERS and dot > 1 and text[dot - 2].islower())


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield [start, end) spans of the sentences in text[start:end], trimmed of spaces.

    Linear in the length of the span: no slice of the text is taken per boundary.
    """
    end = len(text) if end is None else end
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        stop = match.end()
        dot = match.start()
        mark = match.group()
        # A dot after more letters than the longest abbreviation has ends no abbreviation or initial:
        # one C call instead of reading the word before it (most full stops end a long word).
        if mark[0] == "." and len(mark.rstrip(_CLOSERS)) == 1 and not (
                dot > _LONGEST and text[dot - _LONGEST - 1:dot].isalpha()) and _is_abbreviation(text, dot):
            continue
        if stop < end and not text[stop].isspace():
            if not _glued_boundary(text, dot, stop, end):
                continue
        elif not _next_starts_sentence(text, stop, end):
            continue
        span = _trimmed(text, cursor, stop)
        if span is not None:
            yield span
        cursor = stop
    span = _trimmed(text, cursor, end)
    if span is not None:
        yield span


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


# A wire dateline opens a story: "ALMATY, Kazakhstan (AP) —", "NUR-SULTAN, Jan 5 (Reuters) -",
# "MOSCOW, Jan 6 – RIA Novosti.", "Москва. 29 января. INTERFAX.RU –", "АСТАНА, 7 янв — Sputnik."
_UP = "A-ZА-ЯЁ"
_CITY_CAPS = rf"[{_UP}][{_UP}'’.-]{{1,30}}(?:\s[{_UP}][{_UP}'’.-]{{1,30}}){{0,2}}"
_CITY_TITLE = rf"[{_UP}][^\W\d_]{{1,30}}(?:[\s-][{_UP}][^\W\d_]{{1,30}}){{0,2}}"
_DATELINE_DATE = (rf"(?i:\d{{1,2}}\s+(?:{MONTH_PATTERN})|(?:{MONTH_PATTERN})\.?\s+\d{{1,2}})"
                  rf"(?:,?\s+[12]\d{{3}})?(?:\s*(?:года|г\.))?\.?")
_COUNTRY = rf"[{_UP}][^\W\d_]{{1,30}}(?:\s[{_UP}][^\W\d_]{{1,30}}){{0,2}}"
_AGENCY_CAPS = rf"[{_UP}][{_UP}]{{1,20}}(?:\.[{_UP}]{{1,10}})?"
_DATELINE = re.compile(
    rf"(?P<city>{_CITY_CAPS}|{_CITY_TITLE})"
    rf"(?:\s*,\s*(?P<country>{_COUNTRY}))?"
    rf"(?:\s*[,.]\s*(?P<date>{_DATELINE_DATE}))?"
    rf"(?:\s*[,.]?\s*(?P<agency>{_AGENCY_CAPS}))?"
    rf"(?:\s*(?P<paren>\([^()\n]{{1,40}}\)))?"
    r"(?:\s*[—–]|\s+-|\s*--)"
    rf"(?:\s*(?P<tail>[{_UP}][\w-]{{0,30}}(?:[ .][{_UP}][\w-]{{0,30}}){{0,3}}\.)(?=\s|$))?\s*")
# No dateline is longer; the bound also keeps matching linear on a block of any length.
MAX_DATELINE = 200


def _holds_dash(text: str, start: int, window: int) -> bool:
    """Whether text[start:window] holds a dash a dateline could end in: "—", "–", " -" or "--".

    A block with none (most blocks) is not tried against `_DATELINE`, whose backtracking over
    capitalised words cost more than segmenting the block; `str.find` scans in C, five times
    quicker than a search for the same three forms.
    """
    if text.find("—", start, window) >= 0 or text.find("–", start, window) >= 0:
        return True
    hyphen = text.find("-", start + 1, window)
    while hyphen >= 0:
        if text[hyphen - 1].isspace() or text[hyphen - 1] == "-":
            return True
        hyphen = text.find("-", hyphen + 1, window)
    return False


def dateline_end(text: str, start: int = 0, end: int | None = None) -> int:
    """Offset just after a wire dateline at text[start:], or `start` if there is none.

    A dateline (city, perhaps country, date and agency, then a dash) says where
    the wire was filed, not what happened: it must not link two stories on the
    city name alone. The caller keeps it in the text and in the first sentence
    (offsets and the reader stay as the page is) but reads features after it.
    A city in capitals needs one more part (country, date or agency) and one in
    title case a date or a bracketed agency, so "NATO — the alliance" or
    "Tokayev, Putin — both" are not datelines.
    """
    end = len(text) if end is None else end
    window = min(end, start + MAX_DATELINE)
    if not _holds_dash(text, start, window):
        return start
    match = _DATELINE.match(text, start, window)
    if match is None or (window < end and match.end() == window):
        return start
    city_caps = match.group("city").upper() == match.group("city") and any(c.isalpha() for c in match.group("city"))
    if match.group("agency") and not match.group("agency").isupper():
        return start
    if match.group("city").split()[0].lower() in STOP_WORDS:
        return start  # "In Almaty, 5 January — ..." is a sentence, not a dateline
    if city_caps:
        ok = any(match.group(g) for g in ("country", "date", "agency", "paren", "tail"))
    else:
        ok = bool(match.group("date") or match.group("paren"))
    return match.end() if ok else start
