"""A command runs with fewer garbage collections, and leaves the collector as it found it."""

from __future__ import annotations

import gc

import pytest

from compare.cli import commands
from compare.model.collection import BATCH_THRESHOLDS, batch_collections


def test_thresholds_are_raised_within_and_restored_after():
    before = gc.get_threshold()
    with batch_collections():
        assert gc.get_threshold() == BATCH_THRESHOLDS
    assert gc.get_threshold() == before


def test_a_failing_block_restores_them_too():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), batch_collections():
        raise RuntimeError("boom")
    assert gc.get_threshold() == before


def test_a_command_runs_within_them(monkeypatch, capsys):
    seen = []
    monkeypatch.setitem(commands.COMMANDS, "sources", lambda _args: seen.append(gc.get_threshold()) or 0)
    before = gc.get_threshold()
    assert commands.run(["sources"]) == 0
    assert seen == [BATCH_THRESHOLDS] and gc.get_threshold() == before
