"""Where the window keeps its layout and choices between runs.

Always an INI file, so its location can be pointed elsewhere: tests and
screenshots set PARALLAX_SETTINGS_DIR and never touch the user's settings.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

SETTINGS_ENV = "PARALLAX_SETTINGS_DIR"
FILE_NAME = "parallax.ini"


def settings_path() -> Path:
    override = os.environ.get(SETTINGS_ENV)
    if override:
        return Path(override) / FILE_NAME
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation)
    return Path(base or Path.home() / ".config" / "parallax") / FILE_NAME


def open_settings() -> QSettings:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


def read_list(settings: QSettings, key: str) -> list[str]:
    """A string list, whatever shape the INI backend hands back (None, str or list)."""
    value = settings.value(key)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def read_float(settings: QSettings, key: str, default: float) -> float:
    try:
        return float(settings.value(key, default))
    except (TypeError, ValueError):
        return default


def read_bool(settings: QSettings, key: str, default: bool) -> bool:
    value = settings.value(key, default)
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)
