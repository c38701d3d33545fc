"""Where the cache folder's entries live: appended to a few large pack files, found through a small index.

An entry was a file of its own, and a cold command-line run over a thousand
files writes three thousand entries (a layout, features and a pair's links
each). Creating a file costs this machine's file system 100-400 µs in the
kernel, a folder for its first entries more: a sixth of a cold run (issue 14),
while appending the same bytes to one open file costs a few microseconds. So
each process appends its entries to a pack file of its own (no two writers
share one, so nothing interleaves), and a SQLite index, one row an entry,
says which pack holds an entry and where. A row is committed only after its
bytes are written, so a reader that finds a row finds the whole entry; a
process killed mid-write leaves at most bytes no row points to. Rows are
replaced, never edited: the latest write of a key wins.

Within `batched()` (a command-line shard writing 1,500 entries) the rows are
committed together when the block ends, not one transaction an entry (half the
time of a write); until then this process finds them in memory, and a process
killed inside the block loses those entries, which a cache may.

Pruning drops whole packs, oldest first: entries are written in time order,
so that is the oldest-written entries, as before, without a file per entry.

SQLite connections must not cross `fork` (the command line's halves, shards
and pool workers fork): a process that finds state made by its parent leaves
it untouched and opens its own.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from compare.model.lazy import lazy_import

if TYPE_CHECKING:
    import sqlite3
else:  # imported at the first read or write: listing sources or opening the app needs no index
    sqlite3 = lazy_import("sqlite3")

__all__ = ["PACKS_FOLDER", "Packs", "packs_at"]

PACKS_FOLDER = "packs"
INDEX_NAME = "index.sqlite"
PACK_BYTES = 64 * 1024 * 1024  # a pack this large is closed and the next entry starts a new one
_SCHEMA = ("CREATE TABLE IF NOT EXISTS entries (kind TEXT NOT NULL, key TEXT NOT NULL, pack TEXT NOT NULL, "
           "offset INTEGER NOT NULL, length INTEGER NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID")
_INHERITED: list[object] = []  # a parent's connections and descriptors, kept so that a child never closes them


class Packs:
    """One cache folder's packs and index, shared by every `DiskCache` on that folder in this process."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / PACKS_FOLDER
        self.pack_bytes = PACK_BYTES  # `DiskCache(pack_bytes=...)` lowers it for tests
        self._lock = threading.Lock()  # the app reads and writes from its GUI and background threads
        self._pid = -1
        self._conn: sqlite3.Connection | None = None
        self._writing: tuple[str, int, int] | None = None  # (pack name, descriptor, bytes written)
        self._readers: dict[str, int] = {}
        self._folder_id: tuple[int, int] | None = None
        self._pending: dict[tuple[str, str], tuple[str, int, int]] = {}  # rows written, not yet committed
        self._batches = 0  # `batched` blocks open in this process

    # -- state -----------------------------------------------------------------------------------

    def _release(self) -> None:
        """Let go of the connection and descriptors: close them if this process made them, else (a forked
        child's copy of its parent's) keep them unclosed and unused, so the parent's stay sound."""
        if self._pid == os.getpid():
            self._commit_pending()
            self._close()
        elif self._pid != -1:
            _INHERITED.extend([self._conn, self._writing, self._readers])
            self._batches = 0  # the parent's blocks and rows are its own to commit
        self._conn, self._writing, self._readers, self._folder_id = None, None, {}, None
        self._pending = {}

    def _commit_pending(self) -> None:
        """Index the rows written inside `batched` blocks, in one transaction."""
        if not self._pending or self._conn is None:
            self._pending = {}
            return
        rows = [(kind, key, *place) for (kind, key), place in self._pending.items()]
        self._pending = {}
        with contextlib.suppress(sqlite3.Error), self._conn:
            self._conn.executemany("INSERT OR REPLACE INTO entries (kind, key, pack, offset, length) "
                                   "VALUES (?, ?, ?, ?, ?)", rows)

    @contextlib.contextmanager
    def batched(self) -> Iterator[None]:
        """Within this block rows are committed together at its end (see the module's docstring)."""
        with self._lock:
            if self._pid not in (-1, os.getpid()):  # a forked child: let its parent's state go first, or the
                self._fresh()  # first read would, and with it this block's count
            self._batches += 1
            mine = os.getpid()
        try:
            yield
        finally:
            with self._lock:
                if self._pid in (-1, mine) and os.getpid() == mine:
                    self._batches = max(0, self._batches - 1)
                    if not self._batches:
                        self._commit_pending()

    def _fresh(self) -> None:
        """Start this process's own state (after a fork, or once the folder was removed)."""
        self._release()
        self._pid = os.getpid()

    def _index(self) -> sqlite3.Connection:
        if self._pid != os.getpid():
            self._fresh()
        if self._conn is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / INDEX_NAME
            try:
                self._conn = _connect(path)
            except sqlite3.DatabaseError:  # not an index (damaged, planted): it held only a cache's index
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
                self._conn = _connect(path)
            stat = os.stat(self.folder)
            self._folder_id = (stat.st_dev, stat.st_ino)
        return self._conn

    def _close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
        for fd in [*self._readers.values(), *([self._writing[1]] if self._writing else [])]:
            with contextlib.suppress(OSError):
                os.close(fd)

    def close(self) -> None:
        """Let go of the index and the open packs (the next use opens them again)."""
        with self._lock:
            self._release()
            self._pid = -1

    # -- entries ---------------------------------------------------------------------------------

    def read(self, kind: str, key: str) -> bytes | None:
        """An entry's bytes, or None when there is none or its pack is gone or short."""
        with self._lock:
            try:
                conn = self._index()
                row = self._pending.get((kind, key)) or conn.execute(
                    "SELECT pack, offset, length FROM entries WHERE kind = ? AND key = ?", (kind, key)).fetchone()
                if row is None:
                    return None
                pack, offset, length = row
                fd = self._readers.get(pack)
                if fd is None:
                    fd = self._readers[pack] = os.open(self.folder / pack, os.O_RDONLY)
                if not 0 <= offset <= offset + length <= os.fstat(fd).st_size:  # a damaged row, a short pack
                    return None
                data = os.pread(fd, length, offset)
            except (OSError, sqlite3.Error, TypeError, ValueError):
                return None
        return data if len(data) == length else None

    def holds(self, kind: str, key: str) -> bool:
        with self._lock:
            try:
                conn = self._index()
                return (kind, key) in self._pending or conn.execute(
                    "SELECT 1 FROM entries WHERE kind = ? AND key = ?", (kind, key)).fetchone() is not None
            except (OSError, sqlite3.Error):  # a folder that cannot be made or read holds nothing
                return False

    def write(self, kind: str, key: str, data: bytes) -> bool:
        """Append an entry and index it; False when the folder cannot be written (read-only, full disk)."""
        with self._lock:
            try:
                self._append(kind, key, data)
            except (OSError, sqlite3.Error):
                # Part of the entry may be in the pack: later offsets would be wrong, so the next
                # entry starts a new pack.
                if self._writing is not None and self._pid == os.getpid():
                    with contextlib.suppress(OSError):
                        os.close(self._writing[1])
                self._writing = None
                return False
        return True

    def _append(self, kind: str, key: str, data: bytes) -> None:
        conn = self._index()
        if not self._same_folder():  # removed since (by a user, a test): made again
            self._fresh()
            conn = self._index()
        name, fd, size = self._writing or self._start_pack()
        if size and size + len(data) > self.pack_bytes:
            os.close(fd)
            self._writing = None
            name, fd, size = self._start_pack()
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        self._writing = (name, fd, size + len(data))
        if self._batches:
            self._pending[kind, key] = (name, size, len(data))
            return
        with conn:
            conn.execute("INSERT OR REPLACE INTO entries (kind, key, pack, offset, length) VALUES (?, ?, ?, ?, ?)",
                         (kind, key, name, size, len(data)))

    def _start_pack(self) -> tuple[str, int, int]:
        name = f"{time.time_ns():016x}-{os.getpid()}-{secrets.token_hex(4)}.pack"
        fd = os.open(self.folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o600)
        self._writing = (name, fd, 0)
        return self._writing

    def _same_folder(self) -> bool:
        try:
            stat = os.stat(self.folder)
        except OSError:
            return False
        return (stat.st_dev, stat.st_ino) == self._folder_id

    def places(self) -> dict[tuple[str, str], tuple[str, int, int]]:
        """(kind, key) -> (pack, offset, length) of every entry: for tests and tools (a run asks by key)."""
        with self._lock:
            try:
                conn = self._index()
                self._commit_pending()
                rows = conn.execute("SELECT kind, key, pack, offset, length FROM entries").fetchall()
            except (OSError, sqlite3.Error):
                return {}
        return {(kind, key): (pack, offset, length) for kind, key, pack, offset, length in rows}

    # -- pruning ---------------------------------------------------------------------------------

    def files(self) -> list[tuple[float, int, str, bool]]:
        """(last written, size, name, whether this process is writing it) of every pack, oldest first."""
        mine = self._writing[0] if self._writing is not None and self._pid == os.getpid() else None
        out: list[tuple[float, int, str, bool]] = []
        try:
            with os.scandir(self.folder) as items:
                for item in items:
                    if item.name.endswith(".pack") and item.is_file(follow_symlinks=False):
                        st = item.stat(follow_symlinks=False)
                        out.append((st.st_mtime, st.st_size, item.name, item.name == mine))
        except OSError:
            return []
        return sorted(out)

    def drop(self, names: list[str]) -> int:
        """Delete these packs and their index rows; how many entries went with them."""
        if not names:
            return 0
        with self._lock:
            removed = 0
            try:
                conn = self._index()
                self._commit_pending()
                with conn:
                    for name in names:
                        removed += conn.execute("DELETE FROM entries WHERE pack = ?", (name,)).rowcount
            except (OSError, sqlite3.Error):
                return 0  # the rows would point nowhere: the packs stay until the index can be written
            for name in names:
                fd = self._readers.pop(name, None)
                if fd is not None:
                    os.close(fd)
                with contextlib.suppress(OSError):
                    os.remove(self.folder / name)
        return removed


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA journal_mode=WAL")  # readers never wait for the other process's writes
        conn.execute("PRAGMA synchronous=NORMAL")  # a cache: a lost last entry is recomputed
        conn.execute(_SCHEMA)
    except sqlite3.Error:
        conn.close()
        raise
    return conn


_OPEN: OrderedDict[str, Packs] = OrderedDict()
_OPEN_LOCK = threading.Lock()
MAX_OPEN = 8  # folders whose index stays open; an older one is closed (and opened again if used)


def packs_at(folder: Path) -> Packs:
    """The `Packs` of `folder` in this process: every `DiskCache` on it shares the index and the pack."""
    key = os.path.abspath(folder)
    with _OPEN_LOCK:
        found = _OPEN.get(key)
        if found is None:
            found = _OPEN[key] = Packs(Path(key))
        _OPEN.move_to_end(key)
        stale = [_OPEN.popitem(last=False)[1] for _ in range(len(_OPEN) - MAX_OPEN)]
    for packs in stale:
        packs.close()
    return found
