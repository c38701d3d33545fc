"""The synopsis: events grouped from links, the matrix, omissions and disputes by kind."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compare.model.records import Source
from compare.reading.synopsis import (
    CONTESTED,
    TOLD_BY_ALL,
    TOLD_BY_ONE,
    Edge,
    build_synopsis,
    workspace_synopsis,
)
from compare.text.sources import source_from_text
from compare.workspace import Workspace

A = source_from_text("---\nid: a\npublished: 2022-01-12\n---\n"
                     "On 6 January the CSTO sent a peacekeeping contingent of about 5 to 7 thousand people.\n\n"
                     "Gas prices doubled in Zhanaozen on 2 January.\n\n"
                     "Tokayev said 20,000 attackers struck Almaty.", name="a.md")
B = source_from_text("---\nid: b\npublished: 2022-01-12\n---\n"
                     "The CSTO force numbered about 2,500 peacekeepers on 6 January.\n\n"
                     "In Zhanaozen the price of gas rose on 2 January.\n\n"
                     "Tokayev said 2,030 personnel and 250 units of equipment were deployed.", name="b.md")
C = source_from_text("---\nid: c\npublished: 2022-01-12\n---\n"
                     "Troops arrived from the CSTO.\n\n"
                     "Markets reopened in Almaty.", name="c.md")
SOURCES = (A, B, C)


def p(source: Source, n: int):
    return source.paragraphs[n]


def edge(x, y, score=80.0, status="proposed", manual=False) -> Edge:
    return Edge(x, y, score, status, manual)


def event_of(syn, passage):
    found = [e for e in syn.events if passage.key in e.keys]
    assert len(found) == 1, found
    return found[0]


def test_links_group_passages_and_the_unlinked_stand_alone() -> None:
    syn = build_synopsis(SOURCES, [edge(p(A, 0), p(B, 0)), edge(p(B, 0), p(C, 0)), edge(p(A, 1), p(B, 1))])
    troops = event_of(syn, p(A, 0))
    assert troops.told_by == ("a", "b", "c")
    assert event_of(syn, p(A, 1)).told_by == ("a", "b")
    assert event_of(syn, p(C, 1)).told_by == ("c",)
    assert [e.told_by for e in syn.rows(TOLD_BY_ALL)] == [("a", "b", "c")]
    assert all(len(e.told_by) == 1 for e in syn.rows(TOLD_BY_ONE))


def test_a_known_omission_is_an_empty_cell_and_listed_for_the_source() -> None:
    syn = build_synopsis(SOURCES, [edge(p(A, 1), p(B, 1))])
    gas = event_of(syn, p(A, 1))
    assert gas.passages("c") == ()
    assert gas in syn.omissions("c")
    assert gas not in syn.omissions("a")


def test_a_weak_link_below_the_threshold_does_not_join_but_a_confirmed_one_does() -> None:
    weak = build_synopsis(SOURCES, [edge(p(A, 2), p(C, 1), score=10)])
    assert event_of(weak, p(A, 2)).told_by == ("a",)
    confirmed = build_synopsis(SOURCES, [edge(p(A, 2), p(C, 1), score=10, status="confirmed")])
    assert event_of(confirmed, p(A, 2)).told_by == ("a", "c")


def test_a_rejected_link_separates_even_through_a_third_passage() -> None:
    edges = [edge(p(A, 0), p(B, 0), 90), edge(p(B, 0), p(C, 0), 80), edge(p(A, 0), p(C, 0), 85, "rejected")]
    syn = build_synopsis(SOURCES, edges)
    assert p(C, 0).key not in event_of(syn, p(A, 0)).keys
    assert "c" not in event_of(syn, p(A, 0)).told_by


def test_a_confirmed_link_wins_over_the_one_passage_per_source_rule() -> None:
    edges = [edge(p(A, 0), p(B, 0), 90, "confirmed"), edge(p(A, 1), p(B, 0), 10, "confirmed")]
    syn = build_synopsis(SOURCES, edges)
    assert event_of(syn, p(B, 0)).passages("a") == (p(A, 0), p(A, 1))
    # the engine's link alone would not put two passages of one source in one event: B0 is shown twice
    engine = build_synopsis(SOURCES, [edge(p(A, 0), p(B, 0), 90), edge(p(A, 1), p(B, 0), 10, "confirmed")])
    shown = sorted(tuple(x.key for x in e.passages("a")) for e in engine.events if p(B, 0).key in e.keys)
    assert shown == [(p(A, 0).key,), (p(A, 1).key,)]


def test_a_passage_linked_into_a_second_event_is_shown_in_both() -> None:
    edges = [edge(p(A, 0), p(B, 0), 90), edge(p(A, 1), p(B, 1), 90), edge(p(C, 0), p(B, 0), 85),
             edge(p(C, 0), p(A, 1), 70)]
    syn = build_synopsis(SOURCES, edges)
    assert sum(p(C, 0).key in e.keys for e in syn.events) == 2


def test_a_hand_made_group_survives_re_alignment() -> None:
    hand = edge(p(A, 2), p(C, 1), 0.0, manual=True)
    before = build_synopsis(SOURCES, [hand, edge(p(A, 0), p(B, 0), 90)])
    after = build_synopsis(SOURCES, [hand, edge(p(A, 0), p(B, 0), 61), edge(p(B, 1), p(A, 1), 70)])
    old, new = event_of(before, p(A, 2)), event_of(after, p(C, 1))
    assert old.id == new.id and old.told_by == new.told_by == ("a", "c")
    assert event_of(before, p(A, 0)).id == event_of(after, p(B, 0)).id


def test_the_peacekeeping_figures_make_a_contested_row() -> None:
    syn = build_synopsis(SOURCES, [edge(p(A, 0), p(B, 0))])
    row = event_of(syn, p(A, 0))
    assert row.contested and [d.kind for d in row.disputes] == ["personnel"]
    assert dict(row.disputes[0].values) == {"a": ("5 to 7 thousand",), "b": ("2,500",)}
    assert row in syn.rows(CONTESTED)
    assert row.date == "2022-01-06"


def test_counts_of_different_kinds_are_never_compared() -> None:
    syn = build_synopsis(SOURCES, [edge(p(A, 2), p(B, 2))])
    assert not event_of(syn, p(A, 2)).contested


def test_dates_that_differ_for_the_same_event_are_contested() -> None:
    x = source_from_text("---\nid: x\npublished: 2022-02-01\n---\nThe airport was retaken on 7 January.", name="x.md")
    y = source_from_text("---\nid: y\npublished: 2022-02-01\n---\nThe airport was retaken on 6 January.", name="y.md")
    syn = build_synopsis([x, y], [edge(x.paragraphs[0], y.paragraphs[0])])
    assert [d.kind for d in syn.events[0].disputes] == ["date"]
    assert syn.events[0].date == "2022-01-06"


def test_filter_by_source_kind_counts_only_those_columns() -> None:
    syn = build_synopsis(SOURCES, [edge(p(A, 1), p(B, 1))])
    kinds = {c.kind for c in syn.columns}
    assert syn.rows(kinds=kinds) == syn.events
    assert syn.rows(kinds={"no such kind"}) == ()


@given(st.permutations(range(5)))
def test_groups_and_ids_do_not_depend_on_the_order_links_arrive(order: list[int]) -> None:
    edges = [edge(p(A, 0), p(B, 0), 90), edge(p(B, 0), p(C, 0), 80), edge(p(A, 1), p(B, 1), 70),
             edge(p(A, 0), p(C, 0), 85, "rejected"), edge(p(A, 2), p(C, 1), 5, "confirmed")]
    base = build_synopsis(SOURCES, edges)
    shuffled = build_synopsis(SOURCES, [edges[i] for i in order])
    assert [(e.id, e.keys) for e in base.events] == [(e.id, e.keys) for e in shuffled.events]


@pytest.fixture(scope="module")
def bundled_synopsis(tmp_path_factory: pytest.TempPathFactory):
    from compare.reading.synopsis import align_missing
    path: Path = tmp_path_factory.mktemp("synopsis") / "all.parallax"
    with Workspace.create(path) as ws:
        ids = [s.id for s in ws.sources()]
        assert align_missing(ws, ids, "paragraph") == len(ids) * (len(ids) - 1) // 2
        assert align_missing(ws, ids, "paragraph") == 0
        yield workspace_synopsis(ws)


def test_bundled_sources_make_a_readable_matrix(bundled_synopsis) -> None:
    syn = bundled_synopsis
    assert len(syn.columns) == 8
    shared = [e for e in syn.events if len(e.told_by) >= 3]
    assert len(shared) >= 10
    assert all(e.label for e in syn.events)
    dated = [e.date for e in syn.events if e.date]
    assert dated == sorted(dated)
    assert len({e.id for e in syn.events}) == len(syn.events)


def test_bundled_troop_figures_are_contested(bundled_synopsis) -> None:
    personnel = [e for e in bundled_synopsis.events for d in e.disputes if d.kind == "personnel"]
    assert personnel
    assert all(d.kind != "equipment" or len(d.values) > 1 for e in personnel for d in e.disputes)


def test_the_analysts_join_and_detach_win_over_the_links() -> None:
    from compare.workspace.groupings import Grouping

    edges = [edge(p(A, 0), p(B, 0), 90), edge(p(A, 0), p(C, 1), 10, "rejected")]
    joined = build_synopsis(SOURCES, edges, decisions=[Grouping("join", "paragraph", p(A, 0).key, p(C, 1).key)])
    assert event_of(joined, p(C, 1)).told_by == ("a", "b", "c")
    apart = build_synopsis(SOURCES, edges, decisions=[Grouping("detach", "paragraph", p(B, 0).key)])
    assert event_of(apart, p(B, 0)).told_by == ("b",) and event_of(apart, p(A, 0)).told_by == ("a",)
    other_unit = build_synopsis(SOURCES, edges, decisions=[Grouping("detach", "sentence", p(B, 0).key)])
    assert event_of(other_unit, p(B, 0)).told_by == ("a", "b")
    named = build_synopsis(SOURCES, edges)
    eid = event_of(named, p(A, 0)).id
    renamed = build_synopsis(SOURCES, edges, decisions=[Grouping("label", "paragraph", eid, label="Troops arrive")])
    assert renamed.event(eid).label == "Troops arrive" and renamed.event(eid).named


@given(st.permutations(range(3)))
def test_a_label_names_what_the_links_share_whatever_their_order(order: list[int]) -> None:
    from compare.engine.align import Evidence

    edges = [Edge(p(A, 0), p(B, 0), 90, evidence=Evidence(anchors=("CSTO",), terms=("contingent",))),
             Edge(p(B, 0), p(C, 0), 80, evidence=Evidence(anchors=("CSTO", "Almaty"))),
             Edge(p(A, 0), p(C, 0), 70, evidence=Evidence(anchors=("Almaty",), terms=("troops",)))]
    syn = build_synopsis(SOURCES, [edges[i] for i in order])
    assert event_of(syn, p(A, 0)).label == "Almaty · CSTO · contingent · troops"


def test_a_labels_words_are_one_per_stem() -> None:
    """"price · gas · prices" named one term twice and pushed a word out: forms of one stem count
    together, shown in their most frequent form."""
    from compare.engine.align import Evidence

    edges = [Edge(p(A, 0), p(B, 0), 90, evidence=Evidence(terms=("prices", "gas"))),
             Edge(p(B, 0), p(C, 0), 80, evidence=Evidence(terms=("price", "troops"))),
             Edge(p(A, 0), p(C, 0), 70, evidence=Evidence(terms=("price", "unrest")))]
    assert event_of(build_synopsis(SOURCES, edges), p(A, 0)).label == "price · gas · troops · unrest"


def test_dates_are_compared_only_between_directly_linked_sources() -> None:
    head = "---\nid: {}\npublished: 2022-02-01\n---\nThe airport was retaken{}."
    x, y, z = (source_from_text(head.format(n, tail), name=f"{n}.md")
               for n, tail in (("x", " on 7 January"), ("y", ", officials said"), ("z", " on 6 January")))
    px, py, pz = x.paragraphs[0], y.paragraphs[0], z.paragraphs[0]
    through_y = build_synopsis([x, y, z], [edge(px, py), edge(py, pz)])
    assert through_y.events[0].told_by == ("x", "y", "z") and not through_y.events[0].contested
    direct = build_synopsis([x, y, z], [edge(px, py), edge(px, pz)])
    assert [d.kind for d in direct.events[0].disputes] == ["date"]
