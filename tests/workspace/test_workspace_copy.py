"""Save As: a consistent copy under a new name, never over an existing file."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare.model.errors import SourceError
from compare.workspace import Workspace


def test_copy_keeps_sources_links_decisions_and_history(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "a.parallax") as ws:
        left, right = (s.id for s in ws.sources()[:2])
        ws.align(left, [right])
        pair = ws.pairs()[0].pair_id
        ws.confirm(pair, relation="agrees", note="checked")
        with ws.copy_to(tmp_path / "b.parallax") as copy:
            assert copy.path == tmp_path / "b.parallax"
            assert [s.id for s in copy.sources()] == [s.id for s in ws.sources()]
            assert copy.pair(pair).review == ws.pair(pair).review
            assert len(copy.pairs()) == len(ws.pairs())
            copy.undo()  # the history came along, and undoing there leaves the original alone
            assert copy.pair(pair).status == "proposed"
        assert ws.pair(pair).status == "confirmed"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == \
        ["a.parallax", "b.parallax"]  # no temporary file left behind


def test_copy_refuses_an_existing_file_or_a_missing_folder(tmp_path: Path) -> None:
    other = tmp_path / "other.parallax"
    other.write_bytes(b"precious")
    with Workspace.create(tmp_path / "a.parallax") as ws:
        with pytest.raises(SourceError, match="already exists"):
            ws.copy_to(other)
        with pytest.raises(SourceError, match="no such folder"):
            ws.copy_to(tmp_path / "missing" / "b.parallax")
    assert other.read_bytes() == b"precious"
