"""Issue 12, item 8: Undo and Redo name the action they would take, however long the history."""

from __future__ import annotations

from compare.reading.reviewer import Reviewer
from compare.reading.session import ReadingSession
from compare.workspace import Workspace

ANCHOR, DIGEST = "diplomat-color-revolution", "encyclopedia-overview"


def test_after_sixty_edits_and_fifty_five_undos_undo_and_redo_name_the_right_actions(workspace_path):
    with Workspace.open(workspace_path) as workspace:
        reviewer = Reviewer(ReadingSession(workspace, [ANCHOR, DIGEST], threshold=35))
        pair_id = reviewer.session.pane_links()[0].pair_id
        for n in range(60):
            reviewer.set_note(pair_id, f"note {n}")
        reviewer.confirm(pair_id)  # the 61st action, so the labels differ
        undone = [workspace.undo() for _ in range(56)]
        assert all(undone) and workspace.can_undo() and workspace.can_redo()
        coming = reviewer.next_undo()
        assert coming is not None and coming.label == "Edit note"
        redo = reviewer.next_redo()
        assert redo is not None and redo.seq == undone[-1].seq
        assert workspace.redo().seq == redo.seq
        assert reviewer.next_undo().seq == redo.seq
        while workspace.redo() is not None:
            pass
        assert reviewer.next_redo() is None and reviewer.next_undo().label == "Confirm"
