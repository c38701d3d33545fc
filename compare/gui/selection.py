"""The link the analyst is looking at, shared by panes, link maps and the pair table.

One object holds it so every view agrees; each view redraws on `changed`
and nobody keeps a private copy that could drift.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from compare.gui.session import PaneLink


class LinkSelection(QObject):
    """The selected link, plus the other links of the clicked passage ("active")."""

    changed = Signal(str)  # origin: "pane", "table", "map", "keyboard", "refresh"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.current: PaneLink | None = None
        self.active: frozenset[str] = frozenset()

    def set(self, current: PaneLink | None, active: list[PaneLink] | None = None, origin: str = "") -> None:
        self.current = current
        ids = {pl.pair_id for pl in active or ()}
        if current is not None:
            ids.add(current.pair_id)
        self.active = frozenset(ids)
        self.changed.emit(origin)

    def clear(self, origin: str = "") -> None:
        self.set(None, None, origin)

    @property
    def pair_id(self) -> str | None:
        return None if self.current is None else self.current.pair_id
