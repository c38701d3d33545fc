"""What a pane draws follows from the session and the selection alone."""

from __future__ import annotations

import pytest

from compare import bundled_sources
from compare.align import Corpus, align
from compare.gui.pane_marks import marks_for, passage_tooltip
from compare.gui.selection import LinkSelection
from compare.gui.session import ReadingSession

ANCHOR, DIGEST, THIRD = "diplomat-color-revolution", "encyclopedia-overview", "wire-chronology"


@pytest.fixture(scope="module")
def session(qapp) -> ReadingSession:
    s = ReadingSession(bundled_sources(), [ANCHOR, DIGEST, THIRD], threshold=35)
    corpus = Corpus(s.sources(), "paragraph")
    s.store("paragraph", {k: align(s.library[k[0]], [s.library[k[1]]], corpus=corpus) for k in s.missing()},
            corpus)
    return s


def test_unselected_panes_show_links_and_gaps(session):
    marks = marks_for(session, LinkSelection(), 1)
    assert marks.linked and marks.unmatched
    assert marks.selected is None and marks.active == []
    scores = {(s, e): sc for s, e, sc in marks.linked}
    for pl in session.links_of_pane(1):
        side = pl.side(1)
        assert scores[(side.start, side.end)] >= pl.link.score  # the strongest link colours a passage


def test_selection_marks_passage_and_evidence_in_its_two_panes_only(session):
    selection = LinkSelection()
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
    assert f"Score {pl.link.score:.0f}" in text
    assert "[DIGEST]" in text
    unmatched = session.unmatched(0)[0]
    assert "No counterpart" in passage_tooltip(session, 0, unmatched.start)
