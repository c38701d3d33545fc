"""The command line's cache folder is pruned, oldest entries first, and nothing else in it is touched."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from compare.model.disk_cache import DiskCache
from compare.model.locations import CACHE_LIMIT_ENV, cache_limit


def _filled(tmp_path: Path, count: int, size: int = 1000) -> tuple[DiskCache, list[str]]:
    """`count` entries, each in a pack of its own (`pack_bytes=1`), written one after the other."""
    cache = DiskCache(tmp_path / "cache", pack_bytes=1)
    keys = [f"{k:02x}" + "0" * 38 for k in range(count)]
    now = time.time()
    for key in keys:
        cache.put("features", key, b"x" * size)
    cache.close()  # the packs of an earlier run: none is being written
    for n, key in enumerate(keys):
        os.utime(cache.place("features", key)[0], (now - 1000 + n, now - 1000 + n))
    return cache, keys


def test_the_oldest_entries_go_until_the_folder_is_under_its_limit(tmp_path: Path) -> None:
    cache, keys = _filled(tmp_path, 10)
    size = os.path.getsize(cache.place("features", keys[0])[0])
    assert len({cache.place("features", k)[0] for k in keys}) == 10
    (tmp_path / "cache" / "embeddings.sqlite").write_bytes(b"y" * 50_000)  # not an entry: never counted or removed
    mine = tmp_path / "cache" / "features" / "notes.txt"  # a user's own file where old entries lay
    mine.parent.mkdir()
    mine.write_text("mine")
    removed = cache.prune(max_bytes=5 * size)
    assert removed == 6  # down to 80 % of five entries: four are left
    kept = [k for k in keys if cache.get("features", k) is not None]
    assert kept == keys[6:]
    assert cache.keys("features") == keys[6:]  # the index forgets what went
    assert len(list((tmp_path / "cache" / "packs").glob("*.pack"))) == 4
    assert (tmp_path / "cache" / "embeddings.sqlite").stat().st_size == 50_000
    assert mine.read_text() == "mine"


def test_the_pack_being_written_is_never_pruned(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "cache")
    cache.put("features", "a" * 40, b"x" * 10_000)
    assert cache.prune(max_bytes=1) == 0
    assert cache.get("features", "a" * 40) == b"x" * 10_000
    cache.close()  # this process is done with it: an older pack like any other
    assert cache.prune(max_bytes=1) == 1 and cache.get("features", "a" * 40) is None


def test_the_pack_being_written_counts_toward_the_limit(tmp_path: Path) -> None:
    """Two small old packs and a large one in use: the folder is over its limit, so the old ones go."""
    _, keys = _filled(tmp_path, 2, size=10_000)
    cache = DiskCache(tmp_path / "cache", pack_bytes=10**9)
    cache.put("features", "f" * 40, b"y" * 100_000)
    assert cache.prune(max_bytes=60_000) == 2
    assert [k for k in keys if cache.get("features", k) is not None] == []
    assert cache.get("features", "f" * 40) == b"y" * 100_000


def test_entries_of_the_file_per_entry_layout_all_go(tmp_path: Path) -> None:
    cache, keys = _filled(tmp_path, 2)
    old = tmp_path / "cache" / "sources" / "ab" / ("ab" + "0" * 38 + ".pickle")
    old.parent.mkdir(parents=True)
    old.write_bytes(b"old")
    assert cache.prune(max_bytes=10**9) == 1
    assert not old.exists() and not old.parent.exists()
    assert all(cache.get("features", k) is not None for k in keys)


def test_a_folder_under_its_limit_loses_nothing_and_a_missing_one_is_no_error(tmp_path: Path) -> None:
    cache, keys = _filled(tmp_path, 3)
    assert cache.prune(max_bytes=10**9) == 0
    assert all(cache.get("features", k) is not None for k in keys)
    assert DiskCache(tmp_path / "nowhere").prune(max_bytes=1) == 0


def test_pruning_is_due_once_a_day(tmp_path: Path) -> None:
    cache, keys = _filled(tmp_path, 4)
    assert cache.due() and cache.prune(max_bytes=1) == 4
    cache.put("features", keys[0], b"again")
    cache.close()
    assert not cache.due()  # pruned moments ago: not due
    marker = tmp_path / "cache" / DiskCache.PRUNED
    old = time.time() - 2 * 86400
    os.utime(marker, (old, old))
    assert cache.due() and cache.prune(max_bytes=1) == 1


@pytest.mark.parametrize(("value", "expected"), [("64", 64), ("nonsense", 2048), ("0", 1)])
def test_the_limit_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch, value: str, expected: int) -> None:
    monkeypatch.setenv(CACHE_LIMIT_ENV, value)
    assert cache_limit() == expected * 1024 * 1024
