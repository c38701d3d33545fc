"""Figures read with what they count: "2,030 personnel", "250 units of equipment", "225 died".

Two accounts disagree on a figure only when they count the same thing: 250
pieces of equipment do not contradict 20,000 attackers, but about 2,500
peacekeepers do contradict 2,030 troops. Each number `anchors.find_numbers`
finds is given a kind from the words next to it (English and Russian stems):
first the words straight after it ("2,030 troops", "7,939 detained",
"2030 военнослужащих"), and when those say nothing or only "people"/"человек",
the nearest kind word before it in the same sentence ("a contingent of about
5 to 7 thousand people", "the death toll rose to 225"). A number with no kind
is never compared with anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from compare.engine.anchors import find_numbers
from compare.engine.extraction import SMALL_NUMBER

PERSONNEL, DEAD, INJURED, DETAINED, ATTACKERS, EQUIPMENT, TENGE, MONEY = (
    "personnel", "dead", "injured", "detained", "attackers", "equipment", "price in tenge", "money")

# Stems (matched at the start of a lower-cased word) for each kind, English and Russian.
KIND_STEMS: dict[str, tuple[str, ...]] = {
    PERSONNEL: ("troop", "peacekeep", "soldier", "servicem", "personnel", "contingent", "force",
                "paratroop", "military", "guardsm", "officer", "police", "военнослужащ", "миротвор", "солдат",
                "военн", "контингент", "сил", "силы", "десантник", "полицейск", "силовик", "бойц"),
    DEAD: ("dead", "died", "death", "killed", "fatalit", "toll", "lives", "погиб", "убит", "умер", "жертв",
           "смерт"),
    INJURED: ("injur", "wounded", "hurt", "ранен", "пострадав", "травм"),
    DETAINED: ("detain", "arrest", "held", "custody", "задержан", "задержал", "арестован", "арест"),
    ATTACKERS: ("attacker", "terrorist", "militant", "bandit", "gangster", "rioter", "insurgent", "looter",
                "боевик", "террорист", "нападавш", "бандит", "погромщик", "мародер", "мародёр"),
    EQUIPMENT: ("equipment", "vehicle", "aircraft", "plane", "armou", "техник", "самолет", "самолёт",
                "бронетехник"),
    TENGE: ("tenge", "тенге", "тг"),
    MONEY: ("dollar", "$", "euro", "rouble", "ruble", "доллар", "евро", "рубл"),
}
GENERIC = ("people", "person", "persons", "individuals", "человек", "людей", "граждан")
AFTER_WORDS = 4   # words after a number that may say what it counts
BEFORE_WORDS = 12  # words before it, within its sentence
_WORD = re.compile(r"\$|[^\W\d_]+(?:-[^\W\d_]+)*", re.U)
_SENTENCE_END = re.compile(r"[.;!?]\s|\n")
_NUMBER_KEY = re.compile(r"N:")
_ORDINAL = re.compile(r"-?(?:й|я|е|го|ой|ая|th|st|nd|rd)\b", re.I)


@dataclass(frozen=True, slots=True)
class Figure:
    """A number as written, its value range [low, high] and what it counts ("" when unknown)."""

    start: int
    end: int
    surface: str
    low: float
    high: float
    kind: str

    def meets(self, other: Figure) -> bool:
        """The same kind and overlapping values: the two figures agree."""
        return self.kind == other.kind and self.low <= other.high and other.low <= self.high


def kind_of_word(word: str) -> str:
    """The kind a word names ("peacekeepers" -> personnel), or ""."""
    w = word.lower()
    for kind, stems in KIND_STEMS.items():
        for stem in stems:
            if (w == stem) if len(stem) <= 3 else w.startswith(stem):
                return kind
    return ""


def _kind_after(text: str, end: int) -> tuple[str, bool]:
    """The kind named just after a number, and whether only a generic noun ("people") was seen."""
    tail = text[end:end + 80]
    stop = _SENTENCE_END.search(tail)
    tail = tail[:stop.start()] if stop else tail
    digit = re.search(r"\d", tail)
    tail = tail[:digit.start()] if digit else tail
    tail = tail.split(",", 1)[0]
    for n, match in enumerate(_WORD.finditer(tail)):
        if n >= AFTER_WORDS:
            break
        word = match.group()
        kind = kind_of_word(word)
        if kind:
            return kind, False
        if word.lower() in GENERIC:
            return "", True  # "5 to 7 thousand people": what they are is said before
    return "", False


def _kind_before(text: str, start: int) -> str:
    head = text[max(0, start - 160):start]
    ends = list(_SENTENCE_END.finditer(head))
    head = head[ends[-1].end():] if ends else head
    words = _WORD.findall(head)[-BEFORE_WORDS:]
    for word in reversed(words):
        kind = kind_of_word(word)
        if kind:
            return kind
    return ""


def _is_year(value: float, surface: str) -> bool:
    return value.is_integer() and 1900 <= value <= 2100 and re.fullmatch(r"\d{4}", surface.strip()) is not None


def read_figures(text: str) -> list[Figure]:
    """Every figure that counts something (not small numbers, not years), with its kind, in text order."""
    found: list[Figure] = []
    for start, end, keys in find_numbers(text):
        if start > 0 and text[start - 1].isalpha():
            continue  # glued to letters: "G7", "Су-25"
        if _ORDINAL.match(text, end):
            continue  # "45-й бригады", "the 45th brigade": a name, not a count
        values = [float(k[2:]) for k in keys if _NUMBER_KEY.match(k)]
        if not values:
            continue
        low, high = min(values), max(values)
        surface = text[start:end]
        if high < SMALL_NUMBER:
            continue
        if re.match(r"\s*(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
                    r"|January|February|March|April|May|June|July|August|September|October|November|December)",
                    text[end:end + 12]):
            continue  # a day of a month the date reader left (outside a range it knows)
        kind, _generic = _kind_after(text, end)
        if _is_year(low, surface) and not kind:
            continue  # "in 2022"; but "2030 военнослужащих" is a count
        if not kind:
            kind = _kind_before(text, start)
        found.append(Figure(start, end, surface.strip(), low, high, kind))
    return found


@lru_cache(maxsize=8192)
def read_figures_cached(text: str) -> tuple[Figure, ...]:
    """`read_figures`, remembered: a passage is compared with many others."""
    return tuple(read_figures(text))


def differing(a: Sequence[Figure], b: Sequence[Figure]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Figures of each side that the other contradicts: a kind both give, and no value of it that agrees.

    A kind only one side gives is no dispute (one account staying silent is
    an omission, not a disagreement), and a figure without a kind is never compared.
    """
    if not a or not b:  # most passage pairs: one side gives no figure, so neither disputes the other
        return (), ()

    def side(mine: Sequence[Figure], theirs: Sequence[Figure]) -> tuple[str, ...]:
        kinds = {f.kind for f in theirs if f.kind}
        out = [f.surface for f in mine
               if f.kind in kinds and not any(f.meets(g) for g in theirs)]
        return tuple(dict.fromkeys(out))

    return side(a, b), side(b, a)


def by_kind(figures: Iterable[Figure]) -> dict[str, list[Figure]]:
    """Figures grouped by what they count (unknown kinds left out)."""
    out: dict[str, list[Figure]] = {}
    for f in figures:
        if f.kind:
            out.setdefault(f.kind, []).append(f)
    return out
