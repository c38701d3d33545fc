"""All pairs with pruning: which pairs of documents are worth aligning at all.

Aligning every document with every other costs N²/2 pair alignments; most
pairs in an archive tell different stories and give no link. A pair is kept
when some passage of one has a meaning cosine of at least `cut` with some
passage of the other (the passages' embeddings, which the first phase
computes on the workers anyway): a link is, in practice, never made between
passages whose meanings are far apart, whatever their shared words. The
maximum is taken over every pair of passages with blocked NumPy products
(cost: the number of passages squared times 512, about a second per
10,000 x 10,000 passages on one core). `bench/archive.py` measures how many
of the exhaustive run's links the pruning keeps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["DEFAULT_CUT", "Pruning", "closest_passages", "kept_pairs"]

DEFAULT_CUT = 0.38  # on the labelled cases: 90% of the pairs aligned, 99.7% of the links kept (bench/archive.py)
BLOCK = 2048  # passages a product: (BLOCK x all passages) float32, some tens of MB


@dataclass(frozen=True, slots=True)
class Pruning:
    """The pairs kept (ids in order, first < second), of how many."""

    pairs: tuple[tuple[str, str], ...]
    candidates: int


def closest_passages(vectors: Mapping[str, np.ndarray]) -> tuple[list[str], np.ndarray]:
    """For every two documents, the highest cosine between a passage of one and a passage of the other.

    Returns the ids (sorted) and an (n, n) matrix; the diagonal is -1 (a document is not its own pair).
    """
    ids = sorted(vectors)
    shapes = [np.asarray(vectors[i], dtype=np.float32) for i in ids]  # (passages, dimensions) each
    nonempty = [k for k, v in enumerate(shapes) if v.shape[0] > 0]
    best = np.full((len(ids), len(ids)), -1.0, dtype=np.float32)
    if len(nonempty) < 2:
        return ids, best
    stacked = np.concatenate([shapes[k] for k in nonempty])
    owners = np.concatenate([np.full(shapes[k].shape[0], k, dtype=np.intp) for k in nonempty])
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])  # first column of each document
    column_owner = owners[starts]
    for first in range(0, len(stacked), BLOCK):
        rows = stacked[first:first + BLOCK]
        by_doc = np.maximum.reduceat(rows @ stacked.T, starts, axis=1)  # (rows, documents)
        row_owner = owners[first:first + BLOCK]
        row_starts = np.flatnonzero(np.r_[True, row_owner[1:] != row_owner[:-1]])
        reduced = np.maximum.reduceat(by_doc, row_starts, axis=0)
        for r, doc in enumerate(row_owner[row_starts]):
            current = best[doc, column_owner]
            best[doc, column_owner] = np.maximum(current, reduced[r])
    np.fill_diagonal(best, -1.0)
    return ids, np.maximum(best, best.T)


def kept_pairs(vectors: Mapping[str, np.ndarray], cut: float) -> Pruning:
    """The pairs of documents whose closest passages reach `cut` (every pair when `cut` <= -1)."""
    ids, best = closest_passages(vectors)
    n = len(ids)
    upper = np.triu(np.ones((n, n), dtype=bool) if cut <= -1 else best >= cut, 1)
    keep = tuple((ids[i], ids[j]) for i, j in zip(*np.nonzero(upper), strict=True))  # row-major: i, then j
    return Pruning(keep, n * (n - 1) // 2)


def groups(pairs: Sequence[tuple[str, str]], size: int) -> list[tuple[str, tuple[str, ...]]]:
    """Pairs as (left, rights) tasks of at most `size` pairs, in id order (a left with many rights is split)."""
    by_left: dict[str, list[str]] = {}
    for a, b in pairs:
        by_left.setdefault(a, []).append(b)
    out = []
    for left in sorted(by_left):
        rights = sorted(by_left[left])
        out += [(left, tuple(rights[k:k + size])) for k in range(0, len(rights), size)]
    return out
