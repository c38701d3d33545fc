"""The command line contract: outputs, exports, and exit status 2 with one line for bad input."""

import subprocess
import sys
from pathlib import Path

import pytest

from compare.cli.commands import run
from compare.export.writers import read_records

ROOT = Path(__file__).resolve().parents[2]


def test_sources_lists_all_bundled(capsys) -> None:
    assert run(["sources"]) == 0
    out = capsys.readouterr().out
    assert "diplomat-color-revolution" in out and "DIGEST" in out


def test_text_prints_canonical_text(capsys) -> None:
    assert run(["text", "diplomat-color-revolution"]) == 0
    assert capsys.readouterr().out.startswith("By Konstantin Strigunov and Dr. Andrei Manoilo\n\nEvents")


def test_align_prints_a_table(capsys) -> None:
    assert run(["align", "diplomat-color-revolution", "wire-chronology", "--threshold", "30"]) == 0
    out = capsys.readouterr().out
    assert "link(s) at threshold 30" in out and "without a counterpart" in out


def test_align_files_and_export(tmp_path, capsys) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.md"
    a.write_text("Tokayev asked the CSTO for troops on 5 January.\n\nUnrelated weather notes.", "utf-8")
    b.write_text("---\ntitle: B\n---\nOn January 5 Tokaev requested CSTO forces.\n", "utf-8")
    out_file = tmp_path / "pairs.jsonl"
    assert run(["align", str(a), str(b), "--threshold", "20", "--export", str(out_file)]) == 0
    records = read_records(out_file)
    assert len(records) == 1 and records[0]["left_title"] == "a" and records[0]["right_title"] == "B"


@pytest.mark.parametrize(("setup", "message"), [
    (lambda p: None, "no such file"),
    (lambda p: p.mkdir(), "is a directory"),
    (lambda p: p.write_bytes(b"\x00\x01\x02binary"), "binary"),
    (lambda p: p.write_bytes("caf\xe9".encode("latin-1")), "not valid UTF-8"),
    (lambda p: p.write_text("   \n", "utf-8"), "empty"),
    (lambda p: p.write_text("---\ntitle: [unclosed\n---\nbody", "utf-8"), "broken front matter"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, setup, message: str) -> None:
    path = tmp_path / "bad.md"
    setup(path)
    assert run(["align", str(path), "kz-presidency"]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_unknown_extension_and_bad_threshold(tmp_path, capsys) -> None:
    odd = tmp_path / "x.pdfx"
    odd.write_text("text", "utf-8")
    assert run(["align", str(odd), "kz-presidency"]) == 2
    assert "unknown extension" in capsys.readouterr().err
    assert run(["align", "kz-presidency", "wire-chronology", "--threshold", "120"]) == 2
    assert run(["align", "kz-presidency", "wire-chronology", "--export", str(tmp_path / "x.doc")]) == 2


def test_main_py_subprocess_runs_without_qt() -> None:
    code = ("import runpy, sys; sys.argv=['main.py','sources']; "
            "import compare.cli.entry as e; rc=e.main(['sources']); "
            "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt loaded'; sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([sys.executable, "main.py", "text", "nope"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 2 and proc.stderr.startswith("parallax: error:")


def test_unmatched_lists_what_no_other_account_covers(capsys) -> None:
    assert run(["align", "diplomat-color-revolution", "kz-presidency", "--unmatched"]) == 0
    out = capsys.readouterr().out
    assert "This article has been previously published by IFIMES" in out


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_processes_takes_a_whole_number_of_at_least_one(capsys, value: str) -> None:
    assert run(["align", "diplomat-color-revolution", "wire-chronology", "--processes", value]) == 2
    err = capsys.readouterr().err
    assert "--processes" in err and "at least 1" in err


@pytest.mark.parametrize(("cores", "given", "expected"), [(2, None, 2), (1, None, 1), (4, None, 2), (2, "1", 1)])
def test_processes_default_to_the_usable_cores(monkeypatch, cores: int, given: str | None, expected: int) -> None:
    """Without --processes a run is shared among the cores it may use (two halves at most), as brute force
    would be; --processes 1 keeps it in one process."""
    import importlib

    import compare.cli.commands as commands

    engine = importlib.import_module("compare.engine.align")  # the module: the package's `align` is the function

    asked: list[int] = []
    real = engine.align

    def spy(*args, **kwargs):
        asked.append(kwargs["processes"])
        return real(*args, **kwargs)

    monkeypatch.setattr(commands, "usable_cores", lambda: cores)
    monkeypatch.setattr(engine, "align", spy)
    extra = [] if given is None else ["--processes", given]
    assert run(["align", "diplomat-color-revolution", "wire-chronology", "--threshold", "60", *extra]) == 0
    assert asked == [expected]


def test_more_processes_give_the_same_export(tmp_path) -> None:
    """A small input never splits, and a large one splits only into halves that give the same bytes
    (tests/engine/test_halves.py); either way `--processes` changes no result."""
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    args = ["align", "diplomat-color-revolution", "wire-chronology", "ru-media", "--export"]
    assert run([*args, str(one)]) == 0
    assert run([*args, str(two), "--processes", "2"]) == 0
    strip = [line.split('"accessed"')[0] for line in one.read_text("utf-8").splitlines()]
    assert strip == [line.split('"accessed"')[0] for line in two.read_text("utf-8").splitlines()] and strip


@pytest.mark.parametrize("module", ["compare", "compare.cli.entry"])
def test_python_dash_m_runs_the_command_line(module: str) -> None:
    done = subprocess.run([sys.executable, "-m", module, "sources"], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, check=False)
    assert done.returncode == 0 and "diplomat-color-revolution" in done.stdout
