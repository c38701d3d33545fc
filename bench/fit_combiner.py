"""Fit the combiner's weights by cross-validation over whole cases; write resources/combiner.json.

For each unit, every (anchor passage, account passage) pair of the training
cases in `bench/cases/` becomes one row of signals (`compare.engine.signals`)
with its label. A logistic regression is fitted with each CASE left out in turn
(a new event is what the engine must generalise to, not a new account of a
known one); the out-of-case probabilities choose the decision threshold and the
best-or-close margin that maximise F1 over all accounts pooled. The final
weights are fitted on every training case, and the threshold is folded into the
bias so it reads as a score of 50. Cases marked `role: held-out` (and any given
to bench/alignment_quality.py with --cases) are never loaded here.

    python bench/fit_combiner.py [--cases DIR ...]   # needs scikit-learn: pip install -e '.[fit]'

`--cases` adds training cases kept outside the project (real pages that may
not be redistributed); `fitted_on_private` in the written file names them.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from labelled import Account, Case, load_case, load_cases

from compare.engine.align import ENGINE_VERSION, passage_vectors
from compare.engine.combine import COMBINER_FILE, ONE_ENCODER
from compare.engine.corpus import Corpus
from compare.engine.scoring import select
from compare.engine.semantic import SqliteStore
from compare.engine.signals import SECOND_ENCODER, SIGNALS, PairSignals, pair_signals
from compare.model.locations import embedding_cache_path, resource
from compare.model.records import Unit

SEMANTIC = ("semantic", "semantic_best", "semantic_gap")
LEXICAL = ("lexical", "lexical_gap", "anchors", "dates")
MODELS = {"combined": SIGNALS, "one-encoder": tuple(s for s in SIGNALS if s not in SECOND_ENCODER),
          "lexical": (*LEXICAL, "position", "cross_language"), "semantic": (*SEMANTIC, "position", "cross_language")}
SHIPPED_AS = {"combined": "models", "one-encoder": ONE_ENCODER}  # the rest are baselines
THRESHOLDS = np.round(np.arange(0.05, 0.80, 0.01), 3)
MARGINS = (0.0, 4.0, 8.0, 12.0, 16.0, 24.0, 100.0)


@dataclass
class Labelled:
    """One account's signals and labels at one unit."""

    account: Account
    signals: PairSignals
    labels: np.ndarray  # (n anchor passages, n account passages), 1 for gold pairs


def case_signals(case: Case, unit: Unit) -> list[Labelled]:
    """Signals and gold labels for every account of `case` against its anchor."""
    corpus = Corpus(case.sources, unit)
    vectors = passage_vectors(case.sources, unit, store=SqliteStore.at(embedding_cache_path()))
    out = []
    for account in case.accounts:
        pair = corpus.pair(case.anchor.id, account.id)
        signals = pair_signals(pair, case.anchor, account.source, unit, vectors[case.anchor.id],
                               vectors[account.id])
        labels = np.zeros(signals.shape)
        for i, j in account.pairs[unit]:
            labels[i, j] = 1.0
        out.append(Labelled(account, signals, labels))
    return out


def to_scores(prob: np.ndarray, threshold: float) -> np.ndarray:
    """Probabilities as scores on which `threshold` reads 50 (the engine's scale)."""
    p = np.clip(prob, 1e-9, 1 - 1e-9)
    shift = math.log(threshold / (1 - threshold))
    return 100.0 / (1.0 + np.exp(-(np.log(p / (1 - p)) - shift)))


def predicted(scores: np.ndarray, margin: float, threshold: float = 50.0) -> set[tuple[int, int]]:
    return {(i, j) for i, j in select(scores, margin=margin) if scores[i, j] >= threshold}


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pooled_f1(probs: list[np.ndarray], data: list[Labelled], unit: Unit, threshold: float, margin: float) -> float:
    tp = npred = ngold = 0
    for prob, d in zip(probs, data, strict=True):
        got = predicted(to_scores(prob, threshold), margin)
        gold = d.account.pairs[unit]
        tp += len(got & gold)
        npred += len(got)
        ngold += len(gold)
    return prf(tp, npred, ngold)[2]


def fit(x: np.ndarray, y: np.ndarray):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000)).fit(x, y)


def rows(d: Labelled, names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    x = d.signals.stacked(names)
    return x.reshape(-1, len(names)), d.labels.reshape(-1)


def cross_validate(data: list[Labelled], names: tuple[str, ...], folds: list[str]) -> list[np.ndarray]:
    """Out-of-fold probabilities: each item predicted by a model fitted without its fold (its case)."""
    out: list[np.ndarray] = [np.zeros(0)] * len(data)
    for fold in sorted(set(folds)):
        train = [rows(d, names) for d, f in zip(data, folds, strict=True) if f != fold]
        model = fit(np.concatenate([x for x, _ in train]), np.concatenate([y for _, y in train]))
        for k, (d, f) in enumerate(zip(data, folds, strict=True)):
            if f == fold:
                x, _ = rows(d, names)
                out[k] = model.predict_proba(x)[:, 1].reshape(d.labels.shape)
    return out


def training_cases(extra: tuple[str, ...] = ()) -> list[Case]:
    """The training cases in bench/cases/, and the case folders in `extra` (each must say `role: training`).

    `extra` is for labelled real pages that cannot be shipped: third-party text
    stays outside the project, only the weights fitted on it are committed.
    """
    cases = [c for c in load_cases() if c.role == "training"]
    for folder in extra:
        case = load_case(Path(folder))
        if case.role != "training":
            raise SystemExit(f"{folder}: role is {case.role!r}; only training cases may be fitted on")
        cases.append(case)
    return cases


def training_data(unit: Unit, extra: tuple[str, ...] = ()) -> tuple[list[Case], list[Labelled], list[str]]:
    """Every training case's labelled accounts at `unit`, with the case each belongs to (its fold)."""
    cases = training_cases(extra)
    data: list[Labelled] = []
    folds: list[str] = []
    for case in cases:
        for d in case_signals(case, unit):
            data.append(d)
            folds.append(case.name)
    return cases, data, folds


def choose(probs: list[np.ndarray], data: list[Labelled], unit: Unit) -> tuple[float, float, float]:
    """The (threshold, margin) with the best pooled out-of-fold F1, and that F1."""
    best = (0.5, 12.0, -1.0)
    for t in THRESHOLDS:
        for m in MARGINS:
            f = pooled_f1(probs, data, unit, float(t), m)
            if f > best[2] + 1e-9:
                best = (float(t), m, f)
    return best


def model_json(data: list[Labelled], names: tuple[str, ...], threshold: float) -> dict[str, object]:
    x = np.concatenate([rows(d, names)[0] for d in data])
    y = np.concatenate([rows(d, names)[1] for d in data])
    pipe = fit(x, y)
    scaler, logistic = pipe[0], pipe[1]
    bias = float(logistic.intercept_[0]) - math.log(threshold / (1 - threshold))
    return {"signals": list(names), "mean": scaler.mean_.round(6).tolist(),
            "scale": np.where(scaler.scale_ > 0, scaler.scale_, 1.0).round(6).tolist(),
            "weights": logistic.coef_[0].round(6).tolist(), "bias": round(bias, 6),
            "threshold_probability": threshold}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(resource(COMBINER_FILE)), help="where to write the models")
    parser.add_argument("--cases", nargs="*", default=[],
                        help="more training case folders outside the project (labelled real pages)")
    args = parser.parse_args()
    extra = tuple(args.cases)
    doc: dict[str, object] = {
        "about": ("Logistic combiners of alignment signals, one per unit; written by bench/fit_combiner.py. "
                  "Fitted on the training cases in bench/cases/; threshold and margin chosen by "
                  "leave-one-case-out cross-validation. Cases marked held-out were not used."),
        "engine_version": ENGINE_VERSION, "fitted": _dt.date.today().isoformat(),
        "models": {}, "baselines": {}, "cross_validation": {}}
    for unit in ("paragraph", "sentence"):
        cases, data, folds = training_data(unit, extra)  # type: ignore[arg-type]
        doc["fitted_on"] = {c.name: [a.id for a in c.accounts] for c in cases}
        doc["fitted_on_private"] = sorted(Path(f).name for f in extra)
        positives = int(sum(d.labels.sum() for d in data))
        print(f"{unit}: {len(cases)} cases, {sum(d.labels.size for d in data)} pairs, {positives} labelled links")
        for name, names in MODELS.items():
            probs = cross_validate(data, names, folds)
            threshold, margin, f1 = choose(probs, data, unit)  # type: ignore[arg-type]
            print(f"  {name:9} leave-one-case-out F1 {f1:.3f} at threshold p={threshold:.2f}, margin {margin:g}")
            entry = {**model_json(data, names, threshold), "margin": margin}
            target = doc["baselines"] if name not in SHIPPED_AS else doc.setdefault(SHIPPED_AS[name], {})
            target.setdefault(name, {})[unit] = entry  # type: ignore[union-attr]
            doc["cross_validation"].setdefault(unit, {})[name] = {  # type: ignore[union-attr]
                "f1": round(f1, 3), "threshold_probability": threshold, "margin": margin}
    for name, key in SHIPPED_AS.items():
        doc[key] = doc[key][name]  # type: ignore[index]
    Path(args.out).write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
