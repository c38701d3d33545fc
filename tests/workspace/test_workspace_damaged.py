"""Workspaces whose pages are sound but whose values are not: refused before any write, salvageable.

Each case damages a copy of the aligned template with plain SQL (SQLite's
integrity check still passes), then checks that opening it, and every CLI
command on it, fails with one line and leaves the file byte-identical, and
that `salvage` still exports every pair the damage did not touch.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from compare.cli.commands import run
from compare.export import read_records
from compare.model.errors import SourceError
from compare.workspace import Workspace

BAD_UTF8 = "CAST(X'7B22746974C3' || X'FF' || X'22203A202278227D' AS TEXT)"  # {"tit\xc3\xff" : "x"}

# name -> (SQL damaging the file, what the refusal names, pairs still readable: None = all, "less" = fewer)
CASES: dict[str, tuple[str, str, str | None]] = {
    "meta-invalid-utf8": (f"UPDATE sources SET meta = {BAD_UTF8} WHERE id = 'kremlin-csto'",
                          "source 'kremlin-csto': invalid UTF-8", "less"),
    "meta-broken-json": ("UPDATE sources SET meta = '{\"title\": ' WHERE id = 'kremlin-csto'",
                         "source 'kremlin-csto': broken JSON", "less"),
    "meta-wrong-shape": ("UPDATE sources SET meta = '[1, 2]' WHERE id = 'kremlin-csto'",
                         "source 'kremlin-csto': JSON of the wrong shape", "less"),
    "meta-wrong-types": ("UPDATE sources SET meta = '{\"references\": 5}' WHERE id = 'kremlin-csto'",
                         "source 'kremlin-csto'", "less"),
    "raw-invalid-utf8": ("UPDATE sources SET raw = CAST(X'C328' AS TEXT) WHERE id = 'kremlin-csto'",
                         "source 'kremlin-csto': invalid UTF-8", "less"),
    "raw-as-blob": ("UPDATE sources SET raw = X'00FF' WHERE id = 'kremlin-csto'",
                    "sources.raw holds 1 value(s) of the wrong type", "less"),
    "evidence-broken-json": ("UPDATE links SET evidence = '{\"anchors\": [' WHERE rowid = "
                             "(SELECT MIN(rowid) FROM links)", "broken JSON", "less"),
    "evidence-bad-span": ("UPDATE links SET evidence = '{\"left_span\": [\"x\"]}' WHERE rowid = "
                          "(SELECT MIN(rowid) FROM links)", "unreadable evidence", "less"),
    "link-past-text": ("UPDATE links SET right_end = right_end + 10000000 WHERE rowid = "
                       "(SELECT MIN(rowid) FROM links)", "runs past the end of the text", "less"),
    "note-invalid-utf8": (f"UPDATE reviews SET note = {BAD_UTF8}", "review", "less"),
    "undo-broken-json": ("UPDATE actions SET changes = '[{\"pair_id\": '", "undo entry", None),
    "undo-wrong-shape": ("UPDATE actions SET changes = '[{\"pair_id\": \"x\", \"before\": 1}]'",
                         "undo entry", None),
}


def _digest(path: Path) -> tuple[str, list[str]]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(p.name for p in path.parent.iterdir())


def _damage(path: Path, sql: str) -> int:
    """Review one pair (so reviews and the undo log have a row), then run `sql`; returns the pair count."""
    with Workspace.open(path) as ws:
        pairs = ws.pairs()
        ws.confirm(pairs[0].pair_id, note="checked against the wire copy")
        count = len(pairs)
    conn = sqlite3.connect(path)
    with conn:
        changed = conn.execute(sql).rowcount
    conn.close()
    assert changed >= 1, "the damage must hit a row"
    assert not path.with_name(path.name + "-wal").exists()
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA quick_check").fetchone()[0] == "ok"  # SQLite sees nothing wrong
    check.close()
    return count


@pytest.mark.parametrize("case", sorted(CASES))
def test_damaged_values_are_refused_before_any_write(ws_path: Path, case: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    sql, message, _ = CASES[case]
    _damage(ws_path, sql)
    before = _digest(ws_path)
    with pytest.raises(SourceError, match="damaged workspace") as info:
        Workspace.open(ws_path)
    assert message in str(info.value) and "salvage" in str(info.value) and "\n" not in str(info.value)
    for command in (["list"], ["list", "pairs"], ["export", str(ws_path.parent / "out.csv")], ["undo"],
                    ["review", "0000", "confirm"], ["align"]):
        assert run(["workspace", str(ws_path), *command]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "damaged workspace" in err
    assert _digest(ws_path) == before
    assert not (ws_path.parent / "out.csv").exists()


@pytest.mark.parametrize("case", sorted(CASES))
def test_salvage_exports_what_is_still_readable(ws_path: Path, case: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    sql, _, readable = CASES[case]
    count = _damage(ws_path, sql)
    before = _digest(ws_path)
    out = ws_path.parent / "rescued.jsonl"
    assert run(["workspace", str(ws_path), "salvage", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "skipped (damaged)" in printed
    records = read_records(out)
    assert 0 < len(records) <= count
    assert (len(records) < count) if readable == "less" else (len(records) == count)
    if readable is None:  # the undo log is damaged, the decision itself is not
        assert [r["note"] for r in records if r["status"] == "confirmed"] == ["checked against the wire copy"]
    rebuilt = _digest(ws_path)
    assert rebuilt[0] == before[0]


def test_salvage_of_an_intact_workspace_exports_every_pair(ws_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    with Workspace.open(ws_path) as ws:
        count = len(ws.pairs())
    out = ws_path.parent / "all.csv"
    assert run(["workspace", str(ws_path), "salvage", str(out)]) == 0
    assert "skipped" not in capsys.readouterr().out
    assert len(read_records(out)) == count
