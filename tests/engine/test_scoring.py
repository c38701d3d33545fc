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
