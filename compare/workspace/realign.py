"""Storing an alignment run without losing what the analyst decided.

A run replaces the engine's proposals for each (left, right, unit) it covers.
Links the analyst reviewed (confirmed, rejected, or given a relation or note)
and hand-made links are never dropped: a reviewed link the new run no longer
proposes is kept and flagged stale, and a rejected link the run proposes again
stays rejected, because decisions are keyed by pair_id, which depends only on
the two passages' offsets and their unit.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from compare.engine.align import Alignment, AlignSettings, CancelFn, Corpus, ProgressFn, align
from compare.engine.semantic import EmbeddingStore
from compare.model.records import Source, Unit
from compare.workspace.codec import evidence_to_json, settings_to_json
from compare.workspace.source_rows import SourceEntry


@dataclass(frozen=True, slots=True)
class AlignReport:
    """What a run changed, in the terms an analyst cares about."""

    left_id: str
    right_ids: tuple[str, ...]
    settings: AlignSettings
    proposed: int  # links this run proposes
    new: int  # of which were never in the workspace before
    dropped: int  # unreviewed links of an earlier run that this run no longer proposes (removed)
    stale: tuple[str, ...]  # reviewed engine links no longer proposed: kept, flagged stale
    confirmed: int  # after the merge, over the covered pairs of sources (hand-made included)
    rejected: int
    manual: int  # hand-made links between the covered sources
    other_unit: int = 0  # decisions between the covered sources made at the other unit (not shown)

    def summary(self) -> str:
        return (f"{self.proposed} link(s) proposed ({self.new} new), {self.confirmed} confirmed, "
                f"{self.rejected} rejected, {self.manual} hand-made, "
                f"{len(self.stale)} reviewed link(s) no longer proposed (kept), "
                f"{self.dropped} unreviewed link(s) dropped")


# Corpora by source contents, shared by every open workspace and thread: building
# one extracts features from every sentence and depends only on the texts and their
# languages; one corpus serves both units.
_CORPORA: dict[tuple[object, ...], Corpus] = {}
_CORPORA_LOCK = threading.Lock()
_MAX_CORPORA = 4


def corpus_key(entries: Sequence[SourceEntry], unit: Unit) -> tuple[object, ...]:
    return (unit, *((e.id, e.content_sha256, e.source.meta.language) for e in entries))


def corpus_for(key: tuple[object, ...], sources: Sequence[Source], unit: Unit) -> Corpus:
    """The cached corpus for these sources at `unit`, built (outside the lock) when missing."""
    texts_key = key[1:]
    with _CORPORA_LOCK:
        corpus = _CORPORA.pop(texts_key, None)
    if corpus is None:
        corpus = Corpus(list(sources), unit)
    with _CORPORA_LOCK:
        _CORPORA[texts_key] = corpus  # most recently used last
        while len(_CORPORA) > _MAX_CORPORA:
            del _CORPORA[next(iter(_CORPORA))]
    return corpus if corpus.unit == unit else corpus.at_unit(unit)


@dataclass(frozen=True, slots=True)
class AlignJob:
    """An alignment request detached from the workspace file, so any thread may run it.

    `sources` are all the workspace's sources, whose extracted features are
    cached together; each pair is still weighted over its own two sources, so
    its scores do not depend on what else is in the workspace. `store` keeps
    passage embeddings in the workspace file, so they are computed once.
    """

    left: Source
    rights: tuple[Source, ...]
    sources: tuple[Source, ...]
    key: tuple[object, ...]
    unit: Unit
    threshold: float
    margin: float | None  # None: the margin fitted with the combiner
    store: EmbeddingStore | None = None

    def run(self, progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> Alignment:
        corpus = corpus_for(self.key, self.sources, self.unit)
        return align(self.left, list(self.rights), unit=self.unit, threshold=self.threshold,
                     margin=self.margin, corpus=corpus, progress=progress, cancelled=cancelled,
                     store=self.store)


_UPSERT = """
INSERT INTO links (pair_id, left_id, left_start, left_end, right_id, right_start, right_end, unit,
                   origin, proposed, score, evidence, settings, engine_version, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'engine', 1, ?, ?, ?, ?, ?, ?)
ON CONFLICT (pair_id) DO UPDATE SET
    unit = excluded.unit, proposed = 1, score = excluded.score, evidence = excluded.evidence,
    settings = excluded.settings, engine_version = excluded.engine_version,
    updated_at = excluded.updated_at
"""
_PAIR = "((left_id = ? AND right_id = ?) OR (left_id = ? AND right_id = ?)) AND unit = ?"
_REVIEWED = ("EXISTS (SELECT 1 FROM reviews r WHERE r.pair_id = links.pair_id)")


def store_alignment(conn: sqlite3.Connection, alignment: Alignment, now: str) -> AlignReport:
    """Merge a run into the store (caller holds the transaction)."""
    settings = alignment.settings
    unit, left_id = settings.unit, alignment.left.id
    right_ids = tuple(r.id for r in alignment.rights)
    settings_json = settings_to_json(settings)
    links = alignment.links
    marks = ", ".join("?" * len(right_ids))
    # A pair of sources may have been aligned the other way round before: same pair_ids.
    either_way = f"((l.left_id = ? AND l.right_id IN ({marks})) OR (l.right_id = ? AND l.left_id IN ({marks})))"
    either_args = (left_id, *right_ids, left_id, *right_ids)
    known = {row[0] for row in conn.execute(f"SELECT pair_id FROM links l WHERE {either_way}", either_args)}
    dropped = 0
    stale: list[str] = []
    for right_id in right_ids:
        scope = (left_id, right_id, unit)
        pair_scope = (left_id, right_id, right_id, left_id, unit)
        conn.execute(f"UPDATE links SET proposed = 0 WHERE {_PAIR}", pair_scope)
        for lk in (lk for lk in links if lk.right.source_id == right_id):
            conn.execute(_UPSERT, (
                lk.pair_id, left_id, lk.left.start, lk.left.end, right_id, lk.right.start, lk.right.end,
                unit, lk.score, evidence_to_json(lk.evidence), settings_json, settings.engine_version,
                now, now))
        cur = conn.execute(f"DELETE FROM links WHERE {_PAIR} "
                           f"AND origin = 'engine' AND proposed = 0 AND NOT {_REVIEWED}", pair_scope)
        dropped += cur.rowcount
        stale += [row[0] for row in conn.execute(
            f"SELECT pair_id FROM links WHERE {_PAIR} "
            "AND origin = 'engine' AND proposed = 0 ORDER BY left_start, right_start", pair_scope)]
        conn.execute("INSERT OR REPLACE INTO runs (left_id, right_id, unit, settings, engine_version, "
                     "ran_at) VALUES (?, ?, ?, ?, ?, ?)",
                     (*scope, settings_json, settings.engine_version, now))
    # Counted at this run's unit only: the reader shows one unit, and its counter must agree.
    counts = conn.execute(
        "SELECT COALESCE(SUM(r.status = 'confirmed'), 0), COALESCE(SUM(r.status = 'rejected'), 0), "
        "COALESCE(SUM(l.origin = 'manual'), 0) FROM links l LEFT JOIN reviews r ON r.pair_id = l.pair_id "
        f"WHERE {either_way} AND l.unit = ?", (*either_args, unit)).fetchone()
    other = conn.execute(
        "SELECT COUNT(*) FROM links l JOIN reviews r ON r.pair_id = l.pair_id "
        f"WHERE {either_way} AND l.unit != ? AND r.status != 'proposed'", (*either_args, unit)).fetchone()
    return AlignReport(left_id, right_ids, settings, proposed=len(links),
                       new=sum(lk.pair_id not in known for lk in links), dropped=dropped,
                       stale=tuple(stale), confirmed=int(counts[0]), rejected=int(counts[1]),
                       manual=int(counts[2]), other_unit=int(other[0]))


def runs(conn: sqlite3.Connection) -> list[dict[str, object]]:
    """When each pair of sources was last aligned, and how (for provenance displays)."""
    return [dict(row) for row in conn.execute("SELECT * FROM runs ORDER BY left_id, right_id, unit")]

