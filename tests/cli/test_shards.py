"""A large JSONL export made by two shards in two processes is the export one process makes."""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.cli import shards
from compare.cli.commands import run
from compare.engine import halves
from compare.model.locations import bundled_dir
from compare.text.sources import bundled_sources

FORKS = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
pytestmark = pytest.mark.skipif(not FORKS, reason="forks only on Linux")

# Not in id order, so that the two shards' sources interleave in the export and must be merged.
RIGHTS = ["wire-chronology", "encyclopedia-overview", "ru-media", "kremlin-csto", "rights-report", "power-struggle"]


@pytest.fixture
def sharded(monkeypatch) -> list[bool]:
    """Shard from two files on, forking whatever earlier tests left loaded; records each shard started."""
    monkeypatch.setattr(shards, "MIN_SHARDED", 2)
    monkeypatch.setattr(halves, "can_fork", lambda: True)
    started: list[bool] = []
    real = halves.in_child
    monkeypatch.setattr(halves, "in_child", lambda work: started.append(True) or real(work))
    return started


def _align(out: Path, *extra: str) -> int:
    return run(["align", "diplomat-color-revolution", *RIGHTS, "--export", str(out), "--threshold", "40", *extra])


def test_the_shards_write_the_bytes_of_one_process(tmp_path, sharded, capsys) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert _align(one, "--processes", "1") == 0
    assert not sharded
    assert _align(two, "--processes", "2") == 0
    assert sharded == [True]  # the later half was done by a child
    data = one.read_bytes()
    assert data and two.read_bytes() == data
    ids = [line.split('"right_source": ')[1].split(",")[0] for line in data.decode("utf-8").splitlines()]
    assert ids == sorted(ids) and len(set(ids)) >= 4  # the sources of both shards, in id order
    assert f"wrote {len(ids)} pair(s)" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.jsonl", "two.jsonl"]  # no part left behind


def test_the_warm_shards_write_the_same_bytes(tmp_path, sharded) -> None:
    first, again = tmp_path / "first.jsonl", tmp_path / "again.jsonl"
    assert _align(first, "--processes", "2") == 0
    assert _align(again, "--processes", "2") == 0  # every pair's links read back from the cache folder
    assert sharded == [True, True] and again.read_bytes() == first.read_bytes()


def _page(path: Path, source_id: str) -> Path:
    """A bundled account's text under another id: its vectors ship, so a forked child embeds nothing
    (an encoder that earlier tests loaded would not survive the fork)."""
    body = (bundled_dir() / "ru-media.md").read_text("utf-8").split("\n---\n", 1)[1]
    path.write_text(f"---\nid: {source_id}\ntitle: Page\nlanguage: ru\n---\n{body}", "utf-8")
    return path


def test_two_shards_naming_one_id_refuse_and_keep_the_old_export(tmp_path, sharded, capsys) -> None:
    out = tmp_path / "pairs.jsonl"
    out.write_text("old\n", "utf-8")
    first, second = _page(tmp_path / "a.md", "same-id"), _page(tmp_path / "b.md", "same-id")
    code = run(["align", "diplomat-color-revolution", str(first), "kremlin-csto", str(second), "--export", str(out),
                "--force", "--processes", "2"])
    assert code == 2 and sharded == [True]
    assert "each source may be named once" in capsys.readouterr().err
    assert out.read_text("utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md", "pairs.jsonl"]


def test_a_bad_file_in_the_childs_half_is_one_message(tmp_path, sharded, capsys) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe\x00binary")
    out = tmp_path / "pairs.jsonl"
    code = run(["align", "diplomat-color-revolution", "ru-media", "kremlin-csto", str(bad), "--export", str(out),
                "--processes", "2"])
    err = capsys.readouterr().err
    assert code == 2 and sharded == [True]
    assert "bad.md" in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.md"]  # no export, no part


def test_an_existing_export_is_not_replaced_without_force(tmp_path, sharded, capsys) -> None:
    out = tmp_path / "pairs.jsonl"
    out.write_text("old\n", "utf-8")
    assert _align(out, "--processes", "2") == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_text("utf-8") == "old\n" and [p.name for p in tmp_path.iterdir()] == ["pairs.jsonl"]


@pytest.mark.parametrize(("export", "processes", "files", "expected"), [
    ("pairs.jsonl", 2, 200, True), ("pairs.csv", 2, 200, False), ("pairs.jsonl", 1, 200, False),
    ("pairs.jsonl", 2, 10, False), (None, 2, 200, False)])
def test_shards_only_for_a_large_jsonl_export_on_two_processes(monkeypatch, export, processes, files, expected):
    monkeypatch.setattr(halves, "can_fork", lambda: True)
    args = argparse.Namespace(export=export, rights=["x.md"] * files)
    assert shards.shards_apply(args, processes) is expected
    monkeypatch.setattr(halves, "can_fork", lambda: False)
    assert shards.shards_apply(args, processes) is False


def test_bundled_ids_used_here_exist() -> None:
    assert set(RIGHTS) <= {s.id for s in bundled_sources()}


@given(st.dictionaries(st.text("abcxyz-", min_size=1, max_size=6), st.binary(min_size=1, max_size=40), max_size=12),
       st.randoms(use_true_random=False))
@settings(max_examples=60, deadline=None)
def test_join_puts_the_parts_runs_in_source_order(runs: dict[str, bytes], rng) -> None:
    """Against the plain reference: every source's bytes, in id order, whichever part held them."""
    with tempfile.TemporaryDirectory() as folder:
        parts: list[tuple[Path, list[tuple[str, int, int]]]] = []
        owner = {source_id: rng.randrange(2) for source_id in runs}
        for n in range(2):
            path, position, index = Path(folder) / f"{n}.part", 0, []
            with path.open("wb") as fh:
                for source_id in sorted(s for s in runs if owner[s] == n):
                    fh.write(runs[source_id])
                    index.append((source_id, position, position + len(runs[source_id])))
                    position += len(runs[source_id])
            parts.append((path, index))
        out = Path(folder) / "out"
        shards._join(out, parts)
        assert out.read_bytes() == b"".join(runs[s] for s in sorted(runs))


def test_join_without_copy_file_range_copies_in_blocks(tmp_path, monkeypatch) -> None:
    """Where the kernel or file system has no `copy_file_range`, the runs are copied through memory."""
    monkeypatch.delattr(shards.os, "copy_file_range", raising=False)
    first, second = tmp_path / "a", tmp_path / "b"
    first.write_bytes(b"AAAA" + b"CC")
    second.write_bytes(b"BBB")
    out = tmp_path / "out"
    shards._join(out, [(first, [("a", 0, 4), ("c", 4, 6)]), (second, [("b", 0, 3)])])
    assert out.read_bytes() == b"AAAABBBCC"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 5000), min_size=2, max_size=40))
def test_the_files_are_cut_into_halves_of_about_equal_bytes(tmp_path_factory, sizes: list[int]) -> None:
    from compare.cli.shards import balanced_split

    folder = tmp_path_factory.mktemp("sizes")
    refs = []
    for n, size in enumerate(sizes):
        path = folder / f"f{n}.md"
        path.write_bytes(b"x" * size)
        refs.append(str(path))
    cut = balanced_split(refs)
    assert 1 <= cut <= len(refs) - 1
    first, second = sum(sizes[:cut]), sum(sizes[cut:])
    assert abs(first - second) <= max(sizes)  # no better cut is a whole file away
    best = min(abs(sum(sizes[:k]) - sum(sizes[k:])) for k in range(1, len(sizes)))
    assert abs(first - second) <= best or cut in (1, len(refs) - 1)


def test_a_split_of_names_that_are_not_files_is_by_count() -> None:
    from compare.cli.shards import balanced_split

    assert balanced_split(["kz-presidency", "wire-chronology", "a", "b", "c"]) == 2
