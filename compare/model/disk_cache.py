"""A folder of values keyed by content: what the command line keeps between runs.

The app keeps its derived data inside the workspace; a command line run has
no workspace, and without a cache every run re-renders, re-segments and
re-extracts every file it is given, which is most of its time for a large
collection. A key is a digest of everything that decides the value (content,
code version), so a changed file or a new release simply misses; nothing is
ever invalidated in place. Entries are pickles in the user's own cache folder,
appended to pack files and found through an index (`compare.model.packs`: a
file per entry made file creation a sixth of a cold run); they are written by
this program and read only by it, and one that cannot be read is a miss.
Reading goes through a restricted unpickler that can build only Parallax's own
records and plain containers, so an entry planted in the cache folder cannot run
code: anything else in it makes the entry a miss.
"""

from __future__ import annotations

import contextlib
import copyreg
import hashlib
import io
import os
import pickle
import time
from pathlib import Path
from typing import Any

from compare.model.packs import PACKS_FOLDER, packs_at
from compare.model.records import Block, BlockRun, Passage, Source

__all__ = ["DiskCache", "digest"]


def digest(*parts: object) -> str:
    """A short stable digest of the parts' reprs (str, bytes, numbers and tuples of them)."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


_RECORDS = ("Source", "SourceMeta", "Reference", "Block", "BlockRun", "Passage", "PassageRun", "Review")
_BUILTINS = ("tuple", "list", "dict", "set", "frozenset", "str", "bytes", "int", "float", "bool")
_ALLOWED = {("compare.model.records", name) for name in _RECORDS} | {("builtins", name) for name in _BUILTINS}


def _passage(p: Passage) -> tuple[type, tuple[object, ...]]:
    return Passage, (p.source_id, p.unit, p.index, p.start, p.end, p.text, p.block, p.paragraph)


def _block(b: Block) -> tuple[type, tuple[object, ...]]:
    return Block, (b.kind, b.start, b.end, b.level, b.marker, b.marks)


def _source(s: Source) -> tuple[type, tuple[object, ...]]:
    """A source with its blocks as rows: read back, a block is made only when something reads it."""
    return Source, (s.meta, s.text, BlockRun.of(s.blocks), s.paragraphs, s.sentences, s.markdown, s.path)


# Passages and blocks (a thousand sources hold 200,000 of them) stored as their constructor's
# arguments: reading one back is a call, not the generic dataclass state setter (a quarter faster).
# A source's own passages and blocks are runs (`records.PassageRun`, `BlockRun`), made when read.
_COMPACT: dict[type, Any] = {**copyreg.dispatch_table, Passage: _passage, Block: _block, Source: _source}


class _RecordsOnly(pickle.Unpickler):
    """Builds records and containers only (see the Python docs, "Restricting Globals")."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not a cached record")
        return super().find_class(module, name)


class DiskCache:
    """Values by kind and key, in the packs of `folder` (`compare.model.packs`).

    `pack_bytes` (tests) closes a pack at that size, so that pruning has more than one to choose from.
    """

    PRUNED = ".pruned"  # its time is when the folder was last pruned

    def __init__(self, folder: str | os.PathLike[str], *, pack_bytes: int | None = None) -> None:
        self.folder = Path(folder)
        self._root = str(self.folder)
        self._packs = packs_at(self.folder)
        if pack_bytes is not None:
            self._packs.pack_bytes = pack_bytes

    def get(self, kind: str, key: str) -> Any | None:
        """The stored value, or None when absent or unreadable (a torn or foreign entry is a miss)."""
        data = self._packs.read(kind, key)
        if data is None:
            return None
        try:
            return _RecordsOnly(io.BytesIO(data)).load()
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError,
                IndexError, KeyError, MemoryError, RecursionError):
            return None

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry is stored (not whether it reads: `get` still decides that)."""
        return self._packs.holds(kind, key)

    def keys(self, kind: str) -> list[str]:
        """The keys stored under `kind`, sorted (for tests and tools)."""
        return sorted(key for k, key in self._packs.places() if k == kind)

    def place(self, kind: str, key: str) -> tuple[Path, int, int] | None:
        """Where an entry's bytes are: (pack file, offset, length), or None (for tests and tools)."""
        found = self._packs.places().get((kind, key))
        return None if found is None else (self._packs.folder / found[0], found[1], found[2])

    def put(self, kind: str, key: str, value: object) -> None:
        """Store a value; a cache that cannot be written (read-only, full disk) is skipped, not an error."""
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = _COMPACT
        pickler.dump(value)
        self._packs.write(kind, key, buffer.getvalue())

    def batched(self) -> contextlib.AbstractContextManager[None]:
        """A block whose entries are indexed together when it ends, not one commit each (`packs`):
        for a run that writes thousands; inside it this process reads them as usual."""
        return self._packs.batched()

    def close(self) -> None:
        """Let go of the folder's index and packs in this process (before the folder is deleted); the next
        read or write opens them again, and the pack this process wrote is then one pruning may drop."""
        self._packs.close()

    def prune(self, max_bytes: int) -> int:
        """Delete the oldest-written packs until the entries hold at most 80 % of `max_bytes`; how many entries went.

        A cache is only ever a shortcut, so the oldest entries go first (FIFO by
        write time: reading an entry does not renew it) and a deleted one is
        simply computed again. Entries are dropped a pack at a time, never the pack
        this process is writing. Entry files of the layout before packs (a file
        each, `<kind>/<xx>/<key>.pickle`) are never read any more and all go. Nothing
        else in the folder (the vectors file, a user's own file) is counted or touched.
        """
        removed = _remove_single_files(self._root)
        packs = self._packs.files()
        total = sum(size for _, size, _, _ in packs)  # the pack being written counts, but stays
        doomed: list[str] = []
        if total > max_bytes:
            goal = int(max_bytes * 0.8)
            for _, size, name, writing in packs:
                if total <= goal:
                    break
                if not writing:
                    doomed.append(name)
                    total -= size
        removed += self._packs.drop(doomed)
        with contextlib.suppress(OSError):  # a read-only folder is pruned again next time
            Path(self._root, self.PRUNED).touch()
        return removed

    def due(self, *, every: float = 86400.0) -> bool:
        """Whether the folder was last pruned `every` seconds ago or more (one stat): cheap enough for every
        run, which then prunes (the command line: its vectors file and its entries, `commands._cmd_align`)."""
        try:
            last = os.stat(os.path.join(self._root, self.PRUNED)).st_mtime
        except OSError:
            last = 0.0
        return time.time() - last >= every


def _remove_single_files(root: str) -> int:
    """Delete the entries of the file-per-entry layout (`<kind>/<xx>/<key>.pickle`); how many."""
    removed = 0
    try:
        kinds = [k for k in os.scandir(root) if k.is_dir(follow_symlinks=False) and k.name != PACKS_FOLDER]
    except OSError:
        return 0
    for kind in kinds:
        emptied = 0
        for shard in _subfolders(kind.path):
            try:
                with os.scandir(shard) as files:
                    names = [f.path for f in files if f.name.endswith(".pickle") and f.is_file(follow_symlinks=False)]
            except OSError:
                continue
            gone = 0
            for path in names:
                with contextlib.suppress(OSError):
                    os.remove(path)
                    gone += 1
            if gone:
                with contextlib.suppress(OSError):
                    os.rmdir(shard)  # only if nothing else is in it
                emptied += 1
            removed += gone
        if emptied:
            with contextlib.suppress(OSError):
                os.rmdir(kind.path)
    return removed


def _subfolders(path: str) -> list[str]:
    try:
        with os.scandir(path) as items:
            return [i.path for i in items if i.is_dir(follow_symlinks=False)]
    except OSError:
        return []
