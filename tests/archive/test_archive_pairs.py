"""All pairs: the pruning's maximum is the brute-force maximum, and kept pairs get exactly align's links."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.archive import pairs
from compare.archive.pairs import closest_passages, groups, kept_pairs
from compare.archive.run import FAIL_ONCE_ENV, ArchiveSettings, run_archive
from compare.engine.align import align
from compare.export.writers import make_records
from compare.text.sources import load_source


@settings(max_examples=40)
@given(st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=7), st.integers(0, 2**32 - 1),
       st.integers(min_value=1, max_value=5))
def test_closest_passages_is_the_brute_force_maximum(counts, seed, block):
    rng = np.random.default_rng(seed)
    vectors = {f"d{k}": rng.normal(size=(n, 4)).astype(np.float32) for k, n in enumerate(counts)}
    original = pairs.BLOCK
    pairs.BLOCK = block  # blocks that cut through documents
    try:
        ids, best = closest_passages(vectors)
    finally:
        pairs.BLOCK = original
    for i, a in enumerate(ids):
        for j, b in enumerate(ids):
            va, vb = vectors[a], vectors[b]
            expected = -1.0 if i == j or not len(va) or not len(vb) else float((va @ vb.T).max())
            assert best[i, j] == pytest.approx(max(expected, -1.0), abs=1e-5)


def test_the_cut_keeps_the_pairs_that_reach_it_and_groups_split_large_lefts():
    v = {"a": np.array([[1.0, 0.0]]), "b": np.array([[0.8, 0.6]]), "c": np.array([[0.0, 1.0]])}
    assert kept_pairs(v, 0.55).pairs == (("a", "b"), ("b", "c"))
    assert kept_pairs(v, 0.7).pairs == (("a", "b"),)
    assert kept_pairs(v, -1).pairs == (("a", "b"), ("a", "c"), ("b", "c"))
    assert kept_pairs(v, 0.7).candidates == 3
    assert groups([("a", "c"), ("a", "b"), ("a", "d"), ("b", "c")], 2) == [("a", ("b", "c")), ("a", ("d",)),
                                                                          ("b", ("c",))]


def _exhaustive(documents) -> dict[str, dict[str, object]]:
    sources = sorted((load_source(p) for p in documents), key=lambda s: s.id)
    records = {}
    for i, left in enumerate(sources):
        for right in sources[i + 1:]:
            for r in make_records(align(left, [right]).links, [left, right]):
                records[str(r["pair_id"])] = r
    return records


def _read(path) -> dict[str, dict[str, object]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    found = {str(r["pair_id"]): r for r in rows}
    assert len(found) == len(rows)  # no pair twice
    return found


def test_every_pair_unpruned_gives_align_of_each_pair_and_pruning_keeps_a_subset(tmp_path, make_docs, client,
                                                                                 monkeypatch):
    documents = make_docs(tmp_path / "docs", 5)
    expected = _exhaustive(documents)
    base = ArchiveSettings((str(tmp_path / "docs"),), (str(tmp_path / "all.jsonl"),), all_pairs=True,
                           min_cosine=-1, partition_size=2)
    report = run_archive(base, client=client, log=lambda _: None)
    assert (report.pairs_kept, report.pairs_possible) == (10, 10)
    assert _read(tmp_path / "all.jsonl") == expected
    monkeypatch.setenv(FAIL_ONCE_ENV, "pairs:1")
    pruned = ArchiveSettings(base.inputs, (str(tmp_path / "pruned.jsonl"), str(tmp_path / "pruned.parallax")),
                             all_pairs=True, min_cosine=0.45, partition_size=2, retries=1)
    report = run_archive(pruned, client=client, log=lambda _: None)
    kept = _read(tmp_path / "pruned.jsonl")
    assert 0 < report.pairs_kept < 10, report.pairs_kept
    assert kept == {k: v for k, v in expected.items()
                    if any((v["left_source"], v["right_source"]) == p for p in _kept_pairs(tmp_path, report))}


def _kept_pairs(tmp_path, report) -> set[tuple[str, str]]:
    from compare.workspace import Workspace

    with Workspace.open(tmp_path / "pruned.parallax") as ws:
        ran = {(str(r["left_id"]), str(r["right_id"])) for r in ws.runs()}
    assert len(ran) == report.pairs_kept
    return ran
