"""The archive run gives `parallax align`'s links, on any number of workers, through failures and restarts."""

from __future__ import annotations

import json

import pytest

from compare.archive.run import FAIL_ONCE_ENV, ArchiveSettings, run_archive
from compare.cli.commands import run
from compare.model.disk_cache import DiskCache
from compare.model.errors import SourceError
from compare.reading.session import run_covers
from compare.reading.synopsis import missing_pairs
from compare.workspace import Workspace

ANCHOR = "kz-presidency"


def _settings(inputs, outputs, **kw) -> ArchiveSettings:
    return ArchiveSettings(tuple(str(i) for i in inputs), tuple(str(o) for o in outputs), anchor=ANCHOR,
                           partition_size=kw.pop("partition_size", 2), **kw)


def _lines(path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _reference(tmp_path, documents, capsys) -> list[str]:
    """What `parallax align ANCHOR FILES... --export x.jsonl` writes for the same files."""
    out = tmp_path / "reference.jsonl"
    assert run(["align", ANCHOR, *map(str, documents), "--export", str(out)]) == 0
    capsys.readouterr()
    return _lines(out)


def test_the_links_are_parallax_aligns_links_byte_for_byte(tmp_path, documents, client, capsys):
    reference = _reference(tmp_path, documents, capsys)
    out = tmp_path / "archive.jsonl"
    report = run_archive(_settings([documents[0].parent], [out]), client=client, log=lambda _: None)
    assert report.links == len(reference) > 0
    assert (report.documents, report.partitions) == (7, 4)
    assert _lines(out) == reference


def test_one_worker_and_two_give_the_same_output_and_the_workspace_holds_it(tmp_path, documents, client, capsys):
    from distributed import Client, LocalCluster

    folder = documents[0].parent
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address="127.0.0.1:0") as one, \
            Client(one) as single:
        run_archive(_settings([folder], [tmp_path / "one.jsonl"]), client=single, log=lambda _: None)
    lines: list[str] = []
    run_archive(_settings([folder], [tmp_path / "two.jsonl", tmp_path / "two.parallax"], partition_size=3),
                client=client, log=lines.append)
    assert _lines(tmp_path / "one.jsonl") == _lines(tmp_path / "two.jsonl")
    assert len(lines) == 3 and all("partitions done" in line for line in lines)
    records = [json.loads(line) for line in _lines(tmp_path / "two.jsonl")]
    with Workspace.open(tmp_path / "two.parallax") as ws:
        assert [s.id for s in ws.sources()] == [ANCHOR, *(f"doc-{k:03d}" for k in range(7))]
        pairs = {v.pair_id: v.link.score for v in ws.pairs(min_score=50)}
        assert {r["pair_id"]: r["score"] for r in records} == pairs
        assert len(ws.pairs()) > len(pairs)  # every candidate is kept, as the app keeps them
        assert len(ws.runs()) == 7 and all(run_covers(r) for r in ws.runs())
        assert missing_pairs(ws, [ANCHOR, "doc-003"], "paragraph") == []  # the synopsis aligns nothing again
    assert not (tmp_path / ".two.jsonl.parts").exists()


def test_a_partition_failing_once_is_retried_without_losing_or_duplicating_links(tmp_path, documents, client,
                                                                                 monkeypatch):
    folder = documents[0].parent
    run_archive(_settings([folder], [tmp_path / "clean.jsonl"]), client=client, log=lambda _: None)
    monkeypatch.setenv(FAIL_ONCE_ENV, "1")
    report = run_archive(_settings([folder], [tmp_path / "retried.jsonl"], retries=1), client=client,
                         log=lambda _: None)
    assert _lines(tmp_path / "retried.jsonl") == _lines(tmp_path / "clean.jsonl")
    ids = [json.loads(line)["pair_id"] for line in _lines(tmp_path / "retried.jsonl")]
    assert len(ids) == len(set(ids)) == report.links


def test_a_run_stopped_by_a_failure_resumes_from_the_partitions_it_finished(tmp_path, documents, client,
                                                                            monkeypatch):
    folder = documents[0].parent
    run_archive(_settings([folder], [tmp_path / "clean.jsonl"]), client=client, log=lambda _: None)
    monkeypatch.setenv(FAIL_ONCE_ENV, "2")
    out = tmp_path / "resumed.jsonl"
    stopped = r"1 anchor partition\(s\) failed after 0 retries, the first 2 .*the 3 finished .*run the same command"
    with pytest.raises(SourceError, match=stopped):
        run_archive(_settings([folder], [out], retries=0), client=client, log=lambda _: None)
    assert not out.exists()
    assert DiskCache(tmp_path / ".resumed.jsonl.parts").keys("partitions")
    report = run_archive(_settings([folder], [out], retries=0), client=client, log=lambda _: None)
    assert report.reused == 3
    assert _lines(out) == _lines(tmp_path / "clean.jsonl")


def test_a_jsonl_archive_against_a_scheduler_address(tmp_path, cluster, capsys):
    dump = tmp_path / "dump.jsonl"
    with dump.open("w", encoding="utf-8") as fh:
        for p in [*range(3)]:
            fh.write(json.dumps({"id": f"j{p}", "title": f"Record {p}", "language": "en", "published": "2022-01-10",
                                 "text": "Kassym-Jomart Tokayev asked the CSTO for help on 5 January.\n\n"
                                         f"Protesters in Almaty took the akimat; record {p}."}) + "\n")
        fh.write("{broken\n")
    out = tmp_path / "out.parallax"
    code = run(["archive", str(dump), "--anchor", ANCHOR, "--output", str(out), "--scheduler",
                cluster.scheduler_address])
    printed = capsys.readouterr().out
    assert code == 0
    assert "3 document(s)" in printed and "dump.jsonl:4" in printed
    with Workspace.open(out) as ws:
        assert [s.id for s in ws.sources()] == [ANCHOR, "j0", "j1", "j2"]
        assert ws.source("j1").meta.title == "Record 1"


def test_outputs_are_checked_before_any_work(tmp_path, documents, client):
    taken = tmp_path / "taken.jsonl"
    taken.write_text("old\n", encoding="utf-8")
    for outputs, message in (([], "at least one --output"), ([tmp_path / "x.csv"], "unknown output"),
                             ([taken], "already exists")):
        with pytest.raises(SourceError, match=message):
            run_archive(_settings([documents[0].parent], outputs), client=client, log=lambda _: None)
    assert taken.read_text(encoding="utf-8") == "old\n"


def test_a_scheduler_address_gives_parallax_aligns_links(tmp_path, documents, cluster, capsys):
    reference = _reference(tmp_path, documents, capsys)
    out = tmp_path / "scheduled.jsonl"
    assert run(["archive", str(documents[0].parent), "--anchor", ANCHOR, "--output", str(out), "--scheduler",
                cluster.scheduler_address, "--partition-size", "3"]) == 0
    assert _lines(out) == reference


class _Workers:
    """A stand-in Dask client: `run` calls the function here, as a worker of this install would, for
    the first worker, and answers `other` for the second."""

    def __init__(self, other: object) -> None:
        self.other = other

    def run(self, fn):
        if isinstance(self.other, Exception):
            raise self.other
        return {"tcp://10.0.0.1:1": fn(), "tcp://10.0.0.2:1": self.other}


def test_a_cluster_whose_workers_run_another_engine_is_refused_in_one_message():
    from compare.archive.run import check_workers, worker_engine

    check_workers(_Workers(worker_engine()))  # the same engine everywhere: no complaint
    engine, code = worker_engine()
    for other in ((f"{engine}/one-encoder", code), (engine, "0" * 40)):
        with pytest.raises(SourceError, match=r"1 of 2 Dask worker\(s\) run another Parallax engine.*10\.0\.0\.2"):
            check_workers(_Workers(other))
    with pytest.raises(SourceError, match="cannot run Parallax"):
        check_workers(_Workers(ModuleNotFoundError("No module named 'compare'")))
