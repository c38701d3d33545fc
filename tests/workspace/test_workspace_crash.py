"""`kill -9` in the middle of a series of review actions loses nothing that was committed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from compare.workspace import Workspace

# The child reviews pairs in a loop and prints each action only after it returned,
# i.e. after its transaction committed; the parent kills it while it is writing.
PROJECT_ROOT = Path(__file__).resolve().parents[2]


CHILD = """
import json, sys
from compare.workspace import Workspace
ws = Workspace.open(sys.argv[1])
ids = [p.pair_id for p in ws.pairs()]
print(json.dumps(ids), flush=True)
for step in range(1_000_000):
    pair_id = ids[step % len(ids)]
    status = ("confirmed", "rejected")[step % 2]
    ws.review(pair_id, status=status, note=f"step {step}")
    print(json.dumps([step, pair_id, status]), flush=True)
"""
WANTED = 150  # committed actions to see before the kill


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_kill_9_loses_nothing_committed(ws_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(ws_path)], cwd=PROJECT_ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    try:
        ids = json.loads(child.stdout.readline())
        printed = [json.loads(child.stdout.readline()) for _ in range(WANTED)]
    finally:
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    printed += [json.loads(line) for line in rest.splitlines() if line.strip()]
    assert [step for step, _, _ in printed] == list(range(len(printed)))
    assert Path(f"{ws_path}-wal").exists()  # it really died with its WAL open

    with Workspace.open(ws_path) as ws:
        stored = {p.pair_id: p for p in ws.pairs()}
        logged = len(ws.history(limit=10**6))
    assert logged in (len(printed), len(printed) + 1)  # + the action in flight, if it committed
    last_printed = {pair_id: step for step, pair_id, _ in printed}
    for pair_id in ids:
        review = stored[pair_id].review
        if pair_id not in last_printed:
            assert review.status == "proposed" or review.note == f"step {len(printed)}"
            continue
        step = int(review.note.removeprefix("step "))
        # the last printed action on this pair is there, or the one in flight replaced it
        assert step == last_printed[pair_id] or step == len(printed)
        assert review.status == ("confirmed", "rejected")[step % 2]
