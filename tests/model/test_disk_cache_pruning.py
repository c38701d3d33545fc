"""The command line's cache folder is pruned, oldest entries first, and nothing else in it is touched."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from compare.model.disk_cache import DiskCache
from compare.model.locations import CACHE_LIMIT_ENV, cache_limit


def _filled(tmp_path: Path, count: int, size: int = 1000) -> tuple[DiskCache, list[str]]:
    cache = DiskCache(tmp_path / "cache")
    keys = [f"{k:02x}" + "0" * 38 for k in range(count)]
    now = time.time()
    for n, key in enumerate(keys):
        cache.put("features", key, b"x" * size)
        path = cache._file("features", key)
        os.utime(path, (now - 1000 + n, now - 1000 + n))  # written one after the other, oldest first
    return cache, keys


def test_the_oldest_entries_go_until_the_folder_is_under_its_limit(tmp_path: Path) -> None:
    cache, keys = _filled(tmp_path, 10)
    size = os.path.getsize(cache._file("features", keys[0]))
    (tmp_path / "cache" / "embeddings.sqlite").write_bytes(b"y" * 50_000)  # not an entry: never counted or removed
    removed = cache.prune(max_bytes=5 * size)
    assert removed == 6  # down to 80 % of five entries: four are left
    kept = [k for k in keys if cache.get("features", k) is not None]
    assert kept == keys[6:]
    assert (tmp_path / "cache" / "embeddings.sqlite").stat().st_size == 50_000


def test_a_folder_under_its_limit_loses_nothing_and_a_missing_one_is_no_error(tmp_path: Path) -> None:
    cache, keys = _filled(tmp_path, 3)
    assert cache.prune(max_bytes=10**9) == 0
    assert all(cache.get("features", k) is not None for k in keys)
    assert DiskCache(tmp_path / "nowhere").prune(max_bytes=1) == 0


def test_pruning_is_due_once_a_day(tmp_path: Path) -> None:
    cache, keys = _filled(tmp_path, 4)
    assert cache.due() and cache.prune(max_bytes=1) == 4
    cache.put("features", keys[0], b"again")
    assert not cache.due()  # pruned moments ago: not due
    marker = tmp_path / "cache" / DiskCache.PRUNED
    old = time.time() - 2 * 86400
    os.utime(marker, (old, old))
    assert cache.due() and cache.prune(max_bytes=1) == 1


@pytest.mark.parametrize(("value", "expected"), [("64", 64), ("nonsense", 2048), ("0", 1)])
def test_the_limit_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch, value: str, expected: int) -> None:
    monkeypatch.setenv(CACHE_LIMIT_ENV, value)
    assert cache_limit() == expected * 1024 * 1024
