"""The combiner: the shipped models load and read the signals they name; bad files are refused in one line."""

from __future__ import annotations

import numpy as np
import pytest

from compare.engine.combine import Combiner, load_combiner
from compare.engine.signals import SECOND_ENCODER, SIGNALS, PairSignals
from compare.model.errors import SourceError


def _signals(**values: float) -> PairSignals:
    return PairSignals({name: np.full((1, 1), values.get(name, 0.0)) for name in SIGNALS})


@pytest.mark.parametrize("second", [True, False])
@pytest.mark.parametrize("unit", ["paragraph", "sentence"])
def test_shipped_models_load_and_more_evidence_scores_higher(unit: str, second: bool) -> None:
    model = load_combiner(unit, second=second)  # type: ignore[arg-type]
    assert set(model.signals) <= set(SIGNALS)
    assert bool(set(model.signals) & set(SECOND_ENCODER)) is second
    weak = model.scores(_signals(lexical=0.1, semantic=0.1, semantic_best=0.2, lexical_gap=-0.3, semantic_gap=-0.3,
                                 semantic_e5=0.75, semantic_e5_best=0.78, semantic_e5_gap=-0.05))
    strong = model.scores(_signals(lexical=0.9, semantic=0.8, semantic_best=0.9, anchors=2.0, dates=1.0,
                                   lexical_x_semantic=0.8, semantic_e5=0.9, semantic_e5_best=0.92))
    assert 0 <= weak[0, 0] < 50 < strong[0, 0] <= 100


def test_where_the_second_encoder_is_missing_the_engine_runs_the_model_fitted_without_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from compare.engine import semantic
    from compare.engine.align import align
    from compare.text.sources import bundled_sources

    monkeypatch.setenv("PARALLAX_ONE_ENCODER", "1")
    monkeypatch.setattr(semantic, "_SECOND", None)
    assert semantic.second_embedder() is None
    anchor, *others = bundled_sources()
    alone = load_combiner("paragraph", second=False)
    assert align(anchor, others[:1]).settings.margin == alone.margin
    assert not set(alone.signals) & set(SECOND_ENCODER)


def test_a_malformed_model_is_one_clear_error() -> None:
    with pytest.raises(SourceError, match="malformed"):
        Combiner.from_json("paragraph", {"signals": ["lexical"], "mean": [0.0]})
    with pytest.raises(SourceError, match="unknown or mismatched"):
        Combiner.from_json("paragraph", {"signals": ["colour"], "mean": [0.0], "scale": [1.0], "weights": [1.0],
                                         "bias": 0.0})


@pytest.mark.parametrize("unit", ["paragraph", "sentence"])
def test_the_engine_uses_the_margin_fitted_with_its_weights(unit: str) -> None:
    """What the quality bench measures is what the app and the CLI run."""
    from compare.engine.align import align
    from compare.text.sources import bundled_sources

    anchor, *others = bundled_sources()
    assert align(anchor, others[:1], unit=unit).settings.margin == load_combiner(unit).margin  # type: ignore[arg-type]


def test_runs_stored_by_the_two_encoder_engine_are_not_taken_for_the_one_encoder_engine(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A workspace aligned on Linux (both encoders) and opened where e5 is missing is aligned again there."""
    import json

    from compare.engine import semantic
    from compare.engine.align import ENGINE_VERSION, engine_version
    from compare.reading.session import run_covers

    run = {"engine_version": engine_version(second=True), "settings": json.dumps({"threshold": 0.0})}
    assert engine_version(second=True) == ENGINE_VERSION != engine_version(second=False)
    monkeypatch.setattr(semantic, "_SECOND", None)
    monkeypatch.setenv("PARALLAX_ONE_ENCODER", "1")
    assert not run_covers(run)
    assert run_covers({**run, "engine_version": engine_version(second=False)})
