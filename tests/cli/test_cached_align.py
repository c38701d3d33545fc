"""`parallax align` with the user's cache folder: a second run reads layouts and features, same export."""

from __future__ import annotations

import os

from compare.cli.commands import run
from compare.engine import corpus as corpus_module
from compare.export import read_records
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
    corpus_module._EXTRACTED.clear()
    assert run(["align", *files, "--export", str(tmp_path / "cold.jsonl")]) == 0
    stored = sorted(p.relative_to(cache_dir()) for p in cache_dir().rglob("*.pickle"))
    assert sum(p.parts[0] == "sources" for p in stored) == 3
    assert sum(p.parts[0] == "features" for p in stored) == 3
    corpus_module._EXTRACTED.clear()  # as in a new process: only the disk remembers
    stamps = {p: os.stat(cache_dir() / p).st_mtime_ns for p in stored}
    assert run(["align", *files, "--export", str(tmp_path / "warm.jsonl")]) == 0
    assert {p: os.stat(cache_dir() / p).st_mtime_ns for p in stored} == stamps  # read, not rewritten
    cold = _without_date(tmp_path / "cold.jsonl")
    assert cold and cold == _without_date(tmp_path / "warm.jsonl")
    assert not corpus_module._DISK  # the cache is the command's, not left on for the next caller
