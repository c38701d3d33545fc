"""Creating, opening and reopening workspaces; sources and their metadata."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from compare.cli.commands import run
from compare.model.errors import SourceError
from compare.text.sources import bundled_sources, source_from_text
from compare.workspace import APPLICATION_ID, DATA_DIR_ENV, SCHEMA_VERSION, Workspace, default_workspace_path, schema

LEFT = "encyclopedia-overview"  # aligned in the conftest template

NOTE = "---\nid: memo\ntitle: A memo\nauthor: Analyst\n---\nTokayev spoke on 5 January.\n\nThe CSTO came.\n"


def test_create_seeds_bundled_sources_and_marks_the_file(tmp_path: Path) -> None:
    path = tmp_path / "new.parallax"
    with Workspace.create(path) as ws:
        assert [s.id for s in ws.sources()] == [s.id for s in bundled_sources()]
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.parallax"]  # no temp files left


def test_sources_round_trip_through_reopen(tmp_path: Path) -> None:
    path = tmp_path / "w.parallax"
    memo = source_from_text(NOTE, name="memo.md")
    with Workspace.create(path, sources=()) as ws:
        assert ws.sources() == []
        ws.add_source(memo, origin="typed in a test")
    with Workspace.open(path) as ws:
        (back,) = ws.sources()
        (entry,) = ws.entries()
    assert back.meta == memo.meta and back.text == memo.text and back.blocks == memo.blocks
    assert back.paragraphs == memo.paragraphs and back.sentences == memo.sentences
    assert back.markdown == NOTE
    assert entry.origin == "typed in a test" and entry.added_at and not entry.text_changed


def test_every_bundled_source_rebuilds_identically(ws: Workspace) -> None:
    by_id = {s.id: s for s in ws.sources()}
    for original in bundled_sources():
        stored = by_id[original.id]
        assert (stored.meta, stored.text, stored.paragraphs, stored.sentences) == \
            (original.meta, original.text, original.paragraphs, original.sentences)


def test_plain_text_source_keeps_its_text(tmp_path: Path) -> None:
    plain = source_from_text("# not a heading\n\nplain *words*", name="raw.txt")
    with Workspace.create(tmp_path / "w.parallax", sources=[plain]) as ws:
        assert ws.source("raw").text == plain.text


def test_create_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "taken.parallax"
    path.write_bytes(b"precious")
    with pytest.raises(SourceError, match="already exists"):
        Workspace.create(path)
    assert path.read_bytes() == b"precious"


def test_duplicate_source_id_is_refused_and_nothing_added(ws: Workspace) -> None:
    before = [s.id for s in ws.sources()]
    memo = source_from_text(NOTE, name="memo.md")
    with pytest.raises(SourceError, match="already in the workspace"):
        ws.add_sources([memo, bundled_sources()[0]])
    assert [s.id for s in ws.sources()] == before


def test_update_metadata_persists_and_is_seen_by_another_instance(ws_path: Path) -> None:
    with Workspace.open(ws_path) as first, Workspace.open(ws_path) as second:
        assert second.source("kremlin-csto").meta.outlet  # fills the second instance's cache
        meta = first.update_metadata("kremlin-csto", outlet="TASS", published="2022-01-20")
        assert meta.outlet == "TASS" and meta.id == "kremlin-csto"
        assert second.source("kremlin-csto").meta.outlet == "TASS"
        assert second.source("kremlin-csto").meta.published == "2022-01-20"
    with Workspace.open(ws_path) as again:
        assert again.source("kremlin-csto").meta.outlet == "TASS"


@pytest.mark.parametrize(("fields", "message"), [
    ({"id": "other"}, "id cannot be changed"),
    ({"colour": "red"}, "unknown field"),
    ({"kind": "digest", "references": ()}, "digest must list"),
])
def test_update_metadata_refuses_bad_edits(ws: Workspace, fields: dict[str, object], message: str) -> None:
    before = ws.source(LEFT).meta
    with pytest.raises(SourceError, match=message):
        ws.update_metadata(LEFT, **fields)
    assert ws.source(LEFT).meta == before


def test_remove_source_takes_its_links_and_decisions(ws: Workspace) -> None:
    pair = ws.pairs(right_id="kremlin-csto")[0]
    ws.confirm(pair.pair_id)
    assert ws.remove_source("kremlin-csto") == 1
    assert "kremlin-csto" not in {s.id for s in ws.sources()}
    assert all(p.link.right.source_id != "kremlin-csto" for p in ws.pairs())
    with pytest.raises(SourceError, match="no source"):
        ws.remove_source("kremlin-csto")


def test_removing_a_source_is_undone_with_every_link_decision_and_run(ws: Workspace) -> None:
    pair = ws.pairs(right_id="kremlin-csto")[0]
    ws.confirm(pair.pair_id, relation="agrees", note="kept")
    before_pairs = {(p.pair_id, p.status, p.relation, p.note) for p in ws.pairs()}
    before_runs = ws.runs()
    before = ws.source("kremlin-csto")
    ws.remove_source("kremlin-csto")
    undone = ws.undo()
    assert undone is not None and undone.label == "Remove source kremlin-csto"
    assert ws.source("kremlin-csto") == before
    assert {(p.pair_id, p.status, p.relation, p.note) for p in ws.pairs()} == before_pairs
    assert ws.runs() == before_runs
    ws.undo()  # the older confirm is reachable again once the removal is undone
    assert {p.pair_id: p.status for p in ws.pairs()}[pair.pair_id] == "proposed"
    ws.redo()
    ws.redo()  # and the removal can be done again
    assert "kremlin-csto" not in {s.id for s in ws.sources()}


def test_a_removal_survives_reopening_and_stays_undoable(ws_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        ws.remove_source("kremlin-csto")
    with Workspace.open(ws_path) as ws:  # the record passes the stored-value checks
        assert "kremlin-csto" not in {s.id for s in ws.sources()}
        ws.undo()
        assert "kremlin-csto" in {s.id for s in ws.sources()}


def test_missing_default_workspace_is_created_with_bundled_sources(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data" / "nested"))
    path = default_workspace_path()
    assert not path.exists()
    with Workspace.open_default() as ws:
        assert ws.path == path and len(ws.sources()) == len(bundled_sources())
        ws.update_metadata(LEFT, note="seen")
    with Workspace.open_default() as ws:  # the second time it is opened, not recreated
        assert ws.source(LEFT).meta.note == "seen"


def test_closed_workspace_says_so(ws: Workspace) -> None:
    ws.close()
    with pytest.raises(SourceError, match="closed"):
        ws.sources()


def test_an_older_workspace_is_migrated_on_open(ws_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    current = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setattr(schema, "MIGRATIONS", {current: ("ALTER TABLE sources ADD COLUMN colour TEXT",)})
    with Workspace.open(ws_path) as ws:
        assert ws.pairs()
    conn = sqlite3.connect(ws_path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == current + 1
        assert "colour" in {row[1] for row in conn.execute("PRAGMA table_info(sources)")}
    finally:
        conn.close()


def test_a_failed_migration_changes_nothing(ws_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    current = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 2)
    monkeypatch.setattr(schema, "MIGRATIONS", {current: ("ALTER TABLE sources ADD COLUMN colour TEXT",),
                                               current + 1: ("ALTER TABLE nowhere ADD COLUMN x",)})
    with pytest.raises(SourceError, match="cannot upgrade"):
        Workspace.open(ws_path)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current)
    with Workspace.open(ws_path) as ws:  # still a valid workspace of the current version
        assert ws.pairs()


def test_a_source_whose_text_would_render_differently_is_flagged(ws_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    conn = sqlite3.connect(ws_path)
    conn.execute("UPDATE sources SET text_sha256 = 'x' WHERE id = ?", (LEFT,))
    conn.commit()
    conn.close()
    with Workspace.open(ws_path) as ws:
        flagged = [e.id for e in ws.entries() if e.text_changed]
    assert flagged == [LEFT]
    assert run(["workspace", str(ws_path), "list"]) == 0
    assert "[text changed since import]" in capsys.readouterr().out


def test_a_format_1_workspace_gains_the_embeddings_table(ws_path: Path, as_format) -> None:
    as_format(ws_path, 1, drop="embeddings")
    with Workspace.open(ws_path) as ws:
        assert ws.pairs()
    conn = sqlite3.connect(ws_path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == 4
        assert conn.execute("SELECT count(*) FROM embeddings").fetchone()[0] == 0
    finally:
        conn.close()
