"""A large run split between two processes links exactly as one process does."""

from __future__ import annotations

import importlib
import multiprocessing
import sys
import threading

import pytest

from compare.engine import halves
from compare.engine.align import align
from compare.engine.corpus import Corpus
from compare.engine.semantic import MemoryStore
from compare.text.sources import bundled_sources

align_module = importlib.import_module("compare.engine.align")  # the package's `align` is the function
FORKS = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
forks = pytest.mark.skipif(not FORKS, reason="forks only on Linux")


def _boom() -> None:
    raise ValueError("from the child")


@forks
def test_the_child_hands_back_its_result_and_its_error():
    wait, stop = halves.in_child(lambda: [(1, 2, 3.5)])
    assert wait() == [(1, 2, 3.5)]
    stop()
    wait, stop = halves.in_child(_boom)
    with pytest.raises(ValueError, match="from the child"):
        wait()
    stop()


@forks
def test_no_fork_while_another_thread_runs_or_with_the_encoder_loaded(monkeypatch):
    from compare.engine import semantic

    monkeypatch.setattr(semantic, "_SECOND", None)
    monkeypatch.setattr(semantic, "_E5_MADE", [])
    loaded = semantic.UniversalSentenceEncoder()
    loaded._model = object()
    monkeypatch.setattr(semantic, "_DEFAULT", loaded)
    assert not halves.can_fork()
    monkeypatch.setattr(semantic, "_DEFAULT", None)
    second = semantic.MultilingualE5()  # its OpenMP threads would not survive a fork either
    second._model = object()
    monkeypatch.setattr(semantic, "_SECOND", second)
    assert not halves.can_fork()
    monkeypatch.setattr(semantic, "_SECOND", None)
    monkeypatch.setattr(semantic, "_E5_MADE", [second])  # loaded, then the app chose USE alone: still loaded
    assert not halves.can_fork()
    monkeypatch.setattr(semantic, "_E5_MADE", [])
    if threading.active_count() == 1:  # no thread left by earlier tests: this process may fork
        assert halves.can_fork()
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not halves.can_fork()
    finally:
        release.set()
        other.join()


@forks
def test_two_processes_give_the_links_of_one(monkeypatch):
    sources = bundled_sources()
    left, rights = sources[0], list(sources[1:])
    monkeypatch.setattr(align_module, "KEEP_PAIRS", 1)
    monkeypatch.setattr(align_module, "EMBED_BLOCK", 2)
    monkeypatch.setattr(halves, "MIN_SPLIT", 2)  # where `may_halve` reads it
    # Whatever earlier tests loaded (the encoder): the bundled sources' vectors ship, the child embeds nothing.
    monkeypatch.setattr(align_module, "can_fork", lambda: True)
    split: list[bool] = []
    started = halves.in_child
    monkeypatch.setattr(align_module, "in_child", lambda work: split.append(True) or started(work))
    one = align(left, rights, corpus=Corpus(sources), store=MemoryStore())
    assert not split
    two = align(left, rights, corpus=Corpus(sources), store=MemoryStore(), processes=2)
    assert split == [True]  # the second half was aligned by a child
    assert one.candidates and two.candidates == one.candidates
    assert [lk.evidence for lk in two.links] == [lk.evidence for lk in one.links]
    assert {lk.right.source_id for lk in two.candidates} == {s.id for s in rights}


@forks
@pytest.mark.parametrize("fork", [True, False])
def test_halves_that_read_their_own_features_give_the_links_of_one(monkeypatch, fork):
    sources = bundled_sources()
    left, rights = sources[0], list(sources[1:])
    one = align(left, rights, corpus=Corpus(sources), store=MemoryStore())
    monkeypatch.setattr(align_module, "KEEP_PAIRS", 1)
    monkeypatch.setattr(align_module, "EMBED_BLOCK", 2)
    monkeypatch.setattr(halves, "MIN_SPLIT", 2)  # where `may_halve` reads it
    monkeypatch.setattr(align_module, "can_fork", lambda: fork)
    built: list[tuple[str, ...]] = []
    real = align_module.Corpus

    def counted(sources, *args, **kwargs):
        built.append(tuple(s.id for s in sources))
        return real(sources, *args, **kwargs)

    monkeypatch.setattr(align_module, "Corpus", counted)
    two = align(left, rights, store=MemoryStore(), processes=2)
    assert one.candidates and two.candidates == one.candidates
    assert [lk.evidence for lk in two.links] == [lk.evidence for lk in one.links]
    assert two.table is one.table or two.table == one.table
    # No corpus of every source, nor of a half: one per block of EMBED_BLOCK sources, the anchor in each,
    # each source in one (the child's half is read in the child when forked).
    assert built and all(ids[0] == left.id and len(ids) <= 1 + 2 for ids in built)
    assert built[0] == (left.id, *(s.id for s in rights[:2]))
    read = [sid for ids in built for sid in ids[1:]]
    assert read == [s.id for s in (rights[:4] if fork else rights)]


def _die() -> None:
    import os

    os._exit(9)  # as a process the kernel killed for memory ends: no result, no error sent


@forks
def test_a_child_that_dies_is_one_message_naming_the_way_round():
    from compare.model.errors import SourceError

    wait, stop = halves.in_child(_die)
    with pytest.raises(SourceError, match=r"ended without a result \(exit code 9\); --processes 1"):
        wait()
    stop()
