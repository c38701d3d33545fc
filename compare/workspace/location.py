"""Where the default workspace lives: the user's data folder, or a folder tests choose."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "PARALLAX_DATA_DIR"
DEFAULT_NAME = "workspace.parallax"


def data_dir() -> Path:
    """`$PARALLAX_DATA_DIR` if set (tests, portable installs), else the platform's data folder."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_data_dir("Parallax"))


def default_workspace_path() -> Path:
    return data_dir() / DEFAULT_NAME
