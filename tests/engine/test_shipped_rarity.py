"""Issue 14: the everyday rarity of the bundled sources' words ships, so their first alignment
loads no frequency lists; the shipped values are wordfreq's own."""

from __future__ import annotations

import random

import pytest

from compare.engine.corpus import Corpus
from compare.engine.extraction import bundled_words
from compare.text import normalize
from compare.text.sources import bundled_sources


def test_the_shipped_rarities_cover_the_bundled_words() -> None:
    """Fails when a bundled source or wordfreq changed without `python bench/ship_rarity.py`."""
    shipped = normalize.shipped_rarity()
    missing = bundled_words() - shipped.keys()
    assert not missing, f"{len(missing)} bundled words have no shipped rarity, e.g. {sorted(missing)[:5]}"


def test_the_shipped_rarities_are_wordfreqs() -> None:
    shipped = normalize.shipped_rarity()
    sample = random.Random(14).sample(sorted(shipped), 40)
    assert {w: shipped[w] for w in sample} == {w: normalize.general_rarity(w) for w in sample}


def test_weighing_the_bundled_sources_asks_wordfreq_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(word: str) -> float:
        raise AssertionError(f"wordfreq was asked about {word!r}")

    monkeypatch.setattr(normalize, "_KNOWN_RARITY", {})
    monkeypatch.setattr(normalize, "_SHIPPED_READ", [])
    monkeypatch.setattr(normalize, "general_rarity", refuse)
    corpus = Corpus(list(bundled_sources()), "paragraph")
    assert corpus.weight  # every word was weighed, from the shipped values


def test_shipped_values_of_another_wordfreq_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(normalize, "wordfreq_version", lambda: "0.0-other")
    assert normalize.shipped_rarity() == {}
