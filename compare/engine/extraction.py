"""A source's sentence features, read once: in this process, and in the command line's cache folder.

Reading a sentence (its names, dates, figures, concepts and stems) is most of
what aligning new text costs, and the same text is aligned again and again:
re-alignment, another threshold, a source added to a workspace. So a source's
features are kept by what decides them (text, sentence offsets, publication
date, alias table), in memory for the most recent sources and, for the command
line, on disk with the everyday rarity of their words. `corpus` weighs them.
"""

from __future__ import annotations

import hashlib
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import date
from itertools import chain, islice

from compare.engine.anchors import DateFrame, explicit_dates, parse_published, relative_day_shifts, shift_date
from compare.engine.features import extract
from compare.engine.lexicon import AliasTable, load_table
from compare.engine.pairs import Payload, payload_of
from compare.model.disk_cache import DiskCache, digest
from compare.model.records import Source, passage_places, texts_and_blocks
from compare.text.normalize import known_rarity, rarity, wordfreq_version
from compare.text.segment import dateline_end

__all__ = ["FEATURES_VERSION", "KIND_BOOST", "RATED_KINDS", "SMALL_NUMBER", "bundled_words", "disk_cache",
           "ensure_features", "feature_boost", "forget_features", "known_payload", "number_value",
           "source_features", "table_digest", "use_disk_cache"]

KIND_BOOST = {"E": 2.0, "D": 2.5, "N": 2.0, "C": 1.5, "W": 1.0, "T": 1.0}
RATED_KINDS = ("W:", "T:")  # words (and their skeletons) weigh by their everyday rarity, `feature_boost`
SMALL_NUMBER = 13

_EXTRACTED: OrderedDict[tuple[object, ...], list[dict[str, str]]] = OrderedDict()
_EXTRACTED_LOCK = threading.Lock()
MAX_EXTRACTED = 512  # sources whose features are remembered; 150 kB each read back from disk (50 paragraphs)
FEATURES_VERSION = "4"  # bump when extraction or the entry's layout changes: older entries are not read
_DISK: list[DiskCache] = []
_TABLE_DIGESTS: dict[int, tuple[AliasTable, str]] = {}


def use_disk_cache(cache: DiskCache | None) -> None:
    """Keep extracted features (and their words' everyday rarity) in `cache` across runs; None stops it.

    The command line calls this with the user's cache folder: a second run over
    the same files then reads their features instead of extracting them, and
    rates their words without loading the frequency dictionaries.
    """
    _DISK[:] = [cache] if cache is not None else []


def disk_cache() -> DiskCache | None:
    """The cache folder `use_disk_cache` set (the command line's), or None."""
    return _DISK[0] if _DISK else None


def table_digest(table: AliasTable) -> str:
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
    key = _features_key(source, table)
    text, offsets = key[1], key[2]
    with _EXTRACTED_LOCK:
        bags = _EXTRACTED.get(key)
        if bags is not None:
            _EXTRACTED.move_to_end(key)
            return bags
    bags = _from_disk(source, table, text, offsets) if _DISK else _sentence_bags(source, table)
    with _EXTRACTED_LOCK:
        _EXTRACTED[key] = bags
        while len(_EXTRACTED) > MAX_EXTRACTED:
            _EXTRACTED.popitem(last=False)
    return bags


_KEYS: OrderedDict[int, tuple[Source, AliasTable, tuple[str, bytes, bytes, str, int]]] = OrderedDict()


def _features_key(source: Source, table: AliasTable) -> tuple[str, bytes, bytes, str, int]:
    """What decides a source's features; remembered for the last MAX_EXTRACTED sources (by identity),
    as a run asks for each source's three times (to extract, to read, to forget)."""
    with _EXTRACTED_LOCK:
        known = _KEYS.get(id(source))
        if known is not None and known[0] is source and known[1] is table:
            _KEYS.move_to_end(id(source))  # the anchor's, asked for at every pair, stays
            return known[2]
    text = hashlib.blake2b(source.text.encode("utf-8"), digest_size=16).digest()
    # The sentences' places as bytes, straight from a run's offsets: no passage is made for a key.
    key = (source.id, text, passage_places(source.sentences), source.meta.published, id(table))
    with _EXTRACTED_LOCK:
        _KEYS[id(source)] = (source, table, key)
        while len(_KEYS) > MAX_EXTRACTED:
            _KEYS.popitem(last=False)
    return key


def ensure_features(sources: Sequence[Source], table: AliasTable) -> None:
    """Extract and store the features of those `sources` neither remembered nor in the disk cache.

    A run that reads each source once calls it first, so every word is rated
    (and the frequency lists may go) before any pair is scored, and then reads
    the features a block of sources at a time. In reverse order, so that the
    memory's most recent entries, the ones it keeps, are those read first.
    """
    for source in reversed(sources):
        key = _features_key(source, table)
        with _EXTRACTED_LOCK:
            if key in _EXTRACTED:
                continue
        if _DISK and _DISK[0].has("features", _disk_key(source, table, key[1], key[2])):
            continue
        source_features(source, table)


def forget_features(source: Source, table: AliasTable) -> None:
    """Let the process's memory of `source`'s features go (a one-run process that has scored its pair)."""
    key = _features_key(source, table)
    with _EXTRACTED_LOCK:
        bags = _EXTRACTED.pop(key, None)
        if bags is not None:
            _PAYLOADS.pop(id(bags), None)


def _disk_key(source: Source, table: AliasTable, text: bytes, offsets: bytes) -> str:
    return digest(FEATURES_VERSION, text, offsets, source.meta.published, table_digest(table), wordfreq_version(),
                  KIND_BOOST, SMALL_NUMBER)


def _from_disk(source: Source, table: AliasTable, text: bytes,
               offsets: bytes) -> list[dict[str, str]]:
    """Features from the disk cache, or extracted and stored there with the rarity of their words.

    The key leaves out the source id (features do not depend on it), so the same
    text imported under two names is extracted once.
    """
    cache = _DISK[0]
    key = _disk_key(source, table, text, offsets)
    stored = cache.get("features", key)
    read = _bags_of(stored)
    if read is not None:
        bags, stored_rarity, arrays = read
        known_rarity(stored_rarity)
        _remember_payload(bags, arrays)
        return bags
    bags = _sentence_bags(source, table)
    # The rarity of each word a score reads (a feature's surface in its earliest sentence, the one
    # `payload_of` boosts it by and `Corpus` weighs it by), noted as the boosts are made.
    rated: dict[str, float] = {}
    arrays = payload_of(bags, noting_rarity(rated))
    known_rarity(rated)
    _remember_payload(bags, arrays)
    # The bags as their surfaces alone, in the arrays' order (each sentence's keys are the arrays'
    # columns): a flat list pickles in half the time of a hundred dictionaries, and half the bytes.
    cache.put("features", key, (list(chain.from_iterable(map(dict.values, bags))), rated, arrays))
    return bags


def _bags_of(stored: object) -> tuple[list[dict[str, str]], dict[str, float], Payload] | None:
    """A features entry's bags, rarities and arrays, or None when it is not one or does not fit together."""
    if not (isinstance(stored, tuple) and len(stored) == 3 and isinstance(stored[0], list)
            and isinstance(stored[1], dict) and isinstance(stored[2], tuple) and len(stored[2]) == 4):
        return None
    surfaces, rated, arrays = stored
    keys, cols_bytes, lengths_bytes, _ = arrays
    if not (isinstance(keys, list) and isinstance(cols_bytes, bytes) and isinstance(lengths_bytes, bytes)):
        return None
    cols, lengths = array("i"), array("i")
    try:
        cols.frombytes(cols_bytes)
        lengths.frombytes(lengths_bytes)
    except ValueError:  # not a whole number of items
        return None
    if len(cols) != len(surfaces) or sum(lengths) != len(cols) or (cols and (min(cols) < 0 or max(cols) >= len(keys))) \
            or (lengths and min(lengths) < 0):
        return None
    entries = zip(map(keys.__getitem__, cols), surfaces, strict=True)
    return [dict(islice(entries, n)) for n in lengths], rated, arrays


_PAYLOADS: OrderedDict[int, tuple[list[dict[str, str]], Payload]] = OrderedDict()


def _remember_payload(bags: list[dict[str, str]], payload: Payload) -> None:
    """Keep a source's feature arrays beside its bags (by the bags' identity) for `Corpus.source_arrays`."""
    with _EXTRACTED_LOCK:
        _PAYLOADS[id(bags)] = (bags, payload)
        while len(_PAYLOADS) > MAX_EXTRACTED:
            _PAYLOADS.popitem(last=False)


def known_payload(bags: list[dict[str, str]]) -> Payload | None:
    with _EXTRACTED_LOCK:
        known = _PAYLOADS.get(id(bags))
    return known[1] if known is not None and known[0] is bags else None


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
    for text, in_block in texts_and_blocks(source.sentences):
        if in_block != block:
            block, last_date, context = in_block, None, None
            text = text[dateline_end(text):]
        bag, dates, shifts, given = _read_sentence(text, table, published, context)
        for start, end, shift in shifts:
            resolved = shift_date(last_date, shift) if last_date else None
            if resolved and not dates and resolved not in bag:
                bag = {**bag, resolved: text[start:end]}  # a copy: the remembered bag is shared
        if dates:
            last_date = max(dates)
        if given:
            context = given[-1][1]
        bags.append(bag)
    return bags


_SentenceReading = tuple[dict[str, str], list[str], list[tuple[int, int, int]], list[tuple[int, date]]]
# An OrderedDict for its O(1) `popitem(last=False)`: a plain dict's first key, after many deletions at
# its front, is found by a scan past them (250,000 evictions took 5 s instead of 0.1).
_READ: OrderedDict[tuple[object, ...], _SentenceReading] = OrderedDict()
MAX_READ = 50_000  # sentences whose reading is remembered (a few MB), the earliest read let go first


def _read_sentence(text: str, table: AliasTable, published: date | None, context: date | None) -> _SentenceReading:
    """A sentence's features, dates, relative days and explicit dates, remembered by what decides them.

    The same sentence recurs across accounts (wire copy, quotations, republished
    paragraphs); given the same text, date frame and table its reading is the same,
    so it is done once. The bag is shared: callers copy before changing it. The
    key holds the frame's two dates, not a `DateFrame`: made and hashed for each of
    a cold run's 100,000 sentences, that dataclass cost more than the look-up.
    """
    key = (text, published, context, id(table))
    with _EXTRACTED_LOCK:
        known = _READ.get(key)
    if known is not None:
        return known
    bag = extract(text, table, dates=DateFrame(published, context))
    reading = (bag, [k for k in bag if k.startswith("D:")], relative_day_shifts(text), explicit_dates(text))
    with _EXTRACTED_LOCK:
        _READ[key] = reading
        while len(_READ) > MAX_READ:
            _READ.popitem(last=False)
    return reading


def number_value(key: str) -> float | None:
    """The value of a number feature ("N:20000" -> 20000.0); None for any other key."""
    if not key.startswith("N:"):
        return None
    try:
        return float(key[2:])
    except ValueError:
        return None


def feature_boost(key: str, surface: str) -> float:
    """Anchors weigh more than words; a small count ("two policemen") is barely an anchor;
    a word common in everyday language weighs little however rare it is here."""
    if key.startswith(RATED_KINDS):
        return KIND_BOOST[key[0]] * rarity(surface)
    return _unrated_boost(key)


def noting_rarity(rated: dict[str, float]) -> Callable[[str, str], float]:
    """`feature_boost` that notes each word's rarity in `rated` (what a features entry keeps).

    A closure, not `partial(..., rated=...)`: called for each of a source's 700 features,
    a keyword argument a call cost a sixth of a cold run's features.
    """
    def boost(key: str, surface: str) -> float:
        if key.startswith(RATED_KINDS):
            everyday = rated[surface] = rarity(surface)
            return KIND_BOOST[key[0]] * everyday
        return _unrated_boost(key)

    return boost


def _unrated_boost(key: str) -> float:
    if key.startswith("N:"):
        value = number_value(key)
        return KIND_BOOST["N"] if value is not None and value >= SMALL_NUMBER else KIND_BOOST["W"]
    return KIND_BOOST[key[0]]
