"""Consonant skeletons: a name meets its transliteration; unrelated and short words do not meet."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compare.text.cognates import MIN_CONSONANTS, skeleton, skeletons

# Names from several events, none of them in the alias table's Kazakhstan entries.
SAME = [
    ("Skripal", "Скрипаля"), ("Salisbury", "Солсбери"), ("Lukashenko", "Лукашенко"),
    ("Navalny", "Навальный"), ("Zelensky", "Зеленского"), ("Massimov", "Масимова"),
    ("Mangistau", "Мангистау"), ("Interfax", "Интерфакс"), ("Janaozen", "Жанаозене"),
    ("Zhanaozen", "Janaozen"), ("Tokaev", "Tokayev"), ("Aktobe", "Актобе"),
]
DIFFERENT = [("Skripal", "Солсбери"), ("Lukashenko", "Лавров"), ("Minsk", "Москва"), ("Putin", "Пашинян")]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_a_name_and_its_transliteration_share_a_skeleton(a: str, b: str) -> None:
    assert set(skeletons(a.lower())) & set(skeletons(b.lower()))


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names_do_not(a: str, b: str) -> None:
    assert not set(skeletons(a.lower())) & set(skeletons(b.lower()))


def test_short_or_foreign_script_words_give_no_skeleton() -> None:
    assert skeletons("мид") == ()  # two consonants say too little
    assert skeleton("北京") is None
    assert skeletons("") == ()


@given(st.text(alphabet="абвгдежзийклмнопрстуфхцчшщъыьэюяabcdefghijklmnopqrstuvwxyz", min_size=1, max_size=20))
def test_a_skeleton_is_plain_latin_with_no_doubled_letters(word: str) -> None:
    for sk in skeletons(word):
        assert sk.isascii() and sk.isalpha() and sk.islower()
        assert all(x != y for x, y in pairwise(sk))
        assert sum(ch not in "aeiouy" for ch in sk) >= MIN_CONSONANTS
        assert not any(ch in "aeiouy" for ch in sk[1:])  # vowels only as the first letter
