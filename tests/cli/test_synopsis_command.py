"""`parallax synopsis`: the matrix printed, exported in four formats, from files or a workspace."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from compare.cli.commands import run
from compare.workspace import Workspace

A = "---\nid: a\ntitle: A\npublished: 2022-01-12\n---\nOn 6 January the CSTO sent a peacekeeping contingent " \
    "of about 5 to 7 thousand people to Almaty.\n\nMarkets reopened in Shymkent after the weekend.\n"
B = "---\nid: b\ntitle: B\noutlet: Wire\npublished: 2022-01-12\n---\nOn 6 January the CSTO sent about 2,500 " \
    "peacekeepers to Almaty.\n\nA poet read verses at the library.\n"


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    paths = []
    for name, text in (("a.md", A), ("b.md", B)):
        (tmp_path / name).write_text(text, "utf-8")
        paths.append(str(tmp_path / name))
    return paths


def test_prints_the_matrix_with_the_contested_row(files, capsys) -> None:
    assert run(["synopsis", *files]) == 0
    out = capsys.readouterr().out
    assert "across 2 source(s)" in out
    assert "■■" in out and "personnel: 5 to 7 thousand (a) vs 2,500 (b)" in out
    assert "■·" in out and "·■" in out  # what one tells and the other leaves out


def test_csv_cells_carry_passage_offsets_and_citation_or_say_not_told(files, tmp_path, capsys) -> None:
    target = tmp_path / "m.csv"
    assert run(["synopsis", *files, "--export", str(target)]) == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"))))
    shared = next(r for r in rows if r["told_by"] == "2")
    assert "peacekeeping contingent" in shared["a"] and "“B”, Wire" in shared["b"] and "characters 0–" in shared["b"]
    assert shared["contested"].startswith("personnel")
    assert any(r["a"] == "not told" for r in rows) and any(r["b"] == "not told" for r in rows)


def test_json_and_markdown_and_xlsx(files, tmp_path, capsys) -> None:
    for name in ("m.json", "m.md", "m.xlsx"):
        assert run(["synopsis", *files, "--export", str(tmp_path / name)]) == 0
    data = json.loads((tmp_path / "m.json").read_text("utf-8"))
    text = Path(files[0]).read_text("utf-8").split("---\n", 2)[2]
    for event in data["events"]:
        for cell in event["cells"].get("a", []):
            assert text.rstrip("\n")[cell["start"]:cell["end"]] == cell["text"]
    assert any(e["not_told_by"] == ["b"] for e in data["events"])
    assert "**Contested** — personnel" in (tmp_path / "m.md").read_text("utf-8")
    with zipfile.ZipFile(tmp_path / "m.xlsx") as book:
        workbook = book.read("xl/workbook.xml").decode()
    assert 'name="matrix"' in workbook and 'name="passages"' in workbook


def test_an_existing_export_is_kept_without_force(files, tmp_path, capsys) -> None:
    target = tmp_path / "m.json"
    target.write_text("keep", "utf-8")
    assert run(["synopsis", *files, "--export", str(target)]) == 2
    assert target.read_text("utf-8") == "keep"
    assert run(["synopsis", *files, "--export", str(target), "--force"]) == 0
    assert "replaced" in capsys.readouterr().out


def test_formula_cells_are_neutralised(tmp_path, capsys) -> None:
    (tmp_path / "x.md").write_text("---\nid: x\ntitle: =HYPERLINK(1)\n---\nSome text here.\n", "utf-8")
    (tmp_path / "y.md").write_text("---\nid: y\ntitle: Y\n---\n=1+1 said nobody.\n", "utf-8")
    target = tmp_path / "m.csv"
    assert run(["synopsis", str(tmp_path / "x.md"), str(tmp_path / "y.md"), "--export", str(target)]) == 0
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))
    assert all(not cell.startswith("=") for row in rows for cell in row)


def test_a_workspace_uses_the_analysts_decisions(files, tmp_path, capsys) -> None:
    path = tmp_path / "w.parallax"
    assert run(["workspace", str(path), "import", *files]) == 0
    assert run(["synopsis", "--workspace", str(path)]) == 0
    assert "aligned 1 pair(s)" in capsys.readouterr().out
    with Workspace.open(path) as ws:
        shared = [v for v in ws.pairs() if "CSTO" in v.link.left.text and "CSTO" in v.link.right.text]
        ws.reject(shared[0].pair_id)
    assert run(["synopsis", "--workspace", str(path), "--filter", "contested"]) == 0
    assert "0 event(s)" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["synopsis", "a"], ["synopsis", "--workspace", "/no/such.parallax"],
                                  ["synopsis", "--export", "x.txt"]])
def test_bad_input_exits_2(argv, capsys) -> None:
    assert run(argv) == 2
    assert capsys.readouterr().err.startswith("parallax: error:")


def test_the_labelling_lens_is_printed_and_exported(files, tmp_path, capsys) -> None:
    assert run(["synopsis", *files]) == 0
    assert "The words each source uses" in capsys.readouterr().out
    assert run(["synopsis", *files, "--export", str(tmp_path / "m.json")]) == 0
    data = json.loads((tmp_path / "m.json").read_text("utf-8"))
    assert data["naming"]["sources"]["a"]["peacekeepers"] == 1
    assert run(["synopsis", *files, "--export", str(tmp_path / "m.md")]) == 0
    assert "## The words each source uses" in (tmp_path / "m.md").read_text("utf-8")


def test_a_workspace_lacking_many_pairs_is_not_aligned_without_being_asked(files, tmp_path, capsys,
                                                                         monkeypatch) -> None:
    """An archive workspace lacks half a million pairs: the command says so instead of running for hours."""
    from compare.reading import synopsis

    c = tmp_path / "c.md"
    c.write_text(A.replace("id: a", "id: c").replace("title: A", "title: C"), "utf-8")
    path = tmp_path / "w.parallax"
    assert run(["workspace", str(path), "import", *files, str(c)]) == 0
    monkeypatch.setattr(synopsis, "ASK_ABOVE_PAIRS", 2)  # three sources lack three pairs
    assert run(["synopsis", "--workspace", str(path)]) == 2
    assert "3 pairs of these 3 sources are not aligned" in capsys.readouterr().err
    assert run(["synopsis", "--workspace", str(path), "--aligned-only"]) == 0
    assert "3 pair(s) are not aligned" in capsys.readouterr().out
    with Workspace.open(path) as ws:
        assert not ws.runs()
    assert run(["synopsis", "--workspace", str(path), "--align-all"]) == 0
    assert "aligned 3 pair(s)" in capsys.readouterr().out
