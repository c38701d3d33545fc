"""Issue 12, defect 1: switching units and back keeps every link, and the status line agrees
with the counter about which decisions are shown."""

from __future__ import annotations

import pytest

from compare.reading.session import ReadingSession, alignment_message
from compare.workspace import Workspace

ANCHOR, OTHER = "diplomat-color-revolution", "kremlin-csto"


@pytest.fixture
def session(tmp_path) -> ReadingSession:
    with Workspace.create(tmp_path / "trip.parallax") as workspace:
        yield ReadingSession(workspace, [ANCHOR, OTHER])


def _shown(session: ReadingSession) -> set[tuple[str, int, int, int, int]]:
    return {(pl.pair_id, pl.link.left.start, pl.link.left.end, pl.link.right.start, pl.link.right.end)
            for pl in session.pane_links()}


def test_a_unit_round_trip_keeps_every_link(session):
    session.align_now("paragraph")
    before = _shown(session)
    session.align_now("sentence")
    sentences = _shown(session)
    session.align_now("paragraph")
    assert _shown(session) == before
    session.align_now("sentence")
    assert _shown(session) == sentences
    # The case the defect was about: passages that are one sentence long are linked at both units.
    assert {(a, b, c, d) for _, a, b, c, d in before} & {(a, b, c, d) for _, a, b, c, d in sentences}


def test_the_same_offsets_at_two_units_are_two_pairs(session):
    session.align_now("paragraph")
    session.align_now("sentence")
    by_unit = {u: {(v.link.left.start, v.link.left.end, v.link.right.start, v.link.right.end): v.pair_id
                   for v in session.workspace.pairs(unit=u)} for u in ("paragraph", "sentence")}
    shared = by_unit["paragraph"].keys() & by_unit["sentence"].keys()
    assert shared
    assert all(by_unit["paragraph"][k] != by_unit["sentence"][k] for k in shared)


def test_decisions_at_one_unit_are_not_counted_as_kept_at_the_other(session):
    session.align_now("paragraph")
    confirmed = [pl.pair_id for pl in session.pane_links()[:3]]
    for pair_id in confirmed:
        session.workspace.confirm(pair_id)
    reports = session.align_now("sentence")
    shown = [pl for pl in session.pane_links() if pl.status != "proposed"]
    message = alignment_message("sentence", reports)
    assert not shown and "kept" not in message
    assert f"{len(confirmed)} decision(s) made on paragraphs are shown only there" in message
    reports = session.align_now("paragraph", force=True)
    assert f"{len(confirmed)} decision(s) kept" in alignment_message("paragraph", reports)
    assert {pl.pair_id for pl in session.pane_links() if pl.status == "confirmed"} == set(confirmed)


def test_a_decision_at_one_unit_is_named_at_the_other_where_the_passages_nest(session):
    from compare.reading.pane_marks import elsewhere_words

    session.align_now("paragraph")
    paragraph = max(session.pane_links(), key=lambda pl: pl.link.score)
    session.workspace.confirm(paragraph.pair_id)
    session.align_now("sentence")
    inside = [pl for pl in session.pane_links()
              if paragraph.link.left.start <= pl.link.left.start and pl.link.left.end <= paragraph.link.left.end
              and paragraph.link.right.start <= pl.link.right.start and pl.link.right.end <= paragraph.link.right.end]
    assert inside, "the strongest paragraph pair holds a sentence pair"
    for pl in inside:
        assert [v.pair_id for v in session.decisions_elsewhere(pl)] == [paragraph.pair_id]
        assert elsewhere_words(session, pl) == "at paragraph level: ✓ confirmed"
    outside = [pl for pl in session.pane_links() if pl not in inside]
    assert all(not session.decisions_elsewhere(pl) for pl in outside
               if not (pl.link.left.start < paragraph.link.left.end and paragraph.link.left.start < pl.link.left.end))
