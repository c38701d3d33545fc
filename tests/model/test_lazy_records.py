"""Runs of passages and blocks read as the tuples of what they keep in compact form, whichever way they are read."""

from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compare.model.disk_cache import DiskCache
from compare.model.records import Block, BlockRun, Passage, PassageRun, passage_places


@st.composite
def texts_and_places(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, int, int]]]:
    text = draw(st.text(alphabet="abc Жж.\n", min_size=1, max_size=80))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    places = [(s, e, k // 2, k) for k, (s, e) in enumerate(zip([0, *cuts], [*cuts, len(text)], strict=True))]
    return text, places


def _eager(text: str, places: list[tuple[int, int, int, int]]) -> tuple[Passage, ...]:
    """What build_source made before runs: every Passage at once."""
    return tuple(Passage("src", "sentence", k, s, e, text[s:e], b, p) for k, (s, e, b, p) in enumerate(places))


@given(texts_and_places(), st.data())
def test_a_run_reads_as_the_tuple_of_its_passages(case, data):
    text, places = case
    run, eager = PassageRun.of("src", "sentence", text, places), _eager(text, places)
    if eager:  # single reads first, in any order and from either end, then the rest
        for index in data.draw(st.lists(st.integers(-len(eager), len(eager) - 1), max_size=5)):
            assert run[index] == eager[index] and run[index].paragraph == eager[index].paragraph
    assert len(run) == len(eager)
    assert tuple(run) == eager and run == eager and eager == run
    assert [(p.block, p.paragraph) for p in run] == [(p.block, p.paragraph) for p in eager]
    assert hash(run) == hash(eager)
    step = data.draw(st.integers(1, 3))
    assert run[1::step] == eager[1::step] and run[::-1] == eager[::-1]
    assert all(p.text == text[p.start:p.end] for p in run)
    fresh = PassageRun.of("src", "sentence", text, places)
    assert passage_places(fresh) == passage_places(eager) and fresh._complete is (not places)  # no passage made


def test_reading_past_either_end_raises_as_a_tuple_does():
    run = PassageRun.of("src", "paragraph", "one two", [(0, 3, 0, 0), (4, 7, 0, 1)])
    for index in (2, -3):
        with pytest.raises(IndexError):
            run[index]


def test_a_run_pickles_and_copies_as_its_offsets(tmp_path):
    run = PassageRun.of("src", "paragraph", "one two three", [(0, 3, 0, 0), (4, 13, 1, 1)])
    run[1]  # a made passage is not what is stored
    for again in (pickle.loads(pickle.dumps(run)), copy.deepcopy(run)):
        assert isinstance(again, PassageRun) and again == run
    cache = DiskCache(tmp_path)  # its restricted reader builds runs too
    cache.put("runs", "k", run)
    assert cache.get("runs", "k") == run


@pytest.mark.parametrize("places", [b"\x00" * 12, b"\x00" * 24])
def test_offsets_that_are_not_four_integers_a_passage_are_refused(places, tmp_path):
    with pytest.raises(ValueError):
        PassageRun("src", "paragraph", "text", places)


def test_a_forged_run_in_the_cache_is_a_miss(tmp_path):
    cache = DiskCache(tmp_path)
    cache.put("runs", "k", PassageRun.of("src", "paragraph", "text", [(0, 4, 0, 0)]))
    pack, offset, length = cache.place("runs", "k")
    entry = pack.read_bytes()[offset:offset + length]
    forged = entry.replace(b"\x00" * 8, b"\x00" * 5, 1)  # offsets cut short
    assert forged != entry
    cache.put("runs", "k", None)
    cache._packs.write("runs", "k", forged)  # the forged bytes as the entry
    assert cache.get("runs", "k") is None


_BLOCKS = (Block("heading", 0, 9, 1), Block("paragraph", 11, 40, marks=((0, 4, "em"),)),
           Block("item", 44, 60, 1, "1."))


def test_a_block_run_reads_as_its_blocks_and_pickles_as_rows(tmp_path):
    run = BlockRun.of(_BLOCKS)
    assert run[1] == _BLOCKS[1] and run[-1].marker == "1." and tuple(run) == _BLOCKS and run == _BLOCKS
    assert run[:2] == _BLOCKS[:2] and hash(run) == hash(_BLOCKS) and BlockRun.of(run) is run
    cache = DiskCache(tmp_path)
    cache.put("runs", "k", run)
    again = cache.get("runs", "k")
    assert isinstance(again, BlockRun) and [b.marks for b in again] == [b.marks for b in _BLOCKS]


@pytest.mark.parametrize("rows", [[("heading", 0, 9, 1, "", ())], (("heading", 0, 9),), ("heading",)])
def test_block_rows_that_are_not_six_fields_are_refused(rows):
    with pytest.raises(ValueError):
        BlockRun(rows)


def test_a_slot_made_twice_at_once_leaves_no_slot_empty():
    """The app reads a source's passages on the GUI thread while a worker aligns, so two readers may
    both find a slot empty and make it. Re-entering `_make` plays that interleaving out exactly."""

    class Racing(PassageRun):
        __slots__ = ("_raced",)

        def _make(self, k):
            if k == 0 and not getattr(self, "_raced", False):
                self._raced = True
                self[0]  # the other reader, between this one's look and its store
            return super()._make(k)

    text = "one two three"
    run = Racing("src", "sentence", text, PassageRun.of("src", "sentence", text, [(0, 3, 0, 0), (4, 7, 0, 1),
                                                                                   (8, 13, 0, 2)]).places())
    run[0]
    run[1]
    assert [p.text for p in run] == ["one", "two", "three"]
