"""Tokens, stop words and stems for English and Russian text.

Stemming is per token and chosen by script, so a Russian quotation inside an
English account is still stemmed as Russian.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from compare.model.lazy import lazy_import

if TYPE_CHECKING:  # imported on first use: reading a stored workspace stems nothing (issue 14)
    import snowballstemmer
else:
    snowballstemmer = lazy_import("snowballstemmer")

_TOKEN = re.compile(r"\w+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me more
most my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself s t d ll re ve m one two also may might must shall upon yet still even
despite therefore thus hence indeed fact way well much many like since already rather quite just
certain another every either neither whose whom onto toward towards around across along etc
first second third new last next part made make took take put get got came come went go
however though although whether per via within without among amid said says say according
и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было
вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас
нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем
была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой
совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при
наконец два об другой хоть после над больше тот через эти нас про всего них какая много разве три
эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно
всю между это также которые который которая которых заявил заявила сообщил
""".split())


def iter_tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """(lower-cased word, start, end); hyphens split words ("Nur-Sultan" -> nur, sultan).

    A possessive "'s" is dropped, so "the government's resignation" reads like
    "the government resignation" and multi-word aliases still match.
    """
    for match in _TOKEN.finditer(text):
        start = match.start()
        word = match.group()
        if word in ("s", "S") and start > 0 and text[start - 1] in "'’":
            continue
        yield word.lower().replace("ё", "е"), start, match.end()


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens, as `iter_tokens` finds them."""
    return [t for t, _, _ in iter_tokens(text)]


_LOCAL = threading.local()


def _stemmer(language: str) -> snowballstemmer.stemmer:
    """This thread's stemmer for `language`.

    A Snowball stemmer keeps the word it is working on in itself, so two threads
    sharing one garble each other's words: the app's aligner failed with
    "IndexError: string index out of range" while the GUI thread stemmed too.
    """
    made: dict[str, snowballstemmer.stemmer] | None = getattr(_LOCAL, "stemmers", None)
    if made is None:
        made = _LOCAL.stemmers = {}
    found = made.get(language)
    if found is None:
        found = made[language] = snowballstemmer.stemmer(language)
    return found


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """Snowball stem in the token's own script (Russian for Cyrillic, else English)."""
    if token.isdigit():
        return token
    language = "russian" if _CYRILLIC.search(token) else "english"
    return _stemmer(language).stemWord(token)


def stem_tokens(tokens: list[str]) -> list[str]:
    return [stem(t) for t in tokens]


_KNOWN_RARITY: dict[str, float] = {}


def known_rarity(values: dict[str, float]) -> None:
    """Rarities computed in an earlier run (the feature cache stores them): `rarity` reads these first."""
    _KNOWN_RARITY.update(values)


def rarity(word: str) -> float:
    """`general_rarity`, from the values an earlier run stored, or that ship for the bundled sources.

    Loading wordfreq's dictionaries costs most of a second and over 150 MB; a
    command line run whose every word was rated before never loads them, and
    nor does the app's first start on the bundled sources (issue 14).
    """
    known = _KNOWN_RARITY.get(word)
    if known is None and not _SHIPPED_READ:
        _read_shipped()
        known = _KNOWN_RARITY.get(word)
    return known if known is not None else general_rarity(word)


def release_frequency_lists() -> None:
    """Let go of wordfreq's loaded dictionaries (about 50 MB for English, 130 MB more for Russian).

    A large command-line run rates every word of its files while reading them
    (and stores the rarities in its cache); holding the dictionaries through the
    alignment after that would only raise its peak memory. A word rated later
    simply loads them again.
    """
    wordfreq = sys.modules.get("wordfreq")
    for name in ("get_frequency_dict", "get_frequency_list"):
        clear = getattr(getattr(wordfreq, name, None), "cache_clear", None)
        if clear is not None:
            clear()


SHIPPED_RARITY = "bundled-rarity.json"  # written by bench/ship_rarity.py
_SHIPPED_READ: list[bool] = []  # empty until the shipped values were read (or found unusable)


def wordfreq_version() -> str:
    """The installed frequency lists' release, without importing them (rarities of another are not read)."""
    from compare.model.versions import installed_version

    return installed_version("wordfreq")


def shipped_rarity() -> dict[str, float]:
    """The rarities shipped for the words of the bundled sources, if made with the installed wordfreq."""
    import json

    from compare.model.locations import resource

    try:
        data = json.loads(resource(SHIPPED_RARITY).read_text(encoding="utf-8"))
        values = data["rarity"] if data.get("wordfreq") == wordfreq_version() else {}
        return {str(w): float(v) for w, v in values.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _read_shipped() -> None:
    for word, value in shipped_rarity().items():
        _KNOWN_RARITY.setdefault(word, value)  # what an earlier run stored stays first
    _SHIPPED_READ.append(True)


@lru_cache(maxsize=200_000)
def general_rarity(word: str) -> float:
    """How little a word says in everyday language, from 0.1 (``use``) to 1 (``akimat``).

    A small workspace cannot tell that "situation" or "state" are common words;
    general-language frequencies (wordfreq's Zipf scale) can, so they discount
    plain words that would otherwise look rare in a corpus of a few thousand sentences.
    """
    from wordfreq import zipf_frequency

    word = word.lower()
    zipf = zipf_frequency(word, "ru" if _CYRILLIC.search(word) else "en")
    return min(1.0, max(0.1, (COMMON_ZIPF - zipf) / ZIPF_SPAN))


COMMON_ZIPF = 6.0
ZIPF_SPAN = 2.0
