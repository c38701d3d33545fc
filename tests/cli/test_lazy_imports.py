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


def test_a_warm_run_reads_no_yaml_builds_no_model_and_stems_nothing(tmp_path):
    """Every file's layout and every pair's links come from the cache folder: no front matter is
    parsed, no combiner built (NumPy) and no alias stemmed (the stemmer) -- a fifth of a warm run."""
    import os

    from compare.text.sources import bundled_dir

    files = []
    for name in ("kz-presidency", "ru-media", "wire-chronology"):
        target = tmp_path / f"{name}.md"
        target.write_text((bundled_dir() / f"{name}.md").read_text(encoding="utf-8"), encoding="utf-8")
        files.append(str(target))
    env = {**os.environ, "PARALLAX_CACHE_DIR": str(tmp_path / "cache"), "PARALLAX_DATA_DIR": str(tmp_path / "data")}
    code = ("import sys, json\nfrom compare.cli.commands import run\n"
            f"assert run(['align', *{files!r}, '--export', {str(tmp_path / 'out.jsonl')!r}, '--force']) == 0\n"
            "print(json.dumps(sorted(m for m in ('yaml', 'numpy', 'snowballstemmer') if m in sys.modules)))")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
            for _ in range(2)]
    cold, warm = (set(json.loads(r.stdout.strip().splitlines()[-1])) for r in runs)
    assert cold == {"yaml", "numpy", "snowballstemmer"}  # the probe sees them when they are used
    assert warm == set()
