"""Features and weights for every passage of a set of sources.

A feature's weight is its rarity across all the sentences being compared
(inverse document frequency), boosted for anchors and discounted for words
common in everyday language; features found in more than a third of the
sentences weigh nothing. Weights are quantised into repeat counts, so a
passage becomes a sorted sequence of feature ids that rapidfuzz can compare.
"""

from __future__ import annotations

import copy
import hashlib
import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from compare.model.lazy import lazy_import

if TYPE_CHECKING:  # imported on first use: an aligned workspace opens without it (issue 14)
    import numpy as np
else:
    np = lazy_import("numpy")

from compare.engine.anchors import DateFrame, explicit_dates, parse_published, relative_day_shifts, shift_date
from compare.engine.features import extract
from compare.engine.lexicon import AliasTable, load_table
from compare.model.disk_cache import DiskCache, digest
from compare.model.records import Passage, Source, Unit
from compare.text.normalize import known_rarity, rarity
from compare.text.segment import dateline_end

KIND_BOOST = {"E": 2.0, "D": 2.5, "N": 2.0, "C": 1.5, "W": 1.0, "T": 1.0}
RATED_KINDS = ("W:", "T:")  # words (and their skeletons) weigh by their everyday rarity, `_boost`
UBIQUITY = 1 / 3
PRIOR_PASSAGES = 10
QUANTUM = 0.25
MAX_REPEATS = 24
SMALL_NUMBER = 13
DENSE_LIMIT = 4_000_000  # cells (32 MB) up to which a feature matrix is a dense array
FeatureMatrix = Any  # a NumPy array, or a SciPy sparse matrix when large
SourceSummary = tuple[Counter[str], dict[str, str]]  # per feature: sentences holding it, first surface


_EXTRACTED: OrderedDict[tuple[object, ...], list[dict[str, str]]] = OrderedDict()
_EXTRACTED_LOCK = threading.Lock()
MAX_EXTRACTED = 512  # sources whose features are remembered; about 30 kB each
FEATURES_VERSION = "2"  # bump when extraction changes: features cached on disk under an older one are not read
_DISK: list[DiskCache] = []
_TABLE_DIGESTS: dict[int, tuple[AliasTable, str]] = {}


def use_disk_cache(cache: DiskCache | None) -> None:
    """Keep extracted features (and their words' everyday rarity) in `cache` across runs; None stops it.

    The command line calls this with the user's cache folder: a second run over
    the same files then reads their features instead of extracting them, and
    rates their words without loading the frequency dictionaries.
    """
    _DISK[:] = [cache] if cache is not None else []


@lru_cache(maxsize=1)
def _wordfreq_version() -> str:
    """The frequency lists' release: stored rarities from another one are not read."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wordfreq")
    except PackageNotFoundError:
        return "?"


def _table_digest(table: AliasTable) -> str:
    """A digest of the table's contents (memoised: tables are loaded once and not changed)."""
    known = _TABLE_DIGESTS.get(id(table))
    if known is None or known[0] is not table:
        known = _TABLE_DIGESTS[id(table)] = (table, digest(table.entries, sorted(table.phrases.items())))
    return known[1]


def source_features(source: Source, table: AliasTable) -> list[dict[str, str]]:
    """A source's sentence features, extracted once per content and alias table.

    Keyed by what decides them (the text, the sentences' offsets, the
    publication date that gives dates their year, the table), so adding a
    source to a workspace re-weights the others without re-reading them.
    The bags are shared: callers must not change them.
    """
    key = (source.id, hashlib.blake2b(source.text.encode("utf-8"), digest_size=16).digest(),
           tuple((s.start, s.end, s.block) for s in source.sentences), source.meta.published, id(table))
    with _EXTRACTED_LOCK:
        bags = _EXTRACTED.get(key)
        if bags is not None:
            _EXTRACTED.move_to_end(key)
            return bags
    bags = _from_disk(source, table, key[1:4]) if _DISK else _sentence_bags(source, table)
    with _EXTRACTED_LOCK:
        _EXTRACTED[key] = bags
        while len(_EXTRACTED) > MAX_EXTRACTED:
            _EXTRACTED.popitem(last=False)
    return bags


def _from_disk(source: Source, table: AliasTable, content: tuple[object, ...]) -> list[dict[str, str]]:
    """Features from the disk cache, or extracted and stored there with the rarity of their words.

    The key leaves out the source id (features do not depend on it), so the same
    text imported under two names is extracted once.
    """
    cache = _DISK[0]
    key = digest(FEATURES_VERSION, content, _table_digest(table), _wordfreq_version())
    stored = cache.get("features", key)
    if isinstance(stored, tuple) and len(stored) == 2:
        bags, rated = stored
        known_rarity(rated)
        return bags
    bags = _sentence_bags(source, table)
    words = {surface for bag in bags for k, surface in bag.items() if k.startswith(RATED_KINDS)}
    cache.put("features", key, (bags, {w: rarity(w) for w in words}))  # known or shipped values first
    return bags


def bundled_words(table: AliasTable | None = None) -> set[str]:
    """Every word whose everyday rarity the engine asks for when it weighs the bundled sources."""
    from compare.text.sources import bundled_sources

    table = table or load_table()
    return {surface for source in bundled_sources() for bag in _sentence_bags(source, table)
            for key, surface in bag.items() if key.startswith(RATED_KINDS)}


def _sentence_bags(source: Source, table: AliasTable) -> list[dict[str, str]]:
    """Features of each sentence, with "the same day" / "the next day" resolved.

    A relative day takes the last explicit date earlier in the same paragraph,
    so "a state of emergency was declared on the same day" carries 5 January
    when the sentence before it said so.

    A date without a year takes it from the last dated expression earlier in
    the same block, else from the publication date (anchors.DateFrame). Not
    from an earlier block: a background paragraph ("in March 2019 Nazarbayev
    resigned", "he has ruled since July 1994") would move every later
    "5 January" into its year, and a lead cannot be told from background by
    its form. The price: a retrospective written a year after the events
    reads a year-less date outside a paragraph that names the year in its own
    publication year.

    A wire dateline opening a block ("MOSCOW, Jan 6 – RIA Novosti.") stays in
    the first sentence's text but gives no features: it tells where the wire
    was filed, and would otherwise link every story filed from the same city.
    """
    bags = []
    published = parse_published(source.meta.published)
    context: date | None = None
    last_date: str | None = None
    block = -1
    for sentence in source.sentences:
        text = sentence.text
        if sentence.block != block:
            block, last_date, context = sentence.block, None, None
            text = text[dateline_end(text):]
        bag = extract(text, table, dates=DateFrame(published, context))
        dates = [k for k in bag if k.startswith("D:")]
        for start, end, shift in relative_day_shifts(text):
            resolved = shift_date(last_date, shift) if last_date else None
            if resolved and not dates:
                bag.setdefault(resolved, text[start:end])
        if dates:
            last_date = max(dates)
        given = explicit_dates(text)
        if given:
            context = given[-1][1]
        bags.append(bag)
    return bags


def counts_in_score(key: str, neutral: bool) -> bool:
    """Whether a feature counts in a score: plain words within a language, their skeletons across."""
    return not key.startswith("T:" if not neutral else "W:")


def number_value(key: str) -> float | None:
    """The value of a number feature ("N:20000" -> 20000.0); None for any other key."""
    if not key.startswith("N:"):
        return None
    try:
        return float(key[2:])
    except ValueError:
        return None


def _boost(key: str, surface: str) -> float:
    """Anchors weigh more than words; a small count ("two policemen") is barely an anchor;
    a word common in everyday language weighs little however rare it is here."""
    if key.startswith(RATED_KINDS):
        return KIND_BOOST[key[0]] * rarity(surface)
    if key.startswith("N:"):
        value = number_value(key)
        return KIND_BOOST["N"] if value is not None and value >= SMALL_NUMBER else KIND_BOOST["W"]
    return KIND_BOOST[key[0]]


class Corpus:
    """Features and their weights for every passage of a set of sources.

    Features are extracted once per sentence; a paragraph's bag is the union of
    its sentences' bags. Rarity is counted over sentences, the finest unit, so
    one set of weights serves both units. Build it once per workspace and reuse it.
    """

    def __init__(self, sources: Sequence[Source], unit: Unit = "paragraph",
                 table: AliasTable | None = None, *, extracted: dict[str, list[dict[str, str]]] | None = None,
                 merged: dict[str, list[dict[str, str]]] | None = None,
                 summaries: dict[str, SourceSummary] | None = None) -> None:
        self.unit = unit
        self.table = table or load_table()
        self.sources = {s.id: s for s in sources}
        known = extracted or {}
        self.sentence_bags: dict[str, list[dict[str, str]]] = {
            s.id: known[s.id] if s.id in known else source_features(s, self.table) for s in sources}
        self.paragraph_bags: dict[str, list[dict[str, str]]] = {}
        for s in sources:
            if merged is not None and s.id in merged and s.id in known:  # a pair reuses its parent's unions
                self.paragraph_bags[s.id] = merged[s.id]
                continue
            merged_bags: list[dict[str, str]] = [{} for _ in s.paragraphs]
            for sent, bag in zip(s.sentences, self.sentence_bags[s.id], strict=True):
                target = merged_bags[sent.paragraph]
                for key, surface in bag.items():
                    target.setdefault(key, surface)
            self.paragraph_bags[s.id] = merged_bags
        df: Counter[str] = Counter()
        surfaces: dict[str, str] = {}
        if summaries is not None and all(sid in summaries for sid in self.sentence_bags):
            # A pair's counts are its two sources' counts added; the first source's surface wins, as below.
            for sid in reversed(self.sentence_bags):
                counts, firsts = summaries[sid]
                df.update(counts)
                surfaces.update(firsts)
        else:
            for bags in self.sentence_bags.values():
                for bag in bags:
                    df.update(bag.keys())
                    for key, surface in bag.items():
                        surfaces.setdefault(key, surface)
        # Pseudo-passages that share nothing keep rarity meaningful for tiny inputs.
        n = sum(len(bags) for bags in self.sentence_bags.values()) + PRIOR_PASSAGES
        floor = math.log(1 / UBIQUITY)
        self.weight: dict[str, float] = {
            key: _boost(key, surfaces[key]) * max(0.0, math.log((n + 1) / (count + 0.5)) - floor)
            for key, count in df.items()}
        self._ids = {key: i for i, key in enumerate(sorted(df))}
        self._columns: dict[str, tuple[int, int]] | None = None
        self._seqs: dict[tuple[str, str, bool], list[list[int]]] = {}
        self._pairs: dict[tuple[str, str], Corpus] = {}
        self._matrices: dict[tuple[str, str, bool], FeatureMatrix] = {}
        self._sentence_scores: dict[tuple[str, str], np.ndarray] = {}
        self._groups: dict[str, dict[int, list[Passage]]] = {}
        self._summaries: dict[str, SourceSummary] = {}

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
                            merged=self.paragraph_bags, summaries={a: self._summary(a), b: self._summary(b)})
            self._pairs[a, b] = cached
        return cached if cached.unit == self.unit else cached.at_unit(self.unit)

    def _summary(self, source_id: str) -> SourceSummary:
        """In how many of a source's sentences each feature occurs, and its first surface (cached):
        an anchor aligned with a thousand sources is counted once, not once per pair."""
        known = self._summaries.get(source_id)
        if known is None:
            counts: Counter[str] = Counter()
            firsts: dict[str, str] = {}
            for bag in self.sentence_bags[source_id]:
                counts.update(bag.keys())
                for key, surface in bag.items():
                    firsts.setdefault(key, surface)
            known = self._summaries[source_id] = (counts, firsts)
        return known

    def forget_pair(self, a: str, b: str) -> None:
        """Drop the pair's weights and matrices, and `b`'s counts: an anchor `a` aligned with thousands
        of sources would otherwise hold every pair's dense feature matrices at once (gigabytes)."""
        self._pairs.pop((a, b), None)
        self._pairs.pop((b, a), None)
        self._summaries.pop(b, None)  # `b` is the one aligned once; the anchor `a` is counted for the next pair

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
            from compare.engine.scoring import sparse_scores  # scoring reads this module: import here, not at the top

            neutral = self.crosses_language(a, b)
            cached = sparse_scores(self.matrix(a, "sentence", neutral), self.matrix(b, "sentence", neutral))
            self._sentence_scores[a, b] = cached
        return cached

    def sentences_in(self, passage: Passage) -> list[Passage]:
        """The sentences of `passage`'s source that lie inside it (by offsets, so hand-made spans work too)."""
        source = self.sources[passage.source_id]
        if passage.unit == "paragraph" and 0 <= passage.index < len(source.paragraphs) \
                and source.paragraphs[passage.index] == passage:
            groups = self._groups.get(source.id)
            if groups is None:
                groups = self._groups[source.id] = {}
                for sent in source.sentences:
                    groups.setdefault(sent.paragraph, []).append(sent)
            return groups.get(passage.index, [])
        return [s for s in source.sentences if passage.start <= s.start and s.end <= passage.end]

    def crosses_language(self, a: str, b: str) -> bool:
        return self.sources[a].meta.language != self.sources[b].meta.language
