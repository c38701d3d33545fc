"""Evidence is computed for the links shown; a candidate shown later gets exactly what a run at its threshold gives."""

from __future__ import annotations

import importlib

import pytest

from compare.engine.align import align
from compare.engine.semantic import MemoryStore
from compare.text.sources import bundled_sources

align_module = importlib.import_module("compare.engine.align")  # the package's `align` is the function


@pytest.mark.parametrize("unit", ["paragraph", "sentence"])
def test_lowering_the_threshold_explains_what_it_shows(unit: str) -> None:
    sources = bundled_sources()
    left, rights = sources[0], list(sources[1:4])
    high = align(left, rights, unit=unit, threshold=70.0, store=MemoryStore())  # type: ignore[arg-type]
    low = align(left, rights, unit=unit, threshold=30.0, store=MemoryStore())  # type: ignore[arg-type]
    pending = [lk for lk in high.candidates if lk.evidence.pending]
    assert pending and all(lk.score < 70.0 for lk in pending)
    assert all(not lk.evidence.pending for lk in high.links)
    shown = high.with_threshold(30.0).links
    assert shown == low.links
    assert all(not lk.evidence.pending and lk.evidence.left_span != (0, 0) for lk in shown)


def test_nothing_is_explained_that_is_not_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    sources = bundled_sources()
    result = align(sources[0], [sources[2]], threshold=60.0, store=MemoryStore())
    calls: list[int] = []
    real = align_module._evidence
    monkeypatch.setattr(align_module, "_evidence", lambda *a: calls.append(1) or real(*a))
    assert result.links == result.links
    assert calls == []  # every shown link was explained by the run itself
    lowered = result.with_threshold(25.0)
    _ = lowered.links
    waiting = sum(lk.evidence.pending for lk in result.candidates)
    assert waiting and len(calls) == waiting
    _ = lowered.links
    assert len(calls) == waiting  # explained once, then remembered


def test_every_candidate_can_be_had_explained() -> None:
    """What the archive stores: all candidates, each with the evidence a run at the floor gives it."""
    sources = bundled_sources()
    left, rights = sources[0], list(sources[1:3])
    lazy = align(left, rights, threshold=70.0, store=MemoryStore())
    eager = align(left, rights, threshold=25.0, store=MemoryStore())
    everything = lazy.explained_candidates()
    assert any(lk.evidence.pending for lk in lazy.candidates)
    assert everything == eager.candidates and not any(lk.evidence.pending for lk in everything)


def test_the_links_shown_are_made_once_per_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """A view reads `links` on every repaint: the pending ones are explained and the tuple made once."""
    sources = bundled_sources()
    result = align(sources[0], list(sources[1:3]), threshold=70.0, store=MemoryStore())
    first = result.links
    assert result.links is first
    explained: list[int] = []
    real = align_module.explain
    monkeypatch.setattr(align_module, "explain", lambda al, ns: explained.extend(ns) or real(al, ns))
    lower = result.with_threshold(40.0)
    shown = lower.links
    assert lower.links is shown and result.with_threshold(40.0).links is shown
    assert explained and len(explained) == len(set(explained))  # each pending candidate explained once
    assert result.links is first and set(first) <= set(shown)
