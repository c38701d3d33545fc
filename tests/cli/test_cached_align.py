"""`parallax align` with the user's cache folder: a second run reads layouts and features, same export."""

from __future__ import annotations

import os

from compare.cli.commands import run
from compare.engine import extraction
from compare.export import read_records
from compare.model.disk_cache import DiskCache
from compare.model.locations import cache_dir
from compare.text.sources import bundled_dir


def _without_date(path):
    return [{k: v for k, v in r.items() if k != "accessed"} for r in read_records(path)]


def test_second_run_reads_the_cache_and_exports_the_same(tmp_path):
    files = []
    for name in ("kz-presidency", "ru-media", "wire-chronology"):
        target = tmp_path / f"{name}.md"
        target.write_text((bundled_dir() / f"{name}.md").read_text(encoding="utf-8"), encoding="utf-8")
        files.append(str(target))
    extraction._EXTRACTED.clear()
    assert run(["align", *files, "--export", str(tmp_path / "cold.jsonl")]) == 0
    cache = DiskCache(cache_dir())
    assert len(cache.keys("sources")) == 3 and len(cache.keys("features")) == 3
    extraction._EXTRACTED.clear()  # as in a new process: only the disk remembers
    places = cache._packs.places()
    assert run(["align", *files, "--export", str(tmp_path / "warm.jsonl")]) == 0
    assert cache._packs.places() == places  # read, not written again
    cold = _without_date(tmp_path / "cold.jsonl")
    assert cold and cold == _without_date(tmp_path / "warm.jsonl")
    assert not extraction._DISK  # the cache is the command's, not left on for the next caller


def test_a_run_prunes_the_cache_folder_down_to_its_limit(tmp_path, monkeypatch):
    """The folder would otherwise grow with every file ever aligned; the oldest entries go first."""

    files = []
    for name in ("kz-presidency", "ru-media"):
        target = tmp_path / f"{name}.md"
        target.write_text((bundled_dir() / f"{name}.md").read_text(encoding="utf-8"), encoding="utf-8")
        files.append(str(target))
    stale = DiskCache(cache_dir())
    stale.put("sources", "ff" + "0" * 38, b"z" * 2_000_000)  # an old entry, over the 1 MB limit alone
    old_pack = stale.place("sources", "ff" + "0" * 38)[0]
    stale.close()  # written by an earlier run: its pack is closed
    os.utime(old_pack, (1.0, 1.0))
    legacy = cache_dir() / "features" / "ab" / ("ab" + "0" * 38 + ".pickle")  # the layout before packs
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(b"an entry nothing reads any more")
    monkeypatch.setenv("PARALLAX_CACHE_LIMIT_MB", "1")
    extraction._EXTRACTED.clear()
    assert run(["align", *files, "--export", str(tmp_path / "out.jsonl")]) == 0
    assert DiskCache(cache_dir()).get("sources", "ff" + "0" * 38) is None and not old_pack.exists()
    assert not legacy.exists()
    assert len(DiskCache(cache_dir()).keys("features")) == 2  # this run's stay


def test_a_run_that_fails_or_is_interrupted_prunes_nothing(tmp_path, monkeypatch):
    """Pruning (and the vectors file's compaction) waits for a run that finishes."""
    from compare.cli import commands

    stale = DiskCache(cache_dir())
    stale.put("sources", "ff" + "0" * 38, b"z" * 2_000_000)
    stale.close()
    monkeypatch.setenv("PARALLAX_CACHE_LIMIT_MB", "1")

    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(commands, "_align_files", interrupted)
    assert run(["align", "kz-presidency", "ru-media"]) == 130  # Ctrl-C: its own exit status, and no wait
    assert DiskCache(cache_dir()).get("sources", "ff" + "0" * 38) == b"z" * 2_000_000
    assert DiskCache(cache_dir()).due()  # still due: the next run that finishes prunes


def test_a_run_prunes_the_vector_cache_to_a_quarter_of_the_limit(tmp_path, monkeypatch):
    """The vectors of every text ever aligned would otherwise stay: the oldest go, once a day."""
    import numpy as np

    from compare.engine import semantic
    from compare.model.locations import embedding_cache_path

    path = embedding_cache_path()
    rng = np.random.default_rng(1)
    with monkeypatch.context() as clock:  # written long ago
        clock.setattr(semantic.time, "time", lambda: 1_000.0)
        semantic.SqliteStore.at(path).put_many("old-model", [(f"old-{k}", rng.standard_normal(384).astype(np.float32))
                                                             for k in range(1500)])
    assert path.stat().st_size > 1_000_000
    target = tmp_path / "ru-media.md"
    target.write_text((bundled_dir() / "ru-media.md").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("PARALLAX_CACHE_LIMIT_MB", "1")
    assert run(["align", "kz-presidency", str(target), "--export", str(tmp_path / "out.jsonl")]) == 0
    assert path.stat().st_size <= 1024 * 1024 // 4
    assert run(["align", "kz-presidency", str(target), "--export", str(tmp_path / "again.jsonl")]) == 0
