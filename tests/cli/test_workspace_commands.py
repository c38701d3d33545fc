"""`parallax workspace PATH ...`: outputs, exit status 0, and 2 with one line for bad input."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from compare.cli.commands import run
from compare.export.writers import read_records
from compare.workspace import Workspace

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _fails(argv: list[str], capsys: pytest.CaptureFixture[str], message: str) -> None:
    assert run(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("parallax: error: ") and err.count("\n") == 1 and message in err


def test_import_creates_the_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new.parallax"
    memo = tmp_path / "memo.txt"
    memo.write_text("Tokayev asked the CSTO for help on 5 January.", "utf-8")
    assert run(["workspace", str(path), "import", str(memo)]) == 0
    out = capsys.readouterr().out
    assert "created" in out and "added memo: memo" in out and "1 source(s)" in out
    assert run(["workspace", str(path), "import", "--with-bundled"]) == 0
    assert "9 source(s)" in capsys.readouterr().out
    _fails(["workspace", str(path), "import", str(memo)], capsys, "already in the workspace as 'memo'")


def test_import_with_bundled_seeds_a_new_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "seeded.parallax"
    assert run(["workspace", str(path), "import", "--with-bundled"]) == 0
    assert "8 source(s)" in capsys.readouterr().out
    assert run(["workspace", str(path), "list"]) == 0
    assert "diplomat-color-revolution" in capsys.readouterr().out


def test_a_failed_first_import_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new.parallax"
    _fails(["workspace", str(path), "import", str(tmp_path / "missing.md")], capsys, "not found")
    _fails(["workspace", str(path), "import"], capsys, "name at least one")
    assert list(tmp_path.iterdir()) == []


def test_commands_on_a_missing_or_foreign_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["list"], ["align"], ["review", "abcd", "confirm"], ["export", "x.csv"], ["undo"]):
        _fails(["workspace", str(tmp_path / "absent.parallax"), *command], capsys, "no such workspace")
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not a workspace", "utf-8")
    digest = hashlib.sha256(foreign.read_bytes()).hexdigest()
    _fails(["workspace", str(foreign), "list"], capsys, "not a Parallax workspace")
    _fails(["workspace", str(foreign), "import", "--with-bundled"], capsys, "not a Parallax workspace")
    assert hashlib.sha256(foreign.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_align_list_review_export(ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    w = str(ws_path)
    assert run(["workspace", w, "align", "encyclopedia-overview", "kremlin-csto", "--threshold", "45"]) == 0
    assert "aligned encyclopedia-overview with kremlin-csto" in capsys.readouterr().out
    assert run(["workspace", w, "list", "pairs", "--right", "kremlin-csto"]) == 0
    listing = capsys.readouterr().out
    first = listing.split()[0]
    assert "proposed" in listing and listing.rstrip().endswith("pair(s)")

    assert run(["workspace", w, "review", first[:6], "confirm", "--relation", "adds-detail",
                "--note", "CLI note"]) == 0
    assert capsys.readouterr().out.strip() == f"{first}: confirmed, adds detail, note: CLI note"
    assert run(["workspace", w, "list", "pairs", "--status", "confirmed"]) == 0
    out = capsys.readouterr().out
    assert first in out and "note: CLI note" in out and "1 pair(s)" in out

    target = tmp_path / "confirmed.csv"
    assert run(["workspace", w, "export", "--status", "confirmed", str(target)]) == 0
    assert "wrote 1 pair(s)" in capsys.readouterr().out
    (record,) = read_records(target)
    assert (record["pair_id"], record["status"], record["relation"], record["note"]) == \
        (first, "confirmed", "adds detail", "CLI note")

    assert run(["workspace", w, "undo"]) == 0
    assert capsys.readouterr().out.startswith(f"undid: Review {first}")
    assert run(["workspace", w, "redo"]) == 0
    assert run(["workspace", w, "redo"]) == 0
    assert "nothing to redo" in capsys.readouterr().out


def test_align_defaults_to_the_first_source_against_all(ws_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["workspace", str(ws_path), "align", "--unit", "sentence", "--threshold", "60"]) == 0
    out = capsys.readouterr().out
    with Workspace.open(ws_path) as ws:
        first, *others = [s.id for s in ws.sources()]
    assert out.startswith(f"aligned {first} with {', '.join(others)} (sentence unit, threshold 60)")


@pytest.mark.parametrize(("command", "message"), [
    (["align", "encyclopedia-overview"], "at least one RIGHT"),
    (["align", "nowhere", "kremlin-csto"], "no source 'nowhere'"),
    (["align", "--threshold", "300"], "between 0 and 100"),
    (["review", "ffffffffffff", "confirm"], "no pair"),
    (["review", "abc"], "say what to record"),
    (["review", "abc", "approve"], "invalid choice"),
    (["list", "pairs", "--relation", "nonsense"], "unknown relation"),
    (["export", "out.docx"], "unknown export format"),
    ([], "required"),
])
def test_bad_input_exits_2(ws_path: Path, capsys: pytest.CaptureFixture[str], command: list[str],
                           message: str) -> None:
    _fails(["workspace", str(ws_path), *command], capsys, message)


def test_main_py_in_a_subprocess(ws_path: Path) -> None:
    def main(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(PROJECT_ROOT / "main.py"), "workspace", *args],
                              cwd=ws_path.parent, capture_output=True, text=True, timeout=60, check=False)

    done = main(str(ws_path), "list", "sources")
    assert done.returncode == 0, done.stderr
    assert "kremlin-csto" in done.stdout and "8 source(s)" in done.stdout
    failed = main("absent.parallax", "list")
    assert failed.returncode == 2 and failed.stdout == ""
    assert failed.stderr.startswith("parallax: error: absent.parallax: no such workspace")


def test_export_refuses_to_replace_a_file_without_force(ws_path: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "pairs.csv"
    target.write_text("keep me", encoding="utf-8")
    _fails(["workspace", str(ws_path), "export", str(target)], capsys, "already exists")
    assert target.read_text(encoding="utf-8") == "keep me"
    assert run(["workspace", str(ws_path), "export", "--force", str(target)]) == 0
    assert "(replaced the old file)" in capsys.readouterr().out
    assert read_records(target)


def test_list_pairs_names_and_filters_the_unit(ws_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    w = str(ws_path)
    assert run(["workspace", w, "align", "encyclopedia-overview", "kremlin-csto", "--unit", "sentence"]) == 0
    capsys.readouterr()
    counts = {}
    for unit in ("paragraph", "sentence"):
        assert run(["workspace", w, "list", "pairs", "--right", "kremlin-csto", "--unit", unit]) == 0
        rows = [line.split() for line in capsys.readouterr().out.splitlines() if not line.startswith(" ")]
        assert rows[:-1] and all(row[1] == unit for row in rows[:-1])
        counts[unit] = len(rows) - 1
    assert run(["workspace", w, "list", "pairs", "--right", "kremlin-csto"]) == 0
    assert capsys.readouterr().out.rstrip().endswith(f"{sum(counts.values())} pair(s)")


def test_list_pairs_into_a_closed_pipe_is_quiet(ws_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """`| head` closes the pipe after a few lines: no "error: Broken pipe", and stdout is
    pointed elsewhere so the interpreter's own flush at exit does not fail again."""
    import sys

    from compare.cli.commands import EXIT_BROKEN_PIPE

    class ClosedPipe:
        def __init__(self) -> None:
            self.handle = open(tmp_path / "stdout", "w")  # noqa: SIM115 - closed below
            self.lines = 0

        def write(self, text: str) -> int:
            self.lines += text.count("\n")
            if self.lines > 3:
                raise BrokenPipeError(32, "Broken pipe")
            return len(text)

        def flush(self) -> None:
            pass

        def fileno(self) -> int:
            return self.handle.fileno()

    pipe = ClosedPipe()
    monkeypatch.setattr(sys, "stdout", pipe)
    try:
        assert run(["workspace", str(ws_path), "list", "pairs"]) == EXIT_BROKEN_PIPE
    finally:
        pipe.handle.close()
    assert "Broken pipe" not in capsys.readouterr().err


def test_remove_then_undo_a_source(ws_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from compare.cli.commands import run

    assert run(["workspace", str(ws_path), "remove", "kremlin-csto"]) == 0
    assert "removed kremlin-csto" in capsys.readouterr().out
    run(["workspace", str(ws_path), "list", "sources"])
    assert "kremlin-csto" not in capsys.readouterr().out
    assert run(["workspace", str(ws_path), "undo"]) == 0
    assert capsys.readouterr().out.strip() == "undid: Remove source kremlin-csto"
    run(["workspace", str(ws_path), "list", "sources"])
    assert "kremlin-csto" in capsys.readouterr().out
    assert run(["workspace", str(ws_path), "remove", "no-such-source"]) == 2
    assert "no source 'no-such-source'" in capsys.readouterr().err
