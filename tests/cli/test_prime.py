"""The cold command line's worker pool: it only fills the cache, so the run that follows is a warm one."""

from __future__ import annotations

import multiprocessing
import sys

import pytest

from compare.cli import prime
from compare.cli.commands import run
from compare.engine import extraction
from compare.export import read_records
from compare.model.disk_cache import DiskCache
from compare.model.locations import cache_dir
from compare.text.sources import bundled_dir

FORKS = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
forks = pytest.mark.skipif(not FORKS, reason="forks only on Linux")


def _copies(tmp_path, names=("kz-presidency", "ru-media", "wire-chronology")):
    files = []
    for name in names:
        target = tmp_path / f"{name}.md"
        target.write_text((bundled_dir() / f"{name}.md").read_text(encoding="utf-8"), encoding="utf-8")
        files.append(str(target))
    return files


def _without_date(path):
    return [{k: v for k, v in r.items() if k != "accessed"} for r in read_records(path)]


def _stored(folder):
    """The layouts and features in `folder` (not the links a run keeps: workers only read files)."""
    return sorted((kind, key) for kind in ("sources", "features") for key in DiskCache(folder).keys(kind))


def _places(folder):
    cache = DiskCache(folder)
    return {entry: cache.place(*entry) for entry in _stored(folder)}


def test_small_inputs_and_one_core_start_no_workers():
    assert prime.pool_workers(prime.MIN_POOLED - 1, cores=2) == 0
    assert prime.pool_workers(10_000, cores=1) == 0
    assert prime.pool_workers(10_000, cores=2) == 2
    assert prime.pool_workers(prime.MIN_POOLED, cores=64) <= prime.MIN_POOLED // prime.CHUNK


def test_nothing_is_primed_below_the_pool_size(tmp_path):
    files = _copies(tmp_path)
    assert prime.prime_cache(files, DiskCache(tmp_path / "cache")) == 0
    assert not (tmp_path / "cache").exists()


@forks
def test_workers_fill_exactly_what_a_run_would_read(tmp_path, monkeypatch):
    files = _copies(tmp_path)
    broken = tmp_path / "empty.md"
    broken.write_text("   \n", encoding="utf-8")
    primed = tmp_path / "primed"
    assert prime.prime_cache([*files, str(broken), "kz-presidency"], DiskCache(primed), workers=2) == 3
    # The run's own cold pass writes the same entries (same keys), and reads the primed ones untouched.
    extraction._EXTRACTED.clear()
    assert run(["align", *files, "--export", str(tmp_path / "own.jsonl")]) == 0
    assert _stored(primed) == _stored(cache_dir()) and len(_stored(primed)) == 6
    stamps = _places(primed)
    extraction._EXTRACTED.clear()
    monkeypatch.setenv("PARALLAX_CACHE_DIR", str(primed))
    assert run(["align", *files, "--export", str(tmp_path / "primed.jsonl")]) == 0
    assert _places(primed) == stamps  # read, not written again
    own = _without_date(tmp_path / "own.jsonl")
    assert own and own == _without_date(tmp_path / "primed.jsonl")


@forks
def test_files_already_cached_start_no_workers(tmp_path):
    files = _copies(tmp_path, ("kz-presidency", "ru-media"))
    cache = DiskCache(tmp_path / "cache")
    assert prime.prime_cache(files, cache, workers=2) == 2
    assert prime.prime_cache(files, cache, workers=2) == 0  # a warm run: nothing left to read
    changed = tmp_path / "ru-media.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    assert prime.prime_cache(files, cache, workers=2) == 1
