"""The alignment engine: which passages of two accounts tell the same thing.

Each passage becomes a bag of weighted features (see `features`). A feature's
weight is its rarity across all passages being compared (inverse document
frequency), boosted for anchors, and features found in more than a third of
the passages weigh nothing. Weights are quantised into repeat counts and each
bag becomes a sorted sequence of feature ids; for sorted sequences the Indel
distance that `rapidfuzz.process.cdist` computes in parallel gives the exact
weighted overlap, from which we take a cosine-like score. So the pairwise work
is vectorised in rapidfuzz, and the Python side only does per-passage work.
"""

from __future__ import annotations

import copy
import hashlib
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from compare.anchors import relative_day_shifts, shift_date
from compare.features import extract, is_anchor
from compare.lexicon import AliasTable, load_table
from compare.model import Passage, Source, Unit
from compare.text_norm import general_rarity

ENGINE_VERSION = "2.0"
DEFAULT_THRESHOLD = 50.0
DEFAULT_MARGIN = 12.0
CANDIDATE_FLOOR = 25.0
KIND_BOOST = {"E": 2.0, "D": 2.5, "N": 2.0, "C": 1.5, "W": 1.0}
UBIQUITY = 1 / 3
PRIOR_PASSAGES = 10
QUANTUM = 0.25
MAX_REPEATS = 24
SMALL_NUMBER = 13
EVIDENCE_HALF = 3.0
SENTENCE_POOL_WEIGHT = 0.9
CROSS_LANGUAGE_SCALE = 0.8
CALIBRATION_POWER = math.log(0.5) / math.log(0.34)

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


class AlignmentCancelled(Exception):
    """Raised inside `align` when the caller's cancel check says stop."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why two passages were linked: shared anchors and terms, and the best sentence pair."""

    anchors: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    left_span: tuple[int, int] = (0, 0)
    right_span: tuple[int, int] = (0, 0)
    left_figures: tuple[str, ...] = ()
    right_figures: tuple[str, ...] = ()

    def summary(self) -> str:
        """One readable line, as shown in tables and exports."""
        parts = []
        if self.anchors:
            parts.append("anchors: " + ", ".join(self.anchors))
        if self.terms:
            parts.append("terms: " + ", ".join(self.terms))
        if self.left_figures and self.right_figures:
            parts.append(f"figures differ: {', '.join(self.left_figures)} vs {', '.join(self.right_figures)}")
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Link:
    """A proposed correspondence between a passage on the left and one on the right."""

    left: Passage
    right: Passage
    score: float
    evidence: Evidence = field(default_factory=Evidence)

    @property
    def pair_id(self) -> str:
        """Stable across runs and machines, and the same whichever side a passage is on:
        a hash of both passages' keys in sorted order."""
        first, second = sorted((self.left.key, self.right.key))
        return hashlib.sha1(f"{first}~{second}".encode()).hexdigest()[:12]

    def swapped(self) -> Link:
        ev = self.evidence
        return Link(self.right, self.left, self.score,
                    Evidence(ev.anchors, ev.terms, ev.right_span, ev.left_span, ev.right_figures, ev.left_figures))


@dataclass(frozen=True, slots=True)
class AlignSettings:
    """Everything that decides an alignment's result, stored with it for provenance."""

    unit: Unit = "paragraph"
    threshold: float = DEFAULT_THRESHOLD
    margin: float = DEFAULT_MARGIN
    engine_version: str = ENGINE_VERSION


@dataclass(frozen=True, slots=True)
class Alignment:
    """The result of aligning one source with others.

    `candidates` keeps every link that passes the best-or-close rule down to
    CANDIDATE_FLOOR, so a new threshold is a filter, not a re-computation.
    """

    left: Source
    rights: tuple[Source, ...]
    settings: AlignSettings
    candidates: tuple[Link, ...]

    @property
    def links(self) -> tuple[Link, ...]:
        return tuple(lk for lk in self.candidates if lk.score >= self.settings.threshold)

    def with_threshold(self, threshold: float) -> Alignment:
        """The same alignment seen at another threshold (at or above CANDIDATE_FLOOR)."""
        return replace(self, settings=replace(self.settings, threshold=threshold))

    def unmatched(self, source_id: str) -> tuple[Passage, ...]:
        """Passages of a source that no shown link touches: what the others leave out."""
        source = next(s for s in (self.left, *self.rights) if s.id == source_id)
        touched = {lk.left.key for lk in self.links} | {lk.right.key for lk in self.links}
        return tuple(p for p in source.passages(self.settings.unit) if p.key not in touched)


def _sentence_bags(source: Source, table: AliasTable) -> list[dict[str, str]]:
    """Features of each sentence, with "the same day" / "the next day" resolved.

    A relative day takes the last explicit date earlier in the same paragraph,
    so "a state of emergency was declared on the same day" carries 5 January
    when the sentence before it said so.
    """
    bags = []
    last_date: str | None = None
    block = -1
    for sentence in source.sentences:
        if sentence.block != block:
            block, last_date = sentence.block, None
        bag = extract(sentence.text, table)
        dates = [k for k in bag if k.startswith("D:")]
        for start, end, shift in relative_day_shifts(sentence.text):
            resolved = shift_date(last_date, shift) if last_date else None
            if resolved and not dates:
                bag.setdefault(resolved, sentence.text[start:end])
        if dates:
            last_date = max(dates)
        bags.append(bag)
    return bags


def _boost(key: str, surface: str) -> float:
    """Anchors weigh more than words; a small count ("two policemen") is barely an anchor;
    a word common in everyday language weighs little however rare it is here."""
    if key.startswith("W:"):
        return KIND_BOOST["W"] * general_rarity(surface)
    if key.startswith("N:"):
        try:
            return KIND_BOOST["N"] if float(key[2:]) >= SMALL_NUMBER else KIND_BOOST["W"]
        except ValueError:
            return KIND_BOOST["W"]
    return KIND_BOOST[key[0]]


class Corpus:
    """Features and their weights for every passage of a set of sources.

    Features are extracted once per sentence; a paragraph's bag is the union of
    its sentences' bags. Rarity is counted over sentences, the finest unit, so
    one set of weights serves both units. Build it once per workspace and reuse it.
    """

    def __init__(self, sources: Sequence[Source], unit: Unit = "paragraph",
                 table: AliasTable | None = None) -> None:
        self.unit = unit
        self.table = table or load_table()
        self.sources = {s.id: s for s in sources}
        self.sentence_bags: dict[str, list[dict[str, str]]] = {s.id: _sentence_bags(s, self.table) for s in sources}
        self.paragraph_bags: dict[str, list[dict[str, str]]] = {}
        for s in sources:
            merged: list[dict[str, str]] = [{} for _ in s.paragraphs]
            block_to_para = {p.block: p.index for p in s.paragraphs}
            for sent, bag in zip(s.sentences, self.sentence_bags[s.id], strict=True):
                target = merged[block_to_para[sent.block]]
                for key, surface in bag.items():
                    target.setdefault(key, surface)
            self.paragraph_bags[s.id] = merged
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
        self.weight: dict[str, float] = {
            key: _boost(key, surfaces[key]) * max(0.0, math.log((n + 1) / (count + 0.5)) - floor)
            for key, count in df.items()}
        self._ids = {key: i for i, key in enumerate(sorted(df))}
        self._seqs: dict[tuple[str, str, bool], list[list[int]]] = {}

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

    def sequence(self, bag: dict[str, str], neutral: bool = False) -> list[int]:
        """The bag as a sorted list of feature ids, each repeated by its weight.

        `neutral` keeps only language-neutral features (anchors and lexicon
        concepts): across languages plain words cannot meet, so they must not
        dilute the score either.
        """
        seq: list[int] = []
        for key in sorted(bag, key=lambda k: self._ids.get(k, -1)):
            if key in self._ids and not (neutral and key.startswith("W:")):
                seq.extend([self._ids[key]] * self.repeats(key))
        return seq

    def sequences(self, source_id: str, unit: Unit, neutral: bool = False) -> list[list[int]]:
        """Weighted feature sequences of a source's passages (cached)."""
        cached = self._seqs.get((source_id, unit, neutral))
        if cached is None:
            cached = self._seqs[source_id, unit, neutral] = [self.sequence(b, neutral)
                                                             for b in self.bags(source_id, unit)]
        return cached

    def crosses_language(self, a: str, b: str) -> bool:
        return self.sources[a].meta.language != self.sources[b].meta.language


def score_matrix(left: list[list[int]], right: list[list[int]], *, workers: int = -1) -> np.ndarray:
    """Pairwise scores 0-100 of weighted feature sequences, vectorised in rapidfuzz.

    For sorted sequences Indel distance = |A| + |B| - 2·|A∩B|, so one `cdist`
    call gives the shared weight of every pair. The score is the weighted cosine
    |A∩B|/√(|A||B|), shrunk while the shared weight is small: one shared rare
    word between two sentences is weaker evidence than a name, a date and a figure.
    """
    if not left or not right:
        return np.zeros((len(left), len(right)))
    shared, la, lb = _overlap(left, right, workers)
    denom = np.sqrt(la * lb)
    with np.errstate(divide="ignore", invalid="ignore"):
        cosine = np.where(denom > 0, shared / denom, 0.0)
    evidence = 1.0 - np.power(0.5, shared * QUANTUM / EVIDENCE_HALF)
    return np.clip(100.0 * np.sqrt(np.clip(cosine, 0.0, 1.0)) * evidence, 0.0, 100.0)


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
    neutral = corpus.crosses_language(left.id, right.id)
    sent = score_matrix(corpus.sequences(left.id, "sentence", neutral),
                        corpus.sequences(right.id, "sentence", neutral), workers=workers)
    if sent.size == 0:
        return np.zeros((len(left.paragraphs), len(right.paragraphs)))
    rows = _group_starts(left)
    cols = _group_starts(right)
    return np.maximum.reduceat(np.maximum.reduceat(sent, rows, axis=0), cols, axis=1)


def _group_starts(source: Source) -> np.ndarray:
    """Index of the first sentence of each paragraph (sentences are in paragraph order)."""
    first: dict[int, int] = {}
    for sent in source.sentences:
        first.setdefault(sent.block, sent.index)
    return np.array([first[p.block] for p in source.paragraphs], dtype=np.intp)


def pair_scores(corpus: Corpus, left: Source, right: Source, unit: Unit, *, workers: int = -1) -> np.ndarray:
    """The score matrix for one pair of sources at one unit."""
    neutral = corpus.crosses_language(left.id, right.id)
    whole = score_matrix(corpus.sequences(left.id, unit, neutral), corpus.sequences(right.id, unit, neutral),
                         workers=workers)
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
    if scores.size == 0:
        return []
    row_best = scores.max(axis=1, keepdims=True)
    col_best = scores.max(axis=0, keepdims=True)
    near_row = scores >= row_best - margin
    near_col = scores >= col_best - margin
    keep = (scores >= floor) & (near_row | near_col)
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(keep), strict=True)]


def _surface(key: str, a: dict[str, str], b: dict[str, str]) -> str:
    sa, sb = a[key], b[key]
    return sa if sa.casefold() == sb.casefold() else f"{sa} ≈ {sb}"


def _best_sentences(corpus: Corpus, lp: Passage, rp: Passage) -> tuple[tuple[int, int], tuple[int, int]]:
    if corpus.unit == "sentence":
        return (lp.start, lp.end), (rp.start, rp.end)
    ls = [s for s in corpus.sources[lp.source_id].sentences if s.block == lp.block]
    rs = [s for s in corpus.sources[rp.source_id].sentences if s.block == rp.block]
    if not ls or not rs:
        return (lp.start, lp.end), (rp.start, rp.end)
    neutral = corpus.crosses_language(lp.source_id, rp.source_id)
    lw = corpus.sequences(lp.source_id, "sentence", neutral)
    rw = corpus.sequences(rp.source_id, "sentence", neutral)
    m = score_matrix([lw[s.index] for s in ls], [rw[s.index] for s in rs], workers=1)
    i, j = np.unravel_index(int(np.argmax(m)), m.shape)
    return (ls[i].start, ls[i].end), (rs[j].start, rs[j].end)


def _evidence(corpus: Corpus, lp: Passage, rp: Passage, a: dict[str, str], b: dict[str, str]) -> Evidence:
    shared = [k for k in a.keys() & b.keys() if corpus.repeats(k) > 0]
    shared.sort(key=lambda k: (-corpus.weight[k], k))
    anchors = tuple(_surface(k, a, b) for k in shared if is_anchor(k))
    terms = tuple(_surface(k, a, b) for k in shared if not is_anchor(k))[:8]
    left_span, right_span = _best_sentences(corpus, lp, rp)
    left_figures, right_figures = _differing_figures(a, b)
    return Evidence(anchors, terms, left_span, right_span, left_figures, right_figures)


def _differing_figures(a: dict[str, str], b: dict[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Figures each passage gives that the other does not: where accounts disagree.

    Only counts that matter are compared (not small numbers, not years), and only
    when both passages give figures; one passage staying silent is not a dispute.
    """
    def figures(bag: dict[str, str], other: dict[str, str]) -> tuple[str, ...]:
        keys = sorted(k for k in bag if _is_count(k) and k not in other)
        return tuple(dict.fromkeys(bag[k] for k in keys))

    return figures(a, b), figures(b, a)


def _is_count(key: str) -> bool:
    if not key.startswith("N:"):
        return False
    try:
        value = float(key[2:])
    except ValueError:
        return False
    return value >= SMALL_NUMBER and not (1900 <= value <= 2100 and value.is_integer())


def align(left: Source, rights: Sequence[Source], *, unit: Unit = "paragraph",
          threshold: float = DEFAULT_THRESHOLD, margin: float = DEFAULT_MARGIN,
          corpus: Corpus | None = None, table: AliasTable | None = None, workers: int = -1,
          progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> Alignment:
    """Link the passages of `left` with those of each source in `rights`.

    Deterministic: the same sources and settings give the same links in the same order.
    """
    if corpus is None or any(s.id not in corpus.sources for s in (left, *rights)):
        corpus = Corpus([left, *rights], unit, table)
    elif corpus.unit != unit:
        corpus = corpus.at_unit(unit)
    settings = AlignSettings(unit, threshold, margin)
    lbags = corpus.bags(left.id, unit)
    links: list[Link] = []
    total = len(rights)
    for n, right in enumerate(rights):
        if cancelled is not None and cancelled():
            raise AlignmentCancelled()
        rbags = corpus.bags(right.id, unit)
        scores = pair_scores(corpus, left, right, unit, workers=workers)
        lps, rps = left.passages(unit), right.passages(unit)
        for i, j in select(scores, margin=margin):
            ev = _evidence(corpus, lps[i], rps[j], lbags[i], rbags[j])
            links.append(Link(lps[i], rps[j], round(float(scores[i, j]), 1), ev))
        if progress is not None:
            progress(n + 1, total)
    links.sort(key=lambda lk: (lk.right.source_id, lk.left.start, lk.right.start))
    return Alignment(left, tuple(rights), settings, tuple(links))
