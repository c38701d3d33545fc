"""What runs on a worker: one partition built, extracted, embedded and scored against the anchor.

A task is a pure function of its `PartitionJob` (plain, picklable records in,
plain records out), so the scheduler may run it anywhere, run it again after a
failure, or run it twice, and the result is the same. Every pair is weighted
over its own two sources (`Corpus.pair`), so a partition's links are exactly
the links `parallax align ANCHOR ...` finds for those documents.

Per worker process, the sentence encoder is loaded once (`default_embedder`
is a module-level singleton) and the caches are the command line's: layouts
and features in the cache folder (`DiskCache`), vectors in its SQLite store.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compare.archive.inputs import Document
from compare.archive.partition import Partition
from compare.model.disk_cache import DiskCache
from compare.model.errors import SourceError
from compare.model.records import Passage, Source, Unit

__all__ = ["InjectedFailure", "PairsJob", "PartitionJob", "ProfileJob", "build", "decode_link", "encode_link",
           "run_pairs", "run_partition", "run_profiles"]

EncodedLink = tuple[Passage, Passage, float, tuple[Any, ...]]
PartResult = dict[str, Any]  # plain containers and records only: kept on disk by `parts`


class InjectedFailure(RuntimeError):
    """The failure a test asks for (`PartitionJob.fail_marker`), raised once per marker file."""


@dataclass(frozen=True, slots=True)
class PartitionJob:
    """Everything one task needs; `fail_marker` names a file whose absence makes the first attempt fail."""

    partition: Partition
    anchor: Document
    unit: Unit = "paragraph"
    threshold: float = 50.0
    rows: bool = False  # a workspace is written: each source's stored form, and every candidate
    cache_dir: str | None = None  # None: the worker's own cache folder
    fail_marker: str | None = None


def build(doc: Document, cache: DiskCache | None = None) -> Source:
    """The Source of a document, exactly as `parallax align` or the workspace would build it."""
    from compare.text.sources import build_source, layout_key, source_from_text

    if doc.kind == "file":
        key = layout_key(Path(doc.origin), doc.raw)  # load_source's key: the caches are shared
        known = cache.get("sources", key) if cache is not None else None
        if isinstance(known, Source):
            return known
        try:
            source = source_from_text(doc.raw, name=doc.name, path=doc.origin)
        except SourceError as exc:
            raise SourceError(f"{doc.origin}: {exc}") from None
        if cache is not None:
            cache.put("sources", key, source)
        return source
    if doc.meta is None:
        raise SourceError(f"{doc.origin}: no metadata")
    body = doc.raw[doc.body_start:] if doc.kind == "row" else doc.raw
    try:
        return build_source(doc.meta, body, markup=doc.markup, markdown=doc.raw)
    except SourceError as exc:
        raise SourceError(f"{doc.origin}: {exc}") from None


def stored_row(doc: Document, source: Source) -> tuple[object, ...]:
    """How the workspace stores the source (the columns of a `SourceRow`, and the origin)."""
    from compare.workspace.codec import meta_to_json
    from compare.workspace.source_rows import row_for, sha256

    if doc.kind == "file":
        row = row_for(source)[0]
        return (row.id, row.raw, row.body_start, row.markup, row.meta, row.content_sha256, row.text_sha256,
                doc.origin)
    return (source.id, doc.raw, doc.body_start, doc.markup, meta_to_json(source.meta), sha256(doc.raw),
            sha256(source.text), doc.origin)


def encode_link(link: Any) -> EncodedLink:
    """A Link as records and tuples (what the parts' restricted unpickler may build)."""
    ev = link.evidence
    return (link.left, link.right, link.score,
            (ev.anchors, ev.terms, ev.left_span, ev.right_span, ev.left_figures, ev.right_figures, ev.meaning))


def decode_link(encoded: EncodedLink) -> Any:
    from compare.engine.align import Evidence, Link

    left, right, score, ev = encoded
    return Link(left, right, float(score), Evidence(*ev))


_STORES: dict[str, Any] = {}


def _store(folder: Path) -> Any:
    """One embedding store per cache file and process, so its in-memory layer outlives a task."""
    from compare.engine.semantic import SqliteStore

    key = str(folder / "embeddings.sqlite")
    if key not in _STORES:
        _STORES[key] = SqliteStore.at(key)
    return _STORES[key]


def _fail_once(marker: str | None) -> None:
    if marker is None:
        return
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return  # this is the retry
    raise InjectedFailure(f"injected failure (marker {marker})")


@contextmanager
def _worker_caches(cache_dir_name: str | None, fail_marker: str | None) -> Iterator[tuple[Path, DiskCache]]:
    """A task's cache folder and disk cache, installed for the engine while the task runs.

    Every task kind starts the same way (the injected test failure first, so a retry is seen
    before any work) and must leave the process's engine without a cache when it ends.
    """
    from compare.engine.extraction import use_disk_cache
    from compare.model.locations import cache_dir

    _fail_once(fail_marker)
    folder = Path(cache_dir_name) if cache_dir_name else cache_dir()
    cache = DiskCache(folder)
    use_disk_cache(cache)
    try:
        yield folder, cache
    finally:
        use_disk_cache(None)


def _worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_partition(job: PartitionJob) -> PartResult:
    """Build, extract, embed and score one partition against the anchor; plain records out.

    With `rows` (a workspace is written) the links returned are all the candidates (down to
    CANDIDATE_FLOOR), as the app stores a run: a workspace made of them opens without re-aligning, and
    the threshold is a filter applied after. Without, only the links shown: JSONL writes nothing else,
    so the candidates below the threshold are not explained, encoded and sent.
    """
    from compare.engine.align import align

    started = time.perf_counter()
    with _worker_caches(job.cache_dir, job.fail_marker) as (folder, cache):
        anchor = build(job.anchor, cache)
        sources, rows, problems = _built(job.partition.documents, cache, job.rows)
        links: list[EncodedLink] = []
        margin = 0.0
        if sources:
            # Without stored rows only the links shown travel: no candidate below the threshold is made.
            result = align(anchor, sources, unit=job.unit, threshold=job.threshold, store=_store(folder), workers=1,
                           candidates=job.rows)
            shown = result.explained_candidates() if job.rows else result.links  # evidence in full
            links = [encode_link(lk) for lk in shown]
            margin = result.settings.margin
    return {"index": job.partition.index, "key": job.partition.key, "margin": margin,
            "metas": [s.meta for s in sources], "rows": rows, "links": links, "problems": problems,
            "seconds": time.perf_counter() - started, "worker": _worker()}


@dataclass(frozen=True, slots=True)
class ProfileJob:
    """All-pairs, first phase: build one partition, extract its features and embed its passages."""

    partition: Partition
    unit: Unit = "paragraph"
    rows: bool = False
    cache_dir: str | None = None
    fail_marker: str | None = None


def run_profiles(job: ProfileJob) -> PartResult:
    """Each document's passage vectors (float16 bytes, for the pruning), metadata and stored row.

    Features and vectors land in the worker's caches, where the second phase finds them.
    """
    import numpy as np

    from compare.engine.align import passage_vectors
    from compare.engine.extraction import source_features
    from compare.engine.lexicon import load_table

    started = time.perf_counter()
    with _worker_caches(job.cache_dir, job.fail_marker) as (folder, cache):
        sources, rows, problems = _built(job.partition.documents, cache, job.rows)
        table = load_table()
        for source in sources:
            source_features(source, table)
        vectors = passage_vectors(sources, job.unit, store=_store(folder)) if sources else {}
    encoded = [(s.id, np.asarray(vectors[s.id].passages, dtype=np.float16).tobytes(), len(s.passages(job.unit)))
               for s in sources]
    return {"index": job.partition.index, "key": job.partition.key, "margin": 0.0,
            "metas": [s.meta for s in sources], "rows": rows, "links": [], "problems": problems,
            "seconds": time.perf_counter() - started, "worker": _worker(), "vectors": encoded}


def _built(documents: tuple[Document, ...], cache: DiskCache,
           rows: bool) -> tuple[list[Source], list[tuple[object, ...]], list[str]]:
    sources: list[Source] = []
    stored: list[tuple[object, ...]] = []
    problems: list[str] = []
    for doc in documents:
        try:
            source = build(doc, cache)
            if rows:
                stored.append(stored_row(doc, source))
        except SourceError as exc:
            problems.append(str(exc))
            continue
        sources.append(source)
    return sources, stored, problems


@dataclass(frozen=True, slots=True)
class PairsJob:
    """All-pairs, second phase: align each left document with its kept partners."""

    index: int
    key: str
    groups: tuple[tuple[Document, tuple[Document, ...]], ...]
    unit: Unit = "paragraph"
    threshold: float = 50.0
    cache_dir: str | None = None
    fail_marker: str | None = None


def run_pairs(job: PairsJob) -> PartResult:
    """The candidate links of every kept pair; `alignments` says which belong to which (left, rights) run."""
    from compare.engine.align import align

    started = time.perf_counter()
    links: list[EncodedLink] = []
    alignments: list[tuple[str, tuple[str, ...], float, int]] = []
    with _worker_caches(job.cache_dir, job.fail_marker) as (folder, cache):
        for left_doc, right_docs in job.groups:
            left = build(left_doc, cache)
            rights = [build(d, cache) for d in right_docs]
            result = align(left, rights, unit=job.unit, threshold=job.threshold, store=_store(folder), workers=1)
            links += [encode_link(lk) for lk in result.explained_candidates()]  # all, evidence in full
            alignments.append((left.id, tuple(r.id for r in rights), result.settings.margin, len(result.candidates)))
    return {"index": job.index, "key": job.key, "margin": 0.0, "metas": [], "rows": [], "links": links,
            "problems": [], "seconds": time.perf_counter() - started, "worker": _worker(), "alignments": alignments}
