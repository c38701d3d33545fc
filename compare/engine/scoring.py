"""Scores between passages: one matrix product per pair of sources.

A passage is a row of feature weights (each feature's weight quantised to a
repeat count, the same wherever the feature occurs), so the weighted overlap of
every pair of passages is one product of a weighted matrix with a 0/1 matrix.
From the overlap a cosine-like score is taken, then calibrated to read the same
for sentences and paragraphs and across languages. `score_matrix` computes the
same scores from sorted id sequences with rapidfuzz's Indel distance; it is
kept as the independent cross-check the tests compare the sparse path against.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from itertools import pairwise
from typing import TYPE_CHECKING

from compare.model.lazy import lazy_import

if TYPE_CHECKING:  # imported on first use: an aligned workspace opens without them (issue 14)
    import numpy as np
    from rapidfuzz import process
    from rapidfuzz.distance import Indel
else:
    np = lazy_import("numpy")
    process = lazy_import("rapidfuzz.process")
    Indel = lazy_import("rapidfuzz.distance.Indel")

from compare.engine.corpus import QUANTUM, Corpus, FeatureMatrix
from compare.model.records import Source, Unit, paragraph_indices

CANDIDATE_FLOOR = 25.0
EVIDENCE_HALF = 3.0
SENTENCE_POOL_WEIGHT = 0.9
CROSS_LANGUAGE_SCALE = 0.8
CALIBRATION_POWER = math.log(0.5) / math.log(0.34)


def score_matrix(left: list[list[int]], right: list[list[int]], *, workers: int = -1) -> np.ndarray:
    """Pairwise scores 0-100 of weighted feature sequences, vectorised in rapidfuzz.

    For sorted sequences Indel distance = |A| + |B| - 2·|A∩B|, so one `cdist`
    call gives the shared weight of every pair. The score is the weighted cosine
    |A∩B|/√(|A||B|), shrunk while the shared weight is small: one shared rare
    word between two sentences is weaker evidence than a name, a date and a figure.
    """
    if not left or not right:
        return np.zeros((len(left), len(right)))
    _require_sorted(left)
    _require_sorted(right)
    shared, la, lb = _overlap(left, right, workers)
    return from_overlap(shared, la, lb)


def sparse_scores(left: FeatureMatrix, right: FeatureMatrix) -> np.ndarray:
    """Pairwise scores 0-100 of passages given as rows of feature repeat counts (`Corpus.matrix`).

    Exactly `score_matrix` on the equivalent sequences: the shared weight of a
    pair is Σ over common features of the feature's repeats, which is the
    product of one side's counts with the other side's 0/1 presence.
    """
    if left.shape[0] == 0 or right.shape[0] == 0:
        return np.zeros((left.shape[0], right.shape[0]))
    presence = (right > 0).astype(np.float64)
    product = left @ presence.T
    shared = np.asarray(product.todense() if hasattr(product, "todense") else product, dtype=np.float64)
    la = np.asarray(left.sum(axis=1), dtype=np.float64).reshape(-1, 1)
    lb = np.asarray(right.sum(axis=1), dtype=np.float64).reshape(1, -1)
    return from_overlap(shared, la, lb)


def from_overlap(shared: np.ndarray, la: np.ndarray, lb: np.ndarray) -> np.ndarray:
    """The score from the shared weight and the two passages' total weights (in repeat units).

    Every path ends here (`score_matrix`, `sparse_scores`, a pair's arrays in `Corpus.lexical`),
    so equal overlaps give equal scores to the last bit.
    """
    denom = np.sqrt(la * lb)
    with np.errstate(divide="ignore", invalid="ignore"):
        cosine = np.where(denom > 0, shared / denom, 0.0)
    evidence = 1.0 - np.power(0.5, shared * QUANTUM / EVIDENCE_HALF)
    return np.clip(100.0 * np.sqrt(np.clip(cosine, 0.0, 1.0)) * evidence, 0.0, 100.0)


def _require_sorted(sequences: list[list[int]]) -> None:
    """The Indel identity holds only for sorted sequences; anything else would score wrong, silently."""
    for seq in sequences:
        if any(a > b for a, b in pairwise(seq)):
            raise ValueError("score_matrix needs each feature sequence sorted")


def _overlap(a: list[list[int]], b: list[list[int]], workers: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    dist = process.cdist(a, b, scorer=Indel.distance, workers=workers, dtype=np.int32)
    la = np.array([len(s) for s in a], dtype=np.float64)[:, None]
    lb = np.array([len(s) for s in b], dtype=np.float64)[None, :]
    return (la + lb - dist) / 2.0, la, lb


def pooled_sentence_scores(corpus: Corpus, left: Source, right: Source, *, workers: int = -1) -> np.ndarray:
    """For each paragraph pair, the best score of any sentence pair inside it.

    A long paragraph that touches five events should link to a short one about
    any of them; its whole-paragraph cosine is diluted, its best sentence is not.
    """
    return pool_by_paragraph(corpus.sentence_scores(left.id, right.id), left, right)


def pool_by_paragraph(sentences: np.ndarray, left: Source, right: Source) -> np.ndarray:
    """For each paragraph pair, the largest value of any pair of its sentences (lexical scores, cosines).

    Sentences are grouped by the paragraph passage that holds them, not by
    block: a long block cut into sentence windows holds several passages, and
    grouping by block would give every window but the last one sentence only.
    """
    if sentences.size == 0:
        return np.zeros((len(left.paragraphs), len(right.paragraphs)))
    return np.maximum.reduceat(np.maximum.reduceat(sentences, paragraph_starts(left), axis=0),
                               paragraph_starts(right), axis=1)


_STARTS: OrderedDict[int, tuple[object, np.ndarray]] = OrderedDict()  # id(sentences) -> (sentences, starts)
_STARTS_LOCK = threading.Lock()


def paragraph_starts(source: Source) -> np.ndarray:
    """Index of the first sentence of each paragraph passage (sentences are in paragraph order),
    the boundaries `np.maximum.reduceat` pools sentence matrices by.

    Remembered for the last few sentence runs (by identity): a pair pools two matrices, and the
    anchor of a thousand pairs would otherwise be grouped four thousand times.
    """
    run = source.sentences
    with _STARTS_LOCK:
        known = _STARTS.get(id(run))
        if known is not None and known[0] is run and len(known[1]) == len(source.paragraphs):
            _STARTS.move_to_end(id(run))
            return known[1]
    starts = _paragraph_starts(source)
    starts.flags.writeable = False  # shared by every caller
    with _STARTS_LOCK:
        _STARTS[id(run)] = (run, starts)
        while len(_STARTS) > 8:
            _STARTS.popitem(last=False)
    return starts


def _paragraph_starts(source: Source) -> np.ndarray:
    held, first = np.unique(np.asarray(paragraph_indices(source.sentences), dtype=np.intp), return_index=True)
    count = len(source.paragraphs)
    if len(held) != count or (count and (held[0] != 0 or held[-1] != count - 1)):
        raise ValueError(f"{source.id}: a paragraph passage without a sentence, or a sentence outside them")
    return first.astype(np.intp)


def pair_scores(corpus: Corpus, left: Source, right: Source, unit: Unit, *, workers: int = -1) -> np.ndarray:
    """The score matrix for one pair of sources at one unit."""
    neutral = corpus.crosses_language(left.id, right.id)
    if unit == "sentence":  # the same product, cached where evidence reads it
        whole = corpus.sentence_scores(left.id, right.id)
    else:
        whole = corpus.lexical(left.id, right.id, unit, neutral)
    if unit == "paragraph" and whole.size:
        whole = np.maximum(whole, SENTENCE_POOL_WEIGHT * pooled_sentence_scores(corpus, left, right,
                                                                                workers=workers))
    # Without plain words on either side the cosine runs high; this brings a
    # cross-language score back to the scale of a same-language one.
    return calibrate(whole * CROSS_LANGUAGE_SCALE if neutral else whole)


def calibrate(raw: np.ndarray) -> np.ndarray:
    """Spread raw scores so that the default threshold, 50, reads as "worth a look".

    A monotone power curve: it changes no ranking, only what the numbers read as.
    On the development set about a third of links scoring 50-60 are right, most
    of those at 60-70, and nearly all from 70; 90 and above takes near-identical
    wording (bench/alignment_quality.py prints the table; the README quotes it).
    """
    return 100.0 * np.power(np.clip(raw, 0.0, 100.0) / 100.0, CALIBRATION_POWER)


def select(scores: np.ndarray, *, margin: float, floor: float = CANDIDATE_FLOOR) -> list[tuple[int, int]]:
    """Keep pairs that are each passage's best or within `margin` of it (symmetric rule)."""
    rows, cols = selected(scores, margin=margin, floor=floor)
    return list(zip(rows.tolist(), cols.tolist(), strict=True))


def selected(scores: np.ndarray, *, margin: float, floor: float = CANDIDATE_FLOOR) -> tuple[np.ndarray, np.ndarray]:
    """`select`'s pairs as two index arrays (rows, columns) in row-major order, to read many matrices at."""
    if scores.size == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    row_best = scores.max(axis=1, keepdims=True)
    col_best = scores.max(axis=0, keepdims=True)
    near_row = scores >= row_best - margin
    near_col = scores >= col_best - margin
    keep = (scores >= floor) & (near_row | near_col)
    rows, cols = np.nonzero(keep)
    return rows, cols
