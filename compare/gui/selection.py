"""The link the analyst is looking at, as a Qt object that tells views when it changes.

The state and its rule live in `compare.reading.focus.LinkFocus`; this class
adds the `changed` signal, so every view redraws and nobody keeps a private
copy that could drift.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from compare.reading.focus import LinkFocus
from compare.reading.session import PaneLink


class LinkSelection(QObject):
    """The selected link, plus the other links of the clicked passage ("active")."""

    changed = Signal(str)  # origin: "pane", "table", "map", "keyboard", "refresh"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.focus = LinkFocus()

    @property
    def current(self) -> PaneLink | None:
        return self.focus.current

    @property
    def active(self) -> frozenset[str]:
        return self.focus.active

    @property
    def pair_id(self) -> str | None:
        return self.focus.pair_id

    def set(self, current: PaneLink | None, active: list[PaneLink] | None = None, origin: str = "") -> None:
        self.focus.set(current, active)
        self.changed.emit(origin)

    def clear(self, origin: str = "") -> None:
        self.set(None, None, origin)
