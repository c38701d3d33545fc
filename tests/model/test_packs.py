"""The cache folder's packs and index: the latest write of a key is what a read finds, and damage is a miss."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.model.disk_cache import DiskCache
from compare.model.packs import INDEX_NAME, PACKS_FOLDER

_KEYS = st.sampled_from(["a", "b", "c", "d", "e"])
_VALUES = st.one_of(st.binary(max_size=300), st.lists(st.integers(), max_size=20), st.text(max_size=50))


@settings(max_examples=40, deadline=None)
@given(writes=st.lists(st.tuples(st.sampled_from(["sources", "links"]), _KEYS, _VALUES), max_size=30),
       pack_bytes=st.sampled_from([1, 200, 64 * 1024 * 1024]), reopen=st.booleans(), batched=st.booleans())
def test_a_read_finds_the_last_write_of_its_key(tmp_path_factory, writes, pack_bytes, reopen, batched) -> None:
    """Against a plain dict: packs rolled at any size, the index closed and opened again or not, the
    rows committed one by one or together at the end of a `batched` block (read inside it as well)."""
    folder = tmp_path_factory.mktemp("packs")
    cache = DiskCache(folder, pack_bytes=pack_bytes)
    reference: dict[tuple[str, str], object] = {}
    with cache.batched() if batched else contextlib.nullcontext():
        for kind, key, value in writes:
            cache.put(kind, key, value)
            reference[(kind, key)] = value
            assert cache.get(kind, key) == value and cache.has(kind, key)
    if reopen:
        cache.close()
    for kind in ("sources", "links"):
        assert cache.keys(kind) == sorted(k for (c, k) in reference if c == kind)
        for key in "abcdef":
            assert cache.get(kind, key) == reference.get((kind, key))
            assert cache.has(kind, key) == ((kind, key) in reference)
    cache.close()


@pytest.mark.parametrize(("offset", "length"), [(0, 10**12), (-5, 10), (10**9, 4), (0, -1)])
def test_an_index_row_that_does_not_fit_its_pack_is_a_miss(tmp_path: Path, offset: int, length: int) -> None:
    cache = DiskCache(tmp_path)
    cache.put("k", "key", "value")
    cache.put("k", "other", "kept")
    cache.close()
    with sqlite3.connect(tmp_path / PACKS_FOLDER / INDEX_NAME) as conn:
        conn.execute("UPDATE entries SET offset = ?, length = ? WHERE key = 'key'", (offset, length))
    assert cache.get("k", "key") is None
    assert cache.get("k", "other") == "kept"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a read-only folder")
def test_a_folder_that_cannot_be_written_is_skipped_not_an_error(tmp_path: Path) -> None:
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        cache = DiskCache(tmp_path / "cache")
        cache.put("k", "key", "value")
        assert cache.get("k", "key") is None and not cache.has("k", "key") and cache.keys("k") == []
    finally:
        tmp_path.chmod(stat.S_IRWXU)


def test_a_folder_that_cannot_be_made_holds_nothing(tmp_path: Path) -> None:
    """Where the cache folder would be is a file: every call answers "nothing", none raises."""
    blocker = tmp_path / "cache"
    blocker.write_text("a file, not a folder")
    cache = DiskCache(blocker)
    cache.put("k", "key", "value")
    assert cache.get("k", "key") is None and not cache.has("k", "key") and cache.keys("k") == []
    assert cache.prune(max_bytes=1) == 0
    assert blocker.read_text() == "a file, not a folder"


def test_a_write_that_fails_half_way_starts_the_next_entry_in_a_new_pack(tmp_path: Path, monkeypatch) -> None:
    """Part of a failed entry may be in the pack: the next one must not be read at the wrong offset."""
    cache = DiskCache(tmp_path)
    cache.put("k", "first", "one")
    real_write = os.write
    calls = []

    def half(fd: int, data) -> int:
        calls.append(fd)
        if len(calls) == 1:
            real_write(fd, bytes(data[:3]))
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    with monkeypatch.context() as m:
        m.setattr(os, "write", half)
        cache.put("k", "second", "two")  # fails: skipped, not an error
        cache.put("k", "third", "three")
    assert cache.get("k", "second") is None
    assert cache.get("k", "first") == "one" and cache.get("k", "third") == "three"
    assert len(list((tmp_path / PACKS_FOLDER).glob("*.pack"))) == 2


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks only where the platform does")
def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    """Two writers on one index (the shards of a run): every entry of both is read back whole."""
    DiskCache(tmp_path).put("k", "seed", "made before the fork")
    children = []
    for who in ("a", "b"):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                cache = DiskCache(tmp_path)
                for n in range(150):
                    cache.put("k", f"{who}{n:03d}", (who, n, "x" * (n * 37 % 5000)))
                code = 0
            finally:
                os._exit(code)
        children.append(pid)
    for pid in children:
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    cache = DiskCache(tmp_path)
    cache.close()  # read as a later process would
    for who in ("a", "b"):
        for n in range(150):
            assert cache.get("k", f"{who}{n:03d}") == (who, n, "x" * (n * 37 % 5000))
    assert len(cache.keys("k")) == 301
    assert len(list((tmp_path / PACKS_FOLDER).glob("*.pack"))) == 3  # the parent's and one a child


def _committed(folder: Path) -> set[str]:
    """The keys another process would find: the index as it is on disk."""
    with contextlib.closing(sqlite3.connect(folder / PACKS_FOLDER / INDEX_NAME)) as conn:
        return {key for (key,) in conn.execute("SELECT key FROM entries")}


def test_a_batch_is_indexed_at_its_end_and_read_inside_it(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    cache.put("k", "before", 1)
    with cache.batched():
        cache.put("k", "inside", 2)
        with cache.batched():  # blocks nest: the outer one's end commits
            cache.put("k", "nested", 3)
        assert _committed(tmp_path) == {"before"}
        assert cache.get("k", "inside") == 2 and cache.has("k", "nested")
    assert _committed(tmp_path) == {"before", "inside", "nested"}
    cache.close()
    assert cache.get("k", "nested") == 3


def test_a_batch_that_fails_still_indexes_what_it_wrote(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    with pytest.raises(RuntimeError), cache.batched():
        cache.put("k", "written", "kept")
        raise RuntimeError("a run that failed half way")
    assert _committed(tmp_path) == {"written"}


def test_a_child_that_opens_a_batch_of_its_own_batches_its_rows(tmp_path: Path) -> None:
    """A shard is forked after its parent read the index, then writes inside `batched`: its rows wait for
    the end of its block as the parent's would (the inherited state once reset the block's count)."""
    cache = DiskCache(tmp_path)
    cache.put("k", "before", 0)
    assert cache.has("k", "before")  # the parent's index is open at the fork
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            with cache.batched():
                cache.put("k", "child", "c")
                waited = _committed(tmp_path) == {"before"} and cache.get("k", "child") == "c"
            code = 0 if waited and _committed(tmp_path) == {"before", "child"} else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_a_child_forked_inside_a_batch_commits_its_own_rows_not_its_parents(tmp_path: Path) -> None:
    """A shard forks while its parent's rows wait: the child indexes its entries at once, and never the
    parent's (which it holds a copy of); the parent indexes its own at the end of its block."""
    cache = DiskCache(tmp_path)
    with cache.batched():
        cache.put("k", "parent", "p")
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                cache.put("k", "child", "c")
                code = 0 if cache.get("k", "child") == "c" and cache.get("k", "parent") is None else 2
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert _committed(tmp_path) == {"child"}
    assert _committed(tmp_path) == {"child", "parent"}
    assert cache.get("k", "child") == "c" and cache.get("k", "parent") == "p"
