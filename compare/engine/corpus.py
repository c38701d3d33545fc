"""Features and weights for every passage of a set of sources.

A feature's weight is its rarity across all the sentences being compared
(inverse document frequency), boosted for anchors and discounted for words
common in everyday language; features found in more than a third of the
sentences weigh nothing. Weights are quantised into repeat counts, so a
passage becomes a sorted sequence of feature ids that rapidfuzz can compare.
"""

from __future__ import annotations

import copy
import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from compare.model.lazy import lazy_import

if TYPE_CHECKING:  # imported on first use: an aligned workspace opens without it (issue 14)
    import numpy as np
else:
    np = lazy_import("numpy")

from compare.engine.extraction import feature_boost, known_payload, source_features
from compare.engine.lexicon import AliasTable, load_table
from compare.engine.pairs import PairArrays, Payload, SourceArrays, payload_of
from compare.model.records import Passage, Source, Unit, paragraph_indices

UBIQUITY = 1 / 3
PRIOR_PASSAGES = 10
QUANTUM = 0.25
MAX_REPEATS = 24
DENSE_LIMIT = 4_000_000  # cells (32 MB) up to which a feature matrix is a dense array
FeatureMatrix = Any  # a NumPy array, or a SciPy sparse matrix when large
SentenceRows = slice | list[int]  # a passage's sentences as their rows in the sentence score matrix


def _paragraph_bags(source: Source, sentence_bags: list[dict[str, str]]) -> list[dict[str, str]]:
    """Each paragraph's bag: the union of its sentences' bags, the earliest sentence's surface winning.

    Built by dictionary updates from the last sentence to the first (the first
    one's surfaces written last), not key by key.
    """
    if len(sentence_bags) != len(source.sentences):
        raise ValueError(f"{source.id}: {len(sentence_bags)} feature bags for {len(source.sentences)} sentences")
    members: list[list[dict[str, str]]] = [[] for _ in range(len(source.paragraphs))]  # no passage is made
    for paragraph, bag in zip(paragraph_indices(source.sentences), sentence_bags, strict=True):
        members[paragraph].append(bag)
    merged: list[dict[str, str]] = []
    for bags in members:
        target: dict[str, str] = {}
        for bag in reversed(bags):
            target.update(bag)
        merged.append(target)
    return merged


def counts_in_score(key: str, neutral: bool) -> bool:
    """Whether a feature counts in a score: plain words within a language, their skeletons across."""
    return not key.startswith("T:" if not neutral else "W:")


class Corpus:
    """Features and their weights for every passage of a set of sources.

    Features are extracted once per sentence; a paragraph's bag is the union of
    its sentences' bags. Rarity is counted over sentences, the finest unit, so
    one set of weights serves both units. Build it once per workspace and reuse it.
    """

    def __init__(self, sources: Sequence[Source], unit: Unit = "paragraph",
                 table: AliasTable | None = None, *, extracted: dict[str, list[dict[str, str]]] | None = None,
                 merged: dict[str, list[dict[str, str]]] | None = None,
                 arrays: dict[str, SourceArrays] | None = None, payloads: dict[str, Payload] | None = None,
                 groups: dict[str, dict[int, SentenceRows]] | None = None) -> None:
        self.unit = unit
        self.table = table or load_table()
        self.sources = {s.id: s for s in sources}
        known = extracted or {}
        self.sentence_bags: dict[str, list[dict[str, str]]] = {}
        # Each source's feature arrays as the disk cache gave them, taken as its features are read
        # (the registry keeps only the most recent sources); a pair shares its parent's.
        self._payloads: dict[str, Payload] = payloads if payloads is not None else {}
        for s in sources:
            bags = known[s.id] if s.id in known else source_features(s, self.table)
            self.sentence_bags[s.id] = bags
            payload = known_payload(bags)
            if payload is not None:
                self._payloads[s.id] = payload
        self.paragraph_bags: dict[str, list[dict[str, str]]] = {}
        for s in sources:
            if merged is not None and s.id in merged and s.id in known:  # a pair reuses its parent's unions
                self.paragraph_bags[s.id] = merged[s.id]
                continue
            self.paragraph_bags[s.id] = _paragraph_bags(s, self.sentence_bags[s.id])
        self._weight: dict[str, float] | None = None
        self._id_map: dict[str, int] | None = None
        self._arrays: dict[str, SourceArrays] = arrays if arrays is not None else {}
        self._pair_arrays: PairArrays | None = None
        self._columns: dict[str, tuple[int, int]] | None = None
        self._seqs: dict[tuple[str, str, bool], list[list[int]]] = {}
        self._pairs: dict[tuple[str, str], Corpus] = {}
        self._matrices: dict[tuple[str, str, bool], FeatureMatrix] = {}
        self._sentence_scores: dict[tuple[str, str], np.ndarray] = {}
        # Each paragraph's sentences and their rows, per source: shared with the pairs, so the anchor's
        # are grouped once for a thousand pairs, not once a pair.
        self._groups: dict[str, dict[int, SentenceRows]] = groups if groups is not None else {}

    @property
    def weight(self) -> dict[str, float]:
        """Each feature's weight over this corpus's sources (computed on first use: a pair scored
        through its arrays never needs the dictionary)."""
        if self._weight is None:
            self._weigh()
        assert self._weight is not None
        return self._weight

    @property
    def _ids(self) -> dict[str, int]:
        if self._id_map is None:
            self._id_map = {key: i for i, key in enumerate(sorted(self.weight))}
        return self._id_map

    def _weigh(self) -> None:
        df: Counter[str] = Counter()
        surfaces: dict[str, str] = {}
        for bags in self.sentence_bags.values():
            for bag in bags:
                df.update(bag.keys())
                for key, surface in bag.items():
                    surfaces.setdefault(key, surface)
        # Pseudo-passages that share nothing keep rarity meaningful for tiny inputs.
        n = sum(len(bags) for bags in self.sentence_bags.values()) + PRIOR_PASSAGES
        floor = math.log(1 / UBIQUITY)
        self._weight = {key: feature_boost(key, surfaces[key]) * max(0.0, math.log((n + 1) / (count + 0.5)) - floor)
                        for key, count in df.items()}

    def source_arrays(self, source_id: str) -> SourceArrays:
        """The source's features as arrays (built once and shared with every pair made from this corpus)."""
        known = self._arrays.get(source_id)
        if known is None:
            source = self.sources[source_id]
            payload = self._payloads.get(source_id) or payload_of(self.sentence_bags[source_id], feature_boost)
            known = self._arrays[source_id] = SourceArrays(payload,
                                                           paragraph_indices(source.sentences),
                                                           len(source.paragraphs))
        return known

    def pair_arrays(self) -> PairArrays | None:
        """This corpus's weights as arrays when it holds one or two sources (a pair); None for more."""
        if self._pair_arrays is None and len(self.sources) <= 2:
            ids = list(self.sources)
            first = self.source_arrays(ids[0])
            self._pair_arrays = PairArrays(first, self.source_arrays(ids[-1]) if len(ids) > 1 else first,
                                           prior=PRIOR_PASSAGES, ubiquity=UBIQUITY, quantum=QUANTUM,
                                           max_repeats=MAX_REPEATS)
        return self._pair_arrays

    def lexical(self, a: str, b: str, unit: Unit, neutral: bool) -> np.ndarray:
        """Lexical scores 0-100 of every passage of `a` against every passage of `b` at `unit`.

        A pair's come from its arrays; a larger corpus's from its feature matrices (`matrix`), the same numbers.
        """
        from compare.engine.scoring import from_overlap, sparse_scores  # scoring imports this module

        arrays = self.pair_arrays()
        if arrays is None:
            return sparse_scores(self.matrix(a, unit, neutral), self.matrix(b, unit, neutral))
        flip = a != next(iter(self.sources))
        rows = len(self.bags(a, unit))
        cols = len(self.bags(b, unit))
        if rows == 0 or cols == 0:
            return np.zeros((rows, cols))
        return from_overlap(*arrays.overlap(unit, neutral, flip=flip))

    def shared_kinds(self, a: str, b: str, unit: Unit) -> tuple[np.ndarray, np.ndarray] | None:
        """Σ weight² of shared anchors and the count of shared dates per pair of passages; None unless a pair."""
        arrays = self.pair_arrays()
        if arrays is None:
            return None
        return arrays.kind_products(unit, flip=a != next(iter(self.sources)))

    def shared_weights(self) -> dict[str, float]:
        """The weight of every feature that counts in a score (repeats > 0), for evidence.

        For a pair only the features both sources hold, which is all that evidence of a link can name.
        """
        arrays = self.pair_arrays()
        if arrays is not None:
            return arrays.shared_weights()
        return {key: self.weight[key] for key in self.columns()}

    def holds(self, sources: Sequence[Source]) -> bool:
        """True when every source is here with the same contents (a re-imported text is not the same)."""
        return all((mine := self.sources.get(s.id)) is s or mine == s for s in sources)

    def pair(self, a: str, b: str) -> Corpus:
        """The same features weighted over two sources only.

        A pair's score then depends on its two passages and their two sources,
        not on whatever else happens to be in the workspace: importing an
        unrelated file must not move the scores an analyst has judged.
        """
        if set(self.sources) == {a, b}:
            return self
        cached = self._pairs.get((a, b)) or self._pairs.get((b, a))
        if cached is None:
            cached = Corpus([self.sources[a], self.sources[b]], self.unit, self.table, extracted=self.sentence_bags,
                            merged=self.paragraph_bags, arrays=self._arrays,
                            payloads=self._payloads, groups=self._groups)
            self._pairs[a, b] = cached
        return cached if cached.unit == self.unit else cached.at_unit(self.unit)

    def forget_pair(self, a: str, b: str) -> None:
        """Drop the pair's weights and matrices, and `b`'s arrays: an anchor `a` aligned with thousands
        of sources would otherwise hold every pair's dense feature matrices at once (gigabytes)."""
        self._pairs.pop((a, b), None)
        self._pairs.pop((b, a), None)
        self._arrays.pop(b, None)  # `b` is the one aligned once; the anchor `a`'s arrays serve the next pair
        self._payloads.pop(b, None)
        self._groups.pop(b, None)

    def forget_source(self, source_id: str) -> None:
        """Drop everything held for a source (its bags too) that no later pair of a one-run process reads."""
        self.sources.pop(source_id, None)
        self.sentence_bags.pop(source_id, None)
        self.paragraph_bags.pop(source_id, None)
        self._arrays.pop(source_id, None)
        self._payloads.pop(source_id, None)
        self._groups.pop(source_id, None)
        keyed: list[dict[Any, Any]] = [self._pairs, self._seqs, self._matrices, self._sentence_scores]
        for held in keyed:
            for key in [k for k in held if source_id in k]:
                del held[key]

    def at_unit(self, unit: Unit) -> Corpus:
        """The same corpus used at another unit (features and weights are shared)."""
        other = copy.copy(self)
        other.unit = unit
        return other

    def bags(self, source_id: str, unit: Unit | None = None) -> list[dict[str, str]]:
        unit = unit or self.unit
        return (self.paragraph_bags if unit == "paragraph" else self.sentence_bags)[source_id]

    def repeats(self, key: str) -> int:
        return min(MAX_REPEATS, round(self.weight.get(key, 0.0) / QUANTUM))

    def columns(self) -> dict[str, tuple[int, int]]:
        """Each feature that weighs anything: its column and its repeats (computed once; `matrix` reads it)."""
        if self._columns is None:
            self._columns = {}
            for key, i in self._ids.items():
                r = self.repeats(key)
                if r:
                    self._columns[key] = (i, r)
        return self._columns

    def sequence(self, bag: dict[str, str], neutral: bool = False) -> list[int]:
        """The bag as a sorted list of feature ids, each repeated by its weight.

        `neutral` keeps only language-neutral features (anchors, lexicon
        concepts and the skeletons of capitalised words): across languages plain
        words cannot meet, so they must not dilute the score either; within a
        language the skeletons would only count the same words twice.
        """
        seq: list[int] = []
        for key in sorted(bag, key=lambda k: self._ids.get(k, -1)):
            if key in self._ids and counts_in_score(key, neutral):
                seq.extend([self._ids[key]] * self.repeats(key))
        return seq

    def sequences(self, source_id: str, unit: Unit, neutral: bool = False) -> list[list[int]]:
        """Weighted feature sequences of a source's passages (cached)."""
        cached = self._seqs.get((source_id, unit, neutral))
        if cached is None:
            cached = self._seqs[source_id, unit, neutral] = [self.sequence(b, neutral)
                                                             for b in self.bags(source_id, unit)]
        return cached

    def matrix(self, source_id: str, unit: Unit, neutral: bool = False) -> FeatureMatrix:
        """A source's passages as rows of feature repeat counts over this corpus's features (cached).

        The matrix twin of `sequences`: one row a passage, one column a feature,
        the value its repeats; `neutral` keeps only language-neutral features. A pair
        of sources has a few thousand features, so the matrix is a plain NumPy
        array (no sparse library to load when the app opens); a very large one
        is a SciPy sparse matrix, with the same products.
        """
        cached = self._matrices.get((source_id, unit, neutral))
        if cached is None:
            rows: list[int] = []
            cols: list[int] = []
            values: list[int] = []
            bags = self.bags(source_id, unit)
            columns = self.columns()
            for i, bag in enumerate(bags):
                for key in bag:
                    found = columns.get(key)
                    if found is None or not counts_in_score(key, neutral):
                        continue
                    rows.append(i)
                    cols.append(found[0])
                    values.append(found[1])
            shape = (len(bags), len(self._ids))
            if shape[0] * shape[1] <= DENSE_LIMIT:
                cached = np.zeros(shape)
                cached[rows, cols] = values
            else:
                from scipy import sparse

                cached = sparse.csr_matrix((np.array(values, dtype=np.float64), (rows, cols)), shape=shape)
            self._matrices[source_id, unit, neutral] = cached
        return cached

    def sentence_scores(self, a: str, b: str) -> np.ndarray:
        """Lexical scores of every sentence pair of two sources (cached: pooling and evidence both read them)."""
        cached = self._sentence_scores.get((a, b))
        if cached is None:
            cached = self.lexical(a, b, "sentence", self.crosses_language(a, b))
            self._sentence_scores[a, b] = cached
        return cached

    def sentence_group(self, passage: Passage) -> SentenceRows:
        """The rows in `sentence_scores` of the sentences inside `passage` (a slice when consecutive).

        A paragraph of a source here is looked up (grouped once per source and shared with the
        pairs, from the sentences' offsets: no sentence object is made); any other span is found
        by its offsets.
        """
        source = self.sources[passage.source_id]
        if passage.unit == "paragraph" and 0 <= passage.index < len(source.paragraphs) \
                and (source.paragraphs[passage.index] is passage or source.paragraphs[passage.index] == passage):
            groups = self._groups.get(source.id)
            if groups is None:
                groups = self._groups[source.id] = _sentence_groups(source)
            return groups.get(passage.index, [])
        return sentence_rows([s for s in source.sentences if passage.start <= s.start and s.end <= passage.end])

    def crosses_language(self, a: str, b: str) -> bool:
        return self.sources[a].meta.language != self.sources[b].meta.language


def sentence_rows(sentences: Sequence[Passage]) -> SentenceRows:
    """The sentences' rows in the sentence score matrix: a slice when consecutive (a paragraph's are)."""
    return _as_rows([s.index for s in sentences])


def _as_rows(rows: list[int]) -> SentenceRows:
    if rows and rows[-1] - rows[0] + 1 == len(rows) and all(r == rows[0] + k for k, r in enumerate(rows)):
        return slice(rows[0], rows[-1] + 1)
    return rows


def _sentence_groups(source: Source) -> dict[int, SentenceRows]:
    """Each paragraph's sentence rows, read from the sentences' offsets."""
    members: dict[int, list[int]] = {}
    for row, paragraph in enumerate(paragraph_indices(source.sentences)):
        members.setdefault(paragraph, []).append(row)
    return {i: _as_rows(rows) for i, rows in members.items()}
