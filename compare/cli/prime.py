"""Fill the command line's cache for many files at once, over the machine's cores.

A cold `parallax align` over a thousand files spends most of its time on work
done once per file and independent of every other file: rendering the
Markdown, cutting passages, extracting each sentence's features and rating its
words. Those results go into the user's cache folder keyed by content
(`compare.model.disk_cache`), and a warm run reads them back. So the cold run
first lets a few worker processes put them there, a file per task, and then
runs exactly as a warm run does: the same reads in the same order give the
same alignment, byte for byte, whatever the workers' order was. A worker only
writes cache entries; it returns nothing but whether it got through, and a
file it could not read is simply left to the parent, which raises the usual
one-line error in the usual order.

Only the command line calls this (the app keeps its derived data in its
workspace and runs no pool). Small inputs are done in-process: starting
workers costs more than it saves below a few dozen files, and tests stay
in one process.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Sequence
from pathlib import Path

from compare.model.disk_cache import DiskCache

__all__ = ["MIN_POOLED", "pool_workers", "prime_cache"]

MIN_POOLED = 64  # files below which a pool costs more than it saves
CHUNK = 16  # files per task: few enough messages, small enough to keep both workers busy to the end


def pool_workers(files: int, cores: int | None = None) -> int:
    """How many worker processes to start for `files` files: none for small inputs or one core."""
    if cores is None:
        from compare.model.threads import usable_cores

        cores = usable_cores()
    if files < MIN_POOLED or cores < 2:
        return 0
    return min(cores, max(1, files // CHUNK))


def _unread(refs: Sequence[str], cache: DiskCache) -> list[str]:
    """The files among `refs` whose layout the cache does not hold: what a worker has to read.

    A bundled source's id is read from the package, not cached, and a file that
    cannot be read is left to the caller's own error. A file whose layout is
    cached had its features stored by the same run, so a warm run starts no
    workers (were its features missing, the caller would extract them itself).
    """
    from compare.model.errors import SourceError
    from compare.text.sources import MARKDOWN_EXTENSIONS, TEXT_EXTENSIONS, layout_key, read_text_file

    out = []
    for ref in refs:
        path = Path(ref)
        if path.suffix.lower() not in MARKDOWN_EXTENSIONS | TEXT_EXTENSIONS or not path.is_file():
            continue
        try:
            if not cache.has("sources", layout_key(path, read_text_file(path))):
                out.append(ref)
        except SourceError:
            continue
    return out


_WORKER_CACHE: list[DiskCache] = []


def _start_worker(folder: str) -> None:
    from compare.engine import extraction

    cache = DiskCache(folder)
    _WORKER_CACHE[:] = [cache]
    extraction.use_disk_cache(cache)
    extraction._EXTRACTED.clear()  # features the parent held in memory must still reach the disk


def _prime(paths: Sequence[str]) -> int:
    """Read each file through the cache (layout, then features): what a later read finds there."""
    from compare.engine.extraction import source_features
    from compare.engine.lexicon import load_table
    from compare.model.errors import SourceError
    from compare.text.sources import load_source

    table = load_table()
    done = 0
    for path in paths:
        try:
            source_features(load_source(path, cache=_WORKER_CACHE[0]), table)
        except SourceError:
            continue  # the parent reads it again and reports it where it would have
        done += 1
    return done


def prime_cache(refs: Sequence[str], cache: DiskCache, *, workers: int | None = None) -> int:
    """Put every file's layout and features into `cache` using worker processes; how many files were done.

    Returns 0 without starting anything when the input is small, its files are
    already cached, the machine has one core, or processes cannot be forked here (the caller then reads
    the files itself, as it always could). Fork, not spawn: the command line
    has loaded nothing heavy yet, and a forked worker starts in milliseconds
    with the modules it needs already imported.
    """
    if workers is None and pool_workers(len(refs)) == 0:  # not even worth looking at the files
        return 0
    paths = _unread(refs, cache)
    count = pool_workers(len(paths)) if workers is None else workers
    if count < 2 or not paths or not sys.platform.startswith("linux") \
            or "fork" not in multiprocessing.get_all_start_methods():  # macOS: its system libraries do not fork
        return 0
    chunks = [paths[k:k + CHUNK] for k in range(0, len(paths), CHUNK)]
    context = multiprocessing.get_context("fork")
    with context.Pool(count, initializer=_start_worker, initargs=(str(cache.folder),)) as pool:
        done = sum(pool.imap_unordered(_prime, chunks))
    return done
