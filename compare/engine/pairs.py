"""A pair of sources weighted and scored with array operations, not per-feature Python loops.

`Corpus` weighs a feature by its rarity over the two sources of a pair, so the
weights change with every pair: an anchor aligned with a thousand sources was
re-weighed, and its feature matrices rebuilt, a thousand times in Python.
Here each source is turned into arrays once (`SourceArrays`: its features'
global ids, sentence counts and boosts, and which passage holds which feature),
and a pair's weights are array arithmetic on the two (`PairArrays`). Only the
features both sources hold can add to an overlap, so the products run over
those columns alone.

Exact, not approximate: the weights are the same floating-point operations as
`Corpus.weight` (the logarithm is taken with `math.log` on each distinct count,
as there), and the overlaps are sums of whole repeat counts, exact in any order,
so the scores equal `scoring.sparse_scores` on `Corpus.matrix` to the last bit
(tests/engine/test_pairs.py checks it).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from itertools import chain, repeat
from operator import itemgetter
from typing import TYPE_CHECKING

from compare.model.lazy import lazy_import
from compare.model.records import Unit

if TYPE_CHECKING:  # imported on first use: an aligned workspace opens without it (issue 14)
    import numpy as np
else:
    np = lazy_import("numpy")

__all__ = ["PairArrays", "SourceArrays"]

DENSE_UNION = 8_000_000  # cells (8 MB of booleans) up to which a paragraph union is a mask, not a sort


class _Interned(dict[str, int]):
    """Feature key -> global id, so two sources' features can be intersected as integers.

    A key not seen before is numbered next as it is looked up (`__missing__`), so a
    source's ids are one `map` in C with Python visited only for its new keys.
    """

    def __missing__(self, key: str) -> int:
        number = self[key] = len(self)
        return number


_INTERN = _Interned()
_INTERN_LOCK = threading.Lock()
# A feature's kind by its prefix, as small integers (0: any other kind): read in C for all of a
# source's keys at once, where an array of the prefixes as strings cost a sixth of `SourceArrays`.
_KINDS = {"W:": 1, "T:": 2, "D:": 3, "E:": 4, "N:": 5}
_PREFIX = itemgetter(slice(0, 2))


def _global_ids(keys: Sequence[str]) -> np.ndarray:
    """Each key's process-wide id, a new key numbered next in the order it first appears."""
    with _INTERN_LOCK:
        return np.fromiter(map(_INTERN.__getitem__, keys), dtype=np.int64, count=len(keys))


Payload = tuple[list[str], bytes, bytes, bytes]  # keys, each sentence's feature indices, their counts, boosts


def payload_of(sentence_bags: Sequence[dict[str, str]], boost: Callable[[str, str], float]) -> Payload:
    """A source's sentence features as flat arrays, to keep beside the bags in the disk cache.

    Reading these back is a few array copies; rebuilding them from the bags is a
    Python loop over every feature of every sentence, the bulk of a warm run.
    """
    firsts: dict[str, str] = {}
    for bag in reversed(sentence_bags):  # the earliest sentence's surface wins, as in `Corpus`
        firsts.update(bag)
    keys = list(firsts)
    rank = dict(zip(keys, range(len(keys)), strict=True))
    # Iterated by `map` and `chain` in C: a generator over every feature of every sentence was a
    # twentieth of a cold run.
    lengths = np.fromiter(map(len, sentence_bags), dtype=np.int32, count=len(sentence_bags))
    cols = np.fromiter(map(rank.__getitem__, chain.from_iterable(sentence_bags)), dtype=np.int32,
                       count=int(lengths.sum()))
    boosts = np.fromiter(map(boost, keys, map(firsts.__getitem__, keys)), dtype=np.float64, count=len(keys))
    return keys, cols.tobytes(), lengths.tobytes(), boosts.tobytes()


class SourceArrays:
    """One source's features as arrays: built once, shared by every pair the source is in.

    `paragraph_of` gives each sentence's paragraph: a paragraph holds the union
    of its sentences' features, as `Corpus.paragraph_bags` does.
    """

    __slots__ = ("_text_rank", "anchor", "boost", "date", "df", "entries", "gids", "keys", "n_sentences", "rows",
                 "skeleton", "word")

    def __init__(self, payload: Payload, paragraph_of: Sequence[int], n_paragraphs: int) -> None:
        local_keys, cols_bytes, lengths_bytes, boost_bytes = payload
        local_cols = np.frombuffer(cols_bytes, dtype=np.int32).astype(np.int64)
        lengths = np.frombuffer(lengths_bytes, dtype=np.int32).astype(np.int64)
        if len(lengths) != len(paragraph_of) or len(local_cols) != int(lengths.sum()) \
                or len(boost_bytes) != 8 * len(local_keys) or (len(local_cols) and local_cols.max() >= len(local_keys)):
            raise ValueError("feature arrays that do not fit their source")
        # In the payload's order: a pair intersects the ids however they are ordered and orders its shared
        # columns by the first source's string ranks, and every sum over a source's features is of whole
        # repeat counts, so no order of them changes a score.
        self.gids = _global_ids(local_keys)
        self.keys = local_keys
        self._text_rank: np.ndarray | None = None
        self.boost = np.frombuffer(boost_bytes, dtype=np.float64)
        n_sentences = len(lengths)
        self.n_sentences = n_sentences
        rows = np.repeat(np.arange(n_sentences, dtype=np.int64), lengths)
        cols = local_cols
        self.entries: dict[str, tuple[np.ndarray, np.ndarray]] = {
            "sentence": (rows, cols), "paragraph": _union(np.asarray(paragraph_of, dtype=np.int64)[rows], cols,
                                                          n_paragraphs, len(self.keys))}
        self.rows = {"sentence": n_sentences, "paragraph": n_paragraphs}
        self.df = np.bincount(cols, minlength=len(self.keys)).astype(np.int64)
        kinds = np.fromiter(map(_KINDS.get, map(_PREFIX, self.keys), repeat(0)), dtype=np.int8, count=len(self.keys))
        self.word = kinds == _KINDS["W:"]
        self.skeleton = kinds == _KINDS["T:"]
        self.date = kinds == _KINDS["D:"]
        self.anchor = (kinds == _KINDS["E:"]) | self.date | (kinds == _KINDS["N:"])

    @property
    def text_rank(self) -> np.ndarray:
        """Each feature's place among this source's keys sorted as strings.

        A pair orders its shared columns by the first source's (the anchor's, made once for a
        thousand pairs) instead of sorting strings for every pair; no other source needs them.
        """
        if self._text_rank is None:
            rank = np.empty(len(self.keys), dtype=np.int64)
            rank[sorted(range(len(self.keys)), key=self.keys.__getitem__)] = np.arange(len(self.keys))
            self._text_rank = rank
        return self._text_rank


def _union(rows: np.ndarray, cols: np.ndarray, n_rows: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (row, column) entries: each paragraph's features, once however many sentences hold them."""
    width = max(1, width)
    flat = rows * width + cols
    if n_rows * width <= DENSE_UNION:  # a flat mask: half the time of a 2-D one and its `nonzero`
        held = np.zeros(n_rows * width, dtype=bool)
        held[flat] = True
        flat = np.flatnonzero(held)
    else:
        flat = np.unique(flat)
    return flat // width, flat % width


class _Side:
    """One source as seen in a pair: its arrays, its weights and repeats there, its shared columns."""

    __slots__ = ("arrays", "position", "repeats", "weight")

    def __init__(self, arrays: SourceArrays, weight: np.ndarray, repeats: np.ndarray, shared: np.ndarray) -> None:
        self.arrays, self.weight, self.repeats = arrays, weight, repeats
        self.position = np.full(len(arrays.keys), -1, dtype=np.int64)  # local feature -> shared column, or -1
        self.position[shared] = np.arange(len(shared), dtype=np.int64)

    def dense(self, unit: Unit, values: np.ndarray, width: int) -> np.ndarray:
        """Passages x shared columns, `values` (one per local feature) where a passage holds the feature."""
        rows, cols = self.arrays.entries[unit]
        out = np.zeros((self.arrays.rows[unit], width))
        column = self.position[cols]
        held = column >= 0
        out[rows[held], column[held]] = values[cols[held]]
        return out

    def totals(self, unit: Unit, values: np.ndarray) -> np.ndarray:
        """Per passage, the sum of `values` over the features it holds."""
        rows, cols = self.arrays.entries[unit]
        return np.bincount(rows, weights=values[cols], minlength=self.arrays.rows[unit]).astype(np.float64)


class PairArrays:
    """The weights of a pair's features and the products that score its passages.

    `first` is the pair's first source: where both sources hold a feature, the
    surface that decides a word's everyday rarity is the first source's, as in
    `Corpus`. `first is second` (a source aligned with itself) counts it once.
    """

    def __init__(self, first: SourceArrays, second: SourceArrays, *, prior: int, ubiquity: float,
                 quantum: float, max_repeats: int) -> None:
        same = first is second
        if same:
            n = first.n_sentences + prior
            i1 = i2 = np.arange(len(first.keys), dtype=np.int64)
            count1, count2 = first.df, first.df
            boost2 = first.boost
        else:
            n = first.n_sentences + second.n_sentences + prior
            _, i1, i2 = np.intersect1d(first.gids, second.gids, assume_unique=True, return_indices=True)
            count1, count2 = first.df.copy(), second.df.copy()
            count1[i1] += second.df[i2]
            count2[i2] += first.df[i1]
            boost2 = second.boost.copy()
            boost2[i2] = first.boost[i1]
        floor = math.log(1 / ubiquity)

        def weigh(boost: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            distinct, where = np.unique(count, return_inverse=True)
            rarity = np.array([max(0.0, math.log((n + 1) / (c + 0.5)) - floor) for c in distinct.tolist()],
                              dtype=np.float64)
            weight = boost * rarity[where.reshape(-1)]
            return weight, np.minimum(max_repeats, np.rint(weight / quantum))

        # Shared columns in the order of their keys as strings, the order `Corpus` gives its columns.
        order = np.argsort(first.text_rank[i1], kind="stable")
        i1, i2 = i1[order], i2[order]
        self.shared_keys = list(map(first.keys.__getitem__, i1.tolist()))
        self.sides = {0: _Side(first, *weigh(first.boost, count1), i1)}
        self.sides[1] = self.sides[0] if same else _Side(second, *weigh(boost2, count2), i2)
        self.width = len(i1)

    def _sides(self, flip: bool) -> tuple[_Side, _Side]:
        return (self.sides[1], self.sides[0]) if flip else (self.sides[0], self.sides[1])

    def overlap(self, unit: Unit, neutral: bool, *, flip: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(shared repeats, left totals as a column, right totals as a row), as `sparse_scores` takes them.

        What counts is `corpus.counts_in_score`: `neutral` (a pair across languages) drops plain
        words, otherwise the skeletons of names are dropped; `flip` puts the second source on the left.
        """
        left, right = self._sides(flip)
        lr = np.where(left.arrays.word if neutral else left.arrays.skeleton, 0.0, left.repeats)
        rr = np.where(right.arrays.word if neutral else right.arrays.skeleton, 0.0, right.repeats)
        shared = left.dense(unit, lr, self.width) @ (right.dense(unit, rr, self.width) > 0).T.astype(np.float64)
        return shared, left.totals(unit, lr).reshape(-1, 1), right.totals(unit, rr).reshape(1, -1)

    def kind_products(self, unit: Unit, *, flip: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Per pair of passages, Σ weight² over shared anchors and the count of shared dates.

        The same matrices, column for column, as `signals` builds from the bags.
        """
        left, right = self._sides(flip)
        products = []
        for kind, weighted in (("anchor", True), ("date", False)):
            lv = np.where(getattr(left.arrays, kind), left.weight if weighted else 1.0, 0.0)
            rv = np.where(getattr(right.arrays, kind), right.weight if weighted else 1.0, 0.0)
            products.append(left.dense(unit, lv, self.width) @ right.dense(unit, rv, self.width).T)
        return products[0], products[1]

    def shared_weights(self) -> dict[str, float]:
        """Weight of each feature both sources hold that counts in a score (repeats > 0): what evidence shows."""
        side = self.sides[0]
        columns = np.flatnonzero(side.position >= 0)
        out: dict[str, float] = {}
        for local in columns.tolist():
            if side.repeats[local] > 0:
                out[side.arrays.keys[local]] = float(side.weight[local])
        return out
