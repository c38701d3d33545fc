"""BLAS is asked for one thread before NumPy loads, and a user's own setting is kept."""

from __future__ import annotations

import os
import subprocess
import sys

from compare.model.threads import BLAS_THREAD_VARIABLES, single_threaded_blas


def test_one_thread_is_asked_for_before_numpy_loads() -> None:
    environ: dict[str, str] = {}
    assert single_threaded_blas(environ, modules={})
    assert environ == dict.fromkeys(BLAS_THREAD_VARIABLES, "1")


def test_the_users_own_setting_wins() -> None:
    environ = {"OPENBLAS_NUM_THREADS": "4"}
    single_threaded_blas(environ, modules={})
    assert environ["OPENBLAS_NUM_THREADS"] == "4"


def test_after_numpy_loaded_nothing_is_changed() -> None:
    environ: dict[str, str] = {}
    assert not single_threaded_blas(environ, modules={"numpy": object()})
    assert environ == {}


def test_a_command_line_run_sets_it_before_numpy() -> None:
    probe = ("import os, io, contextlib\nfrom compare.cli.commands import run\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n    run(['sources'])\n"
             "print(os.environ.get('OPENBLAS_NUM_THREADS'))")
    env = {k: v for k, v in os.environ.items() if k not in BLAS_THREAD_VARIABLES}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip().splitlines()[-1] == "1"
