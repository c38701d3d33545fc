"""Links kept per source pair in the cache folder: a run reading them gives what scoring gives."""

from __future__ import annotations

import importlib
import re

import pytest

from compare.engine import corpus as corpus_module
from compare.engine import extraction, halves
from compare.engine import results as results_module
from compare.engine.align import KEEP_PAIRS, align
from compare.engine.extraction import use_disk_cache
from compare.model.disk_cache import DiskCache
from compare.model.records import Source
from compare.text.sources import bundled_dir, bundled_sources, source_from_text

ANCHOR = "kz-presidency"
align_module = importlib.import_module("compare.engine.align")  # the package exports the function


@pytest.fixture
def cache(tmp_path):
    disk = DiskCache(tmp_path / "cache")
    use_disk_cache(disk)
    extraction._EXTRACTED.clear()
    yield disk
    use_disk_cache(None)
    extraction._EXTRACTED.clear()


def _copies(n: int, *, retitled: frozenset[int] = frozenset()) -> list[Source]:
    """`n` bundled accounts under new ids (texts unchanged, so their vectors are shipped)."""
    files = sorted(f for f in bundled_dir().glob("*.md") if f.stem != ANCHOR)
    out = []
    for k in range(n):
        raw = files[k % len(files)].read_text(encoding="utf-8")
        raw = re.sub(r"^id: .*$", f"id: copy-{k}", raw, count=1, flags=re.M)
        if k in retitled:
            raw = re.sub(r"^title: .*$", f"title: \"Retitled {k}\"", raw, count=1, flags=re.M)
        out.append(source_from_text(raw, name=f"copy-{k}.md"))
    return out


def _anchor() -> Source:
    return next(s for s in bundled_sources() if s.id == ANCHOR)


def _links(alignment) -> list[tuple[object, ...]]:
    return [(lk.left.key, lk.right.key, lk.score, lk.evidence) for lk in alignment.links]


def _scored(left: Source, rights: list[Source], **kw) -> list[tuple[object, ...]]:
    """The links found with no cache folder: every pair scored."""
    use_disk_cache(None)
    try:
        return _links(align(left, rights, **kw))
    finally:
        extraction._EXTRACTED.clear()


def _refuse(*_a, **_k):
    raise AssertionError("features were read although every pair's links were kept")


def _count_puts(monkeypatch) -> list[str]:
    stored: list[str] = []
    real = results_module.PairResults.put

    def put(self, right, rows):
        stored.append(right.id)
        real(self, right, rows)

    monkeypatch.setattr(results_module.PairResults, "put", put)
    return stored


def test_kept_links_are_read_back_without_reading_features(cache, monkeypatch):
    left, rights = _anchor(), _copies(5)
    first = _links(align(left, rights))
    assert first
    with monkeypatch.context() as patched:  # only this patch undone after (not the conftest's folders)
        patched.setattr(align_module, "Corpus", _refuse)
        assert _links(align(left, rights)) == first
    use_disk_cache(cache)
    assert _scored(left, rights) == first


def test_a_changed_setting_or_source_is_scored_again(cache, monkeypatch):
    left, rights = _anchor(), _copies(4)
    align(left, rights)
    stored = _count_puts(monkeypatch)
    align(left, rights, threshold=40.0)
    assert sorted(stored) == sorted(s.id for s in rights)  # another threshold: every pair again
    stored.clear()
    changed = _copies(4, retitled=frozenset({2}))
    got = _links(align(left, changed))
    assert stored == ["copy-2"]  # only the retitled source's pair
    assert got == _scored(left, changed)


@pytest.mark.parametrize("planted", ["not a list", [(10_000, 0, 50.0, ())], [(0, 0, "50", ())], [(0, 0)],
                                     [(0, 0, 50.0, ((), (), (0, 1), (0, 1), (), (), 0.5, "no"))]])
def test_an_entry_that_does_not_fit_its_pair_is_a_miss(cache, planted):
    left, rights = _anchor(), _copies(2)
    first = _links(align(left, rights))
    kept = cache.keys(results_module.KIND)
    assert len(kept) == len(rights)
    for key in kept:
        cache.put(results_module.KIND, key, planted)
    assert _links(align(left, rights)) == first


def test_a_large_run_mixing_kept_and_new_pairs_reads_the_vectors_it_needs(cache):
    """A block's vectors are read at its first source; when that one is kept, at the first new one."""
    n = KEEP_PAIRS + 4  # streamed: vectors a block at a time
    left = _anchor()
    align(left, _copies(n))
    changed = _copies(n, retitled=frozenset({3, n - 1}))
    assert _links(align(left, changed)) == _scored(left, changed)


def _entry(**changes: object) -> tuple[object, ...]:
    """A well-formed stored entry of two rows, with some of its columns replaced."""
    from compare.engine.align import Evidence

    rows = [(0, 1, 72.5, Evidence(("Tokayev",), ("riot",), (0, 5), (2, 9), ("20",), ("30",), 0.61, False)),
            (1, 0, 31.0, Evidence(meaning=0.2, pending=True))]
    n, ints, floats, counts, strings = results_module._pack(rows)
    parts = {"n": n, "ints": ints, "floats": floats, "counts": counts, "strings": strings, **changes}
    return parts["n"], parts["ints"], parts["floats"], parts["counts"], parts["strings"]


def _ints(*values: int) -> bytes:
    from array import array

    return array("q", values).tobytes()


@pytest.mark.parametrize("planted", [
    _entry(n=3),  # more rows than columns
    _entry(ints=b"\x00" * 7),  # not whole integers
    _entry(ints=_ints(5, 1, 0, 5, 2, 9, 0, 1, 0, 0, 0, 0, 0, 1)),  # left passage out of range
    _entry(ints=_ints(0, 1, 0, 5, 2, 9, 2, 1, 0, 0, 0, 0, 0, 1)),  # pending neither 0 nor 1
    _entry(counts=_ints(1, 1, 1, 2, 0, 0, 0, 0)),  # more strings counted than stored
    _entry(counts=_ints(-1, 3, 1, 1, 0, 0, 0, 0)),
    _entry(strings=("Tokayev", "riot", 20, "30")),  # a number where a string belongs
    _entry(floats=[72.5, 0.61, 31.0, 0.2]),  # a list, not packed floats
    ("Tokayev",) * 5,
])
def test_a_forged_entry_in_the_stored_layout_is_a_miss(planted):
    assert results_module._unpack(planted, 2, 2) is None


def test_the_stored_layout_reads_back_its_rows():
    rows = results_module._unpack(_entry(), 2, 2)
    assert rows is not None and [(i, j, s) for i, j, s, _ in rows] == [(0, 1, 72.5), (1, 0, 31.0)]
    assert rows[0][3].anchors == ("Tokayev",) and rows[0][3].right_figures == ("30",)
    assert rows[1][3].pending and rows[1][3].anchors == ()
    shown = results_module._unpack(_entry(), 2, 2, floor=50.0)
    assert shown == rows[:1]  # a floor makes only the rows at or above it


def test_without_candidates_a_run_keeps_the_links_shown_and_stores_them_all(cache):
    """The command line's `candidates=False`: the same links whether scored or read back; the kept
    entry still holds the candidates below the threshold, for a run that wants them."""
    left, rights = _anchor(), _copies(3)
    expected = _scored(left, rights)
    use_disk_cache(cache)
    for _ in range(2):  # scored and stored, then read back
        result = align(left, rights, candidates=False)
        assert _links(result) == expected
        assert all(lk.score >= result.settings.threshold for lk in result.candidates)
    everything = align(left, rights)
    assert any(lk.score < everything.settings.threshold for lk in everything.candidates)
    assert _links(everything) == expected


def test_a_run_whose_later_half_is_all_kept_does_not_fork(cache, monkeypatch):
    """Two processes pay only for scoring: with every pair of the later half kept, one reads them back."""
    left, rights = _anchor(), _copies(6)
    monkeypatch.setattr(align_module, "KEEP_PAIRS", 1)
    monkeypatch.setattr(align_module, "EMBED_BLOCK", 2)  # the later half: the last two sources
    monkeypatch.setattr(halves, "MIN_SPLIT", 2)  # where `may_halve` reads it
    monkeypatch.setattr(align_module, "can_fork", lambda: True)
    forks: list[bool] = []
    real = align_module.in_child
    monkeypatch.setattr(align_module, "in_child", lambda work: forks.append(True) or real(work))
    align(left, rights[:3])  # the earlier half kept, the later half not yet
    first = _links(align(left, rights, processes=2))
    assert forks == [True]
    assert _links(align(left, rights, processes=2)) == first
    assert forks == [True]  # the second run forked no child


def test_a_warm_run_with_one_changed_source_reads_only_that_sources_features(cache, monkeypatch):
    left, rights = _anchor(), _copies(5)
    align(left, rights)
    read: list[str] = []
    real = corpus_module.source_features

    def counted(source, table):
        read.append(source.id)
        return real(source, table)

    monkeypatch.setattr(corpus_module, "source_features", counted)
    extraction._EXTRACTED.clear()
    changed = _copies(5, retitled=frozenset({3}))
    got = _links(align(left, changed))
    assert sorted(read) == sorted([left.id, "copy-3"])  # the anchor and the one pair not kept
    assert got == _scored(left, changed)


@pytest.mark.parametrize("release", [False, True])
def test_only_a_caller_that_asks_lets_the_frequency_lists_go(cache, monkeypatch, release):
    """The command line aligns once and may drop them; an archive worker aligns partition after partition."""
    released: list[bool] = []
    monkeypatch.setattr(align_module, "release_frequency_lists", lambda: released.append(True))
    align(_anchor(), _copies(2), one_run=release)
    assert released == ([True] if release else [])


def test_a_one_run_alignment_lets_each_source_go_once_its_pair_is_scored(cache, monkeypatch):
    """The command line's run holds a block of sources' features at a time, not a thousand: the same links."""
    monkeypatch.setattr(align_module, "KEEP_PAIRS", 1)
    monkeypatch.setattr(align_module, "EMBED_BLOCK", 2)
    left, rights = _anchor(), _copies(5)
    held: list[int] = []
    real = corpus_module.Corpus.forget_source

    def forget(self, source_id):
        held.append(len(self.sentence_bags))
        real(self, source_id)

    monkeypatch.setattr(corpus_module.Corpus, "forget_source", forget)
    result = align(left, rights, one_run=True)
    assert held and max(held) <= 1 + 2  # the anchor and one block
    remembered = {key[0] for key in extraction._EXTRACTED}
    assert not remembered & {r.id for r in rights}
    # Of each source's paragraphs, only those a link (or a candidate) holds were made again, for it.
    for r in rights:
        shown = {lk.right.index for lk in result.candidates if lk.right.source_id == r.id}
        assert {k for k, made in enumerate(r.paragraphs._made) if made is not None} == shown
    assert _links(result) == _scored(left, rights)


def test_kept_links_are_read_back_without_building_the_model_or_the_table(cache, monkeypatch):
    """A warm run needs only the model's and the table's names: building them (NumPy, stemming every
    alias) would be a fifth of its time."""
    left, rights = _anchor(), _copies(4)
    first = _links(align(left, rights))

    def refuse(*_a, **_k):
        raise AssertionError("built although every pair's links were kept")

    with monkeypatch.context() as patched:  # only these undone after (not the conftest's folders)
        patched.setattr(align_module, "load_combiner", refuse)
        patched.setattr(align_module, "load_table", refuse)
        again = align(left, rights)
        assert _links(again) == first and again.table is None
    use_disk_cache(cache)
    assert _links(align(left, [*rights, *_copies(5)[4:]]))[:len(first)] == first  # a new pair builds them


def test_the_default_tables_key_follows_the_users_own_table(tmp_path, monkeypatch):
    from compare.engine.lexicon import default_table_key

    monkeypatch.setenv("PARALLAX_DATA_DIR", str(tmp_path))
    bare = default_table_key()
    assert default_table_key() == bare
    (tmp_path / "aliases.tsv").write_text("person\tAnna Example\tA. Example\n", "utf-8")
    mine = default_table_key()
    assert mine != bare
    (tmp_path / "aliases.tsv").write_text("person\tAnna Example\tAnnie Example\n", "utf-8")
    assert default_table_key() not in (bare, mine)


@pytest.mark.parametrize("second", [True, False])
@pytest.mark.parametrize("unit", ["paragraph", "sentence"])
def test_the_shipped_models_reads_are_those_of_the_built_model(unit, second):
    from compare.engine.combine import load_combiner, shipped_reads

    signals, margin, key = shipped_reads(unit, second=second)
    model = load_combiner(unit, second=second)
    assert signals == model.signals and margin == model.margin
    assert key != shipped_reads(unit, second=not second)[2]
