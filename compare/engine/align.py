"""The alignment engine: which passages of two accounts tell the same thing.

Each passage becomes a bag of weighted features (`features`, `corpus`) and a
vector of its meaning (`semantic`); every pair of passages gets its signals
(`signals`: lexical scores from one matrix product, cosines, shared anchors,
position) and the combiner (`combine`) weighs them into one score; a link is
kept when it passes the threshold and is the best, or close to the best, match
of one of its two passages. This module holds the results (links with their
evidence) and `align`, the one entry point.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING

from compare.model.lazy import lazy_import

if TYPE_CHECKING:  # imported on first use: an aligned workspace opens without it (issue 14)
    import numpy as np
else:
    np = lazy_import("numpy")

from compare.engine.combine import Combiner, load_combiner, shipped_reads
from compare.engine.corpus import Corpus
from compare.engine.extraction import disk_cache, ensure_features, forget_features, table_digest
from compare.engine.features import ANCHOR_PREFIXES
from compare.engine.figures import differing, read_figures_cached
from compare.engine.halves import can_fork, in_child, may_halve
from compare.engine.lexicon import AliasTable, default_table_key, load_table
from compare.engine.results import PairResults
from compare.engine.scoring import CANDIDATE_FLOOR, selected
from compare.engine.semantic import (
    DIMENSIONS,
    SHIPPED,
    Embedder,
    EmbeddingStore,
    LayeredStore,
    MemoryStore,
    default_embedder,
    digest,
    embed_with,
)
from compare.engine.semantic import second_embedder as installed_second  # `align` has a keyword of that name
from compare.engine.signals import PassageVectors, pair_signals
from compare.model.records import Passage, Source, Unit, passage_span, texts_and_blocks
from compare.text.normalize import release_frequency_lists

# 3.3: a second encoder (e5) beside USE; 3.2: combiner fitted on real January 2022 pages as well;
# 3.1: name skeletons across languages
ENGINE_VERSION = "3.3"
DEFAULT_THRESHOLD = 50.0
# Up to this many sources aligned at once, each pair's weights and matrices stay cached in the
# corpus (the app re-aligns the same few pairs); beyond it each is dropped once its links are made.
KEEP_PAIRS = 32
EMBED_BLOCK = 64  # sources embedded together in a large run

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
    meaning: float = 0.0  # cosine of the two passages' closest sentences, 0 when not measured
    # Only `meaning` is filled in: a candidate below the threshold is explained when it is shown
    # (`Alignment.links`), so a large run spends nothing on the evidence of links nobody sees.
    pending: bool = False

    def summary(self) -> str:
        """One readable line, as shown in tables and exports."""
        parts = [f"meaning {self.meaning:.2f}"] if self.meaning > 0 else []
        if self.anchors:
            parts.append("anchors: " + ", ".join(self.anchors))
        if self.terms:
            parts.append("terms: " + ", ".join(self.terms))
        if self.left_figures and self.right_figures:
            parts.append(f"figures differ: {', '.join(self.left_figures)} vs {', '.join(self.right_figures)}")
        return "; ".join(parts)


def pair_id_of(unit: str, left_key: str, right_key: str) -> str:
    """The pair_id of two passages (keys as `Passage.key`) at `unit`, either way round.

    A function of its own so the workspace migration can recompute stored ids
    from the offsets without building passages."""
    first, second = sorted((left_key, right_key))
    return hashlib.sha1(f"{unit}|{first}~{second}".encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Link:
    """A proposed correspondence between a passage on the left and one on the right."""

    left: Passage
    right: Passage
    score: float
    evidence: Evidence = field(default_factory=Evidence)

    @property
    def pair_id(self) -> str:
        """Stable across runs and machines, and the same whichever side a passage is on.

        The unit is part of it: a single-sentence paragraph has the same offsets as
        its sentence, and without the unit the paragraph pair and the sentence pair
        would be one stored row that each run relabels in turn (issue 12, defect 1)."""
        return pair_id_of(self.left.unit, self.left.key, self.right.key)

    def swapped(self) -> Link:
        ev = self.evidence
        return Link(self.right, self.left, self.score,
                    Evidence(ev.anchors, ev.terms, ev.right_span, ev.left_span, ev.right_figures, ev.left_figures,
                             ev.meaning, ev.pending))


@dataclass(frozen=True, slots=True)
class AlignSettings:
    """Everything that decides an alignment's result, stored with it for provenance."""

    unit: Unit = "paragraph"
    threshold: float = DEFAULT_THRESHOLD
    margin: float = 8.0  # the paragraph combiner's fitted margin; `align` records the one it used
    engine_version: str = ENGINE_VERSION


@dataclass(frozen=True, slots=True)
class Alignment:
    """The result of aligning one source with others.

    `candidates` keeps every link that passes the best-or-close rule down to
    CANDIDATE_FLOOR, so a new threshold is a filter, not a re-computation.
    Candidates below the threshold the run was made at carry pending evidence;
    `links` explains those it shows (on demand, a source pair at a time, from
    the two sources alone: the same evidence the run would have given them).
    """

    left: Source
    rights: tuple[Source, ...]
    settings: AlignSettings
    candidates: tuple[Link, ...]
    table: AliasTable | None = field(default=None, compare=False, repr=False)  # what pending evidence is read with
    explained: dict[int, Link] = field(default_factory=dict, compare=False, repr=False)  # by candidate index
    # The links shown, by threshold: made once (a view reads them on every repaint, an export twice).
    # Shared with `with_threshold`'s copies, as `explained` is: the candidates are the same.
    shown: dict[float, tuple[Link, ...]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def links(self) -> tuple[Link, ...]:
        threshold = self.settings.threshold
        known = self.shown.get(threshold)
        if known is not None:
            return known
        shown = [n for n, lk in enumerate(self.candidates) if lk.score >= threshold]
        waiting = [n for n in shown if self.candidates[n].evidence.pending and n not in self.explained]
        if waiting:
            self.explained.update(explain(self, waiting))
        made = self.shown[threshold] = tuple(self.explained.get(n, self.candidates[n]) for n in shown)
        return made

    def explained_candidates(self) -> tuple[Link, ...]:
        """Every candidate with its evidence in full (the pending ones explained now).

        For whoever keeps all of them rather than the links shown: the archive's
        workspace stores every candidate so that its threshold stays a filter.
        """
        return self.with_threshold(min(self.settings.threshold, CANDIDATE_FLOOR)).links

    def with_threshold(self, threshold: float) -> Alignment:
        """The same alignment seen at another threshold (at or above CANDIDATE_FLOOR)."""
        return replace(self, settings=replace(self.settings, threshold=threshold))

    def unmatched(self, source_id: str) -> tuple[Passage, ...]:
        """Passages of a source that no shown link touches: what the others leave out."""
        source = next(s for s in (self.left, *self.rights) if s.id == source_id)
        links = self.links
        touched = {lk.left.key for lk in links} | {lk.right.key for lk in links}
        return tuple(p for p in source.passages(self.settings.unit) if p.key not in touched)


_PENDING: dict[str, Evidence] = {}


def _pending(meaning: float) -> Evidence:
    """The evidence of a candidate not yet explained: its meaning alone, one shared (frozen) object per
    value (rounded to two places there are at most a few hundred), not one made for each candidate.
    Keyed by the value's repr, so that -0.0 and 0.0 stay apart as the stored floats do."""
    key = repr(meaning)
    found = _PENDING.get(key)
    if found is None:
        found = _PENDING[key] = Evidence(meaning=meaning, pending=True)
    return found


def _surface(key: str, a: dict[str, str], b: dict[str, str]) -> str:
    sa, sb = a[key], b[key]
    return sa if sa == sb or sa.casefold() == sb.casefold() else f"{sa} ≈ {sb}"


def _best_sentences(corpus: Corpus, lp: Passage, rp: Passage) -> tuple[tuple[int, int], tuple[int, int]]:
    if corpus.unit == "sentence":
        return (lp.start, lp.end), (rp.start, rp.end)
    rows, cols = corpus.sentence_group(lp), corpus.sentence_group(rp)
    if not rows or not cols:  # an empty group is an empty list (a slice is never empty)
        return (lp.start, lp.end), (rp.start, rp.end)
    scores = corpus.sentence_scores(lp.source_id, rp.source_id)
    m = scores[rows][:, cols] if isinstance(rows, list) or isinstance(cols, list) else scores[rows, cols]
    i, j = divmod(int(m.argmax()), m.shape[1])  # the first maximum in row-major order, as np.argmax gives it
    left, right = corpus.sources[lp.source_id].sentences, corpus.sources[rp.source_id].sentences
    return (passage_span(left, rows.start + i if isinstance(rows, slice) else rows[i]),
            passage_span(right, cols.start + j if isinstance(cols, slice) else cols[j]))


def _evidence(corpus: Corpus, lp: Passage, rp: Passage, a: dict[str, str], b: dict[str, str],
              weights: dict[str, float] | None = None, meaning: float = 0.0) -> Evidence:
    """`weights`: the corpus's `shared_weights()`, passed in when many links of one pair are explained."""
    weights = corpus.shared_weights() if weights is None else weights
    # `counts_in_score` and `is_anchor` as prefix tests inlined: this runs for every shown link.
    skipped = "W:" if corpus.crosses_language(lp.source_id, rp.source_id) else "T:"
    shared = [k for k in a.keys() & b.keys() if k in weights and not k.startswith(skipped)]
    # By weight, heaviest first, ties by key: two sorts in C (the second is stable), not a key tuple a feature.
    shared.sort()
    shared.sort(key=weights.__getitem__, reverse=True)
    anchors: list[str] = []
    terms: list[str] = []
    for k in shared:  # only the eight terms shown get their surfaces
        if k.startswith(ANCHOR_PREFIXES):
            anchors.append(_surface(k, a, b))
        elif len(terms) < 8:
            terms.append(_surface(k, a, b))
    left_span, right_span = _best_sentences(corpus, lp, rp)
    left_figures, right_figures = _differing_figures(lp.text, rp.text)
    return Evidence(tuple(anchors), tuple(terms), left_span, right_span, left_figures, right_figures, meaning)


def explain(alignment: Alignment, indices: Sequence[int]) -> dict[int, Link]:
    """The candidates at `indices` with their evidence in full (for those the run left pending).

    Each source pair is weighed again from its two sources alone, as the run weighed it, so the
    evidence is what the run would have given; the features come from the caches.
    """
    by_right: dict[str, list[int]] = {}
    for n in indices:
        by_right.setdefault(alignment.candidates[n].right.source_id, []).append(n)
    rights = {s.id: s for s in alignment.rights}
    unit = alignment.settings.unit
    out: dict[int, Link] = {}
    left = alignment.left
    # One corpus for the groups, so the anchor's bags, arrays and sentence groups are made once; each
    # pair is still weighed over its two sources alone (`Corpus.pair`).
    every = Corpus([left, *(rights[r] for r in by_right)], unit, alignment.table)
    for right_id, group in by_right.items():
        right = rights[right_id]
        pair = every.pair(left.id, right_id)
        weights = pair.shared_weights()
        lbags, rbags = pair.bags(left.id, unit), pair.bags(right.id, unit)
        for n in group:
            lk = alignment.candidates[n]
            out[n] = Link(lk.left, lk.right, lk.score, _evidence(pair, lk.left, lk.right, lbags[lk.left.index],
                                                                 rbags[lk.right.index], weights, lk.evidence.meaning))
        every.forget_pair(left.id, right_id)
    return out


def _differing_figures(left: str, right: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Figures each passage gives that the other contradicts: where accounts disagree.

    Each number is read with what it counts (`figures`), and only figures of
    the same kind are compared: 250 pieces of equipment never meet 20,000
    attackers. A kind one passage leaves out is silence, not a dispute.
    """
    return differing(read_figures_cached(left), read_figures_cached(right))


def passage_vectors(sources: Sequence[Source], unit: Unit, *, embedder: Embedder | None = None,
                    second: Embedder | None = None, store: EmbeddingStore | None = None,
                    progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> dict[str, PassageVectors]:
    """Embeddings of every source's passages at `unit` and of its sentences, from the cache where known.

    Given no `embedder`, the shipped encoders: USE, and e5 as `second` where it is installed; the
    second's `PassageVectors.second` holds its passages' vectors and no sentences'.
    """
    embedder, second = encoders(embedder, second)
    texts: list[str] = []
    spans: dict[str, tuple[int, int, int]] = {}
    for s in sources:
        start = len(texts)
        texts.extend(text for text, _ in texts_and_blocks(s.passages(unit)))  # no passage object is made
        middle = len(texts)
        if unit == "paragraph":
            texts.extend(text for text, _ in texts_and_blocks(s.sentences))
        spans[s.id] = (start, middle, len(texts))
    jobs: list[tuple[Embedder, Sequence[str]]] = [(embedder, texts)]
    digests: list[Sequence[str] | None] = [None]
    if second is not None:  # the second encoder reads the passages only: its sentences added nothing (issue 10)
        keys = [digest(t) for t in texts]  # hashed once for both encoders
        digests = [keys, [k for a, b, _ in spans.values() for k in keys[a:b]]]
        jobs.append((second, [t for a, b, _ in spans.values() for t in texts[a:b]]))
    try:
        found = embed_with(jobs, store=LayeredStore(store or _STORE, SHIPPED), progress=progress,
                           cancelled=cancelled, digests=digests)
    except InterruptedError:
        raise AlignmentCancelled() from None
    out = {}
    at = 0
    for sid, (a, b, c) in spans.items():
        vectors = PassageVectors(found[0][a:b], found[0][b:c] if unit == "paragraph" else found[0][a:b])
        if second is not None:
            mine = found[1][at:at + b - a]
            at += b - a
            vectors = PassageVectors(vectors.passages, vectors.sentences, PassageVectors(mine, mine[:0]))
        out[sid] = vectors
    return out


def engine_version(*, second: bool | None = None) -> str:
    """The engine as this process runs it: where e5 is not installed (or `second=False`) the
    one-encoder model reads differently, so its runs are not taken for the two-encoder engine's
    (a workspace made on Linux and opened elsewhere is re-aligned there, not mixed)."""
    if second is None:
        second = installed_second() is not None
    return ENGINE_VERSION if second else f"{ENGINE_VERSION}/one-encoder"


def encoders(embedder: Embedder | None, second: Embedder | None) -> tuple[Embedder, Embedder | None]:
    """The encoders a run reads: the shipped ones given none, else the caller's (a second only if given)."""
    return (default_embedder(), installed_second()) if embedder is None else (embedder, second)


_STORE = MemoryStore()


def align(left: Source, rights: Sequence[Source], *, unit: Unit = "paragraph",
          threshold: float = DEFAULT_THRESHOLD, margin: float | None = None,
          corpus: Corpus | None = None, table: AliasTable | None = None, workers: int = -1,
          progress: ProgressFn | None = None, cancelled: CancelFn | None = None,
          embedder: Embedder | None = None, second_embedder: Embedder | None = None,
          store: EmbeddingStore | None = None, combiner: Combiner | None = None, processes: int = 1,
          candidates: bool = True, one_run: bool = False) -> Alignment:
    """Link the passages of `left` with those of each source in `rights`.

    Every pair of passages gets its signals (`signals`), the combiner turns them
    into one score, and a link is kept when it passes the threshold and is the
    best, or within `margin` of the best, match of one of its passages (by
    default the margin fitted with the combiner for this unit). Scores
    depend only on the two sources compared. Deterministic: the same sources and
    settings give the same links in the same order. `processes=2` (the command line's) lets a
    forked process align the later half of a large `rights` (`halves`): the same links.
    `candidates=False` keeps only the links shown at `threshold` (the command line's: it never
    changes the threshold, and a large run then makes no objects for the candidates below it).
    `one_run` lets go of what only a later run would reuse (the command line's; a process that
    aligns again and again, the app or an archive worker, keeps it): the frequency lists once a
    half's words are rated, and each source's features and passages once its pair is scored.
    Meaning is read by the shipped encoders given no `embedder` (USE, and e5 where installed, each
    with the model fitted for it), else by `embedder` and the optional `second_embedder`.
    """
    total = len(rights)
    streamed = total > KEEP_PAIRS
    # The second half from a multiple of EMBED_BLOCK, where a block of vectors is read anyway.
    split = -(-total // 2 // EMBED_BLOCK) * EMBED_BLOCK if streamed else total
    halvable = (may_halve(processes, total) and progress is None and cancelled is None
                and embedder is None and 0 < split < total)
    primary, secondary = encoders(embedder, second_embedder)
    second = secondary is not None
    # The model and the alias table are built when a pair is first scored: a run that reads every
    # pair's links back (a warm command-line run) needs only their names, and imports no NumPy.
    reads, fitted_margin, model_key = ((combiner.signals, combiner.margin, "") if combiner is not None
                                       else shipped_reads(unit, second=second))

    @cache
    def the_model() -> Combiner:
        return combiner if combiner is not None else load_combiner(unit, second=second)

    @cache
    def the_table() -> AliasTable:
        return table if table is not None else load_table()

    margin = fitted_margin if margin is None else margin
    settings = AlignSettings(unit, threshold, margin, engine_version(second=second))
    needs_meaning = any(s.startswith("semantic") for s in reads)
    # Given no corpus, on the command line (its cache folder set), each pair's links are kept there:
    # a run over files aligned before reads them back and reads no features (`results`).
    disk = disk_cache() if corpus is None and embedder is None and combiner is None else None
    results = None
    if disk is not None:
        results = PairResults(disk, left, unit=unit, threshold=threshold, margin=margin, model_key=model_key,
                              table_key=default_table_key() if table is None else table_digest(table),
                              embedder_version=" + ".join(e.version for e in (primary, secondary) if e is not None)
                              if needs_meaning else "")
        # A second process pays only when it has pairs to score: reading kept links back is quicker than a fork.
        halvable = halvable and not results.all_kept(rights[split:])
    # Given no corpus, each half reads the features of its own sources only (a pair is weighed
    # over its two sources alone, so the links are the same): half the reading in each process;
    # with kept links, the features are read only when a pair is not found there.
    deferred = corpus is None and (halvable or results is not None)
    if not deferred:  # else features are read a block at a time in `found`, with the table built there
        if corpus is None or not corpus.holds([left, *rights]):
            corpus = Corpus([left, *rights], unit, table)
        elif corpus.unit != unit:
            corpus = corpus.at_unit(unit)
    embedded = [0]

    def embedding(done: int, missing: int) -> None:
        embedded[0] = missing
        if progress is not None:
            progress(done, missing + total)

    def first_vectors() -> dict[str, PassageVectors]:
        # A few sources are embedded together, reporting the embedding's progress; many are embedded a
        # block at a time as the loop reaches them, so their vectors (2 kB a sentence) are never all held.
        return (passage_vectors([left] if streamed else [left, *rights], unit, embedder=primary,
                                second=secondary, store=store, progress=None if streamed else embedding,
                                cancelled=cancelled)
                if needs_meaning else {})

    # With kept links in one process, the vectors too are read at the first pair not kept, after its
    # features (the frequency lists let go before any sentence encoder loads, as without them).
    later = results is not None and not halvable
    vectors: dict[str, PassageVectors] = {} if later else first_vectors()

    def found(first: int, stop: int, corpus: Corpus | None = corpus) -> list[tuple[int, int, int, float, Evidence]]:
        """(source, left passage, right passage, score, evidence) of each link with rights[first:stop]."""
        out: list[tuple[int, int, int, float, Evidence]] = []
        held = vectors
        for n in range(first, stop):
            right = rights[n]
            if cancelled is not None and cancelled():
                raise AlignmentCancelled()
            kept = results.get(right, floor=None if candidates else threshold) if results is not None else None
            if kept is not None:
                out.extend((n, i, j, score, evidence) for i, j, score, evidence in kept)
                if progress is not None:
                    progress(embedded[0] + n + 1, embedded[0] + total)
                continue
            if deferred and (corpus is None or right.id not in corpus.sources):
                # Deferred: features are read a block of sources at a time, for the pairs not kept, so
                # a thousand sources' features (150 kB each) are never all held.
                table = the_table()
                if one_run and corpus is None:  # every word this half scores is rated first: the lists may go
                    ensure_features([left, *(r for r in rights[n:stop] if results is None or not results.has(r))],
                                    table)
                    release_frequency_lists()
                first_read = corpus is None
                end = min(stop, (n // EMBED_BLOCK + 1) * EMBED_BLOCK)
                rest = [r for r in rights[n + 1:end] if results is None or not results.has(r)]
                corpus = Corpus([left, right, *rest], unit, table)
                if later and first_read:
                    held = first_vectors()
            assert corpus is not None
            # A block's vectors at its first source, or at the first one scored here when kept links
            # skipped that one.
            if streamed and needs_meaning and (n % EMBED_BLOCK == 0 or right.id not in held):
                block = [s for s in rights[n:n + EMBED_BLOCK] if s.id != left.id]
                held = {left.id: held[left.id],
                        **passage_vectors(block, unit, embedder=primary, second=secondary, store=store,
                                          cancelled=cancelled)}
            pair = corpus.pair(left.id, right.id)  # the corpus holds `right`: it was read for it just above
            lbags, rbags = pair.bags(left.id, unit), pair.bags(right.id, unit)
            signals = pair_signals(pair, left, right, unit, held.get(left.id) or _blank(left, unit),
                                   held.get(right.id) or _blank(right, unit), workers=workers)
            scores = the_model().scores(signals)
            lps, rps = left.passages(unit), right.passages(unit)
            weights = None
            mine: list[tuple[int, int, float, Evidence]] = []
            rows, cols = selected(scores, margin=margin)
            # Read at all the candidates at once: the same float64 values, rounded by Python's `round`.
            raw_meaning = signals.values["semantic_best"][rows, cols].tolist() if needs_meaning else None
            for k, (i, j, raw) in enumerate(zip(rows.tolist(), cols.tolist(), scores[rows, cols].tolist(),
                                                strict=True)):
                score = round(raw, 1)
                meaning = round(raw_meaning[k], 2) if raw_meaning is not None else 0.0
                if score < threshold:  # not shown at this threshold: explained if it ever is (`Alignment.links`)
                    mine.append((i, j, score, _pending(meaning)))
                    continue
                weights = pair.shared_weights() if weights is None else weights
                mine.append((i, j, score, _evidence(pair, lps[i], rps[j], lbags[i], rbags[j], weights, meaning)))
            out.extend((n, i, j, score, evidence) for i, j, score, evidence in mine
                       if candidates or score >= threshold)
            if results is not None:
                results.put(right, mine)
            if one_run and deferred:  # no later pair reads this source: its features go
                corpus.forget_source(right.id)  # its pair's weights and matrices with it
                forget_features(right, corpus.table)
                # Its passages stay: the only ones made are those its links hold (the run reads
                # sentences from their offsets), and letting them go made each again for its link.
            elif streamed:
                corpus.forget_pair(left.id, right.id)
            if progress is not None:
                progress(embedded[0] + n + 1, embedded[0] + total)
        return out

    rows: list[tuple[int, int, int, float, Evidence]]
    if halvable and can_fork():
        wait, stop = in_child(lambda: found(split, total))
        try:
            rows = found(0, split)
            rows.extend(wait())
        finally:
            stop()
    elif deferred and halvable:  # no fork here: the two halves one after the other
        rows = found(0, split)
        rows.extend(found(split, total))
    else:
        rows = found(0, total)
    lps = tuple(left.passages(unit))  # every one is read: made once, then indexed as a tuple
    rps = [s.passages(unit) for s in rights]
    links = [Link(lps[i], rps[n][j], score, evidence) for n, i, j, score, evidence in rows]
    links.sort(key=lambda lk: (lk.right.source_id, lk.left.start, lk.right.start))
    # The table pending evidence is read with: the corpus's, else the caller's, else the one built here
    # (if any: a run that read every pair back built none, and says so).
    made = (corpus.table if corpus is not None else table if table is not None
            else the_table() if the_table.cache_info().currsize else None)
    return Alignment(left, tuple(rights), settings, tuple(links), made)


def _blank(source: Source, unit: Unit) -> PassageVectors:
    """No meaning signal (a combiner that does not read it): zero vectors of the right shapes."""
    return PassageVectors(np.zeros((len(source.passages(unit)), DIMENSIONS), dtype=np.float32),
                          np.zeros((len(source.sentences), DIMENSIONS), dtype=np.float32))
