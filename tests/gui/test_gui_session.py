"""The reader's session answers what views draw: links, links in view, unmatched passages."""

from __future__ import annotations

import pytest

from compare import bundled_sources
from compare.align import Corpus, align
from compare.gui.session import MAX_PANES, ReadingSession

ANCHOR, DIGEST, THIRD = "diplomat-color-revolution", "encyclopedia-overview", "wire-chronology"


@pytest.fixture(scope="module")
def aligned() -> ReadingSession:
    session = ReadingSession(bundled_sources(), [ANCHOR, DIGEST, THIRD], threshold=35)
    corpus = Corpus(session.sources(), "paragraph")
    results = {k: align(session.library[k[0]], [session.library[k[1]]], unit="paragraph", corpus=corpus)
               for k in session.missing()}
    session.store("paragraph", results, corpus)
    return session


def test_panes_default_swap_and_limits():
    session = ReadingSession(bundled_sources(), [ANCHOR])
    assert session.panes[0] == ANCHOR and len(session.panes) == 2
    second = session.panes[1]
    session.set_pane(0, second)
    assert session.panes == [second, ANCHOR]  # choosing a shown source swaps the two
    while session.add_pane() is not None:
        pass
    assert len(session.panes) == MAX_PANES
    assert session.remove_pane(0) and len(session.panes) == MAX_PANES - 1
    assert len(set(session.panes)) == len(session.panes)


def test_threshold_is_a_filter(aligned):
    aligned.threshold = 35
    many = len(aligned.pane_links())
    aligned.threshold = 60
    few = len(aligned.pane_links())
    aligned.threshold = 35
    assert many > few
    assert all(pl.link.score >= 35 for pl in aligned.pane_links())


def test_pairs_follow_adjacent_panes(aligned):
    for pl in aligned.pane_links():
        assert pl.link.left.source_id == aligned.panes[pl.pair]
        assert pl.link.right.source_id == aligned.panes[pl.pair + 1]


def test_unmatched_complements_linked(aligned):
    for pane in range(3):
        linked = set(aligned.strengths(pane))
        unmatched = {p.key for p in aligned.unmatched(pane)}
        assert linked.isdisjoint(unmatched)
        assert linked | unmatched == {p.key for p in aligned.passages(pane)}


def test_links_in_view_and_passage_lookup(aligned):
    link = aligned.links(0)[0]
    assert link in aligned.links_in_view(0, (link.left.start, link.left.start + 1), (0, 0))
    assert link not in aligned.links_in_view(0, (-2, -1), (-2, -1))
    passage = aligned.passage_at(0, link.left.start + 1)
    assert passage == link.left
    assert any(pl.link == link for pl in aligned.links_of_passage(0, passage))


def test_engine_is_symmetric_so_mirrored_pairs_are_exact(qapp):
    """The session mirrors an alignment when panes swap; that is only right if the engine is symmetric."""
    sources = {s.id: s for s in bundled_sources()}
    corpus = Corpus(tuple(sources.values()), "paragraph")
    for unit in ("paragraph", "sentence"):
        there = align(sources[ANCHOR], [sources[THIRD]], unit=unit, corpus=corpus)
        back = align(sources[THIRD], [sources[ANCHOR]], unit=unit, corpus=corpus)
        assert {(lk.left.key, lk.right.key, lk.score) for lk in there.candidates} == \
            {(lk.right.key, lk.left.key, lk.score) for lk in back.candidates}
