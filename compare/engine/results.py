"""Each source pair's links kept in the command line's cache folder, keyed by all that decides them.

A pair's links depend only on its two sources and the settings (`align`: a pair
is weighed over its two sources alone), so a run over files aligned before with
the same anchor reads them back instead of reading every file's features and
scoring every pair again: the bulk of a warm run. The key covers both sources'
text, segmentation and metadata, the unit, threshold and margin, the fitted
combiner, the alias table, the word-frequency release, the sentence encoder's
version, and the engine's own code and data (the bytes of `compare/engine`,
`compare/text` and the shipped tables, combiner, rarities and vectors), so a
change to any of them simply misses. An entry holds plain
tuples only (the cache's restricted unpickler builds no objects of ours from it),
and one whose shape does not fit its two sources is a miss.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from compare.model.disk_cache import DiskCache, digest
from compare.model.records import Source, Unit

if TYPE_CHECKING:
    from compare.engine.align import Evidence
    from compare.engine.combine import Combiner
    from compare.engine.lexicon import AliasTable

__all__ = ["PairResults", "Row"]

RESULTS_VERSION = "1"  # bump when an entry's layout changes
KIND = "links"
Row = tuple[int, int, float, "Evidence"]  # left passage, right passage, score, evidence
_PLACE = attrgetter("start", "end", "block", "paragraph")


RESOURCES = ("aliases.tsv", "lexicon.tsv", "naming.tsv", "combiner.json", "bundled-rarity.json",
             "bundled-embeddings.npz")  # the shipped data scores read (under 1 MB in all)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The bytes of the code that finds links (engine, text) and of the data it reads: an edited
    engine, or a refitted combiner, never reads links kept before."""
    from compare.model.locations import resource

    root = Path(__file__).resolve().parent.parent
    h = hashlib.blake2b(digest_size=20)
    for folder in ("engine", "text"):
        for path in sorted((root / folder).glob("*.py")):
            h.update(path.name.encode("utf-8"))
            h.update(path.read_bytes())
    for name in RESOURCES:
        h.update(name.encode("utf-8"))
        try:
            h.update(resource(name).read_bytes())
        except OSError:
            h.update(b"\x00missing")
    return h.hexdigest()


def source_digest(source: Source) -> str:
    """What of a source decides its links: its text, its passages' places and its metadata."""
    h = hashlib.blake2b(source.text.encode("utf-8"), digest_size=20)
    for passages in (source.paragraphs, source.sentences):
        h.update(array("q", chain.from_iterable(map(_PLACE, passages))).tobytes())
        h.update(b"\x1f")
    h.update(repr(source.meta).encode("utf-8"))
    return h.hexdigest()


def _combiner_digest(model: Combiner) -> str:
    return digest(model.unit, model.signals, model.mean.tobytes(), model.scale.tobytes(), model.weights.tobytes(),
                  model.bias, model.margin)


class PairResults:
    """The links of (left, right) pairs under one set of settings, read from and written to `cache`."""

    def __init__(self, cache: DiskCache, left: Source, *, unit: Unit, threshold: float, margin: float,
                 model: Combiner, table: AliasTable, embedder_version: str) -> None:
        from compare.engine.corpus import FEATURES_VERSION, KIND_BOOST, SMALL_NUMBER, _table_digest, _wordfreq_version

        self.cache, self.left = cache, left
        self._settings = digest(RESULTS_VERSION, code_digest(), source_digest(left), unit, threshold, margin,
                                _combiner_digest(model), _table_digest(table), _wordfreq_version(),
                                embedder_version, FEATURES_VERSION, KIND_BOOST, SMALL_NUMBER)
        self._unit = unit
        self._last: tuple[Source, str] | None = None

    def _key(self, right: Source) -> str:
        """The pair's key (the last one remembered: a miss is stored under the key just read)."""
        last = self._last
        if last is not None and last[0] is right:
            return last[1]
        key = digest(self._settings, source_digest(right))
        self._last = (right, key)
        return key

    def get(self, right: Source) -> list[Row] | None:
        """The pair's rows as a run stored them, or None (never stored, or not fitting the two sources)."""
        from compare.engine.align import Evidence

        stored = self.cache.get(KIND, self._key(right))
        if not isinstance(stored, list):
            return None
        n_left, n_right = len(self.left.passages(self._unit)), len(right.passages(self._unit))
        rows: list[Row] = []
        try:
            for i, j, score, fields in stored:
                if not (type(i) is int and type(j) is int and 0 <= i < n_left and 0 <= j < n_right
                        and type(score) is float and _fits(fields)):
                    return None
                rows.append((i, j, score, Evidence(*fields)))
        except (TypeError, ValueError):
            return None
        return rows

    def put(self, right: Source, rows: Sequence[Row]) -> None:
        self.cache.put(KIND, self._key(right), [(i, j, score, _fields(ev)) for i, j, score, ev in rows])


def _fields(ev: Evidence) -> tuple[object, ...]:
    return (ev.anchors, ev.terms, ev.left_span, ev.right_span, ev.left_figures, ev.right_figures, ev.meaning,
            ev.pending)


def _strings(value: object) -> bool:
    return type(value) is tuple and all(type(s) is str for s in value)


def _span(value: object) -> bool:
    return type(value) is tuple and len(value) == 2 and all(type(n) is int for n in value)


def _fits(fields: object) -> bool:
    """Whether stored evidence has Evidence's fields with their types (anything else is a miss)."""
    if type(fields) is not tuple or len(fields) != 8:
        return False
    anchors, terms, left_span, right_span, left_figures, right_figures, meaning, pending = fields
    return (_strings(anchors) and _strings(terms) and _span(left_span) and _span(right_span)
            and _strings(left_figures) and _strings(right_figures) and type(meaning) is float
            and type(pending) is bool)
