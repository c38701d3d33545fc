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
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

from compare.archive.inputs import Inventory, anchor_document, read_inputs
from compare.archive.output import Run, check_outputs, write_jsonl, write_workspace
from compare.archive.pairs import DEFAULT_CUT, groups, kept_pairs
from compare.archive.partition import DEFAULT_SIZE, partitions
from compare.archive.parts import PartStore, parts_folder
from compare.archive.tasks import (
    PairsJob,
    PartitionJob,
    ProfileJob,
    build,
    decode_link,
    run_pairs,
    run_partition,
    run_profiles,
    stored_row,
)
from compare.model.disk_cache import DiskCache, digest
from compare.model.errors import SourceError
from compare.model.records import SourceMeta, Unit

__all__ = ["FAIL_ONCE_ENV", "ArchiveReport", "ArchiveSettings", "run_archive"]

ARCHIVE_VERSION = "1"  # part of every partition's key: parts of another version are not read
# For tests: "N" makes the first attempt of partition N fail ("pairs:N", "profiles:N" in --all-pairs).
FAIL_ONCE_ENV = "PARALLAX_ARCHIVE_FAIL_ONCE"
LogFn = Callable[[str], None]
Task = tuple[int, str, Callable[[Any], dict[str, Any]], Any]  # index, key, the function a worker runs, its job


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
    all_pairs: bool = False
    min_cosine: float = DEFAULT_CUT  # all pairs: the pruning's cut (-1 keeps every pair)


@dataclass(slots=True)
class ArchiveReport:
    """What a run did, for the summary line and the benchmark."""

    documents: int = 0
    partitions: int = 0
    reused: int = 0
    links: int = 0
    pairs_kept: int = 0
    pairs_possible: int = 0
    problems: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    seconds: float = 0.0


@contextmanager
def _made_client(settings: ArchiveSettings) -> Iterator[Any]:
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
    from compare.model.threads import usable_cores

    workers = settings.workers or usable_cores()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def worker_engine() -> tuple[str, str]:
    """What a process aligns with: the engine as it runs (which encoders) and the digest of its code and data."""
    from compare.engine.align import engine_version
    from compare.engine.results import code_digest

    return engine_version(), code_digest()


def check_workers(client: Any) -> None:
    """Refuse, in one message, a cluster whose workers run another engine than this process.

    The archive promises the same output on one worker or many, local or remote; a worker
    with another release, or without the second encoder (another platform), would align its
    partitions with another model. Workers that join after this check are not seen by it.
    """
    mine = worker_engine()
    try:
        theirs: dict[str, Any] = client.run(worker_engine)
    except Exception as exc:  # a worker that cannot even import Parallax
        raise SourceError(f"the Dask workers cannot run Parallax ({exc.__class__.__name__}: {exc})") from None
    odd = sorted(addr for addr, found in theirs.items() if tuple(found) != mine)
    if odd:
        engine, code = tuple(theirs[odd[0]])
        raise SourceError(f"{len(odd)} of {len(theirs)} Dask worker(s) run another Parallax engine than this one "
                          f"({odd[0]}: engine {engine}, code {code[:12]}; "
                          f"here: engine {mine[0]}, code {mine[1][:12]}); "
                          "install the same release, with the same encoders, on every worker")


class _Session:
    """The Dask client, made on first use (a run whose partitions are all on disk starts no cluster)."""

    def __init__(self, settings: ArchiveSettings, client: Any, store: PartStore, log: LogFn) -> None:
        self.settings, self.store, self.log = settings, store, log
        self._given = client
        self._stack = ExitStack()
        self._client = client
        self.reused = 0
        # In every Dask key: a scheduler remembers a key's failure for a while after it is released, and
        # a new run must not inherit it (idempotence comes from the partition's own key in the store).
        self.run_id = uuid.uuid4().hex[:8]
        self._checked = False  # the workers' engine, checked before the first partition is sent

    def client(self) -> Any:
        if self._client is None:
            self._client = self._stack.enter_context(_made_client(self.settings))
        if not self._checked:
            check_workers(self._client)
            self._checked = True
        return self._client

    @property
    def cache(self) -> str | None:
        """Local workers share this machine's cache folder; a remote worker keeps its own."""
        from compare.model.locations import cache_dir

        return str(cache_dir()) if self._given is not None or not self.settings.scheduler else None

    def marker(self, phase: str, index: int, key: str) -> str | None:
        wanted = os.environ.get(FAIL_ONCE_ENV, "").strip()
        if not wanted or wanted not in (f"{phase}:{index}", str(index) if phase == "anchor" else ""):
            return None
        self.store.folder.mkdir(parents=True, exist_ok=True)
        return str(self.store.folder / f"fail-once-{phase}-{index}-{key[:12]}.marker")

    def run(self, phase: str, tasks: list[Task]) -> list[dict[str, Any]]:
        """Every task's result in task order: from the store when a run before finished it, else from Dask."""
        results: dict[int, dict[str, Any]] = {}
        for index, key, _, _ in tasks:
            known = self.store.get(key)
            if known is not None and known["index"] == index:
                results[index] = known
        self.reused += len(results)
        if results:
            self.log(f"archive: {len(results)} of {len(tasks)} {phase} partition(s) read back from an earlier run "
                     f"({self.store.folder})")
        todo = [t for t in tasks if t[0] not in results]
        if todo:
            self._compute(phase, todo, results, len(tasks))
        return [results[index] for index, _, _, _ in tasks]

    def _compute(self, phase: str, todo: list[Task],
                 results: dict[int, dict[str, Any]], total: int) -> None:
        from distributed import as_completed

        client = self.client()
        retries = self.settings.retries
        futures = {client.submit(fn, job, key=f"parallax-archive-{phase}-{index:05d}-{key[:16]}-{self.run_id}",
                                 retries=retries,
                                 pure=False): index for index, key, fn, job in todo}
        failed: list[tuple[int, BaseException | None]] = []
        try:
            for future in as_completed(list(futures)):
                if future.status != "finished":  # the others still finish and are kept: less to redo
                    failed.append((futures[future], future.exception()))
                    continue
                result = future.result()
                self.store.put(result)
                results[int(result["index"])] = result
                self.log(f"archive: {len(results)}/{total} {phase} partitions done (partition {result['index']}: "
                         f"{len(result['metas'])} document(s), "
                         f"{sum(1 for e in result['links'] if e[2] >= self.settings.threshold)} link(s), "
                         f"{float(result['seconds']):.1f} s on {result['worker']})")
        finally:
            for future in futures:
                future.release()
        if failed:
            index, exc = min(failed, key=lambda f: f[0])
            raise SourceError(f"{len(failed)} {phase} partition(s) failed after {retries} retries, the first "
                              f"{index} ({type(exc).__name__}: {exc}); the {len(results)} finished are kept in "
                              f"{self.store.folder}: run the same command again to resume")

    def close(self) -> None:
        self._stack.close()


def run_archive(settings: ArchiveSettings, *, client: Any = None, log: LogFn = _stderr) -> ArchiveReport:
    """Align the anchor (or every pair, pruned) over the inputs on Dask and write the outputs.

    `client` is an existing Dask client to use (tests); otherwise one is made
    from `settings` when there is work for it. Progress goes to `log` (stderr), a line per partition.
    """
    started = time.perf_counter()
    outputs = check_outputs(list(settings.outputs), overwrite=settings.overwrite)
    if settings.anchor is None and not settings.all_pairs:
        raise SourceError("name the anchor with --anchor ID_OR_FILE (or align every pair with --all-pairs)")
    if settings.anchor is not None and settings.all_pairs:
        raise SourceError("--all-pairs aligns every document with every other: it takes no --anchor")
    if settings.partition_size < 1:
        raise SourceError("--partition-size must be at least 1")
    inventory = read_inputs(settings.inputs)
    report = ArchiveReport(problems=list(inventory.problems))
    wants_rows = any(p.suffix.lower() == ".parallax" for p in outputs)
    session = _Session(settings, client, PartStore(parts_folder(outputs[0])), log)
    try:
        if settings.all_pairs:
            metas, rows, runs = _all_pairs(settings, inventory, session, report, wants_rows)
        else:
            metas, rows, runs = _anchored(settings, inventory, session, report, wants_rows)
    finally:
        session.close()
    report.links = sum(1 for run in runs for link in run[3] if link.score >= settings.threshold)
    report.reused = session.reused
    for path in outputs:
        if path.suffix.lower() == ".parallax":
            write_workspace(path, rows, runs, unit=settings.unit, threshold=settings.threshold,
                            overwrite=settings.overwrite)
        else:
            shown = (link for run in runs for link in run[3] if link.score >= settings.threshold)
            write_jsonl(path, metas, shown, overwrite=settings.overwrite)
    report.written = [str(p) for p in outputs]
    session.store.remove()
    report.seconds = time.perf_counter() - started
    return report


Outcome = tuple[dict[str, SourceMeta], list[tuple[object, ...]], list[Run]]


def _salt(settings: ArchiveSettings, *parts: object) -> tuple[object, ...]:
    from compare import __version__
    from compare.engine.align import ENGINE_VERSION

    return (ARCHIVE_VERSION, __version__, ENGINE_VERSION, settings.unit, settings.threshold, *parts)


def _anchored(settings: ArchiveSettings, inventory: Inventory, session: _Session, report: ArchiveReport,
              wants_rows: bool) -> Outcome:
    from compare.model.locations import cache_dir

    anchor_doc = anchor_document(str(settings.anchor), inventory)
    documents = [d for d in inventory.documents if d.id != anchor_doc.id]
    if not documents:
        skipped = inventory.problems
        why = f" ({len(skipped)} skipped; the first: {skipped[0]})" if skipped else ""
        raise SourceError(f"no document to align with the anchor in the inputs{why}")
    parts = partitions(documents, settings.partition_size,
                       salt=_salt(settings, "anchor", anchor_doc.fingerprint, wants_rows))
    report.documents, report.partitions = len(documents), len(parts)
    tasks: list[Task] = [(p.index, p.key, run_partition,
              PartitionJob(p, anchor_doc, settings.unit, settings.threshold, wants_rows, session.cache,
                           session.marker("anchor", p.index, p.key))) for p in parts]
    results = session.run("anchor", tasks)
    anchor = build(anchor_doc, DiskCache(cache_dir()))
    metas = {anchor.id: anchor.meta}
    rows: list[tuple[object, ...]] = [stored_row(anchor_doc, anchor)] if wants_rows else []
    runs: list[Run] = []
    for result in results:
        report.problems += result["problems"]
        metas.update((m.id, m) for m in result["metas"])
        rows += result["rows"]
        runs.append((anchor.meta, result["metas"], float(result["margin"]),
                     [decode_link(e) for e in result["links"]]))
    return metas, rows, runs


def _all_pairs(settings: ArchiveSettings, inventory: Inventory, session: _Session, report: ArchiveReport,
               wants_rows: bool) -> Outcome:
    """Phase one embeds every document; the pruning picks the pairs; phase two aligns them."""
    import numpy as np

    from compare.engine.semantic import DIMENSIONS

    documents = inventory.documents
    if len(documents) < 2:
        raise SourceError("--all-pairs needs at least two documents in the inputs")
    parts = partitions(documents, settings.partition_size, salt=_salt(settings, "profiles", wants_rows))
    tasks: list[Task] = [(p.index, p.key, run_profiles,
              ProfileJob(p, settings.unit, wants_rows, session.cache, session.marker("profiles", p.index, p.key)))
             for p in parts]
    profiles = session.run("profiles", tasks)
    metas: dict[str, SourceMeta] = {}
    rows: list[tuple[object, ...]] = []
    vectors = {}
    for result in profiles:
        report.problems += result["problems"]
        metas.update((m.id, m) for m in result["metas"])
        rows += result["rows"]
        for sid, blob, count in result["vectors"]:
            vectors[sid] = np.frombuffer(blob, dtype=np.float16).astype(np.float32).reshape(count, DIMENSIONS)
    pruning = kept_pairs(vectors, settings.min_cosine)
    report.documents, report.pairs_kept, report.pairs_possible = len(metas), len(pruning.pairs), pruning.candidates
    session.log(f"archive: aligning {len(pruning.pairs)} of {pruning.candidates} pairs of documents "
                f"(closest passages' meaning >= {settings.min_cosine:g})")
    by_id = {d.id: d for d in documents}
    pair_tasks: list[Task] = []
    for index, (left, rights) in enumerate(groups(pruning.pairs, settings.partition_size)):
        docs = (by_id[left], tuple(by_id[r] for r in rights))
        key = digest(_salt(settings, "pairs"), docs[0].fingerprint, tuple(d.fingerprint for d in docs[1]))
        pair_tasks.append((index, key, run_pairs,
                           PairsJob(index, key, (docs,), settings.unit, settings.threshold, session.cache,
                                    session.marker("pairs", index, key))))
    report.partitions = len(parts) + len(pair_tasks)
    runs: list[Run] = []
    for result in session.run("pairs", pair_tasks):
        links = [decode_link(e) for e in result["links"]]
        start = 0
        for left, rights, margin, count in result["alignments"]:
            runs.append((metas[left], [metas[r] for r in rights], float(margin), links[start:start + count]))
            start += count
    return metas, rows, runs
