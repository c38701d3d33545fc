"""How the signals become one score: a small logistic model whose weights are fitted, not chosen.

The weights live in `resources/combiner.json`, one model per unit, each with
the signals it reads, their standardisation, its weights and bias, and a note
of the data it was fitted on and how it was validated. `bench/fit_combiner.py`
writes that file by cross-validation on the labelled development set only; the
held-out cases in `bench/cases/` never touch it. A score is the model's
log-odds that the two passages tell the same event or claim, mapped to 0-100 so
that 50 is the decision threshold chosen by cross-validation; what each band of
scores means in practice is measured, and printed, by `bench/alignment_quality.py`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from compare.model.lazy import lazy_import

if TYPE_CHECKING:  # imported on first use: an aligned workspace opens without it (issue 14)
    import numpy as np
else:
    np = lazy_import("numpy")

from compare.engine.signals import SECOND_ENCODER, SIGNALS, PairSignals
from compare.model.disk_cache import digest
from compare.model.errors import SourceError
from compare.model.locations import resource
from compare.model.records import Unit

__all__ = ["COMBINER_FILE", "ONE_ENCODER", "Combiner", "load_combiner"]

COMBINER_FILE = "combiner.json"


@dataclass(frozen=True)
class Combiner:
    """A logistic model over named signals: score = 100 · σ(w · (x − mean) / scale + b)."""

    unit: Unit
    signals: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float  # includes the shift that puts the cross-validated decision threshold at a score of 50
    margin: float = 8.0  # keep a link within this many points of its passage's best (fitted with the weights)

    def __post_init__(self) -> None:
        unknown = [s for s in self.signals if s not in SIGNALS]
        if unknown or not len(self.signals) == len(self.mean) == len(self.scale) == len(self.weights):
            raise SourceError(f"combiner for {self.unit}: unknown or mismatched signals {unknown or self.signals}")

    def scores(self, signals: PairSignals) -> np.ndarray:
        """Scores 0-100 for every pair of passages."""
        x = signals.stacked(self.signals)
        z = (x - self.mean) / self.scale
        return 100.0 / (1.0 + np.exp(-(z @ self.weights + self.bias)))

    def to_json(self) -> dict[str, object]:
        return {"signals": list(self.signals), "mean": self.mean.round(6).tolist(),
                "scale": self.scale.round(6).tolist(), "weights": self.weights.round(6).tolist(),
                "bias": round(self.bias, 6), "margin": self.margin}

    @classmethod
    def from_json(cls, unit: Unit, data: dict[str, object]) -> Combiner:
        try:
            return cls(unit, tuple(data["signals"]),  # type: ignore[arg-type]
                       np.array(data["mean"], dtype=np.float64), np.array(data["scale"], dtype=np.float64),
                       np.array(data["weights"], dtype=np.float64), float(data["bias"]),  # type: ignore[arg-type]
                       float(data.get("margin", 8.0)))  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError) as exc:
            raise SourceError(f"{COMBINER_FILE}: the {unit} model is malformed ({exc})") from None


ONE_ENCODER = "one_encoder_models"  # fitted without the second encoder's signals, for where it is not installed


@cache
def _models(key: str = "models") -> dict[str, dict[str, object]]:
    try:
        data = json.loads(resource(COMBINER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SourceError(f"cannot read {COMBINER_FILE} ({exc.__class__.__name__})") from None
    models = data.get(key) if isinstance(data, dict) else None
    if not isinstance(models, dict):
        raise SourceError(f"{COMBINER_FILE}: no {key}")
    return models


def shipped_reads(unit: Unit, *, second: bool = True) -> tuple[tuple[str, ...], float, str]:
    """The shipped model's signals, its margin and a digest of it, without building it.

    A run that reads every pair's links back scores nothing, so it needs no more of the model than
    this (and NumPy is never imported); a malformed model is reported by `load_combiner`."""
    model = _models("models" if second else ONE_ENCODER).get(unit)
    try:
        signals = tuple(str(name) for name in model["signals"])  # type: ignore[index, union-attr]
        margin = float(model.get("margin", 8.0))  # type: ignore[union-attr, arg-type]
    except (KeyError, TypeError, ValueError, AttributeError):
        load_combiner(unit, second=second)  # raises the one message for a malformed model
        raise
    return signals, margin, digest(unit, second, json.dumps(model, sort_keys=True))


def load_combiner(unit: Unit, *, second: bool = True) -> Combiner:
    """The shipped model for `unit`: the one that reads both encoders, or with `second=False` the
    one fitted on USE alone (where the second encoder is not installed; the same folds, its own weights)."""
    model = _models("models" if second else ONE_ENCODER).get(unit)
    if not isinstance(model, dict):
        raise SourceError(f"{COMBINER_FILE}: no model for {unit}")
    combiner = Combiner.from_json(unit, model)
    if not second and set(combiner.signals) & set(SECOND_ENCODER):
        raise SourceError(f"{COMBINER_FILE}: the {unit} model without the second encoder reads its signals")
    return combiner
