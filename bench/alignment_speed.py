"""Alignment speed and memory, as ratios to baselines measured in the same run.

1. Scaling: the bundled workspace copied 1, 2, 4 and 8 times; time to build the
   corpus and align the anchor with every other source, against plain
   `process.cdist(..., fuzz.token_set_ratio)` over the same passages.
2. Vectorisation: the engine's sparse product (`sparse_scores`) against the same
   weighted overlap from one rapidfuzz cdist call over id sequences
   (`score_matrix`) and from a Python loop over pairs.
3. Memory: peak traced allocation while building the corpus, per passage.
4. The semantic signal: embedding 1,000 sentences from cold (no cache), against
   extracting lexical features for and scoring the same sentences, and against
   token_set_ratio over them; then a re-alignment that finds every vector cached.

    python bench/alignment_speed.py
"""

from __future__ import annotations

import math
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from compare.engine.align import Corpus, align
from compare.engine.corpus import QUANTUM
from compare.engine.scoring import score_matrix, sparse_scores
from compare.engine.semantic import Embedder, MemoryStore, default_embedder, embed_texts, second_embedder
from compare.text.sources import bundled_sources


def copies(n: int):
    """The bundled sources n times over, each copy with its own ids."""
    out = []
    for k in range(n):
        for s in bundled_sources():
            meta = replace(s.meta, id=f"{s.id}-{k}")
            out.append(replace(s, meta=meta,
                               paragraphs=tuple(replace(p, source_id=meta.id) for p in s.paragraphs),
                               sentences=tuple(replace(p, source_id=meta.id) for p in s.sentences)))
    return out


def timed(fn, repeat: int = 3) -> float:
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def scaling() -> None:
    print("1. scaling (anchor against every other source, paragraph unit)")
    print(f"   {'copies':>6} {'passages':>9} {'parallax s':>11} {'token_set s':>12} {'ratio':>6}")
    for n in (1, 2, 4, 8):
        sources = copies(n)
        left, rights = sources[0], sources[1:]
        passages = sum(len(s.paragraphs) for s in sources)

        left_texts = [p.text for p in left.paragraphs]
        right_texts = [p.text for s in rights for p in s.paragraphs]
        t_p = timed(lambda ls=left, rs=rights, ss=sources: align(ls, rs, corpus=Corpus(ss)), 1 if n > 2 else 3)
        t_b = timed(lambda a=left_texts, b=right_texts: process.cdist(
            a, b, scorer=fuzz.token_set_ratio, processor=str.lower, workers=-1))
        print(f"   {n:>6} {passages:>9} {t_p:>11.3f} {t_b:>12.3f} {t_p / t_b:>6.1f}")


def vectorisation() -> None:
    sources = bundled_sources()
    corpus = Corpus(sources, "sentence")
    left = corpus.sequences(sources[0].id, "sentence")
    right = [seq for s in sources[1:] for seq in corpus.sequences(s.id, "sentence")]

    def python_loop() -> None:
        for a in left:
            ca = Counter(a)
            for b in right:
                shared = sum((ca & Counter(b)).values())
                denom = math.sqrt(len(a) * len(b)) or 1.0
                _ = 100 * math.sqrt(shared / denom) * (1 - 0.5 ** (shared * QUANTUM / 3))

    left_m = corpus.matrix(sources[0].id, "sentence")
    right_m = sparse.vstack([corpus.matrix(s.id, "sentence") for s in sources[1:]]).tocsr()
    t_sparse = timed(lambda: sparse_scores(left_m, right_m))
    t_vec = timed(lambda: score_matrix(left, right))
    t_loop = timed(python_loop, 1)
    print(f"2. vectorisation: {len(left)}x{len(right)} sentence pairs: sparse product {t_sparse * 1000:.1f} ms, "
          f"cdist {t_vec * 1000:.1f} ms ({t_vec / t_sparse:.0f}x the sparse time), "
          f"Python loop {t_loop * 1000:.0f} ms ({t_loop / t_sparse:.0f}x)")


def memory() -> None:
    sources = copies(4)
    passages = sum(len(s.sentences) for s in sources)
    tracemalloc.start()
    Corpus(sources)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    text_bytes = sum(len(s.text.encode()) for s in sources)
    print(f"3. memory: corpus of {passages} sentences peaks at {peak / 1e6:.1f} MB "
          f"({peak / passages / 1e3:.1f} kB a sentence; {peak / text_bytes:.0f}x the text's size)")


def semantic_cost() -> None:
    sources = bundled_sources()
    sentences = [p.text for s in sources for p in s.sentences]
    texts = (sentences * (1000 // len(sentences) + 1))[:1000]
    distinct = [f"{t} ({k})" for k, t in enumerate(texts)]  # no two alike: nothing is served from a cache
    encoders = [e for e in (default_embedder(), second_embedder()) if e is not None]
    t_embed = []
    for embedder in encoders:
        embedder.embed(["warm up"])  # loading the model once per process is not a per-sentence cost
        t_embed.append(timed(lambda e=embedder: embed_texts(distinct, embedder=e, store=MemoryStore()), 1))
    half = len(texts) // 2
    t_lex = timed(lambda: score_matrix(*(lambda c: (c[:half], c[half:]))(
        Corpus(sources, "sentence").sequences(sources[0].id, "sentence")
        + [q for s in sources[1:] for q in Corpus(sources, "sentence").sequences(s.id, "sentence")])), 1)
    t_tsr = timed(lambda: process.cdist(texts[:half], texts[half:], scorer=fuzz.token_set_ratio,
                                        processor=str.lower, workers=-1), 1)
    left, rights = sources[0], list(sources[1:])

    class Unshipped:
        """The same model under another version name, so neither the shipped vectors nor a cache serve it."""

        def __init__(self, model: Embedder) -> None:
            self.model, self.version, self.dimensions = model, model.version + "/bench", model.dimensions

        def embed(self, texts: Sequence[str]) -> np.ndarray:
            return self.model.embed(texts)

    first, *second = [Unshipped(e) for e in encoders]
    run = dict(embedder=first, second_embedder=second[0] if second else None)
    store = MemoryStore()
    t_cold = timed(lambda: align(left, rights, **run, store=MemoryStore()), 1)  # type: ignore[arg-type]
    align(left, rights, **run, store=store)  # type: ignore[arg-type]
    t_warm = timed(lambda: align(left, rights, **run, store=store), 3)  # type: ignore[arg-type]
    t_shipped = timed(lambda: align(left, rights, store=MemoryStore()), 3)
    per = "; ".join(f"{e.version.split('/')[0]} {t:.2f} s ({1000 / t:.0f} a second)"
                    for e, t in zip(encoders, t_embed, strict=True))
    print(f"4. semantic signal: embedding 1,000 sentences from cold: {per}; lexical features and scores for the "
          f"bundled sentences {t_lex:.2f} s; token_set_ratio {half}x{half} {t_tsr:.2f} s")
    print(f"   aligning the anchor with all {len(rights)} bundled accounts: {t_cold:.2f} s with nothing cached, "
          f"{t_warm:.2f} s with every vector cached ({t_cold / t_warm:.1f}x), "
          f"{t_shipped:.2f} s from the shipped vectors")


if __name__ == "__main__":
    scaling()
    vectorisation()
    memory()
    semantic_cost()
