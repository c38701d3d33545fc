"""The evidence for every pair of passages of two sources, as matrices: what the combiner weighs.

Each signal is one number per (left passage, right passage), computed for all
pairs at once: the lexical score (shared names, dates, figures, concepts and
rare words), the semantic cosine of the two passages and of their best pair of
sentences, how far each falls below the best candidate of either passage, the
weight of shared anchors, shared dates, the distance between the two passages'
places in their accounts, three products (each evidence across languages,
and words and meaning together), and a second encoder's cosine of the two
passages and its gap. They are named, so the combiner's weights can be read
against them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from compare.model.lazy import lazy_import

if TYPE_CHECKING:  # imported on first use: an aligned workspace opens without it (issue 14)
    import numpy as np
else:
    np = lazy_import("numpy")

from compare.engine.corpus import Corpus
from compare.engine.scoring import pair_scores, pool_by_paragraph
from compare.model.records import Source, Unit

__all__ = ["SECOND_ENCODER", "SIGNALS", "PairSignals", "PassageVectors", "pair_signals"]

SIGNALS = ("lexical", "lexical_gap", "semantic", "semantic_best", "semantic_gap", "anchors", "dates",
           "position", "cross_language", "cross_x_lexical", "cross_x_semantic", "lexical_x_semantic",
           "semantic_e5", "semantic_e5_gap")
SECOND_ENCODER = ("semantic_e5", "semantic_e5_gap")  # read only where e5 is installed


@dataclass(frozen=True, slots=True)
class PassageVectors:
    """Embeddings of one source's passages at the unit aligned, and of its sentences."""

    passages: np.ndarray  # (n passages, d), L2-normalised
    sentences: np.ndarray  # (n sentences, d)
    second: PassageVectors | None = None  # the second encoder's passages (`semantic.second_embedder`), where installed


@dataclass(frozen=True, slots=True)
class PairSignals:
    """Every signal as an (n left, n right) matrix, in the order of SIGNALS."""

    values: dict[str, np.ndarray]

    def stacked(self, names: tuple[str, ...] = SIGNALS) -> np.ndarray:
        return np.stack([self.values[n] for n in names], axis=-1)

    @property
    def shape(self) -> tuple[int, int]:
        first = self.values["lexical"]
        return int(first.shape[0]), int(first.shape[1])


def _gap(m: np.ndarray) -> np.ndarray:
    """How far a pair falls below the best candidate of the nearer of its two passages (0 = a best match)."""
    if m.size == 0:
        return m
    return np.maximum(m - m.max(axis=1, keepdims=True), m - m.max(axis=0, keepdims=True))


def _best_sentence_cosine(left: Source, right: Source, lv: PassageVectors, rv: PassageVectors) -> np.ndarray:
    """For each paragraph pair, the cosine of its closest pair of sentences."""
    return pool_by_paragraph(lv.sentences @ rv.sentences.T, left, right)


def _anchor_matrix(corpus: Corpus, source_id: str, unit: Unit, vocabulary: dict[str, int],
                   prefix: tuple[str, ...], *, weighted: bool) -> np.ndarray:
    """Passages x shared features of the given kinds: the feature's weight, or 1 for mere presence."""
    bags = corpus.bags(source_id, unit)
    out = np.zeros((len(bags), len(vocabulary)))
    for i, bag in enumerate(bags):
        for key in bag:
            j = vocabulary.get(key)
            if j is not None and key.startswith(prefix):
                out[i, j] = corpus.weight.get(key, 0.0) if weighted else 1.0
    return out


def _shared_kinds(corpus: Corpus, left: Source, right: Source, unit: Unit) -> tuple[np.ndarray, np.ndarray]:
    """Per pair of passages, Σ weight² of their shared anchors and the number of their shared dates.

    A pair corpus computes both from its arrays (`Corpus.shared_kinds`), column for column the
    matrices below; a larger corpus builds them from the bags.
    """
    fast = corpus.shared_kinds(left.id, right.id, unit)
    if fast is not None:
        return fast
    shared_keys = sorted({k for bag in corpus.bags(left.id, unit) for k in bag}
                         & {k for bag in corpus.bags(right.id, unit) for k in bag})
    vocabulary = {k: i for i, k in enumerate(shared_keys)}
    anchors_l = _anchor_matrix(corpus, left.id, unit, vocabulary, ("E:", "D:", "N:"), weighted=True)
    anchors_r = _anchor_matrix(corpus, right.id, unit, vocabulary, ("E:", "D:", "N:"), weighted=True)
    dates_l = _anchor_matrix(corpus, left.id, unit, vocabulary, ("D:",), weighted=False)
    dates_r = _anchor_matrix(corpus, right.id, unit, vocabulary, ("D:",), weighted=False)
    return anchors_l @ anchors_r.T, dates_l @ dates_r.T


def pair_signals(corpus: Corpus, left: Source, right: Source, unit: Unit,
                 lv: PassageVectors, rv: PassageVectors, *, workers: int = -1) -> PairSignals:
    """All signals for every pair of passages of `left` and `right` at `unit`.

    `corpus` should be weighted over these two sources only (`Corpus.pair`),
    so that no signal depends on which other sources happen to be loaded.
    """
    lexical = pair_scores(corpus, left, right, unit, workers=workers) / 100.0
    semantic = (lv.passages @ rv.passages.T).astype(np.float64)
    best = semantic if unit == "sentence" else np.maximum(semantic, _best_sentence_cosine(left, right, lv, rv))
    if lv.second is not None and rv.second is not None:  # its passages' cosines (it reads no sentences)
        second = (lv.second.passages @ rv.second.passages.T).astype(np.float64)
        second_gap = _gap(second)
    else:  # no second encoder: its signals are zeros (so is their gap), which only its fallback model never reads
        second = second_gap = np.zeros_like(semantic)
    shared_anchors, shared_dates = _shared_kinds(corpus, left, right, unit)
    n, m = lexical.shape
    li = np.arange(n)[:, None] / max(1, n - 1)
    rj = np.arange(m)[None, :] / max(1, m - 1)
    cross = 1.0 if corpus.crosses_language(left.id, right.id) else 0.0
    values = {
        "lexical": lexical,
        "lexical_gap": _gap(lexical),
        "semantic": semantic,
        "semantic_best": best,
        "semantic_gap": _gap(best),
        "anchors": np.log1p(shared_anchors),
        "dates": np.minimum(1.0, shared_dates),
        "position": np.abs(li - rj),
        "cross_language": np.full((n, m), cross),
        # Across languages plain words cannot meet, so the words' evidence and the meaning's
        # evidence weigh differently there; and agreement of both is stronger than either.
        "cross_x_lexical": cross * lexical,
        "cross_x_semantic": cross * best,
        "lexical_x_semantic": lexical * best,
        # A second encoder, trained otherwise, errs elsewhere: where both agree is stronger (issue 10).
        "semantic_e5": second,
        "semantic_e5_gap": second_gap,
    }
    return PairSignals(values)

