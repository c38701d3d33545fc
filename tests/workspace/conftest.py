"""Helpers the workspace tests share."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest


def _as_format(path: Path, version: int, *, drop: str) -> None:
    """Make the workspace at `path` look as an older format wrote it: without `drop`, at `version`."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(f"DROP TABLE {drop}")
        conn.execute(f"PRAGMA user_version = {int(version)}")
    conn.close()


@pytest.fixture
def as_format() -> Callable[..., None]:
    return _as_format
