"""What a pane draws follows from the session (the workspace) and the selection alone."""

from __future__ import annotations

from compare.reading.focus import LinkFocus
from compare.reading.pane_marks import marks_for, passage_tooltip

ANCHOR, DIGEST = "diplomat-color-revolution", "encyclopedia-overview"


def test_unselected_panes_show_links_and_gaps(session):
    marks = marks_for(session, LinkFocus(), 1)
    assert marks.linked and marks.unmatched
    assert marks.selected is None and marks.active == []
    assert marks.confirmed == marks.rejected == marks.manual == marks.stale == []
    scores = {(s, e): sc for s, e, sc in marks.linked}
    for pl in session.links_of_pane(1):
        side = pl.side(1)
        assert scores[(side.start, side.end)] >= pl.link.score  # the strongest link colours a passage


def test_decisions_change_the_tint_and_add_markers(session):
    confirmed, rejected = session.pair_links(0)[0], session.pair_links(0)[-1]
    session.workspace.confirm(confirmed.pair_id)
    session.workspace.reject(rejected.pair_id)
    left = session.source(0).text
    start = confirmed.link.left.start
    manual = session.workspace.add_link(ANCHOR, (start, start + 20), DIGEST, (0, 10))
    session.invalidate()
    marks = marks_for(session, LinkFocus(), 0)
    assert (confirmed.link.left.start, confirmed.link.left.end) in marks.confirmed
    assert (manual.link.left.start, manual.link.left.end) in marks.manual + marks.confirmed
    assert (start, start + 20) in marks.manual and left[start:start + 20] == manual.link.left.text
    span = (rejected.link.left.start, rejected.link.left.end)
    others = [pl for pl in session.links_of_pane(0) if (pl.side(0).start, pl.side(0).end) == span
              and not pl.rejected]
    assert (span in marks.rejected) == (not others)  # grey only when no other link holds the passage
    assert "✓ confirmed" in passage_tooltip(session, 0, confirmed.link.left.start + 1)


def test_selection_marks_passage_and_evidence_in_its_two_panes_only(session):
    selection = LinkFocus()
    pl = next(p for p in session.pane_links() if p.pair == 0
              and p.link.evidence.left_span != (p.link.left.start, p.link.left.end))
    others = [o for o in session.links_of_passage(0, pl.link.left) if o.pair_id != pl.pair_id]
    selection.set(pl, others)
    left, right, far = (marks_for(session, selection, i) for i in range(3))
    assert left.selected == (pl.link.left.start, pl.link.left.end)
    assert left.selected_evidence == pl.link.evidence.left_span
    assert pl.link.left.start <= left.selected_evidence[0] < left.selected_evidence[1] <= pl.link.left.end
    assert right.selected == (pl.link.right.start, pl.link.right.end)
    assert far.selected is None
    assert len(right.active) == len(others)


def test_tooltip_names_score_anchors_and_digest(session):
    pl = max(session.links_of_pane(0), key=lambda p: len(p.link.evidence.anchors))
    text = passage_tooltip(session, 0, pl.link.left.start)
    assert "Score" in text and "proposed" in text
    assert "[DIGEST]" in text
    unmatched = session.unmatched(0)[0]
    assert "No counterpart" in passage_tooltip(session, 0, unmatched.start)
