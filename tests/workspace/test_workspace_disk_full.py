"""A full disk is called a full disk, never damage, and costs nothing already saved.

A real full disk needs a mounted file system of its own, so these tests make
SQLite and the OS fail the way they do on one (SQLITE_FULL, "disk I/O error"
with no space left, ENOSPC) and check what the analyst is told and kept.
"""

from __future__ import annotations

import errno
import hashlib
import shutil
import sqlite3
from collections import namedtuple
from pathlib import Path

import pytest

from compare.cli.commands import run
from compare.model.errors import SourceError
from compare.workspace import Workspace, connection, schema

_Usage = namedtuple("_Usage", "total used free")
_REAL_USAGE = shutil.disk_usage


def _no_space(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection.shutil, "disk_usage", lambda _path: _Usage(10**9, 10**9, 0))


def test_creating_a_workspace_on_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    def full(*_args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(schema, "initialise", full)
    target = tmp_path / "new.parallax"
    with pytest.raises(SourceError, match=r"cannot create the workspace \(the disk is full"):
        Workspace.create(target, sources=())
    assert list(tmp_path.iterdir()) == []
    memo = tmp_path / "memo.txt"
    memo.write_text("Tokayev asked the CSTO for help.", "utf-8")
    assert run(["workspace", str(target), "import", str(memo)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the disk is full" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.txt"]


def test_no_room_even_for_the_empty_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def enospc(*_args: object, **_kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(connection.os, "open", enospc)
    with pytest.raises(SourceError, match="the disk is full"):
        Workspace.create(tmp_path / "new.parallax", sources=())


def test_an_io_error_on_a_full_disk_is_not_called_damage(ws_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class _FailingConnection:
        def execute(self, *_args: object) -> None:
            raise sqlite3.OperationalError("disk I/O error")

        def close(self) -> None:
            pass

    before = hashlib.sha256(ws_path.read_bytes()).hexdigest()
    monkeypatch.setattr(schema.sqlite3, "connect", lambda *_a, **_k: _FailingConnection())
    _no_space(monkeypatch)
    with pytest.raises(SourceError) as info:
        Workspace.open(ws_path)
    assert "the disk is full" in str(info.value) and "damaged" not in str(info.value)
    monkeypatch.setattr(connection.shutil, "disk_usage", _REAL_USAGE)
    with pytest.raises(SourceError, match="damaged workspace"):  # with room to spare it is damage
        Workspace.open(ws_path)
    assert hashlib.sha256(ws_path.read_bytes()).hexdigest() == before


def test_a_review_that_cannot_be_saved_loses_nothing_saved_before(ws: Workspace,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = [v.pair_id for v in ws.pairs()[:2]]
    ws.confirm(first, note="saved before the disk filled")
    real_execute = sqlite3.Connection.execute

    def failing_commit(conn: sqlite3.Connection, sql: str, *args: object) -> sqlite3.Cursor:
        if sql == "COMMIT":
            raise sqlite3.OperationalError("database or disk is full")
        return real_execute(conn, sql, *args)

    monkeypatch.setattr(connection, "transaction", _transaction_with(failing_commit))
    with pytest.raises(SourceError, match=r"could not save \(the disk is full"):
        ws.reject(second)
    monkeypatch.undo()
    assert ws.pair(first).status == "confirmed" and ws.pair(first).note == "saved before the disk filled"
    assert ws.pair(second).status == "proposed"


def _transaction_with(execute):
    """connection.transaction, with COMMIT going through `execute`."""
    from contextlib import contextmanager

    real = connection.transaction  # taken before the monkeypatch replaces it

    @contextmanager
    def patched(conn: sqlite3.Connection, path: Path):
        class _Proxy:
            def __getattr__(self, name: str) -> object:
                return getattr(conn, name)

            def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
                return execute(conn, sql, *args)

        with real(_Proxy(), path) as proxied:
            yield proxied

    return patched
