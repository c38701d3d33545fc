"""The command line imports only what a command uses: listing sources loads no engine, no workspace."""

from __future__ import annotations

import json
import subprocess
import sys

from compare.cli.args import DEFAULT_THRESHOLD
from compare.engine.align import DEFAULT_THRESHOLD as ENGINE_DEFAULT

HEAVY = ("compare.engine.align", "compare.engine.semantic", "compare.workspace", "compare.export.writers",
         "numpy", "rapidfuzz", "scipy", "wordfreq", "sqlite3", "compare.archive", "dask", "distributed")


def _loaded_after(code: str) -> set[str]:
    probe = (f"import sys, json, io, contextlib\n{code}\n"
             f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_the_parsers_default_is_the_engines():
    assert DEFAULT_THRESHOLD == ENGINE_DEFAULT
    from compare.cli.args import SYNOPSIS_FILTERS
    from compare.reading.synopsis import FILTERS

    assert SYNOPSIS_FILTERS == FILTERS


def test_listing_sources_loads_no_engine():
    code = ("from compare.cli.commands import run\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    assert run(['sources']) == 0")
    assert _loaded_after(code) == set()


def test_aligning_loads_the_engine():
    code = ("from compare.cli.commands import run\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    assert run(['align', 'kz-presidency', 'ru-media']) == 0")
    assert {"compare.engine.align", "numpy"} <= _loaded_after(code)  # rapidfuzz only where it is used


def test_only_the_archive_command_loads_dask():
    code = ("from compare.cli.commands import run\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    assert run(['align', 'kz-presidency', 'ru-media']) == 0\n"
            "with contextlib.redirect_stderr(io.StringIO()):\n"
            "    assert run(['archive', 'no-such-folder', '--anchor', 'kz-presidency', '--output', 'x.jsonl']) == 2")
    loaded = _loaded_after(code)
    assert "compare.archive" in loaded
    code = ("from compare.cli.commands import run\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    assert run(['align', 'kz-presidency', 'ru-media']) == 0")
    assert not {"dask", "distributed", "compare.archive"} & _loaded_after(code)
