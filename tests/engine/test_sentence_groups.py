"""The lookups that evidence reads for every shown link give what the plain offset scans give."""

from __future__ import annotations

from dataclasses import replace
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.engine import pairs
from compare.engine.corpus import Corpus, sentence_rows
from compare.model.records import Passage, Source
from compare.text.sources import source_from_text

WORDS = ("Tokayev", "CSTO", "Almaty", "protest", "troops", "5 January", "20,000", "the", "curfew", "night")
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(lambda ws: " ".join(ws) + ".")
paragraph = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
text = st.lists(paragraph, min_size=1, max_size=5).map("\n\n".join)


def _source(body: str, sid: str) -> Source:
    return source_from_text(f"---\nid: {sid}\ntitle: {sid}\nlanguage: en\npublished: 2022-01-12\n---\n\n{body}\n",
                            name=f"{sid}.md")


@settings(max_examples=40, deadline=None)
@given(text, text)
def test_a_paragraphs_group_is_the_sentences_its_offsets_hold(left: str, right: str) -> None:
    a, b = _source(left, "a"), _source(right, "b")
    corpus = Corpus([a, b])
    pair = corpus.pair("a", "b")
    for source in (a, b):
        for para in source.paragraphs:
            inside = [s for s in source.sentences if para.start <= s.start and s.end <= para.end]
            for c in (corpus, pair):
                assert _picked(source, c.sentence_group(para)) == inside
            # a hand-made span (not one of the source's paragraphs) is found by its offsets
            span = replace(para, index=len(source.paragraphs) + 1)
            assert _picked(source, corpus.sentence_group(span)) == inside
            assert [source.sentences.span(s.index) for s in inside] == [(s.start, s.end) for s in inside]


def _picked(source: Source, rows: slice | list[int]) -> list[Passage]:
    every = list(source.sentences)
    return every[rows] if isinstance(rows, slice) else [every[k] for k in rows]


def test_rows_are_a_slice_only_when_consecutive() -> None:
    s = _source("One night. Two troops. Three protest.", "s")
    assert sentence_rows(list(s.sentences)) == slice(0, 3)
    assert sentence_rows([s.sentences[0], s.sentences[2]]) == [0, 2]
    assert sentence_rows([]) == []


def test_new_feature_keys_are_numbered_in_the_order_they_first_appear() -> None:
    fresh = [f"W:zz-{uuid4().hex}-{n}" for n in (3, 1, 2)]  # never interned before, however often run
    before = len(pairs._INTERN)
    ids = pairs._global_ids([fresh[0], fresh[1], fresh[0], fresh[2], fresh[1]])
    assert ids.tolist() == [before, before + 1, before, before + 2, before + 1]
    assert pairs._global_ids(fresh[::-1]).tolist() == [before + 2, before + 1, before]
