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
values only, bytes and strings (the cache's restricted unpickler builds no objects of ours from it),
and one whose shape does not fit its two sources is a miss.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import accumulate, compress
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from compare.model.disk_cache import DiskCache, digest
from compare.model.records import Source, Unit, passage_places

if TYPE_CHECKING:
    from compare.engine.align import Evidence

__all__ = ["PairResults", "Row"]

RESULTS_VERSION = "3"  # bump when an entry's layout or its key changes (3: the shipped model and table by their files)
KIND = "links"
T = TypeVar("T")
Row = tuple[int, int, float, "Evidence"]  # left passage, right passage, score, evidence


RESOURCES = ("aliases.tsv", "lexicon.tsv", "naming.tsv", "combiner.json", "bundled-rarity.json",
             "bundled-embeddings.npz", "bundled-embeddings-e5.npz")  # the shipped data scores read (under 1 MB in all)


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
        h.update(passage_places(passages))
        h.update(b"\x1f")
    h.update(repr(source.meta).encode("utf-8"))
    return h.hexdigest()


class PairResults:
    """The links of (left, right) pairs under one set of settings, read from and written to `cache`."""

    def __init__(self, cache: DiskCache, left: Source, *, unit: Unit, threshold: float, margin: float,
                 model_key: str, table_key: str, embedder_version: str) -> None:
        """`model_key` and `table_key` name the combiner and the alias table: the shipped combiner
        by `combine.shipped_reads`, a caller's table by `extraction.table_digest` and the default one
        by `lexicon.default_table_key`, so that neither is built to read links back."""
        from compare.engine.extraction import FEATURES_VERSION, KIND_BOOST, SMALL_NUMBER
        from compare.text.normalize import wordfreq_version

        self.cache, self.left = cache, left
        self._settings = digest(RESULTS_VERSION, code_digest(), source_digest(left), unit, threshold, margin,
                                model_key, table_key, wordfreq_version(),
                                embedder_version, FEATURES_VERSION, KIND_BOOST, SMALL_NUMBER)
        self._unit = unit
        self._keys: dict[int, tuple[Source, str]] = {}  # by the source object: a miss is stored under its key

    def _key(self, right: Source) -> str:
        """The pair's key, worked out once per source object."""
        known = self._keys.get(id(right))
        if known is not None and known[0] is right:
            return known[1]
        key = digest(self._settings, source_digest(right))
        self._keys[id(right)] = (right, key)
        return key

    def has(self, right: Source) -> bool:
        """Whether the pair's links are stored (not whether they read: `get` still decides that)."""
        return self.cache.has(KIND, self._key(right))

    def all_kept(self, rights: Sequence[Source]) -> bool:
        return all(map(self.has, rights))

    def get(self, right: Source, *, floor: float | None = None) -> list[Row] | None:
        """The pair's rows as a run stored them, or None (never stored, or not fitting the two sources).

        With a `floor`, only the rows scoring at least that (the others are not made)."""
        stored = self.cache.get(KIND, self._key(right))
        return _unpack(stored, len(self.left.passages(self._unit)), len(right.passages(self._unit)), floor=floor)

    def put(self, right: Source, rows: Sequence[Row]) -> None:
        self.cache.put(KIND, self._key(right), _pack(rows))


# An entry is columns, not a tuple per row: reading back a thousand pairs' 50,000 rows and checking
# every field's type one by one was a fifth of a warm run. Integers and floats are arrays (which
# can hold nothing else), the evidence's strings one flat tuple checked in one pass.
_INTS = 7  # left passage, right passage, left span (2), right span (2), pending
_LISTS = 4  # anchors, terms, left figures, right figures: their lengths, then their strings


def _pack(rows: Sequence[Row]) -> tuple[int, bytes, bytes, bytes, tuple[str, ...]]:
    ints, floats, counts = array("q"), array("d"), array("q")
    strings: list[str] = []
    for i, j, score, ev in rows:
        ints.extend((i, j, *ev.left_span, *ev.right_span, ev.pending))
        floats.extend((score, ev.meaning))
        for values in (ev.anchors, ev.terms, ev.left_figures, ev.right_figures):
            counts.append(len(values))
            strings.extend(values)
    return len(rows), ints.tobytes(), floats.tobytes(), counts.tobytes(), tuple(strings)


def _unpack(stored: object, n_left: int, n_right: int, *, floor: float | None = None) -> list[Row] | None:
    """The rows of a stored entry, or None when it does not have the shape `_pack` writes or does not fit."""
    from compare.engine.align import Evidence

    if type(stored) is not tuple or len(stored) != 5:
        return None
    n, int_bytes, float_bytes, count_bytes, strings = stored
    if not (type(n) is int and type(int_bytes) is bytes and type(float_bytes) is bytes
            and type(count_bytes) is bytes and type(strings) is tuple):
        return None
    ints, floats, counts = array("q"), array("d"), array("q")
    try:
        ints.frombytes(int_bytes)
        floats.frombytes(float_bytes)
        counts.frombytes(count_bytes)
    except ValueError:  # not a whole number of items
        return None
    if len(ints) != _INTS * n or len(floats) != 2 * n or len(counts) != _LISTS * n:
        return None
    if not n:
        return []
    lefts, rights, pending = ints[0::_INTS], ints[1::_INTS], ints[6::_INTS]
    if (min(lefts) < 0 or max(lefts) >= n_left or min(rights) < 0 or max(rights) >= n_right
            or not set(pending) <= {0, 1} or min(counts) < 0 or sum(counts) != len(strings)
            or not set(map(type, strings)) <= {str}):
        return None
    ends = list(accumulate(counts, initial=0))
    lists = list(map(strings.__getitem__, map(slice, ends[:-1], ends[1:])))
    scores = floats[0::2]
    shown = None if floor is None else [score >= floor for score in scores]

    def column(values: Iterable[T]) -> Iterable[T]:
        return values if shown is None else compress(values, shown)

    evidence = map(Evidence, column(lists[0::_LISTS]), column(lists[1::_LISTS]),
                   column(zip(ints[2::_INTS], ints[3::_INTS], strict=True)),
                   column(zip(ints[4::_INTS], ints[5::_INTS], strict=True)),
                   column(lists[2::_LISTS]), column(lists[3::_LISTS]), column(floats[1::2]),
                   column(map(bool, pending)))
    return list(zip(column(lefts), column(rights), column(scores), evidence, strict=True))
