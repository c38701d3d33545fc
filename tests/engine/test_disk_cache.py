"""The command line's cache of layouts and features: a warm run must give what a cold one gives."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from compare.engine import extraction
from compare.engine.corpus import Corpus
from compare.engine.extraction import RATED_KINDS, source_features, use_disk_cache
from compare.engine.lexicon import load_table
from compare.engine.scoring import pair_scores
from compare.model.disk_cache import DiskCache, digest
from compare.text.normalize import general_rarity, rarity
from compare.text.sources import bundled_dir, load_source


@pytest.fixture
def cache(tmp_path):
    disk = DiskCache(tmp_path / "cache")
    use_disk_cache(disk)
    extraction._EXTRACTED.clear()  # the in-memory layer would hide the disk one
    yield disk
    use_disk_cache(None)
    extraction._EXTRACTED.clear()


def _copy_bundled(tmp_path, name: str):
    target = tmp_path / f"{name}.md"
    target.write_text((bundled_dir() / f"{name}.md").read_text(encoding="utf-8"), encoding="utf-8")
    return target


def test_digest_tells_parts_apart():
    assert digest("ab", "c") != digest("a", "bc")
    assert digest(b"x") == digest(b"x")


def _overwrite(disk: DiskCache, kind: str, key: str, data: bytes) -> None:
    """Replace an entry's bytes in its pack, in place (what damage or a planted entry looks like)."""
    place = disk.place(kind, key)
    assert place is not None
    pack, offset, length = place
    with open(pack, "r+b") as fh:
        fh.seek(offset)
        fh.write(data[:length].ljust(length, b"\x00"))


def test_unreadable_entry_is_a_miss(tmp_path):
    disk = DiskCache(tmp_path)
    disk.put("k", "abcd", {"a": 1})
    disk.put("k", "abce", {"b": 2})
    assert disk.get("k", "abcd") == {"a": 1}
    _overwrite(disk, "k", "abcd", b"not a pickle")
    assert disk.get("k", "abcd") is None
    assert disk.get("k", "abce") == {"b": 2}  # its neighbour in the pack is untouched
    assert disk.get("k", "ffff") is None


def test_a_short_pack_or_a_missing_one_is_a_miss(tmp_path):
    disk = DiskCache(tmp_path)
    disk.put("k", "a1", list(range(100)))
    disk.put("k", "a2", list(range(200)))
    pack, offset, length = disk.place("k", "a2")
    with open(pack, "r+b") as fh:
        fh.truncate(offset + length - 1)  # the last entry cut short, as by a full disk
    assert disk.get("k", "a2") is None and disk.get("k", "a1") == list(range(100))
    disk.close()
    pack.unlink()
    assert DiskCache(tmp_path).get("k", "a1") is None


def test_a_later_write_replaces_an_entry_and_a_damaged_index_starts_again(tmp_path):
    disk = DiskCache(tmp_path)
    disk.put("k", "key", "first")
    disk.put("k", "key", "second")
    assert disk.get("k", "key") == "second" and disk.keys("k") == ["key"]
    disk.close()
    index = tmp_path / "packs" / "index.sqlite"
    for suffix in ("-wal", "-shm"):
        index.with_name(index.name + suffix).unlink(missing_ok=True)
    index.write_bytes(b"this is not a database" * 100)
    again = DiskCache(tmp_path)
    assert again.get("k", "key") is None  # the entries went with their index: only a cache
    again.put("k", "key", "third")
    assert again.get("k", "key") == "third"


def test_entries_written_by_a_forked_child_are_read_by_the_parent(tmp_path):
    import os

    disk = DiskCache(tmp_path)
    disk.put("k", "parent", "before the fork")
    pid = os.fork()
    if pid == 0:  # the child: its own connection and pack, the parent's left alone
        try:
            DiskCache(tmp_path).put("k", "child", "from the child")
            ok = DiskCache(tmp_path).get("k", "parent") == "before the fork"
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert disk.get("k", "child") == "from the child"
    disk.put("k", "after", "still writable")
    assert disk.get("k", "after") == "still writable"
    assert len(list((tmp_path / "packs").glob("*.pack"))) == 2  # one pack a process


def test_source_read_back_equals_parsed(tmp_path, cache):
    path = _copy_bundled(tmp_path, "kz-presidency")
    first = load_source(path, cache=cache)
    assert first == load_source(path)
    again = load_source(path, cache=cache)
    assert again == first
    assert cache.keys("sources")


def test_changed_file_is_parsed_again(tmp_path, cache):
    path = _copy_bundled(tmp_path, "kz-presidency")
    before = load_source(path, cache=cache)
    path.write_text(path.read_text(encoding="utf-8") + "\nA new closing paragraph about Almaty.\n", encoding="utf-8")
    after = load_source(path, cache=cache)
    assert after.text != before.text
    assert after == load_source(path)


def test_features_from_disk_equal_extracted(tmp_path, cache):
    sources = [load_source(_copy_bundled(tmp_path, n)) for n in ("kz-presidency", "ru-media", "wire-chronology")]
    table = load_table()
    fresh = {s.id: extraction._sentence_bags(s, table) for s in sources}
    cold = Corpus(sources, table=table)
    extraction._EXTRACTED.clear()
    assert len(cache.keys("features")) == len(sources)
    warm = Corpus(sources, table=table)
    assert warm.sentence_bags == cold.sentence_bags == fresh
    assert warm.weight == cold.weight
    left, right = sources[0], sources[1]
    np.testing.assert_array_equal(pair_scores(warm.pair(left.id, right.id), left, right, "paragraph"),
                                  pair_scores(cold.pair(left.id, right.id), left, right, "paragraph"))


def test_stored_rarity_is_the_general_rarity(tmp_path, cache):
    source = load_source(_copy_bundled(tmp_path, "wire-chronology"))
    Corpus([source])
    [key] = cache.keys("features")
    pack, offset, length = cache.place("features", key)
    surfaces, rarities, arrays = pickle.loads(pack.read_bytes()[offset:offset + length])
    bags = source_features(source, load_table())
    # The bags are kept as their surfaces alone, in the order of the arrays' columns.
    assert surfaces == [surface for bag in bags for surface in bag.values()]
    # The words a score reads: each rated feature's surface in the earliest sentence that holds it.
    earliest: dict[str, str] = {}
    for bag in bags:
        for k, surface in bag.items():
            earliest.setdefault(k, surface)
    words = {surface for k, surface in earliest.items() if k.startswith(RATED_KINDS)}
    assert set(rarities) == words and words
    for word, value in rarities.items():
        assert value == general_rarity(word) == rarity(word)
    keys, cols, lengths, boosts = arrays  # the feature arrays beside the bags: flat bytes, no objects
    assert set(keys) == {k for bag in bags for k in bag}
    assert isinstance(cols, bytes) and isinstance(lengths, bytes) and len(boosts) == 8 * len(keys)


@pytest.mark.parametrize("damage", ["short surfaces", "column past the keys", "odd bytes", "not a tuple"])
def test_a_features_entry_that_does_not_fit_together_is_extracted_again(tmp_path, cache, damage) -> None:
    source = load_source(_copy_bundled(tmp_path, "wire-chronology"))
    table = load_table()
    fresh = source_features(source, table)
    [key] = cache.keys("features")
    surfaces, rated, (keys, cols, lengths, boosts) = cache.get("features", key)
    broken = {"short surfaces": (surfaces[:-1], rated, (keys, cols, lengths, boosts)),
              "column past the keys": (surfaces, rated, (keys[:1], cols, lengths, boosts)),
              "odd bytes": (surfaces, rated, (keys, cols + b"x", lengths, boosts)),
              "not a tuple": [surfaces, rated]}[damage]
    assert extraction._bags_of(broken) is None
    assert extraction._bags_of(cache.get("features", key))[0] == fresh  # the intact entry reads back whole


def test_arrays_read_back_score_as_arrays_built_from_the_bags(tmp_path, cache):
    """A warm run's arrays come from the cache; the scores must be those of arrays built afresh."""
    import numpy as np

    left = load_source(_copy_bundled(tmp_path, "wire-chronology"))
    right = load_source(_copy_bundled(tmp_path, "kz-presidency"))
    extraction._EXTRACTED.clear()
    extraction._PAYLOADS.clear()
    cold = Corpus([left, right]).lexical(left.id, right.id, "paragraph", False)
    extraction._EXTRACTED.clear()
    extraction._PAYLOADS.clear()
    warm = Corpus([left, right])
    assert any(bags is warm.sentence_bags[left.id] for bags, _ in extraction._PAYLOADS.values())
    np.testing.assert_array_equal(warm.lexical(left.id, right.id, "paragraph", False), cold)
    extraction.use_disk_cache(None)
    extraction._PAYLOADS.clear()  # now built from the bags
    fresh = Corpus([left, right])
    np.testing.assert_array_equal(fresh.lexical(left.id, right.id, "paragraph", False), cold)


def test_a_planted_pickle_cannot_run_code(tmp_path) -> None:
    """An entry that would call anything but a record constructor is a miss, and nothing runs."""
    import os
    import pickle

    from compare.model.disk_cache import DiskCache

    class Boom:
        def __reduce__(self):
            return (os.system, ("touch " + str(tmp_path / "ran"),))

    cache = DiskCache(tmp_path / "cache")
    planted = pickle.dumps(Boom())
    cache.put("features", "k" * 40, "x" * len(planted))  # room for the planted bytes
    _overwrite(cache, "features", "k" * 40, planted)
    assert cache.get("features", "k" * 40) is None
    assert not (tmp_path / "ran").exists()


def test_passages_and_blocks_keep_every_field_through_the_cache(tmp_path, cache):
    """Stored as constructor arguments: fields that equality ignores (block, paragraph) must come back too."""
    from dataclasses import astuple

    path = _copy_bundled(tmp_path, "wire-chronology")
    parsed = load_source(path)
    load_source(path, cache=cache)
    again = load_source(path, cache=cache)
    for mine, theirs in ((again.sentences, parsed.sentences), (again.paragraphs, parsed.paragraphs),
                         (again.blocks, parsed.blocks)):
        assert [astuple(p) for p in mine] == [astuple(p) for p in theirs]
    assert [(p.block, p.paragraph) for p in again.sentences] == [(p.block, p.paragraph) for p in parsed.sentences]


def test_an_entry_is_stored_again_after_its_folder_was_removed(tmp_path) -> None:
    import shutil

    disk = DiskCache(tmp_path / "cache")
    disk.put("kind", "ab12", [1, 2])
    shutil.rmtree(tmp_path / "cache")
    disk.put("kind", "ab34", [3])
    assert disk.get("kind", "ab34") == [3]
    assert disk.get("kind", "ab12") is None
