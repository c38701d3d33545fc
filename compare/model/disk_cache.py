"""A folder of values keyed by content: what the command line keeps between runs.

The app keeps its derived data inside the workspace; a command line run has
no workspace, and without a cache every run re-renders, re-segments and
re-extracts every file it is given, which is most of its time for a large
collection. A key is a digest of everything that decides the value (content,
code version), so a changed file or a new release simply misses; nothing is
ever invalidated in place. Entries are pickles in the user's own cache folder
(written by this program, read only by it); one that cannot be read is a miss.
Reading goes through a restricted unpickler that can build only Parallax's own
records and plain containers, so a file planted in the cache folder cannot run
code: anything else in it makes the entry a miss.
"""

from __future__ import annotations

import contextlib
import copyreg
import hashlib
import os
import pickle
import tempfile
import time
from pathlib import Path
from typing import Any

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
    """Values under `folder/<kind>/<key[:2]>/<key>.pickle`, written atomically."""

    PRUNED = ".pruned"  # its time is when the folder was last pruned

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self._root = str(self.folder)
        self._made: set[str] = set()  # folders this cache made or found: not made again for every entry

    def _path(self, kind: str, key: str) -> Path:
        return Path(self._file(kind, key))

    def _file(self, kind: str, key: str) -> str:
        """The entry's file as a string (a run reads and writes thousands: no `Path` objects on the way)."""
        return os.path.join(self._root, kind, key[:2], key + ".pickle")

    def get(self, kind: str, key: str) -> Any | None:
        """The stored value, or None when absent or unreadable (a torn or foreign file is a miss)."""
        try:
            with open(self._file(kind, key), "rb") as fh:
                return _RecordsOnly(fh).load()
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            return None

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry is stored (not whether it reads: `get` still decides that)."""
        return self._path(kind, key).is_file()

    def put(self, kind: str, key: str, value: object) -> None:
        """Store a value; a cache that cannot be written (read-only, full disk) is skipped, not an error."""
        path = self._file(kind, key)
        parent = os.path.dirname(path)
        try:
            if parent not in self._made:
                os.makedirs(parent, exist_ok=True)
                self._made.add(parent)
            try:
                fd, tmp = tempfile.mkstemp(dir=parent, prefix=".", suffix=".tmp")
            except FileNotFoundError:  # the folder was removed since: made again
                os.makedirs(parent, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickler = pickle.Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL)
                    pickler.dispatch_table = _COMPACT
                    pickler.dump(value)
                os.replace(tmp, path)  # readers see the old file or the whole new one, never half
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return

    def prune(self, max_bytes: int) -> int:
        """Delete the oldest-written entries until the entries hold at most 80 % of `max_bytes`; how many went.

        A cache is only ever a shortcut, so the oldest entries go first (FIFO by
        write time: reading an entry does not renew it) and a deleted one is
        simply computed again. Only entry files (`<kind>/<xx>/<key>.pickle`) are
        counted or removed: nothing else in the folder (the embeddings file, a
        user's own file) is touched. A file another process removes meanwhile is skipped.
        """
        entries: list[tuple[float, int, str]] = []
        try:
            kinds = [k for k in os.scandir(self._root) if k.is_dir(follow_symlinks=False)]
        except OSError:
            return 0
        for kind in kinds:
            for shard in _subfolders(kind.path):
                try:
                    with os.scandir(shard) as files:
                        for f in files:
                            if f.name.endswith(".pickle") and f.is_file(follow_symlinks=False):
                                st = f.stat(follow_symlinks=False)
                                entries.append((st.st_mtime, st.st_size, f.path))
                except OSError:
                    continue
        total = sum(size for _, size, _ in entries)
        removed = 0
        if total > max_bytes:
            goal = int(max_bytes * 0.8)
            for _, size, path in sorted(entries):
                if total <= goal:
                    break
                try:
                    os.remove(path)
                except OSError:
                    continue
                total -= size
                removed += 1
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


def _subfolders(path: str) -> list[str]:
    try:
        with os.scandir(path) as items:
            return [i.path for i in items if i.is_dir(follow_symlinks=False)]
    except OSError:
        return []
