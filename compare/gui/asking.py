"""The window's questions and refusals: every dialog a command may need, in one place.

Commands ask through the host protocols (`compare.gui.host`); this base class of
the main window answers with real dialogs, and tests replace these methods to
answer without one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

Button = QMessageBox.StandardButton


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
                buttons: Button = Button.Ok, default: Button = Button.NoButton) -> QMessageBox:
    """A message box whose text is plain text, never markup.

    Its text quotes titles, file names and addresses from documents nobody here
    wrote; QMessageBox's static helpers guess at rich text, and a title such as
    `<a href="…">` became a link (a pasted `<b>…</b>` came out bold)."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if default != Button.NoButton:
        box.setDefaultButton(default)
    return box


def ask(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
        buttons: Button = Button.Yes | Button.No, default: Button = Button.Yes) -> Button:
    """Show `message_box` and return the button pressed."""
    return Button(message_box(parent, icon, title, text, buttons, default).exec())


class AskingWindow(QMainWindow):
    """A main window that can tell the analyst of a refusal and ask yes/no or where to."""

    def notify_error(self, title: str, message: str) -> None:
        """Every refusal reaches the analyst through here (tests replace it to read the message)."""
        message_box(self, QMessageBox.Icon.Warning, title, message).exec()

    def ask_to_remove(self, title: str) -> bool:
        """Whether to remove a source (tests replace it to answer)."""
        answer = ask(self, QMessageBox.Icon.Question, "Remove source?",
                     f"Remove “{title}” from this workspace? Its links and decisions go with it; "
                     "Undo (Ctrl+Z) brings them all back.")
        return answer == Button.Yes

    def ask_salvage_target(self, damaged: Path) -> str:
        """Where to export what a damaged workspace still holds ("" for nowhere; tests replace it)."""
        from PySide6.QtWidgets import QFileDialog

        answer = ask(self, QMessageBox.Icon.Question, "Export what is readable?",
                     f"{damaged.name} cannot be opened, but the pairs that are still readable can be exported "
                     "(the file itself stays as it is). Export them?")
        if answer != Button.Yes:
            return ""
        path, _ = QFileDialog.getSaveFileName(self, "Export readable pairs to", str(damaged.with_suffix(".csv")),
                                              "Tables (*.csv *.xlsx);;JSON (*.json *.jsonl);;Markdown (*.md)")
        return path

    def ask_to_align_many(self, pairs: int, sources: int) -> bool:
        """Whether a synopsis should align every pair it lacks first, when they are many (tests replace it)."""
        box = message_box(self, QMessageBox.Icon.Question, "Align every pair first?",
                          f"A synopsis of all {sources} sources reads every pair of them, and {pairs:,} pairs "
                          "are not aligned yet: that can take a long time. Align them all first, or build the "
                          "synopsis from the pairs already aligned?", Button.NoButton)
        everything = box.addButton("Align all", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton("Use aligned pairs", QMessageBox.ButtonRole.RejectRole))
        box.exec()
        return box.clickedButton() is everything

    def ask_to_replace(self, path: Path) -> bool:
        """Whether an existing file may be overwritten (tests replace it to answer)."""
        answer = ask(self, QMessageBox.Icon.Question, "Replace file?",
                     f"{path.name} already exists in {path.parent}. Replace it?", default=Button.No)
        return answer == Button.Yes
