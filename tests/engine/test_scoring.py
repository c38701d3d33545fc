"""The vectorised scores against a plain reference: the rapidfuzz kernel must give the exact overlap."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.engine.corpus import QUANTUM
from compare.engine.scoring import EVIDENCE_HALF, score_matrix


def reference_score(a: list[int], b: list[int]) -> float:
    """The score written out by hand: weighted cosine of the multisets, shrunk while the overlap is small."""
    shared = sum((Counter(a) & Counter(b)).values())
    if not a or not b:
        return 0.0
    cosine = shared / math.sqrt(len(a) * len(b))
    evidence = 1.0 - 0.5 ** (shared * QUANTUM / EVIDENCE_HALF)
    return min(100.0, 100.0 * math.sqrt(min(cosine, 1.0)) * evidence)


sequences = st.lists(st.integers(0, 40), max_size=60).map(sorted)


@settings(max_examples=150, deadline=None)
@given(st.lists(sequences, min_size=1, max_size=5), st.lists(sequences, min_size=1, max_size=5))
def test_score_matrix_matches_the_reference(left: list[list[int]], right: list[list[int]]) -> None:
    fast = score_matrix(left, right, workers=1)
    slow = np.array([[reference_score(a, b) for b in right] for a in left])
    assert fast.shape == slow.shape
    assert np.allclose(fast, slow, atol=1e-9)


@given(st.lists(st.integers(0, 9), min_size=2, max_size=20).filter(lambda s: s != sorted(s)))
def test_unsorted_input_is_refused_not_scored(unsorted: list[int]) -> None:
    with pytest.raises(ValueError, match="sorted"):
        score_matrix([unsorted], [[1, 2, 3]], workers=1)
    with pytest.raises(ValueError, match="sorted"):
        score_matrix([[1, 2, 3]], [unsorted], workers=1)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 24), min_size=1, max_size=30),
       st.lists(st.lists(st.integers(0, 29), max_size=12), min_size=1, max_size=5),
       st.lists(st.lists(st.integers(0, 29), max_size=12), min_size=1, max_size=5))
def test_the_sparse_product_gives_the_reference_scores(repeats: list[int], left: list[list[int]],
                                                       right: list[list[int]]) -> None:
    """Bags of features, each feature with one repeat count wherever it occurs (as a corpus weighs it)."""
    from scipy import sparse

    from compare.engine.scoring import sparse_scores

    def weight(k: int) -> int:
        return repeats[k % len(repeats)]

    def as_matrix(bags: list[list[int]]) -> sparse.csr_matrix:
        dense = np.zeros((len(bags), 30))
        for i, bag in enumerate(bags):
            for k in set(bag):
                dense[i, k] = weight(k)
        return sparse.csr_matrix(dense)

    def as_sequence(bag: list[int]) -> list[int]:
        return sorted(k for k in set(bag) for _ in range(weight(k)))

    fast = sparse_scores(as_matrix(left), as_matrix(right))
    slow = np.array([[reference_score(as_sequence(a), as_sequence(b)) for b in right] for a in left])
    assert np.allclose(fast, slow, atol=1e-9)


@pytest.mark.parametrize("dense_limit", [4_000_000, 0])
def test_a_corpus_matrix_scores_exactly_as_its_sequences(dense_limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dense arrays (a pair of sources) and sparse matrices (a very large source) give the same scores."""
    from compare.engine import corpus as corpus_module
    from compare.engine.corpus import Corpus

    monkeypatch.setattr(corpus_module, "DENSE_LIMIT", dense_limit)
    from compare.engine.scoring import sparse_scores
    from compare.text.sources import bundled_sources

    sources = bundled_sources()
    corpus = Corpus(sources).pair(sources[0].id, sources[-1].id)
    for unit in ("paragraph", "sentence"):
        for neutral in (False, True):
            a, b = sources[0].id, sources[-1].id
            by_sequence = score_matrix(corpus.sequences(a, unit, neutral), corpus.sequences(b, unit, neutral))
            by_product = sparse_scores(corpus.matrix(a, unit, neutral), corpus.matrix(b, unit, neutral))
            assert np.allclose(by_sequence, by_product, atol=1e-9)
