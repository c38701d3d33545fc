"""Where the window keeps its layout and choices between runs.

Always an INI file, so its location can be pointed elsewhere: tests and
screenshots set PARALLAX_SETTINGS_DIR and never touch the user's settings.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

SETTINGS_ENV = "PARALLAX_SETTINGS_DIR"
FILE_NAME = "parallax.ini"
RECENT_KEY = "workspace/recent"
MAX_RECENT = 8


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
        return float(str(settings.value(key, default)))
    except (TypeError, ValueError):
        return default


def read_bool(settings: QSettings, key: str, default: bool) -> bool:
    value = settings.value(key, default)
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


@dataclass
class Preferences:
    """What the window remembers between runs. `None`/empty means "use the default"."""

    panes: list[str] = field(default_factory=list)
    unit: str | None = None
    threshold: float | None = None
    zoom: float = 1.0
    scroll_lock: bool = True
    show_unmatched: bool = True
    theme: str = "system"
    geometry: QByteArray | None = None
    state: QByteArray | None = None


def load_preferences(settings: QSettings) -> Preferences:
    unit = settings.value("align/unit")
    threshold = settings.value("align/threshold")
    theme = str(settings.value("view/theme", "system"))
    geometry, state = settings.value("window/geometry"), settings.value("window/state")
    return Preferences(
        panes=read_list(settings, "panes/sources"),
        unit=str(unit) if unit in ("paragraph", "sentence") else None,
        threshold=read_float(settings, "align/threshold", 0.0) if threshold is not None else None,
        zoom=read_float(settings, "view/zoom", 1.0),
        scroll_lock=read_bool(settings, "view/scrollLock", True),
        show_unmatched=read_bool(settings, "view/showUnmatched", True),
        theme=theme if theme in ("system", "light", "dark") else "system",
        geometry=geometry if isinstance(geometry, QByteArray) else None,
        state=state if isinstance(state, QByteArray) else None)


def store_preferences(settings: QSettings, prefs: Preferences) -> None:
    for key, value in (("panes/sources", list(prefs.panes)),
                       ("align/unit", prefs.unit), ("align/threshold", prefs.threshold),
                       ("view/zoom", prefs.zoom), ("view/scrollLock", prefs.scroll_lock),
                       ("view/showUnmatched", prefs.show_unmatched), ("view/theme", prefs.theme),
                       ("window/geometry", prefs.geometry), ("window/state", prefs.state)):
        if value is not None:
            settings.setValue(key, value)
    settings.sync()


def _reading_group(workspace: str | Path) -> str:
    """The settings group of one workspace's reading state, named by its resolved path."""
    digest = hashlib.sha1(str(Path(workspace).resolve()).encode()).hexdigest()[:16]
    return f"reading/{digest}"


def load_reading_state(settings: QSettings, prefs: Preferences, workspace: str | Path) -> Preferences:
    """`prefs` with the panes, unit and threshold last used on `workspace` (none if never opened).

    These belong to a workspace, not to the machine: a new data folder must not open
    with the panes of another one's last session (issue 12, defect 7).
    """
    group = _reading_group(workspace)
    unit = settings.value(f"{group}/unit")
    threshold = settings.value(f"{group}/threshold")
    prefs.panes = read_list(settings, f"{group}/panes")
    prefs.unit = str(unit) if unit in ("paragraph", "sentence") else None
    prefs.threshold = read_float(settings, f"{group}/threshold", 0.0) if threshold is not None else None
    return prefs


def store_reading_state(settings: QSettings, workspace: str | Path, panes: list[str], unit: str,
                        threshold: float) -> None:
    """Keep `workspace`'s reading state now (as it changes, so a crash does not lose it)."""
    group = _reading_group(workspace)
    settings.setValue(f"{group}/panes", list(panes))
    settings.setValue(f"{group}/unit", unit)
    settings.setValue(f"{group}/threshold", threshold)
    settings.sync()


def recent_workspaces(settings: QSettings) -> list[str]:
    """Workspaces opened lately, newest first, those that still exist."""
    return [p for p in read_list(settings, RECENT_KEY) if Path(p).is_file()][:MAX_RECENT]


def remember_workspace(settings: QSettings, path: str | Path) -> None:
    """Put `path` first in the recent list (kept at once: a crash must not forget it)."""
    text = str(Path(path).resolve())
    older = [p for p in read_list(settings, RECENT_KEY) if p != text]
    settings.setValue(RECENT_KEY, [text, *older][:MAX_RECENT])
    settings.sync()
