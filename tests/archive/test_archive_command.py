"""`parallax archive` on the command line: a local cluster of worker processes, and bad input in one line."""

from __future__ import annotations

import pytest

from compare.cli.commands import run

ANCHOR = "kz-presidency"


def test_two_local_worker_processes_give_parallax_aligns_links(tmp_path, documents, capsys):
    reference = tmp_path / "reference.jsonl"
    assert run(["align", ANCHOR, *map(str, documents), "--export", str(reference)]) == 0
    out = tmp_path / "archive.jsonl"
    assert run(["archive", str(documents[0].parent), "--anchor", ANCHOR, "--output", str(out), "--workers", "2",
                "--partition-size", "3"]) == 0
    captured = capsys.readouterr()
    assert "7 document(s) in 3 partition(s)" in captured.out
    assert captured.err.count("partitions done") == 3
    assert out.read_bytes() == reference.read_bytes()


@pytest.mark.parametrize(("argv", "message"), [
    (["archive", "{docs}", "--output", "{tmp}/x.jsonl"], "--anchor"),
    (["archive", "{tmp}/missing", "--anchor", ANCHOR, "--output", "{tmp}/x.jsonl"], "no such file or folder"),
    (["archive", "{docs}", "--anchor", ANCHOR, "--output", "{tmp}/x.csv"], "unknown output"),
    (["archive", "{docs}", "--anchor", ANCHOR], "at least one --output"),
    (["archive", "{docs}", "--anchor", "nowhere", "--output", "{tmp}/x.jsonl"], "no such file or bundled source"),
    (["archive", "{docs}", "--anchor", ANCHOR, "--output", "{tmp}/x.jsonl", "--workers", "0"], "at least 1"),
    (["archive", "{docs}", "--anchor", ANCHOR, "--output", "{tmp}/x.jsonl", "--workers", "2", "--scheduler",
      "tcp://127.0.0.1:1"], "--workers is for the local cluster"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, documents, capsys, argv, message):
    args = [a.format(docs=documents[0].parent, tmp=tmp_path) for a in argv]
    assert run(args) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_the_parsers_defaults_are_the_libraries():
    from compare.archive.pairs import DEFAULT_CUT
    from compare.archive.partition import DEFAULT_SIZE
    from compare.cli.archive_command import MIN_COSINE, PARTITION_SIZE

    assert (PARTITION_SIZE, MIN_COSINE) == (DEFAULT_SIZE, DEFAULT_CUT)


def test_all_pairs_on_the_command_line_says_how_many_pairs_it_kept(tmp_path, documents, capsys):
    out = tmp_path / "pairs.jsonl"
    assert run(["archive", str(documents[0].parent), "--all-pairs", "--output", str(out), "--workers", "1",
                "--min-cosine", "-1"]) == 0
    printed = capsys.readouterr().out
    assert "every pair of 7 document(s) (21 of 21 pairs kept by the pruning)" in printed
    assert out.exists()
    assert run(["archive", str(documents[0].parent), "--all-pairs", "--anchor", ANCHOR, "--output",
                str(tmp_path / "x.jsonl")]) == 2


def test_an_input_with_nothing_usable_says_why_in_its_one_line(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": 5}\n', encoding="utf-8")
    assert run(["archive", str(bad), "--anchor", ANCHOR, "--output", str(tmp_path / "o.jsonl"), "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert "no document" in err and "bad.jsonl:1" in err and err.count("\n") == 1
    assert not (tmp_path / "o.jsonl").exists()
