"""A large run (pair caches dropped, sources embedded a block at a time) links exactly as a small one."""

from __future__ import annotations

import importlib

import numpy as np

from compare.engine.align import align
from compare.engine.corpus import Corpus
from compare.engine.semantic import MemoryStore
from compare.text.sources import bundled_sources

align_module = importlib.import_module("compare.engine.align")  # the package's `align` is the function


def test_streamed_run_gives_the_same_links(monkeypatch):
    sources = bundled_sources()
    left, rights = sources[0], list(sources[1:])
    kept = align(left, rights, corpus=Corpus(sources), store=MemoryStore())
    monkeypatch.setattr(align_module, "KEEP_PAIRS", 1)
    monkeypatch.setattr(align_module, "EMBED_BLOCK", 2)
    corpus = Corpus(sources)
    streamed = align(left, rights, corpus=corpus, store=MemoryStore())
    assert kept.candidates and streamed.candidates == kept.candidates
    assert corpus._pairs == {}  # nothing held once the links are made


def test_streamed_run_reports_every_pair(monkeypatch):
    sources = bundled_sources()
    monkeypatch.setattr(align_module, "KEEP_PAIRS", 1)
    seen: list[tuple[int, int]] = []
    align(sources[0], list(sources[1:]), store=MemoryStore(), progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1] and len(seen) >= len(sources) - 1


def test_a_pair_is_weighted_as_its_two_sources_alone():
    sources = bundled_sources()
    whole = Corpus(sources)
    for left, right in ((sources[0], sources[3]), (sources[5], sources[1]), (sources[2], sources[-1])):
        alone = Corpus([left, right])
        pair = whole.pair(left.id, right.id)
        assert pair is not alone and pair.weight == alone.weight
        assert pair.columns() == alone.columns()
        assert pair.paragraph_bags == alone.paragraph_bags
        for sid in (left.id, right.id):
            np.testing.assert_array_equal(pair.matrix(sid, "sentence"), alone.matrix(sid, "sentence"))
