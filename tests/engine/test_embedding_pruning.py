"""The command line's vector cache file is pruned oldest-written first; a workspace's vectors are never pruned."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest

from compare.engine import semantic
from compare.engine.semantic import EMBEDDINGS_TABLE, SqliteStore

MODEL = "test-model"


def _batches(store: SqliteStore, monkeypatch: pytest.MonkeyPatch, sizes: list[int]) -> list[list[str]]:
    """Vectors put in batches, one (pretend) day apart, oldest first; each batch's digests."""
    rng = np.random.default_rng(0)
    out = []
    for day, n in enumerate(sizes):
        digests = [f"{day}-{k}" for k in range(n)]
        with monkeypatch.context() as clock:  # only this patch undone after (not the conftest's folders)
            clock.setattr(semantic.time, "time", lambda day=day: 1_000_000.0 + 86_400 * day)
            store.put_many(MODEL, [(d, rng.standard_normal(384).astype(np.float32)) for d in digests])
        out.append(digests)
    return out


def _kept(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {d for (d,) in conn.execute("SELECT digest FROM embeddings")}


def test_the_oldest_vectors_go_until_the_file_is_under_its_budget(tmp_path, monkeypatch) -> None:
    path = tmp_path / "embeddings.sqlite"
    old, _middle, new = _batches(SqliteStore.at(path), monkeypatch, [200, 200, 200])
    size = path.stat().st_size
    removed = SqliteStore.at(path).prune(size // 2)
    kept = _kept(path)
    assert removed == 600 - len(kept) and removed >= 300
    assert not kept & set(old) and set(new) <= kept  # the oldest first, the newest stay
    assert path.stat().st_size <= size // 2  # compacted: the file itself shrank
    assert SqliteStore.at(path).get_many(MODEL, new[:3]).keys() == set(new[:3])  # what stays still reads
    with closing(sqlite3.connect(path)) as conn:  # no time left behind for a vector that went
        assert {d for (d,) in conn.execute("SELECT digest FROM written")} == kept


def test_under_its_budget_nothing_goes(tmp_path, monkeypatch) -> None:
    path = tmp_path / "embeddings.sqlite"
    _batches(SqliteStore.at(path), monkeypatch, [50])
    assert SqliteStore.at(path).prune(path.stat().st_size) == 0 and len(_kept(path)) == 50
    assert SqliteStore.at(tmp_path / "absent.sqlite").prune(1) == 0
    assert not (tmp_path / "absent.sqlite").exists()  # pruning makes no file


def test_vectors_stored_before_writes_were_timed_go_first(tmp_path, monkeypatch) -> None:
    path = tmp_path / "embeddings.sqlite"
    untimed, timed = _batches(SqliteStore.at(path), monkeypatch, [150, 150])
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DELETE FROM written WHERE digest LIKE '0-%'")  # as a file from before this change
    removed = SqliteStore.at(path).prune(path.stat().st_size // 2)
    kept = _kept(path)
    assert removed > 150 and not kept & set(untimed) and kept <= set(timed) and len(kept) == 300 - removed


def test_a_workspace_store_is_never_pruned(tmp_path) -> None:
    path = tmp_path / "workspace.sqlite"

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(path)
        conn.execute(EMBEDDINGS_TABLE)
        return conn

    store = SqliteStore(connect)
    store.put_many(MODEL, [(f"d{k}", np.ones(384, dtype=np.float32)) for k in range(100)])
    assert store.prune(1) == 0 and len(_kept(path)) == 100
    with closing(sqlite3.connect(path)) as conn:  # and it records no write times
        assert not conn.execute("SELECT name FROM sqlite_master WHERE name = 'written'").fetchall()
