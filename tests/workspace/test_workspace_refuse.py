"""Files that are not intact workspaces are refused with SourceError and left byte-identical."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
from pathlib import Path

import pytest

from compare.model.errors import SourceError
from compare.workspace import APPLICATION_ID, Workspace
from compare.workspace.schema import SCHEMA


def _snapshot(path: Path) -> tuple[str, list[str]]:
    """The file's hash and the folder listing (no -wal, -shm or -journal may appear)."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(p.name for p in path.parent.iterdir())


def _refused(path: Path, message: str) -> None:
    before = _snapshot(path)
    with pytest.raises(SourceError, match=message):
        Workspace.open(path)
    assert _snapshot(path) == before


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.parallax"
    path.write_bytes(random.Random(1).randbytes(20_000))
    _refused(path, "not an SQLite database")


def test_empty_file_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.parallax"
    path.write_bytes(b"")
    _refused(path, "empty")
    with pytest.raises(SourceError, match="no such workspace"):
        Workspace.open(tmp_path / "absent.parallax")
    assert not (tmp_path / "absent.parallax").exists()


def test_a_folder(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="folder"):
        Workspace.open(tmp_path)


@pytest.mark.parametrize("wal", [False, True])
def test_foreign_sqlite_database(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "other-app.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('A', '1')")
    conn.commit()
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    _refused(path, "another application")


def test_foreign_database_with_our_tables_but_another_application_id(tmp_path: Path) -> None:
    path = tmp_path / "lookalike.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    for statement in SCHEMA:
        conn.execute(statement)
    conn.commit()
    conn.close()
    _refused(path, "another application")


def test_our_application_id_without_our_tables(tmp_path: Path) -> None:
    path = tmp_path / "hollow.parallax"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("CREATE TABLE sources (id TEXT)")
    conn.commit()
    conn.close()
    _refused(path, "tables missing")


@pytest.mark.parametrize("keep", [50, 4096, 10_000, 0.5])
def test_truncated_workspace(ws_path: Path, keep: float) -> None:
    data = ws_path.read_bytes()
    cut = int(len(data) * keep) if isinstance(keep, float) else keep
    ws_path.write_bytes(data[:cut])
    _refused(ws_path, "damaged workspace|truncated")


def test_workspace_with_overwritten_pages(ws_path: Path) -> None:
    data = bytearray(ws_path.read_bytes())
    data[4096:12288] = random.Random(2).randbytes(8192)  # pages 2 and 3: table roots
    ws_path.write_bytes(bytes(data))
    _refused(ws_path, "damaged workspace")


def test_workspace_from_a_newer_version(ws_path: Path) -> None:
    conn = sqlite3.connect(ws_path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    _refused(ws_path, "newer Parallax")


def test_a_valid_workspace_opens_after_the_checks(ws_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        assert ws.pairs()
    assert not os.path.exists(f"{ws_path}-wal")  # closing folds the WAL back in


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_as_the_workspace_is_refused_without_blocking(tmp_path: Path, capsys) -> None:
    from compare.cli.commands import run

    fifo = tmp_path / "pipe.parallax"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="not a workspace file"):
        Workspace.open(fifo)
    assert run(["workspace", str(fifo), "list"]) == 2
    assert "not a workspace file" in capsys.readouterr().err
