"""Exports of a filtered set carry the decisions and the citations of both sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare.export.writers import FIELDS, read_records
from compare.model.errors import SourceError
from compare.workspace import Workspace

LEFT, RIGHT = "encyclopedia-overview", "kremlin-csto"


def test_export_of_confirmed_pairs(ws: Workspace, tmp_path: Path) -> None:
    views = ws.pairs()
    ws.confirm(views[0].pair_id, relation="contradicts", note="casualty figures differ")
    ws.reject(views[1].pair_id, note="unrelated")
    manual = ws.add_link(LEFT, (0, 40), RIGHT, (13, 60), relation="same event")
    ws.update_metadata(RIGHT, author="TASS desk")
    out = ws.export(tmp_path / "confirmed.csv", status="confirmed")
    records = {r["pair_id"]: r for r in read_records(out)}
    assert set(records) == {views[0].pair_id, manual.pair_id}
    first = records[views[0].pair_id]
    assert list(first) == list(FIELDS)
    assert (first["status"], first["relation"], first["note"]) == \
        ("confirmed", "contradicts", "casualty figures differ")
    assert first["left_text"] == views[0].link.left.text and first["score"] == views[0].link.score
    hand = records[manual.pair_id]
    assert (hand["left_start"], hand["left_end"], hand["right_start"], hand["right_end"]) == (0, 40, 13, 60)
    assert hand["right_author"] == "TASS desk" and hand["right_kind"] == "digest"
    assert hand["right_url"] == ws.source(RIGHT).meta.url and hand["left_title"] == ws.source(LEFT).meta.title
    assert hand["accessed"]


def test_export_markdown_quotes_with_citations(ws: Workspace, tmp_path: Path) -> None:
    pid = ws.pairs()[0].pair_id
    ws.confirm(pid, relation="agrees", note="both cite the same statement")
    text = ws.export(tmp_path / "report.md", status="confirmed", relation="agrees").read_text("utf-8")
    assert f"### Pair {pid}" in text and "confirmed, agrees" in text
    assert "*Note:* both cite the same statement" in text and "characters" in text


def test_export_explicit_pairs_and_filters(ws: Workspace, tmp_path: Path) -> None:
    chosen = ws.pairs(right_id="kz-presidency")[:2]
    records = read_records(ws.export(tmp_path / "some.jsonl", pairs=chosen))
    assert [r["pair_id"] for r in records] == [v.pair_id for v in chosen]
    assert read_records(ws.export(tmp_path / "none.json", status="rejected")) == []
    with pytest.raises(SourceError, match="unknown export format"):
        ws.export(tmp_path / "x.pdf")


def test_pair_filters(ws: Workspace) -> None:
    views = ws.pairs()
    ws.confirm(views[0].pair_id, relation="agrees", note="Needle in a note")
    assert [v.pair_id for v in ws.pairs(status="confirmed")] == [views[0].pair_id]
    assert len(ws.pairs(status="proposed")) == len(views) - 1
    assert [v.pair_id for v in ws.pairs(relation="agrees")] == [views[0].pair_id]
    assert len(ws.pairs(relation="")) == len(views) - 1
    assert [v.pair_id for v in ws.pairs(text="NEEDLE")] == [views[0].pair_id]
    word = views[1].link.right.text.split()[3]
    assert views[1].pair_id in {v.pair_id for v in ws.pairs(text=word)}
    top = max(v.link.score for v in views)
    manual = ws.add_link(LEFT, (0, 10), RIGHT, (0, 10))
    assert {v.pair_id for v in ws.pairs(min_score=top)} == \
        {v.pair_id for v in views if v.link.score == top} | {manual.pair_id}
    assert all(v.link.right.source_id == RIGHT for v in ws.pairs(left_id=LEFT, right_id=RIGHT))
    assert ws.pairs(left_id=RIGHT) == []
