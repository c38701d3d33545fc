"""The reader's session answers what views draw from the workspace: links, links in view, gaps."""

from __future__ import annotations

import pytest

from compare import bundled_sources
from compare.engine.align import Corpus, align
from compare.engine.scoring import CANDIDATE_FLOOR
from compare.model.errors import SourceError
from compare.reading.session import MAX_PANES, ReadingSession
from compare.workspace import Workspace

ANCHOR, DIGEST, THIRD = "diplomat-color-revolution", "encyclopedia-overview", "wire-chronology"


@pytest.fixture
def aligned(session: ReadingSession) -> ReadingSession:
    return session


def test_panes_default_swap_and_limits(aligned):
    session = ReadingSession(aligned.workspace, [ANCHOR])
    assert session.panes[0] == ANCHOR and len(session.panes) == 2
    second = session.panes[1]
    session.set_pane(0, second)
    assert session.panes == [second, ANCHOR]  # choosing a shown source swaps the two
    while session.add_pane() is not None:
        pass
    assert len(session.panes) == MAX_PANES
    assert session.remove_pane(0) and len(session.panes) == MAX_PANES - 1
    assert len(set(session.panes)) == len(session.panes)


def test_a_workspace_with_fewer_than_two_sources_is_refused(tmp_path):
    with Workspace.create(tmp_path / "one.parallax", bundled_sources()[:1]) as workspace, \
            pytest.raises(SourceError, match="at least two sources"):
        ReadingSession(workspace)


def test_every_candidate_is_stored_so_the_threshold_is_a_filter(aligned):
    assert aligned.missing() == []
    stored = aligned.workspace.pairs(left_id=ANCHOR, right_id=DIGEST, unit="paragraph")
    assert min(v.link.score for v in stored) < 35 and all(v.link.score >= CANDIDATE_FLOOR for v in stored)
    many = len(aligned.pane_links())
    aligned.threshold = 60
    few = len(aligned.pane_links())
    assert many > few
    assert all(pl.link.score >= 60 for pl in aligned.pane_links())


def test_decisions_and_hand_made_links_ignore_the_slider(aligned):
    weak = min(aligned.workspace.pairs(left_id=ANCHOR, right_id=DIGEST), key=lambda v: v.link.score)
    aligned.workspace.confirm(weak.pair_id)
    aligned.invalidate()
    aligned.threshold = 90
    assert aligned.find_link(weak.pair_id) is not None
    assert aligned.find_link(weak.pair_id).status == "confirmed"


def test_pairs_follow_adjacent_panes_whichever_way_they_were_aligned(aligned):
    aligned.set_pane(0, DIGEST)  # now DIGEST, ANCHOR, THIRD: the first pair was stored the other way round
    assert aligned.missing() == [(ANCHOR, THIRD, "paragraph")]  # only the new neighbours need aligning
    for pl in aligned.pane_links():
        assert pl.link.left.source_id == aligned.panes[pl.pair]
        assert pl.link.right.source_id == aligned.panes[pl.pair + 1]
    assert aligned.pair_links(0)


def test_a_run_below_the_floor_or_from_an_older_engine_is_redone(aligned):
    aligned.workspace.align(ANCHOR, [DIGEST], threshold=60)  # e.g. from the command line
    assert aligned.missing()[0] == (ANCHOR, DIGEST, "paragraph")
    assert aligned.missing(force=True) == aligned.pair_keys()


def test_unmatched_complements_linked(aligned):
    for pane in range(3):
        spans = [pl.side(pane) for pl in aligned.links_of_pane(pane) if not pl.rejected]
        for passage in aligned.unmatched(pane):
            assert not any(s.start < passage.end and s.end > passage.start for s in spans)
        assert len(aligned.unmatched(pane)) < len(aligned.passages(pane))


def test_rejected_links_leave_a_passage_unmatched(aligned):
    pl = aligned.pair_links(0)[0]
    passage = aligned.passage_at(0, pl.link.left.start)
    for other in aligned.links_of_passage(0, passage):
        aligned.workspace.reject(other.pair_id)
    aligned.invalidate()
    assert passage in aligned.unmatched(0)
    assert aligned.links_of_passage(0, passage)[0].rejected  # still listed, for review


def test_passage_lookup(aligned):
    link = aligned.links(0)[0]
    passage = aligned.passage_at(0, link.left.start + 1)
    assert passage == link.left
    assert any(pl.link == link for pl in aligned.links_of_passage(0, passage))


def test_engine_is_symmetric_so_either_orientation_serves():
    """Pairs are read in whichever orientation they were aligned; that is only right if the engine is symmetric."""
    sources = {s.id: s for s in bundled_sources()}
    corpus = Corpus(tuple(sources.values()), "paragraph")
    for unit in ("paragraph", "sentence"):
        there = align(sources[ANCHOR], [sources[THIRD]], unit=unit, corpus=corpus)
        back = align(sources[THIRD], [sources[ANCHOR]], unit=unit, corpus=corpus)
        assert {(lk.left.key, lk.right.key, lk.score) for lk in there.candidates} == \
            {(lk.right.key, lk.left.key, lk.score) for lk in back.candidates}
