"""What the window's command objects may ask of the window: narrow host interfaces.

File, review and alignment commands and the reading actions each see only the
few things they need — the session, the status line, error dialogs, a refresh —
through a Protocol here, never the whole `MainWindow`. So a command can be read,
and tested with a stand-in host, without knowing how the window is built, and
the window's construction order no longer matters to them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from compare.gui.controls import AlignControls
    from compare.gui.review_dock import ReviewDock
    from compare.gui.selection import LinkSelection
    from compare.gui.text_selections import TextSelections
    from compare.gui.work_status import WorkStatus
    from compare.reading.session import ReadingSession

__all__ = ["AlignmentHost", "EncoderHost", "FileHost", "ReadingHost", "ReviewHost", "StatusHost"]


class StatusHost(Protocol):
    """The session on show, and the two ways to tell the analyst something."""

    @property
    def session(self) -> ReadingSession: ...

    @property
    def work(self) -> WorkStatus: ...

    def show_status(self, message: str, timeout: int = 0) -> None: ...

    def notify_error(self, title: str, message: str) -> None: ...


class AlignmentHost(StatusHost, Protocol):
    """What the alignment runner updates when a result arrives."""

    @property
    def controls(self) -> AlignControls: ...

    def refresh(self, origin: str = "refresh") -> None: ...

    def review_changed(self, select: str | None, message: str) -> None: ...


class EncoderHost(StatusHost, Protocol):
    """What the choice of sentence encoders asks for once it changes: the shown pairs aligned again."""

    def align_missing(self) -> None: ...


class FileHost(StatusHost, Protocol):
    """What file commands need: settings for recent files, and the views to tell of changes."""

    @property
    def settings(self) -> QSettings | None: ...

    def cancel_work(self) -> None: ...

    def library_changed(self, select: str | None = None) -> None: ...

    def workspace_replaced(self, message: str) -> None: ...

    def pairs_in_scope(self, scope: str) -> list[str]: ...

    def ask_to_replace(self, path: Path) -> bool: ...

    def ask_salvage_target(self, damaged: Path) -> str: ...

    def ask_to_remove(self, title: str) -> bool: ...


class ReviewHost(StatusHost, Protocol):
    """What review commands need: the selected link, the selected text, the review panel."""

    @property
    def selection(self) -> LinkSelection: ...

    @property
    def text_selections(self) -> TextSelections: ...

    @property
    def review_dock(self) -> ReviewDock: ...

    def review_changed(self, select: str | None, message: str) -> None: ...

    def library_changed(self, select: str | None = None) -> None: ...

    def pairs_in_scope(self, scope: str) -> list[str]: ...


class ReadingHost(Protocol):
    """The reading commands: moving between links, finding, zooming, panes, theme."""

    def step_link(self, delta: int) -> None: ...

    def step_omission(self, delta: int) -> None: ...

    def step_contested(self, delta: int) -> None: ...

    def open_find(self) -> None: ...

    def zoom(self, direction: int) -> None: ...

    def add_pane(self) -> None: ...

    def set_scroll_lock(self, on: bool) -> None: ...

    def set_show_unmatched(self, on: bool) -> None: ...

    def realign(self) -> None: ...

    def cancel_work(self) -> None: ...

    def set_theme(self, choice: str) -> None: ...
