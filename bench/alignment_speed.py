"""Alignment speed and memory, as ratios to baselines measured in the same run.

1. Scaling: the bundled workspace copied 1, 2, 4 and 8 times; time to build the
   corpus and align the anchor with every other source, against plain
   `process.cdist(..., fuzz.token_set_ratio)` over the same passages.
2. Vectorisation: `score_matrix` (one rapidfuzz cdist call) against the same
   weighted-overlap computed in a Python loop over pairs.
3. Memory: peak traced allocation while building the corpus, per passage.

    python bench/alignment_speed.py
"""

from __future__ import annotations

import math
import sys
import time
import tracemalloc
from collections import Counter
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from compare.engine.align import Corpus, align, score_matrix
from compare.engine.corpus import QUANTUM
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

    t_vec = timed(lambda: score_matrix(left, right))
    t_loop = timed(python_loop, 1)
    print(f"2. vectorisation: {len(left)}x{len(right)} sentence pairs: cdist {t_vec * 1000:.1f} ms, "
          f"Python loop {t_loop * 1000:.0f} ms: {t_loop / t_vec:.0f}x faster")


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


if __name__ == "__main__":
    scaling()
    vectorisation()
    memory()
