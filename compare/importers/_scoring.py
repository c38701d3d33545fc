"""Plausibility scores for candidate decodings of legacy single-byte text.

Statistical detectors are weak on short texts and confuse the Cyrillic code
pages (cp1251 and KOI8-R hold the same letters in the same byte range with
the case swapped, so a wrong guess still "looks Cyrillic").  These scores
judge a decoding by whether it reads like real words.  Only non-ASCII
characters are scored: ASCII is identical under every candidate, so the
scores of different decodings of the same bytes are directly comparable.
"""

from __future__ import annotations

import math
import re

__all__ = ["latin_score", "russian_score"]

# Russian letter frequencies (per cent).  A wrong code page maps common
# letters onto rare ones (ъ, ё, щ, ф …), which drags its score down.
_FREQ = dict(
    zip(
        "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
        (11.0, 8.5, 8.0, 7.4, 6.7, 6.3, 5.5, 4.7, 4.5, 4.4, 3.5, 3.2, 3.0, 2.8, 2.6, 2.0, 1.9,
         1.7, 1.7, 1.6, 1.6, 1.4, 1.2, 1.0, 0.9, 0.7, 0.6, 0.5, 0.4, 0.3, 0.3, 0.1, 0.1),
        strict=True,
    )
)
_LOG_MIN = math.log(min(_FREQ.values()))
_LOG_SPAN = math.log(max(_FREQ.values())) - _LOG_MIN
_WEIGHT = {ch: 0.2 + 0.8 * (math.log(f) - _LOG_MIN) / _LOG_SPAN for ch, f in _FREQ.items()}
# The commonest Russian letter pairs: the strongest signal when case cannot
# help (an all-capitals headline reads as all-lower-case under the wrong page).
_BIGRAM_LIST = (
    """ст но то на ен ов ни ра во ко ал пр ро ан ер ре ор по ос ли ть ла од ет ка от не ль ин
    ле ом ва та ол ит ел ие ат ес ой ог ас ек ри де ых ил до ве ск ак го за тр ми ны ую ия ей
    ся ам ед ем ди ло ки зн ви ых ть ег ма мо да чт ду ус ум ич ше"""
)
_BIGRAMS = frozenset(_BIGRAM_LIST.split())
# Typographic punctuation that legitimately appears in non-ASCII text.
_PUNCT_OK = frozenset("«»—–„“”‘’…№•€\u00a0°§©®™¿¡·")
# Accented letters of Latin-script languages.  A right decoding yields the
# letters of one language; a wrong one mixes letters no language uses together
# (Spanish "señor" read as cp1250 gives Polish "ń" beside Spanish "á").
_LANGUAGE_LETTERS = tuple(
    frozenset(letters)
    for letters in (
        "àâæçéèêëîïôœùûüÿ",  # French
        "äöüß",  # German
        "áéíñóúü",  # Spanish
        "áâãàçéêíóôõú",  # Portuguese
        "àèéìíòóùú",  # Italian
        "àçèéíïòóúü",  # Catalan
        "éëïóèáöü",  # Dutch
        "æøåé",  # Danish, Norwegian
        "åäöé",  # Swedish
        "äöšž",  # Finnish
        "áðéíóúýþæö",  # Icelandic
        "ąćęłńóśźż",  # Polish
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "áéíóöőúüű",  # Hungarian
        "ăâîșțşţ",  # Romanian
        "čćđšž",  # Croatian, Slovene, Bosnian
        "çğıöşü",  # Turkish
        "äõöüšž",  # Estonian
        "āčēģīķļņšūž",  # Latvian
        "ąčęėįšųūž",  # Lithuanian
    )
)
_WORD = re.compile(r"[^\W\d_]+")


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _symbols_penalty(text: str) -> tuple[float, int]:
    """Score and count for non-ASCII non-letters: typographic marks fit, box drawing not."""
    total, count = 0.0, 0
    for ch in text:
        if not ch.isascii() and not ch.isalpha() and not ch.isspace():
            count += 1
            total += 0.5 if ch in _PUNCT_OK else -0.5
    return total, count


def russian_score(text: str) -> float:
    """How plausibly the non-ASCII part of ``text`` is Russian, about -1..1.5.

    Letters score by frequency, plus a bonus per common letter pair.  A
    capital counts only at the start of a word or in an all-caps word (a
    KOI8-R text read as cp1251 has capitals mid-word); other Cyrillic letters
    are neutral; Cyrillic inside Latin words (French read as cp1251) and
    stray symbols count against.
    """
    total, count = _symbols_penalty(text)
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        has_latin = any(ch.isascii() for ch in word)
        all_caps = word.isupper()
        prev = ""
        for i, ch in enumerate(word):
            if ch.isascii():
                continue
            count += 1
            low = ch.lower()
            if has_latin or not _is_cyrillic(ch) or (ch.isupper() and i and not all_caps):
                total -= 1.0
                prev = ""
            elif low not in _WEIGHT:
                prev = ""  # і, ї, ў, ђ …: real letters of neighbouring languages
            else:
                total += _WEIGHT[low] + (0.5 if prev + low in _BIGRAMS else 0.0)
                prev = low
    return total / count if count else float("-inf")


def latin_score(text: str) -> float:
    """How plausibly the non-ASCII part of ``text`` is one Latin-script language.

    The share of accented letters explained by the single best-fitting
    language, with typographic marks counting for and stray symbols against.
    An accented letter only counts inside a word with plain Latin letters
    (or alone, like French "à"): Russian read as cp1252 gives words made
    entirely of accented letters ("Ïðèâåò").
    """
    total, count = _symbols_penalty(text)
    letters: dict[str, int] = {}
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        latin = len(word) == 1 or any(ch.isascii() for ch in word)
        for ch in word:
            if ch.isascii():
                continue
            count += 1
            if latin:
                low = ch.lower()
                letters[low] = letters.get(low, 0) + 1
            else:
                total -= 1.0
    if letters:
        total += max(sum(n for ch, n in letters.items() if ch in language)
                     for language in _LANGUAGE_LETTERS)
    return total / count if count else float("-inf")
