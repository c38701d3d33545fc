"""Where Parallax finds its files: the bundled data beside the package, and the user's own."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_DIR = PROJECT_ROOT / "sources"
RESOURCES_DIR = PROJECT_ROOT / "resources"
DATA_DIR_ENV = "PARALLAX_DATA_DIR"


def data_dir() -> Path:
    """`$PARALLAX_DATA_DIR` if set (tests, portable installs), else the platform's data folder."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_data_dir("Parallax"))
