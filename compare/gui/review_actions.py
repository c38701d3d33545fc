"""Review commands: their keys, their menu, and what each does to the selected link.

Each command asks the Qt-free `Reviewer` to act (one undoable workspace
action, on disk at once) and then has the window redraw from the workspace.
A refused action (say, deleting an engine link) becomes a dialog, never a
silent no-op. Single-letter keys (C, R, P, N, 0-5) only fire when no text
field has the focus: line edits and the note editor take their letters first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from compare.gui.window_actions import make_action
from compare.model.errors import SourceError
from compare.reading.reviewer import Reviewer, short
from compare.reading.session import PaneLink
from compare.workspace import RELATIONS

if TYPE_CHECKING:
    from compare.gui.host import ReviewHost

# What a review change returns: a status line, or the pair to select and a status line.
Outcome = str | tuple[str | None, str] | None


class ReviewActions(QObject):
    """Confirm, reject, relate, annotate, link by hand, undo; enabled as the selection allows."""

    def __init__(self, host: ReviewHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = host
        self.parent_widget = parent
        self.reviewer = Reviewer(host.session)
        a = self._action
        self.confirm = a("Confirm", self._on(self.reviewer.confirm, "confirmed"), ["C", "Ctrl+Return"],
                         "Confirm the selected link, or every row selected in the table (C, Ctrl+Return)")
        self.reject = a("Reject", self._on(self.reviewer.reject, "rejected"), ["R", "Ctrl+Backspace"],
                        "Reject the selected link, or every row selected in the table (R, Ctrl+Backspace)")
        self.reset = a("Reset", self._on(self.reviewer.reset, "proposed"), ["P", "Ctrl+Shift+Backspace"],
                       "Back to proposed (P, Ctrl+Shift+Backspace); relation and note stay")
        self.relations = [a(relation.capitalize(), self._relation(relation), [str(n)],
                            f"Relation: {relation} ({n})") for n, relation in enumerate(RELATIONS, start=1)]
        self.no_relation = a("No relation", self._relation(""), ["0"], "Clear the relation (0)")
        self.edit_note = a("Edit note", self._edit_note, ["N"], "Write a note on the selected link (N)")
        self.link_selection = a("Link selection", self._link_selection, ["Ctrl+L"],
                                "Link the text selected in two panes (Ctrl+L)")
        self.adjust = a("Adjust link to selection", self._adjust, ["Ctrl+Shift+L"],
                        "Move the selected link's ends to the text selected in its panes (Ctrl+Shift+L)")
        self.delete = a("Delete hand-made link", self._delete, [QKeySequence.StandardKey.Delete],
                        "Delete the selected hand-made link (Del)")
        self.undo = a("Undo", self._undo, [QKeySequence.StandardKey.Undo], "Undo the last review action")
        self.redo = a("Redo", self._redo, ["Ctrl+Shift+Z", QKeySequence.StandardKey.Redo],
                      "Redo the review action just undone")
        self.copy_pair = a("Copy pair as quotation", self._copy_pair, ["Ctrl+Shift+C"],
                           "Copy both passages with citations as Markdown (Ctrl+Shift+C)")
        self.confirm.setIconText("✓ Confirm")
        self.reject.setIconText("✗ Reject")
        self.link_selection.setIconText("Link selection")
        self.update_state()

    def _action(self, text: str, slot: Callable, keys=(), tip: str = "") -> QAction:
        return make_action(self.parent_widget, text, slot, keys, tip)

    def decision_actions(self) -> list[QAction]:
        return [self.confirm, self.reject, self.reset]

    def fill_menu(self, menu: QMenu) -> None:
        menu.addActions([self.confirm, self.reject, self.reset])
        relation_menu = menu.addMenu("Relation")
        relation_menu.addActions([*self.relations, self.no_relation])
        menu.addAction(self.edit_note)
        menu.addSeparator()
        menu.addActions([self.link_selection, self.adjust, self.delete])
        menu.addSeparator()
        menu.addAction(self.copy_pair)

    # --- state ----------------------------------------------------------------------
    def current(self) -> PaneLink | None:
        return self.host.selection.current

    def update_state(self) -> None:
        """Enable what applies to the selection; name what Undo and Redo would do."""
        pl = self.current()
        for action in (self.confirm, self.reject, self.reset, self.edit_note, self.copy_pair,
                       self.no_relation, *self.relations):
            action.setEnabled(pl is not None)
        self.adjust.setEnabled(pl is not None)
        self.delete.setEnabled(pl is not None and pl.manual)
        undo, redo = self.reviewer.next_undo(), self.reviewer.next_redo()
        self.undo.setEnabled(self.reviewer.workspace.can_undo())
        self.undo.setText(f"Undo {undo.label}" if undo else "Undo")
        self.redo.setEnabled(self.reviewer.workspace.can_redo())
        self.redo.setText(f"Redo {redo.label}" if redo else "Redo")

    # --- running ---------------------------------------------------------------------
    def _run(self, change: Callable[[], Outcome], title: str) -> bool:
        """Do one change; on refusal say why. Redraw either way (the file is the truth)."""
        try:
            result = change()
        except SourceError as exc:
            self.host.review_changed(None, "")
            self.host.notify_error(title, str(exc))
            return False
        self.host.review_changed(*(result if isinstance(result, tuple) else (None, result or "")))
        return True

    def _on(self, act: Callable[[str], str], status: str) -> Callable[[], None]:
        def handler() -> None:
            rows = self.host.pairs_in_scope("selected")
            if len(rows) > 1:  # several table rows selected: review them all, as one undoable action
                self._run(lambda: self.reviewer.decide_many(rows, status), "Cannot change these links")
                return
            pl = self.current()
            if pl is not None:
                self._run(lambda: act(pl.pair_id), "Cannot change this link")
        return handler

    def _relation(self, relation: str) -> Callable[[], None]:
        def handler() -> None:
            pl = self.current()
            if pl is not None:
                self.set_relation(pl.pair_id, relation)
        return handler

    def set_relation(self, pair_id: str, relation: str) -> bool:
        return self._run(lambda: self.reviewer.set_relation(pair_id, relation), "Cannot set the relation")

    def set_note(self, pair_id: str, note: str) -> bool:
        return self._run(lambda: self.reviewer.set_note(pair_id, note), "Cannot save the note")

    def _edit_note(self) -> None:
        dock = self.host.review_dock
        dock.show()
        dock.raise_()
        dock.note.setFocus()

    def _link_selection(self) -> None:
        chosen = self.host.text_selections.spans()
        if len(chosen) < 2:
            self.host.notify_error("Nothing to link", "Select the text to link in two panes first "
                                     "(drag across it in each), then choose Link selection.")
            return
        first, second = chosen[-2:]
        self._from_text_selections(lambda: self.reviewer.link_spans(first, second),
                                   "Linked by hand: pair {pair} (confirmed).", "Cannot link this selection")

    def _adjust(self) -> None:
        pl = self.current()
        if pl is None:
            return
        spans = dict(self.host.text_selections.spans())
        self._from_text_selections(lambda: self.reviewer.adjust(pl, spans),
                                   "Link adjusted: now pair {pair}.", "Cannot adjust this link")

    def _from_text_selections(self, make_link: Callable[[], str], done: str, title: str) -> None:
        """Make or move a link from the panes' text selections and select it (`done` names it as {pair}).

        The selections are used up only if that worked: after a refusal they
        stay, so the analyst can correct them and try again.
        """
        def change() -> tuple[str, str]:
            pair_id = make_link()
            return pair_id, done.format(pair=short(pair_id))
        if self._run(change, title):
            self.host.text_selections.clear()

    def _delete(self) -> None:
        pl = self.current()
        if pl is not None:
            self._run(lambda: self.reviewer.delete(pl), "Cannot delete this link")

    def _undo(self) -> None:
        self._history(self.reviewer.undo, "Undid", "Nothing to undo.")

    def _redo(self) -> None:
        self._history(self.reviewer.redo, "Redid", "Nothing to redo.")

    def _history(self, step: Callable, verb: str, nothing: str) -> None:
        sources = set(self.host.session.library)

        def run() -> tuple[str | None, str]:
            info = step()
            if info is None:
                return None, nothing
            shown = [p for p in info.pair_ids if self.host.session.find_link(p) is not None]
            return (shown[-1] if shown else None), f"{verb} {info.label.lower()}."
        self._run(run, "Cannot undo or redo")
        if set(self.host.session.library) != sources:  # a removal undone or redone
            self.host.library_changed()

    def _copy_pair(self) -> None:
        pl = self.current()
        if pl is None:
            return
        try:
            text = self.reviewer.quote(pl.pair_id)
        except SourceError as exc:
            self.host.notify_error("Cannot copy this pair", str(exc))
            return
        QApplication.clipboard().setText(text)
        self.host.show_status(f"Copied pair {short(pl.pair_id)} as a quotation with citations.",
                                            5000)
