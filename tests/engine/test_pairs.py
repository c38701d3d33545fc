"""A pair scored through its arrays gives, to the last bit, what its dictionaries and matrices give."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.engine.corpus import Corpus
from compare.engine.scoring import sparse_scores
from compare.model.records import Source
from compare.text.sources import bundled_sources, source_from_text

WORDS = ("Tokayev", "Токаев", "CSTO", "ОДКБ", "Almaty", "protest", "protesters", "troops", "peacekeepers",
         "5 January", "6 января", "2022-01-07", "20,000", "two", "the", "government", "resigned", "fuel",
         "prices", "gas", "Zhanaozen", "akimat", "мэрия", "airport", "seized", "curfew", "night")
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=9).map(lambda ws: " ".join(ws) + ".")
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
text = st.lists(paragraph, min_size=1, max_size=5).map("\n\n".join)


def _source(body: str, sid: str, language: str) -> Source:
    return source_from_text(f"---\nid: {sid}\ntitle: {sid}\nlanguage: {language}\npublished: 2022-01-12\n---\n\n"
                            f"{body}\n", name=f"{sid}.md")


def _reference(pair: Corpus, a: str, b: str, unit: str) -> tuple[np.ndarray, np.ndarray]:
    """The shared-anchor and shared-date products written out over the bags and the weight dictionary."""
    la, lb = pair.bags(a, unit), pair.bags(b, unit)  # type: ignore[arg-type]
    shared = sorted({k for bag in la for k in bag} & {k for bag in lb for k in bag})
    vocabulary = {k: i for i, k in enumerate(shared)}

    def rows(bags: list[dict[str, str]], prefixes: tuple[str, ...], weighted: bool) -> np.ndarray:
        out = np.zeros((len(bags), len(vocabulary)))
        for i, bag in enumerate(bags):
            for key in bag:
                if key in vocabulary and key.startswith(prefixes):
                    out[i, vocabulary[key]] = pair.weight[key] if weighted else 1.0
        return out

    anchors = rows(la, ("E:", "D:", "N:"), True) @ rows(lb, ("E:", "D:", "N:"), True).T
    dates = rows(la, ("D:",), False) @ rows(lb, ("D:",), False).T
    return anchors, dates


def _check(corpus: Corpus, a: str, b: str) -> None:
    pair = corpus.pair(a, b)
    for first, second in ((a, b), (b, a)):
        for unit in ("paragraph", "sentence"):
            for neutral in (False, True):
                by_arrays = pair.lexical(first, second, unit, neutral)  # type: ignore[arg-type]
                by_matrix = sparse_scores(pair.matrix(first, unit, neutral),  # type: ignore[arg-type]
                                          pair.matrix(second, unit, neutral))  # type: ignore[arg-type]
                np.testing.assert_array_equal(by_arrays, by_matrix)
            kinds = pair.shared_kinds(first, second, unit)  # type: ignore[arg-type]
            assert kinds is not None
            for got, want in zip(kinds, _reference(pair, first, second, unit), strict=True):
                np.testing.assert_array_equal(got, want)
    columns = pair.columns()
    held = {k for bag in pair.bags(a, "sentence") for k in bag} & {k for bag in pair.bags(b, "sentence") for k in bag}
    assert pair.shared_weights() == {k: pair.weight[k] for k in held if k in columns}


@settings(max_examples=60, deadline=None)
@given(text, text, st.sampled_from(["en", "ru"]))
def test_arrays_score_exactly_as_the_matrices(left: str, right: str, language: str) -> None:
    a, b = _source(left, "left", "en"), _source(right, "right", language)
    _check(Corpus([a, b]), a.id, b.id)


@settings(max_examples=20, deadline=None)
@given(text)
def test_a_source_paired_with_itself_counts_once(body: str) -> None:
    a = _source(body, "same", "en")
    corpus = Corpus([a])
    _check(corpus, a.id, a.id)


@pytest.mark.parametrize(("i", "j"), [(0, 3), (5, 1), (2, -1)])
def test_bundled_pairs_score_exactly_as_the_matrices(i: int, j: int) -> None:
    sources = bundled_sources()
    _check(Corpus(sources), sources[i].id, sources[j].id)


def test_a_larger_corpus_still_scores_through_its_matrices() -> None:
    sources = bundled_sources()[:3]
    corpus = Corpus(sources)
    assert corpus.pair_arrays() is None and corpus.shared_kinds(sources[0].id, sources[1].id, "paragraph") is None
    got = corpus.lexical(sources[0].id, sources[1].id, "paragraph", False)
    np.testing.assert_array_equal(got, sparse_scores(corpus.matrix(sources[0].id, "paragraph"),
                                                     corpus.matrix(sources[1].id, "paragraph")))


def test_paragraph_unions_by_sorting_give_the_same_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    """A source too large for a mask of its paragraphs' features takes the sorting path: the same arrays."""
    from compare.engine import pairs

    monkeypatch.setattr(pairs, "DENSE_UNION", 0)
    sources = bundled_sources()
    _check(Corpus(sources), sources[1].id, sources[4].id)
