"""The synopsis labels resolve, and the matrix meets them at least as well as when measured."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from compare.reading.synopsis import align_missing, workspace_synopsis
from compare.text.sources import bundled_sources
from compare.workspace import Workspace

BENCH = Path(__file__).resolve().parents[2] / "bench"
LABELS = json.loads((BENCH / "cases" / "kazakhstan-2022" / "synopsis-events.json").read_text("utf-8"))


def test_every_quote_opens_exactly_one_paragraph() -> None:
    by_id = {s.id: s for s in bundled_sources()}
    for event in LABELS["events"]:
        for sid, quotes in event["told_by"].items():
            for q in quotes:
                assert sum(p.text.startswith(q) for p in by_id[sid].paragraphs) == 1, (event["id"], sid, q)


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    spec = importlib.util.spec_from_file_location("synopsis_quality", BENCH / "synopsis_quality.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    with Workspace.create(tmp_path_factory.mktemp("syn") / "w.parallax") as ws:
        align_missing(ws, [s.id for s in ws.sources()], "paragraph")
        return bench.cells(workspace_synopsis(ws), LABELS)


def test_the_matrix_meets_the_labels(measured) -> None:
    # Floors a little under what engine 3.3 measures (bench/synopsis_results.md: precision 0.69,
    # strict recall 0.75; 0.75 and 0.82 when first measured, 0.71 and 0.80 with 3.2): a guard against a
    # collapse, not a claim. The second encoder links more, and three more cells are wrongly told.
    assert measured["recall"] >= 0.95
    assert measured["precision"] >= 0.65
    assert measured["strict_recall"] >= 0.7
