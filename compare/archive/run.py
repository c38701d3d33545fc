"""The driver: read the inputs, submit one task per partition to Dask, keep each result, write the outputs.

A local cluster by default (`distributed.LocalCluster`, one single-threaded
worker process per core: the engine is Python and NumPy, threads would share
one interpreter lock), or the scheduler at `--scheduler ADDRESS`. The results
are the same either way and for any number of workers: a partition's links
depend only on its documents and the anchor, and the outputs take the
partitions in their fixed order. A failed task is retried by Dask (`retries`);
a result is kept on disk the moment it arrives (`parts`), under its
partition's key, so a retry or a re-run never adds a second copy, and a run
that stops (a crash, Ctrl+C, a partition failing every retry) resumes from
what it finished when the same command is run again.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compare.archive.inputs import Document, anchor_document, read_inputs
from compare.archive.output import check_outputs, write_jsonl, write_workspace
from compare.archive.partition import DEFAULT_SIZE, Partition, partitions
from compare.archive.parts import PartStore, parts_folder
from compare.archive.tasks import PartitionJob, build, run_partition, stored_row
from compare.model.errors import SourceError
from compare.model.records import Unit

__all__ = ["FAIL_ONCE_ENV", "ArchiveReport", "ArchiveSettings", "run_archive"]

ARCHIVE_VERSION = "1"  # part of every partition's key: parts of another version are not read
FAIL_ONCE_ENV = "PARALLAX_ARCHIVE_FAIL_ONCE"  # a partition index whose first attempt fails (for tests)
LogFn = Callable[[str], None]


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@dataclass(frozen=True, slots=True)
class ArchiveSettings:
    """One archive run as the command line states it."""

    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    anchor: str | None = None
    unit: Unit = "paragraph"
    threshold: float = 50.0
    workers: int | None = None  # local workers; None: one per CPU
    scheduler: str | None = None
    partition_size: int = DEFAULT_SIZE
    retries: int = 2
    overwrite: bool = False


@dataclass(slots=True)
class ArchiveReport:
    """What a run did, for the summary line and the benchmark."""

    documents: int = 0
    partitions: int = 0
    reused: int = 0
    links: int = 0
    problems: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    seconds: float = 0.0


@contextmanager
def _client(settings: ArchiveSettings) -> Iterator[Any]:
    """A Dask client: on the scheduler named, or on a local cluster of single-threaded worker processes."""
    from distributed import Client, LocalCluster

    if settings.scheduler:
        try:
            client = Client(settings.scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise SourceError(f"cannot reach the Dask scheduler at {settings.scheduler} ({exc})") from None
        try:
            yield client
        finally:
            client.close()
        return
    workers = settings.workers or os.cpu_count() or 1
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def run_archive(settings: ArchiveSettings, *, client: Any = None, log: LogFn = _stderr) -> ArchiveReport:
    """Align the anchor with every document of the inputs on Dask and write the outputs.

    `client` is an existing Dask client to use (tests); otherwise one is made
    from `settings`. Progress goes to `log` (stderr), a line per partition.
    """
    started = time.perf_counter()
    outputs = check_outputs(list(settings.outputs), overwrite=settings.overwrite)
    if settings.anchor is None:
        raise SourceError("name the anchor with --anchor ID_OR_FILE (or align every pair with --all-pairs)")
    if settings.partition_size < 1:
        raise SourceError("--partition-size must be at least 1")
    inventory = read_inputs(settings.inputs)
    report = ArchiveReport(problems=list(inventory.problems))
    anchor_doc = anchor_document(settings.anchor, inventory)
    documents = [d for d in inventory.documents if d.id != anchor_doc.id]
    if not documents:
        raise SourceError("no document to align with the anchor in the inputs")
    wants_rows = any(p.suffix.lower() == ".parallax" for p in outputs)
    salt = (ARCHIVE_VERSION, _engine_version(), settings.unit, settings.threshold, anchor_doc.fingerprint, wants_rows)
    parts = partitions(documents, settings.partition_size, salt=salt)
    report.documents, report.partitions = len(documents), len(parts)
    store = PartStore(parts_folder(outputs[0]))
    results: dict[int, dict[str, Any]] = {}
    for part in parts:
        known = store.get(part.key)
        if known is not None and known["index"] == part.index:
            results[part.index] = known
    report.reused = len(results)
    if report.reused:
        log(f"archive: {report.reused} of {len(parts)} partition(s) read back from an earlier run ({store.folder})")
    todo = [p for p in parts if p.index not in results]
    if todo:
        jobs = [_job(p, anchor_doc, settings, wants_rows, store, local=client is not None or not settings.scheduler)
                for p in todo]
        if client is not None:
            _compute(client, jobs, settings.retries, store, results, len(parts), log)
        else:
            with _client(settings) as made:
                _compute(made, jobs, settings.retries, store, results, len(parts), log)
    ordered = [results[p.index] for p in parts]
    for result in ordered:
        report.problems += result["problems"]
    report.links = sum(len(r["links"]) for r in ordered)
    _write(outputs, anchor_doc, ordered, settings, wants_rows)
    report.written = [str(p) for p in outputs]
    store.remove()
    report.seconds = time.perf_counter() - started
    return report


def _engine_version() -> str:
    from compare import __version__
    from compare.engine.align import ENGINE_VERSION

    return f"{__version__}/{ENGINE_VERSION}"


def _job(part: Partition, anchor: Document, settings: ArchiveSettings, rows: bool, store: PartStore, *,
         local: bool) -> PartitionJob:
    from compare.model.locations import cache_dir

    marker = None
    fail = os.environ.get(FAIL_ONCE_ENV, "")
    if fail.strip().isdigit() and int(fail) == part.index:
        store.folder.mkdir(parents=True, exist_ok=True)
        marker = str(store.folder / f"fail-once-{part.index}-{part.key[:12]}.marker")
    # Local workers share this machine's cache folder; a remote worker keeps its own.
    return PartitionJob(part, anchor, settings.unit, settings.threshold, rows,
                        str(cache_dir()) if local else None, marker)


def _compute(client: Any, jobs: list[PartitionJob], retries: int, store: PartStore,
             results: dict[int, dict[str, Any]], total: int, log: LogFn) -> None:
    """Submit every job, keep each result as it arrives, say so on the terminal."""
    from distributed import as_completed

    futures = [client.submit(run_partition, job, key=f"parallax-archive-{job.partition.index:05d}-"
                             f"{job.partition.key[:16]}", retries=retries, pure=False) for job in jobs]
    try:
        for future in as_completed(futures):
            if future.status != "finished":
                exc = future.exception()
                index = next(j.partition.index for j, f in zip(jobs, futures, strict=True) if f.key == future.key)
                raise SourceError(f"partition {index} failed after {retries} retries ({type(exc).__name__}: {exc}); "
                                  f"{len(results)} finished partition(s) are kept in {store.folder}: run the same "
                                  f"command again to resume")
            result = future.result()
            store.put(result)
            results[int(result["index"])] = result
            log(f"archive: {len(results)}/{total} partitions done (partition {result['index']}: "
                f"{len(result['metas'])} document(s), {len(result['links'])} link(s), "
                f"{float(result['seconds']):.1f} s on {result['worker']})")
    finally:
        for future in futures:
            future.release()


def _write(outputs: list[Path], anchor_doc: Document, ordered: list[dict[str, Any]], settings: ArchiveSettings,
           wants_rows: bool) -> None:
    from compare.model.disk_cache import DiskCache
    from compare.model.locations import cache_dir

    anchor = build(anchor_doc, DiskCache(cache_dir()))
    for path in outputs:
        if path.suffix.lower() == ".parallax":
            write_workspace(path, stored_row(anchor_doc, anchor) if wants_rows else (), ordered,
                            unit=settings.unit, threshold=settings.threshold, overwrite=settings.overwrite)
        else:
            write_jsonl(path, anchor.meta, ordered, overwrite=settings.overwrite)
