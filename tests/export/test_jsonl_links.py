"""The JSONL export of links written from the links themselves: the bytes of encoding each record."""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.engine.align import Evidence, Link
from compare.export import iter_records, make_record, render_chunks, writers
from compare.model.records import Review
from compare.text.sources import bundled_sources

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)
SOURCES = bundled_sources()[:3]


def _generic(links, sources, reviews):
    """Each record through the one JSON encoder, a line at a time: the output before the fast path."""
    encoder = json.JSONEncoder(ensure_ascii=False)
    by_id = {s.id: s for s in sources}
    return "".join(encoder.encode(make_record(lk, by_id, reviews.get(lk.pair_id))) + "\n" for lk in links)


@st.composite
def _case(draw):
    sources = [replace(s, meta=replace(s.meta, title=draw(TEXT), url=draw(TEXT), author=draw(TEXT)))
               for s in SOURCES]
    left, rights = sources[0], sources[1:]
    links = []
    for _ in range(draw(st.integers(0, 12))):
        right = draw(st.sampled_from(rights))
        lp = draw(st.sampled_from(left.paragraphs))
        rp = draw(st.sampled_from(right.paragraphs))
        evidence = Evidence(anchors=tuple(draw(st.lists(TEXT, max_size=3))),
                            terms=tuple(draw(st.lists(TEXT, max_size=3))), meaning=draw(st.floats(0, 1)))
        links.append(Link(lp, rp, draw(st.floats(0, 100, allow_nan=False)), evidence))
    reviews = {lk.pair_id: Review(draw(st.sampled_from(["proposed", "accepted", "rejected"])), draw(TEXT), draw(TEXT))
               for lk in links if draw(st.booleans())}
    return sources, links, reviews


@settings(max_examples=40, deadline=None)
@given(_case())
def test_lines_from_links_equal_the_encoded_records(case):
    sources, links, reviews = case
    fast = "".join(render_chunks(iter_records(links, sources, reviews), "jsonl"))
    assert fast == _generic(links, sources, reviews)
    assert fast.count("\n") == len(links)


def test_records_already_taken_are_not_written_twice():
    left, right = SOURCES[0], SOURCES[1]
    links = [Link(left.paragraphs[k], right.paragraphs[k], 50.0 + k) for k in range(3)]
    records = iter_records(links, SOURCES)
    first = next(records)
    rest = "".join(render_chunks(records, "jsonl"))  # the generic path over what is left
    assert [json.loads(line)["pair_id"] for line in rest.splitlines()] == [lk.pair_id for lk in links[1:]]
    assert first["pair_id"] == links[0].pair_id


def test_many_lines_come_in_batches():
    left, right = SOURCES[0], SOURCES[1]
    links = [Link(left.paragraphs[0], right.paragraphs[k % len(right.paragraphs)], 60.0)
             for k in range(writers.JSONL_BATCH + 3)]
    chunks = list(render_chunks(iter_records(links, SOURCES), "jsonl"))
    assert [c.count("\n") for c in chunks] == [writers.JSONL_BATCH, 3]
    assert "".join(chunks) == _generic(links, SOURCES, {})


@given(st.floats(allow_nan=True, allow_infinity=True) | st.integers() | st.sampled_from([-0.0, 1e16, 5e-324]))
def test_a_score_is_written_as_the_encoder_writes_it(value):
    assert writers._json_float(value) == writers._JSONL.encode(value)


@settings(max_examples=40, deadline=None)
@given(_case())
def test_runs_by_source_join_to_the_export_and_never_mix_two_sources(case):
    """What a shard writes: the same lines, cut so that each piece holds one right source's lines."""
    sources, links, _ = case
    links = sorted(links, key=lambda lk: lk.right.source_id)  # as `align` orders them
    runs = list(writers.jsonl_runs(links, sources, accessed="2026-12-02"))
    whole = "".join(render_chunks(iter_records(links, sources, accessed="2026-12-02"), "jsonl"))
    assert "".join(text for _, text in runs) == whole
    for source_id, text in runs:  # split on "\n" alone: a raw U+2028 inside a string is no line end
        lines = text.split("\n")[:-1]
        assert lines and {json.loads(line)["right_source"] for line in lines} == {source_id}
