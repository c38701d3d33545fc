"""Alignment quality on the hand-labelled development set, against three baselines.

Prints precision, recall and F1 per account and overall, at paragraph and at
sentence level, for Parallax at its default settings and, in the same run, for
difflib.SequenceMatcher, rapidfuzz's token_set_ratio and TF-IDF cosine, each at
the threshold that is best for it overall (the baselines get that advantage).

    python bench/alignment_quality.py [--unit paragraph|sentence|both]
"""

from __future__ import annotations

import argparse
import difflib
import math
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from devset import ANCHOR_ID, Gold, load_gold

from compare.engine.align import Corpus, align
from compare.model.records import Source, Unit
from compare.text.normalize import tokenize
from compare.text.sources import bundled_sources

Pairs = set[tuple[int, int]]
Matrix = Callable[[list[str], list[str]], np.ndarray]


def prf(predicted: Pairs, gold: frozenset[tuple[int, int]]) -> tuple[float, float, float, int, int, int]:
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, tp, len(predicted), len(gold)


def difflib_matrix(a: list[str], b: list[str]) -> np.ndarray:
    return np.array([[100 * difflib.SequenceMatcher(None, x.lower(), y.lower()).ratio() for y in b] for x in a])


def token_set_matrix(a: list[str], b: list[str]) -> np.ndarray:
    return process.cdist(a, b, scorer=fuzz.token_set_ratio, processor=str.lower, workers=-1)


def make_tfidf(corpus_texts: list[str]) -> Matrix:
    df: Counter[str] = Counter()
    for text in corpus_texts:
        df.update(set(tokenize(text)))
    n = len(corpus_texts)

    def vec(text: str) -> dict[str, float]:
        tf = Counter(tokenize(text))
        v = {t: (1 + math.log(c)) * math.log((n + 1) / (df.get(t, 0) + 1)) for t, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {t: x / norm for t, x in v.items()}

    def matrix(a: list[str], b: list[str]) -> np.ndarray:
        va, vb = [vec(x) for x in a], [vec(y) for y in b]
        return np.array([[100 * sum(w * y.get(t, 0.0) for t, w in x.items()) for y in vb] for x in va])

    return matrix


def calibration(unit: Unit, sources: dict[str, Source], golds: list[Gold]) -> None:
    """Precision of Parallax's links by score band: what a score of 50, 70 or 90 means."""
    corpus = Corpus(list(sources.values()), unit)
    bands = [(30, 40), (40, 50), (50, 60), (60, 70), (70, 80), (80, 90), (90, 101)]
    hits = {b: [0, 0] for b in bands}
    for g in golds:
        result = align(sources[ANCHOR_ID], [sources[g.other]], unit=unit, corpus=corpus, threshold=30)
        for lk in result.links:
            band = next(b for b in bands if b[0] <= lk.score < b[1])
            hits[band][0] += (lk.left.index, lk.right.index) in g.pairs[unit]
            hits[band][1] += 1
    print(f"calibration ({unit}): precision of links by score band")
    for (lo, hi), (right, n) in hits.items():
        shown = f"{right / n:.2f} of {n}" if n else "no links"
        print(f"   {lo:3}-{min(hi, 100):3}: {shown}")


def best_threshold(matrices: dict[str, np.ndarray], golds: list[Gold], unit: Unit) -> tuple[float, float]:
    """The single threshold that maximises overall F1 for a baseline (its best case)."""
    best = (0.0, -1.0)
    for t in np.arange(1, 100, 0.5):
        tp = npred = ngold = 0
        for g in golds:
            pred = {(int(i), int(j)) for i, j in zip(*np.nonzero(matrices[g.other] >= t), strict=True)}
            gold = g.pairs[unit]
            tp += len(pred & gold)
            npred += len(pred)
            ngold += len(gold)
        p = tp / npred if npred else 0.0
        r = tp / ngold if ngold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        if f > best[1]:
            best = (float(t), f)
    return best


def evaluate(unit: Unit, sources: dict[str, Source], golds: list[Gold]) -> dict[str, dict[str, tuple]]:
    anchor = sources[ANCHOR_ID]
    texts = lambda s: [p.text for p in s.passages(unit)]  # noqa: E731
    results: dict[str, dict[str, tuple]] = {}
    timings: dict[str, float] = {}

    started = time.perf_counter()
    corpus = Corpus(list(sources.values()), unit)
    predicted = {}
    for g in golds:
        result = align(anchor, [sources[g.other]], unit=unit, corpus=corpus)
        predicted[g.other] = {(lk.left.index, lk.right.index) for lk in result.links}
    timings["parallax"] = time.perf_counter() - started
    results["parallax"] = {g.other: prf(predicted[g.other], g.pairs[unit]) for g in golds}

    all_texts = [t for s in sources.values() for t in texts(s)]
    baselines: dict[str, Matrix] = {"difflib": difflib_matrix, "token_set_ratio": token_set_matrix,
                                    "tfidf_cosine": make_tfidf(all_texts)}
    for name, fn in baselines.items():
        started = time.perf_counter()
        matrices = {g.other: fn(texts(anchor), texts(sources[g.other])) for g in golds}
        timings[name] = time.perf_counter() - started
        t, _ = best_threshold(matrices, golds, unit)
        results[f"{name} (t={t:g})"] = {
            g.other: prf({(int(i), int(j)) for i, j in zip(*np.nonzero(matrices[g.other] >= t), strict=True)},
                         g.pairs[unit]) for g in golds}
    base = timings["token_set_ratio"]
    print("time relative to token_set_ratio: " + ", ".join(f"{k} {v / base:.1f}x" for k, v in timings.items()))
    return results


def overall(per_account: dict[str, tuple]) -> tuple[float, float, float]:
    tp = sum(v[3] for v in per_account.values())
    npred = sum(v[4] for v in per_account.values())
    ngold = sum(v[5] for v in per_account.values())
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(unit: Unit, results: dict[str, dict[str, tuple]], golds: list[Gold]) -> dict[str, float]:
    accounts = [g.other for g in golds]
    print(f"\n== {unit} level: F1 per account (P/R overall) ==")
    print(f"{'system':32}" + "".join(f"{a[:13]:>14}" for a in accounts) + f"{'overall P/R/F1':>22}")
    f1s = {}
    for name, per in results.items():
        p, r, f = overall(per)
        f1s[name] = f
        print(f"{name:32}" + "".join(f"{per[a][2]:14.2f}" for a in accounts) + f"   {p:.2f}/{r:.2f}/{f:.2f}")
    best_base = max(v for k, v in f1s.items() if k != "parallax")
    ru = [g.other for g in golds if g.other.startswith("ru")]
    print(f"parallax F1 {f1s['parallax']:.2f} vs best baseline {best_base:.2f}: "
          f"margin {f1s['parallax'] - best_base:+.2f}")
    for account in ru:
        best_ru = max(per[account][2] for k, per in results.items() if k != "parallax")
        print(f"{account}: parallax F1 {results['parallax'][account][2]:.2f} vs best baseline "
              f"{best_ru:.2f}: margin {results['parallax'][account][2] - best_ru:+.2f}")
    return f1s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unit", choices=("paragraph", "sentence", "both"), default="both")
    args = parser.parse_args()
    sources = {s.id: s for s in bundled_sources()}
    golds = load_gold(sources)
    print(f"{len(golds)} labelled accounts, "
          f"{sum(len(g.pairs['sentence']) for g in golds)} sentence pairs, "
          f"{sum(len(g.pairs['paragraph']) for g in golds)} paragraph pairs")
    units: list[Unit] = ["paragraph", "sentence"] if args.unit == "both" else [args.unit]  # type: ignore[list-item]
    for unit in units:
        report(unit, evaluate(unit, sources, golds), golds)
        calibration(unit, sources, golds)


if __name__ == "__main__":
    main()
