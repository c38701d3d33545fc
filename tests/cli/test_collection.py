"""A command runs with fewer garbage collections, and leaves the collector as it found it."""

from __future__ import annotations

import gc
import subprocess
import sys

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



_PROBE = """
import sys
from compare.cli import commands, entry
class Cycle:
    def __init__(self): self.me = self
    def __del__(self): print("collected at exit", flush=True)
code = entry.main(["sources"]) if sys.argv[1] == "entry" else commands.run(["sources"])
junk = Cycle()  # a cycle made unreachable just before exit: only the interpreter's last collection finds it
del junk
"""


@pytest.mark.parametrize(("way", "collected"), [("entry", False), ("run", True)])
def test_a_command_process_skips_the_last_collection(tmp_path, way, collected) -> None:
    """A command run as a program does not walk its objects once more at exit; a caller of `run` keeps
    Python's way (a test process, which goes on after the command)."""
    script = tmp_path / "probe.py"
    script.write_text(_PROBE, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), way], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert ("collected at exit" in done.stdout) == collected, done.stdout[-500:] + done.stderr
