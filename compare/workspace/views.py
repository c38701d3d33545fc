"""What the GUI and the CLI are handed: a link together with the analyst's decision.

A stored link is only offsets; the view rebuilds the compare.engine.align `Link`
(with real passages and evidence) so that every client, and compare.export.writers,
works with the same objects an in-memory alignment produces.
"""

from __future__ import annotations

import bisect
import sqlite3
from dataclasses import dataclass

from compare.engine.align import AlignSettings, Link
from compare.model.records import Passage, Review, Source, Unit
from compare.workspace.codec import evidence_from_json, settings_from_json

LINK_COLUMNS = ("pair_id", "left_id", "left_start", "left_end", "right_id", "right_start", "right_end",
                "unit", "origin", "proposed", "score", "evidence", "settings", "engine_version",
                "created_at", "updated_at")
REVIEW_COLUMNS = ("status", "relation", "note", "created_at", "updated_at")


@dataclass(frozen=True, slots=True)
class PairView:
    """One link as the analyst sees it.

    `manual`: drawn by hand (spans stored as given, no score of its own unless
    the engine proposes the same spans). `stale`: proposed by an earlier run
    but not by the latest run over the same two sources and unit; it is kept
    only because the analyst reviewed it, and should be shown as such.
    """

    link: Link
    review: Review
    manual: bool
    stale: bool
    unit: Unit
    settings: AlignSettings | None
    engine_version: str
    reviewed_at: str

    @property
    def pair_id(self) -> str:
        return self.link.pair_id

    @property
    def status(self) -> str:
        return self.review.status

    @property
    def relation(self) -> str:
        return self.review.relation

    @property
    def note(self) -> str:
        return self.review.note


class PassageIndex:
    """Finds the Passage object behind stored offsets, or makes one for hand-made spans."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self._by_span = {unit: {(p.start, p.end): p for p in source.passages(unit)}
                         for unit in ("paragraph", "sentence")}
        self._block_starts = [b.start for b in source.blocks]

    def passage(self, unit: Unit, start: int, end: int) -> Passage:
        found = self._by_span[unit].get((start, end))
        if found is not None:
            return found
        block = max(0, bisect.bisect_right(self._block_starts, start) - 1)
        return Passage(self.source.id, unit, -1, start, end, self.source.text[start:end], block)


def view_from_row(row: sqlite3.Row, index: dict[str, PassageIndex]) -> PairView:
    """Rebuild a PairView from a `links` row joined with its review (if any)."""
    unit: Unit = row["unit"]
    left = index[row["left_id"]].passage(unit, row["left_start"], row["left_end"])
    right = index[row["right_id"]].passage(unit, row["right_start"], row["right_end"])
    link = Link(left, right, float(row["score"]), evidence_from_json(row["evidence"]))
    manual = row["origin"] == "manual"
    status = row["status"] or "proposed"
    review = Review(status, row["relation"] or "", row["note"] or "")
    return PairView(link, review, manual, stale=not manual and not row["proposed"], unit=unit,
                    settings=settings_from_json(row["settings"]), engine_version=row["engine_version"],
                    reviewed_at=row["reviewed_at"] or "")
