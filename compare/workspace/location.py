"""Where the default workspace lives: the user's data folder, or a folder tests choose."""

from __future__ import annotations

from pathlib import Path

from compare.model.locations import DATA_DIR_ENV, data_dir

__all__ = ["DATA_DIR_ENV", "DEFAULT_NAME", "data_dir", "default_workspace_path"]

DEFAULT_NAME = "workspace.parallax"


def default_workspace_path() -> Path:
    return data_dir() / DEFAULT_NAME
