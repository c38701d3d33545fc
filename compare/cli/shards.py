"""A large command-line run exported to JSONL, done as two shards in two processes.

`parallax align ANCHOR F1 ... F1000 --export out.jsonl` does, for each file,
work that depends on that file and the anchor alone: read it (or its cached
layout), read its features, score the pair (or read its kept links back), and
write its links' lines. So the files can be split in two: a forked child does
all of it for the later half of the files while this process does the earlier
half, each writing its lines to a part file of its own, a run of lines per
source. The export is then made from the two parts, source by source in the
order one process writes them (by source id: `align` sorts its links so), the
same bytes as one process.

Before this, a large run was shared by priming the cache in a pool and then
aligning in two halves, and this process still read every file, built every
link and wrote every line alone: a warm run (every pair's links kept) did not
use the second core at all. Here everything but Python's start is shared.

Only for JSONL (a line per link, so a source's run of lines is a byte range
of its part) and only where `halves.can_fork` allows; otherwise the caller
runs as before.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from compare.cli.one_run import align_once, refuse_shared_ids, resolve_distinct
from compare.model.disk_cache import DiskCache
from compare.model.errors import SourceError
from compare.model.records import Source

__all__ = ["MIN_SHARDED", "balanced_split", "export_in_shards", "shards_apply"]

MIN_SHARDED = 32  # files below which a second process gains little (bench/scale.py: 0.1 s of 0.55 at 20 files, cold)


@dataclass(frozen=True, slots=True)
class Part:
    """What one shard wrote: its sources' ids, each source's byte range in its part file, its link count."""

    ids: tuple[str, ...]
    runs: tuple[tuple[str, int, int], ...]  # (source id, start, end) in the part file, by source id
    links: int


def shards_apply(args: argparse.Namespace, processes: int) -> bool:
    """Whether this run is done in shards: large, exported to JSONL, with two processes that can fork."""
    from compare.engine.halves import can_fork
    from compare.export.writers import format_for

    return (processes >= 2 and len(args.rights) >= MIN_SHARDED and bool(args.export)
            and format_for(args.export) == "jsonl" and can_fork())


def export_in_shards(args: argparse.Namespace, left: Source, cache: DiskCache) -> int:
    """Align `args.left` (read as `left`) with `args.rights` in two processes and export; the links written."""
    from compare.engine.halves import in_child
    from compare.export.writers import replace_safely

    refs = list(args.rights)
    split = balanced_split(refs)
    accessed = _dt.date.today().isoformat()  # one date for both shards, as for one process
    target = Path(args.export)
    folder = target.resolve().parent
    if not folder.is_dir():
        raise SourceError(f"{target}: cannot write (no such folder)")
    with tempfile.TemporaryDirectory(prefix=".parallax-parts-", dir=folder) as parts:
        later = Path(parts) / "later.jsonl"
        earlier = Path(parts) / "earlier.jsonl"
        wait, stop = in_child(lambda: _shard(args, left, refs[split:], cache, later, accessed))
        try:
            mine = _shard(args, left, refs[:split], cache, earlier, accessed)
            theirs: Part = wait()
        finally:
            stop()
        refuse_shared_ids([left.id, *mine.ids, *theirs.ids])  # each shard checked its own; now across both
        replace_safely(lambda tmp: _join(tmp, [(earlier, mine.runs), (later, theirs.runs)]), target,
                       overwrite=args.force)
    return mine.links + theirs.links


def balanced_split(refs: Sequence[str]) -> int:
    """Where to cut `refs` so that each shard reads about half the bytes: a shard's time follows its
    files' sizes, and the run waits for the slower one. By count where no size can be read."""
    sizes = []
    for ref in refs:
        try:
            sizes.append(os.stat(ref).st_size)
        except (OSError, ValueError):  # a bundled source's id, or a file the shard will report as missing
            sizes.append(0)
    total = sum(sizes)
    if total == 0 or len(refs) < 2:
        return len(refs) // 2
    running = 0
    for n, size in enumerate(sizes):
        running += size
        if 2 * running >= total:  # cut before or after this file, whichever leaves the halves nearer
            cut = n if total - 2 * (running - size) < 2 * running - total else n + 1
            return min(max(cut, 1), len(refs) - 1)
    return len(refs) // 2


def _shard(args: argparse.Namespace, left: Source, refs: Sequence[str], cache: DiskCache, out: Path,
           accessed: str) -> Part:
    """Read, align and write the lines of `refs`' sources, one run of lines per source, into `out`."""
    from compare.export.writers import jsonl_runs

    with cache.batched():  # a shard writes 1,500 entries: indexed together at its end
        rights = resolve_distinct(refs, cache=cache, taken=[left.id])
        # One process per shard: each reads only its own sources' features, as each half of `align` did.
        result = align_once(args, left, rights)
    sources = {s.id: s for s in (left, *rights)}
    links = result.links
    runs: list[tuple[str, int, int]] = []
    with out.open("wb") as fh:  # bytes, so that each run's range is counted exactly
        position = 0
        for source_id, text in jsonl_runs(links, sources, accessed=accessed):
            data = text.encode("utf-8")
            fh.write(data)
            if runs and runs[-1][0] == source_id:  # a source's lines went on past a batch
                runs[-1] = (source_id, runs[-1][1], position + len(data))
            else:
                runs.append((source_id, position, position + len(data)))
            position += len(data)
    return Part(tuple(s.id for s in rights), tuple(runs), len(links))


def _join(tmp: Path, parts: Sequence[tuple[Path, Sequence[tuple[str, int, int]]]]) -> None:
    """Write the parts' runs into `tmp` by source id: the order one process writes them in."""
    order = sorted((source_id, n, begin, end) for n, (_, runs) in enumerate(parts) for source_id, begin, end in runs)
    handles = [path.open("rb") for path, _ in parts]
    try:
        with tmp.open("wb") as out:
            for _, n, begin, end in order:
                _copy(handles[n], out, begin, end - begin)
    finally:
        for handle in handles:
            handle.close()


def _copy(source: BinaryIO, target: BinaryIO, offset: int, size: int) -> None:
    """`size` bytes of `source` from `offset` to the end of `target`: in the kernel where it can
    (`os.copy_file_range`, a third of the time for the 58 MB of a 1,000-file run), else in blocks."""
    copy_range = getattr(os, "copy_file_range", None)
    rest = size
    if copy_range is not None:
        target.flush()
        try:
            while rest > 0:
                done = copy_range(source.fileno(), target.fileno(), rest, offset + size - rest)
                if done <= 0:
                    break
                rest -= done
        except OSError:  # a file system or kernel without it: the rest in blocks
            pass
        target.seek(0, os.SEEK_END)
    source.seek(offset + size - rest)
    while rest > 0:
        block = source.read(min(rest, 1 << 20))
        if not block:
            raise OSError("a part of the export ended early")
        target.write(block)
        rest -= len(block)
