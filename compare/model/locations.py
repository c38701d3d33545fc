"""Where Parallax finds its files: the data shipped inside the package, and the user's own.

`sources/` and `resources/` sit at the top of the checkout, where a reader of the
project expects them, and are installed as the package data `compare.bundled`
and `compare.resources` (pyproject maps the two folders onto those names). They
are found through `importlib.resources`, so a wheel works far from the checkout.
"""

from __future__ import annotations

import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import platformdirs

__all__ = ["CACHE_DIR_ENV", "CACHE_LIMIT_ENV", "DATA_DIR_ENV", "bundled_dir", "cache_dir", "cache_limit", "data_dir",
           "embedding_cache_path", "resource"]

DATA_DIR_ENV = "PARALLAX_DATA_DIR"
CACHE_DIR_ENV = "PARALLAX_CACHE_DIR"
CACHE_LIMIT_ENV = "PARALLAX_CACHE_LIMIT_MB"
CACHE_LIMIT_MB = 2048  # about 13,000 files' layouts, features and kept links
_CHECKOUT = Path(__file__).resolve().parents[2]


def _package_dir(package: str, folder: str) -> Traversable:
    """The installed data package, or the checkout's folder when run from a bare checkout."""
    try:
        return resources.files(package)
    except ModuleNotFoundError:
        return _CHECKOUT / folder


def bundled_dir() -> Traversable:
    """The folder of bundled accounts (Markdown files with front matter)."""
    return _package_dir("compare.bundled", "sources")


def resource(*parts: str) -> Traversable:
    """A file among the shipped resources: alias tables, the lexicon, style sheets."""
    found = _package_dir("compare.resources", "resources")
    for part in parts:
        found = found / part
    return found


def data_dir() -> Path:
    """`$PARALLAX_DATA_DIR` if set (tests, portable installs), else the platform's data folder."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_data_dir("Parallax"))


def cache_dir() -> Path:
    """`$PARALLAX_CACHE_DIR` if set, else the platform's cache folder: what can be recomputed lives here."""
    override = os.environ.get(CACHE_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_cache_dir("Parallax"))


def cache_limit() -> int:
    """Bytes the command line's cache folder may hold before the oldest entries and vectors go:
    `$PARALLAX_CACHE_LIMIT_MB` (a whole number of megabytes) or 2 GB."""
    try:
        mb = int(os.environ.get(CACHE_LIMIT_ENV, CACHE_LIMIT_MB))
    except ValueError:
        mb = CACHE_LIMIT_MB
    return max(1, mb) * 1024 * 1024


def embedding_cache_path() -> Path:
    """The command line's store of passage embeddings (the app keeps its own inside the workspace)."""
    return cache_dir() / "embeddings.sqlite"
