"""The compiled Snowball stemmer (PyStemmer) the engine stems with gives the pure-Python stems.

snowballstemmer hands out PyStemmer's stemmers when it is installed; the features, and so every
cache key and fitted weight, were made with the pure-Python ones. The two are generated from the
same Snowball algorithms; these tests hold them to the same stems, as rapidfuzz's tests hold its
fast scorers to a plain reference.
"""

from __future__ import annotations

import snowballstemmer
from hypothesis import given, settings
from hypothesis import strategies as st
from snowballstemmer.english_stemmer import EnglishStemmer
from snowballstemmer.russian_stemmer import RussianStemmer

from compare.text import normalize
from compare.text.sources import bundled_sources

ENGLISH = "abcdefghijklmnopqrstuvwxyz'"
RUSSIAN = "абвгдежзийклмнопрстуфхцчшщъыьэюя"


def test_the_compiled_stemmer_is_the_one_in_use() -> None:
    """A missing PyStemmer would still stem right, but a hundred times slower: it must be installed."""
    import Stemmer

    assert isinstance(snowballstemmer.stemmer("english"), Stemmer.Stemmer)
    assert isinstance(normalize._stemmer("russian"), Stemmer.Stemmer)


@settings(max_examples=500, deadline=None)
@given(st.text(ENGLISH, min_size=1, max_size=18))
def test_english_stems_match_the_pure_python_stemmer(word: str) -> None:
    assert normalize._stemmer("english").stemWord(word) == EnglishStemmer().stemWord(word)


@settings(max_examples=500, deadline=None)
@given(st.text(RUSSIAN, min_size=1, max_size=18))
def test_russian_stems_match_the_pure_python_stemmer(word: str) -> None:
    assert normalize._stemmer("russian").stemWord(word) == RussianStemmer().stemWord(word)


def test_every_word_of_the_bundled_sources_stems_as_before() -> None:
    words = {t for source in bundled_sources() for t in normalize.tokenize(source.text) if not t.isdigit()}
    english, russian = EnglishStemmer(), RussianStemmer()
    assert len(words) > 1000
    for word in words:
        reference = russian if normalize._CYRILLIC.search(word) else english
        assert normalize.stem(word) == reference.stemWord(word), word
