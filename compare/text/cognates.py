"""A word's consonant skeleton in Latin letters, so a name meets itself across scripts.

The alias table knows the names of one case (Tokayev, Токаев); a new event
brings names nobody listed (Massimov, Масимов; Mangistau, Мангистау), and
Russian and English share many cognates besides ("терроризм", "terrorism").
A skeleton is a language fact, not a list: transliterate Cyrillic (Russian and
Kazakh letters) to Latin, fold the spellings transliteration varies on
(zh/j, kh/h, ks/x, y/i, z/s, c/k, w/v, doubled letters), drop the vowels after
the first letter. A word gives up to two skeletons: of its Snowball stem (so
"протестующие" meets "protesters") and of the word with only its consonant
case ending removed (a stemmer cuts names: Snowball reads Токаев as "тока" and
Масимов as "масим", while Tokayev and Masimov stay whole). Токаева, Токаевым
and Tokayev all give "tkv". Short skeletons say too little and are not made.
"""

from __future__ import annotations

import re
from functools import lru_cache

from compare.text.normalize import stem  # it loads the stemmers only when one first stems

__all__ = ["MIN_CONSONANTS", "skeleton", "skeletons"]

MIN_CONSONANTS = 3  # "ptn" (Putin) still counts; two letters would join unrelated words

_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Kazakh letters, as Kazakh names are written in Russian-language Kazakh media
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}
# Applied in order: digraphs first, so "kh" folds before "h" and "k" are read alone.
_FOLDS = (("shch", "s"), ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("ch", "c"), ("sh", "s"), ("ts", "c"),
          ("tz", "c"), ("ph", "f"), ("ck", "k"), ("x", "ks"), ("q", "k"), ("w", "v"), ("z", "s"), ("c", "k"))
# Russian case endings that carry a consonant (vowel endings vanish from a skeleton by themselves).
_CASE_ENDINGS = ("ами", "ями", "ого", "его", "ому", "ему", "ым", "им", "ом", "ем", "ой", "ей", "ах", "ях",
                 "ам", "ям", "ий", "ый")
_MIN_BASE = 4
_VOWELS = re.compile(r"[aeiouy]")
_LATIN = re.compile(r"[a-z]+")


@lru_cache(maxsize=100_000)
def skeleton(stemmed: str) -> str | None:
    """The skeleton of a word already stemmed and lower-cased, or None when it is too short to tell.

    >>> skeleton("токаев"), skeleton("tokayev"), skeleton("tokaev")
    ('tkv', 'tkv', 'tkv')
    """
    latin = "".join(_CYRILLIC_TO_LATIN.get(ch, ch) for ch in stemmed)
    if not _LATIN.fullmatch(latin):
        return None
    for old, new in _FOLDS:
        latin = latin.replace(old, new)
    head, tail = latin[0], _VOWELS.sub("", latin[1:])
    folded = re.sub(r"(.)\1+", r"\1", head + tail)
    consonants = len(folded) - (1 if _VOWELS.match(folded) else 0)
    return folded if consonants >= MIN_CONSONANTS else None


def skeletons(word: str) -> tuple[str, ...]:
    """The distinct skeletons of a lower-cased word: of its stem and of its case-stripped form."""
    base = word
    for ending in _CASE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_BASE:
            base = word[: -len(ending)]
            break
    found = []
    for form in (stem(word), base):
        sk = skeleton(form)
        if sk is not None and sk not in found:
            found.append(sk)
    return tuple(found)
