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

__all__ = ["russian_score", "western_score"]

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
# Accented letters common in Western European languages (cp1252 text).
_WESTERN = frozenset("àáâãäåæçèéêëìíîïñòóôõöøùúûüÿßœšžÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜŸŒŠŽ")
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


def western_score(text: str) -> float:
    """How plausibly the non-ASCII part of ``text`` is Western European, -1..1.

    Accented letters score only inside words that also have plain Latin
    letters ("café"): Russian read as cp1252 gives words made entirely of
    accented letters ("Ïðèâåò"), which count against.
    """
    total, count = _symbols_penalty(text)
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        # "à", "é" stand alone in French; otherwise an accented letter needs
        # plain Latin letters beside it.
        latin = len(word) == 1 or any(ch.isascii() for ch in word)
        for ch in word:
            if not ch.isascii():
                count += 1
                total += 1.0 if latin and ch in _WESTERN else -1.0
    return total / count if count else float("-inf")
