"""Alignment quality on labelled cases: the shipped engine, its parts alone, and plain baselines, in one run.

For every case in `bench/cases/` and every labelled account, prints precision,
recall and F1 at paragraph and sentence level for

- `combined`  — the engine as shipped (lexical and semantic signals, resources/combiner.json);
- `one-encoder` — the model shipped for where the second encoder (e5) is not installed: USE alone;
- `lexical`   — the same combiner fitted on the lexical signals alone;
- `semantic`  — the same combiner fitted on the semantic signals alone;
- `lexical-v2` — the previous engine: the calibrated lexical score, threshold 50, margin 12;
- `token_set_ratio` — rapidfuzz's token_set_ratio at the threshold best for that case (a
  baseline given the advantage of choosing its threshold on the very data it is scored on).

Each training case is scored by models fitted WITHOUT it (leave-one-case-out,
the same folds as bench/fit_combiner.py); cases marked held-out, and any case
folder given with --cases (for example a private set of real pages that cannot
be shipped), are scored by the shipped models, which never saw them; folders
given with --train-cases join the training cases (and their folds). Totals are
given per case, per language, and pooled. Then the calibration table: how often
a link is right by score band, with counts.

    python bench/alignment_quality.py [--unit paragraph|sentence|both] [--cases DIR ...] [--train-cases DIR ...]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fit_combiner import (
    MODELS,
    SHIPPED_AS,
    Labelled,
    case_signals,
    cross_validate,
    predicted,
    prf,
    to_scores,
    training_cases,
    training_data,
)
from labelled import Case, load_case, load_cases

from compare.engine.combine import COMBINER_FILE, Combiner
from compare.model.locations import resource
from compare.model.records import Unit

BANDS = ((25, 40), (40, 50), (50, 60), (60, 70), (70, 80), (80, 90), (90, 101))
Counts = tuple[int, int, int]  # true positives, predicted, gold


def shipped(unit: Unit) -> dict[str, Combiner]:
    """The shipped model and the two one-signal baselines, each with the margin fitted with it."""
    doc = json.loads(resource(COMBINER_FILE).read_text(encoding="utf-8"))
    return {name: Combiner.from_json(unit, entry(doc, name, unit)) for name in MODELS}


def entry(doc: dict[str, Any], name: str, unit: Unit) -> dict[str, Any]:
    """A system's fitted model in combiner.json: a shipped one (`SHIPPED_AS`) or a baseline."""
    return doc[SHIPPED_AS[name]][unit] if name in SHIPPED_AS else doc["baselines"][name][unit]


def out_of_case(unit: Unit, extra: tuple[str, ...] = ()) -> dict[str, dict[str, list[np.ndarray]]]:
    """For each training case, scores per system from models fitted on the other training cases."""
    doc = json.loads(resource(COMBINER_FILE).read_text(encoding="utf-8"))
    _cases, data, folds = training_data(unit, extra)
    out: dict[str, dict[str, list[np.ndarray]]] = defaultdict(lambda: defaultdict(list))
    for name, names in MODELS.items():
        threshold = entry(doc, name, unit)["threshold_probability"]
        for prob, fold in zip(cross_validate(data, names, folds), folds, strict=True):
            out[fold][name].append(to_scores(prob, threshold))
    return out


def fitted_scores(case: Case, data: list[Labelled], unit: Unit,
                  held: dict[str, dict[str, list[np.ndarray]]]) -> dict[str, list[np.ndarray]]:
    """Scores per system and account: out of case for training cases, the shipped models otherwise."""
    if case.role == "training":
        return held[case.name]
    return {name: [combiner.scores(d.signals) for d in data] for name, combiner in shipped(unit).items()}


Held = dict[str, dict[str, list[np.ndarray]]]
Calibration = dict[str, list[tuple[float, bool]]]


def evaluate(case: Case, unit: Unit, held: Held) -> tuple[dict[str, dict[str, Counts]], Calibration]:
    """Counts per system and account, and (score, right?) of every shown-or-candidate link for calibration."""
    data = case_signals(case, unit)
    scores = fitted_scores(case, data, unit, held)
    margins = {name: c.margin for name, c in shipped(unit).items()}
    counts: dict[str, dict[str, Counts]] = defaultdict(dict)
    calib: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for name, per_account in scores.items():
        for d, s in zip(data, per_account, strict=True):
            gold = d.account.pairs[unit]
            got = predicted(s, margins[name])
            counts[name][d.account.id] = (len(got & gold), len(got), len(gold))
            if name == "combined":
                calib[case.role].extend((float(s[i, j]), (i, j) in gold) for i, j in predicted(s, margins[name], 25))
    for d in data:
        lex = d.signals.values["lexical"] * 100
        gold = d.account.pairs[unit]
        got = {(i, j) for i, j in predicted(lex, 12.0)}
        counts["lexical-v2"][d.account.id] = (len(got & gold), len(got), len(gold))
    anchor_texts = [p.text for p in case.anchor.passages(unit)]
    matrices = {a.id: process.cdist(anchor_texts, [p.text for p in a.source.passages(unit)],
                                    scorer=fuzz.token_set_ratio, processor=str.lower, workers=-1)
                for a in case.accounts}
    best: tuple[float, dict[str, Counts]] = (-1.0, {})
    for t in range(30, 100, 2):
        per = {}
        for a in case.accounts:
            got = {(int(i), int(j)) for i, j in zip(*np.nonzero(matrices[a.id] >= t), strict=True)}
            per[a.id] = (len(got & a.pairs[unit]), len(got), len(a.pairs[unit]))
        f = prf(*map(sum, zip(*per.values(), strict=True)))[2]
        if f > best[0]:
            best = (f, per)
    counts["token_set_ratio*"] = best[1]
    return counts, calib


def total(counts: dict[str, Counts], ids: list[str]) -> tuple[float, float, float]:
    tp, npred, ngold = (sum(counts[i][k] for i in ids) for k in range(3))
    return prf(tp, npred, ngold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unit", choices=("paragraph", "sentence", "both"), default="both")
    parser.add_argument("--cases", nargs="*", default=[], help="more case folders, scored as held-out")
    parser.add_argument("--train-cases", nargs="*", default=[],
                        help="more training case folders (as given to fit_combiner.py --cases), scored out of case")
    args = parser.parse_args()
    extra = tuple(args.train_cases)
    cases = training_cases(extra) + [c for c in load_cases() if c.role != "training"] + \
        [load_case(Path(d)) for d in args.cases]
    extra_names = {Path(d).name for d in extra}
    group = {c.name: ("held out" if c.role != "training" else "fitted on, out of case: given with --train-cases"
                      if c.name in extra_names else "fitted on, out of case: bench/cases") for c in cases}
    units: list[Unit] = ["paragraph", "sentence"] if args.unit == "both" else [args.unit]  # type: ignore[list-item]
    for unit in units:
        started = time.perf_counter()
        held = out_of_case(unit, extra)
        pooled: dict[str, dict[str, Counts]] = defaultdict(dict)
        languages: dict[str, str] = {}
        calibration: dict[str, list[tuple[float, bool]]] = defaultdict(list)
        print(f"\n==== {unit} level: P/R/F1, every case scored by models that never saw it ====")
        for case in cases:
            counts, calib = evaluate(case, unit, held)
            for role, items in calib.items():
                calibration[role].extend(items)
            accounts = [a.id for a in case.accounts]
            for a in case.accounts:
                languages[f"{case.name}/{a.id}"] = a.language
            print(f"\n-- {case.name} ({case.role}; anchor {case.anchor.id}, {case.anchor.meta.language}) --")
            print(f"{'system':18}" + "".join(f"{a[:15]:>16}" for a in accounts) + f"{'all P/R/F1':>20}")
            for name, per in counts.items():
                p, r, f = total(per, accounts)
                print(f"{name:18}" + "".join(f"{per[a][2] and per[a][0] / max(1, per[a][1]):>7.2f}/"
                                             f"{per[a][0] / max(1, per[a][2]):.2f}/"
                                             f"{prf(*per[a])[2]:.2f}"[-16:].rjust(16) for a in accounts)
                      + f"    {p:.2f}/{r:.2f}/{f:.2f}")
                for a in accounts:
                    pooled[name][f"{case.name}/{a}"] = per[a]
            for lang in sorted({a.language for a in case.accounts}):
                ids = [a.id for a in case.accounts if a.language == lang]
                gold = sum(counts["combined"][i][2] for i in ids)
                print(f"  accounts in {lang} ({len(ids)}, {gold} pairs): " + "  ".join(
                    f"{name} {'/'.join(f'{v:.2f}' for v in total(per, ids))}" for name, per in counts.items()))
        print("\n-- all accounts pooled (each scored by a model that never saw its case), and by language --")
        for kind in (None, *sorted(set(group.values()))):
            if kind is not None:
                print(f"  {kind}:")
            for lang in (None, "en", "ru"):
                ids = [k for k in next(iter(pooled.values()))
                       if (lang is None or languages[k] == lang) and (kind is None or group[k.split("/")[0]] == kind)]
                if not ids:
                    continue
                gold = sum(next(iter(pooled.values()))[k][2] for k in ids)
                label = "all" if lang is None else f"language {lang}"
                print(f"{label:12} ({gold:3} pairs, {len(ids)} accounts): " + "  ".join(
                    f"{name} {'/'.join(f'{v:.2f}' for v in total(per, ids))}" for name, per in pooled.items()))
        print(f"\ncalibration ({unit}, combined): share of links that are right, by score band")
        for role, items in calibration.items():
            cells = []
            for lo, hi in BANDS:
                band = [ok for s, ok in items if lo <= s < hi]
                cells.append(f"{lo}-{min(hi, 100)}: {sum(band) / len(band):.2f} of {len(band)}" if band
                             else f"{lo}-{min(hi, 100)}: -")
            print(f"  {role:12} " + " | ".join(cells))
        print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
