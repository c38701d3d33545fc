"""The hand-labelled development set: quotes in bench/labels/*.tsv resolved to passages.

A label names a pair of sentences by a short quote from each, so labels survive
changes to segmentation; a sentence pair also labels the pair of paragraphs
that contain the two sentences.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from compare.model.records import Passage, Source, Unit
from compare.text.sources import bundled_sources

LABELS_DIR = Path(__file__).resolve().parent / "labels"
ANCHOR_ID = "diplomat-color-revolution"


@dataclass(frozen=True)
class Gold:
    """Gold pairs for one account against the anchor, as (anchor index, other index) per unit."""

    other: str
    pairs: dict[str, frozenset[tuple[int, int]]]


def _locate(source: Source, quote: str, unit: Unit) -> Passage:
    at = source.text.find(quote)
    if at < 0 or source.text.find(quote, at + 1) >= 0:
        raise ValueError(f"{source.id}: quote must occur exactly once: {quote!r}")
    for passage in source.passages(unit):
        if passage.start <= at and at + len(quote) <= passage.end:
            return passage
    raise ValueError(f"{source.id}: quote spans two {unit}s: {quote!r}")


def load_gold(sources: dict[str, Source] | None = None) -> list[Gold]:
    """Every labelled account, its labels resolved at sentence and paragraph level."""
    sources = sources or {s.id: s for s in bundled_sources()}
    anchor = sources[ANCHOR_ID]
    golds = []
    for path in sorted(LABELS_DIR.glob("*.tsv")):
        other = sources[path.stem]
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
        pairs = {}
        for unit in ("sentence", "paragraph"):
            pairs[unit] = frozenset((_locate(anchor, r["anchor_quote"], unit).index,
                                     _locate(other, r["other_quote"], unit).index) for r in rows)
        golds.append(Gold(other.id, pairs))
    return golds
