"""Which link the analyst is looking at, shared by every view that draws links.

One object holds it so panes, link maps and the pair table agree. It is plain
data here; the GUI wraps it in a signal so views redraw when it changes.
"""

from __future__ import annotations

from collections.abc import Iterable

from compare.reading.session import PaneLink

__all__ = ["LinkFocus"]


class LinkFocus:
    """The selected link, plus the other links of the clicked passage ("active")."""

    def __init__(self) -> None:
        self.current: PaneLink | None = None
        self.active: frozenset[str] = frozenset()

    def set(self, current: PaneLink | None, active: Iterable[PaneLink] | None = None) -> None:
        self.current = current
        ids = {pl.pair_id for pl in active or ()}
        if current is not None:
            ids.add(current.pair_id)
        self.active = frozenset(ids)

    def clear(self) -> None:
        self.set(None, None)

    @property
    def pair_id(self) -> str | None:
        return None if self.current is None else self.current.pair_id
