"""The SQLite side of a workspace: connecting, transactions, and making a new file.

Kept apart from the Workspace API so the durability rules live in one place:
WAL journal with synchronous=FULL (a committed action survives a crash or
power cut), foreign keys on, explicit BEGIN IMMEDIATE ... COMMIT around every
change, and new files built under a temporary name and linked into place.
"""

from __future__ import annotations

import datetime as _dt
import errno
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from compare.model.errors import SourceError
from compare.workspace import schema
from compare.workspace.source_rows import SourceRow

BUSY_TIMEOUT = 5.0  # seconds to wait while another window or the CLI is writing


def now() -> str:
    """A UTC timestamp for created/updated columns."""
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="milliseconds")


DISK_FULL = "the disk is full; free some space and try again (nothing saved before was lost)"
LOW_SPACE = 8_000_000  # bytes: below this an I/O error while writing is taken to mean "full"


def disk_is_full(path: Path) -> bool:
    """Whether the disk holding `path` is (nearly) out of space."""
    folder = path if path.is_dir() else path.parent
    try:
        return shutil.disk_usage(folder).free < LOW_SPACE
    except OSError:
        return False


def reason(exc: sqlite3.Error | OSError, path: Path | None = None) -> str:
    """SQLite's (or the OS's) complaint in words an analyst can act on.

    SQLite reports a full disk as SQLITE_FULL, but a failed WAL or journal
    write as a plain "disk I/O error"; with `path`, the latter is checked
    against the free space so a full disk is never called damage.
    """
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return DISK_FULL
        return exc.strerror or str(exc)
    text = str(exc)
    if "locked" in text or "busy" in text:
        return "the workspace is busy (another Parallax is writing to it); try again"
    if "readonly" in text:
        return "the workspace is read-only"
    if "disk is full" in text or (path is not None and "disk I/O error" in text and disk_is_full(path)):
        return DISK_FULL
    return text


def connect(path: Path) -> sqlite3.Connection:
    """A read-write connection to a file that `schema.validate` accepted."""
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise SourceError(f"{path}: cannot open the workspace ({reason(exc, path)})") from None
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """One write transaction: all of it reaches the disk, or none of it."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise SourceError(f"{path}: {reason(exc, path)}") from None
    try:
        yield conn
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise SourceError(f"{path}: could not save ({reason(exc, path)})") from None
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


@contextmanager
def reading(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A consistent snapshot for reads that take several statements."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def insert_source(conn: sqlite3.Connection, row: SourceRow, origin: str, at: str) -> None:
    """Append a source (caller holds the transaction); its id must be new."""
    if conn.execute("SELECT 1 FROM sources WHERE id = ?", (row.id,)).fetchone():
        raise SourceError(f"a source with id '{row.id}' is already in the workspace")
    conn.execute(
        "INSERT INTO sources (id, position, raw, body_start, markup, meta, content_sha256, text_sha256, "
        "origin, added_at) VALUES (?, (SELECT COALESCE(MAX(position) + 1, 0) FROM sources), "
        "?, ?, ?, ?, ?, ?, ?, ?)",
        (row.id, row.raw, row.body_start, int(row.markup), row.meta, row.content_sha256,
         row.text_sha256, origin, at))


def create_file(target: Path, rows: Sequence[tuple[SourceRow, str]]) -> None:
    """Write a complete new workspace file at `target`, which must not exist.

    It is built under a temporary name and linked into place only when
    complete, so a crash never leaves a half-made workspace, and an existing
    file is never overwritten.
    """
    if target.exists():
        raise SourceError(f"{target}: already exists")
    if not target.parent.is_dir():
        raise SourceError(f"{target.parent}: no such folder")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.creating")
    try:
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))  # umask applies, as for any file
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            schema.initialise(conn)
            at = now()
            for row, origin in rows:
                insert_source(conn, row, origin, at)
            conn.execute("COMMIT")
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()
        _link_into_place(tmp, target)
    except (sqlite3.Error, OSError) as exc:
        raise SourceError(f"{target}: cannot create the workspace ({reason(exc, target)})") from None
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal"), tmp.with_name(tmp.name + "-wal")):
            leftover.unlink(missing_ok=True)


def copy_file(conn: sqlite3.Connection, target: Path) -> None:
    """Write a consistent copy of the open database `conn` to `target`, which must not exist.

    SQLite's backup API reads a snapshot (committed changes only, WAL
    included) while this or another connection keeps working; the copy is
    built under a temporary name and linked into place like a new workspace,
    so an existing file is never overwritten and a crash leaves no half-copy.
    """
    if target.exists():
        raise SourceError(f"{target}: already exists")
    if not target.parent.is_dir():
        raise SourceError(f"{target.parent}: no such folder")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.copying")
    try:
        copy = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode = WAL")
        finally:
            copy.close()
        _link_into_place(tmp, target)
    except sqlite3.Error as exc:
        raise SourceError(f"{target}: cannot copy the workspace ({reason(exc, target)})") from None
    except OSError as exc:
        raise SourceError(f"{target}: cannot write ({reason(exc)})") from None
    finally:
        tmp.unlink(missing_ok=True)
        for extra in ("-wal", "-shm"):
            tmp.with_name(tmp.name + extra).unlink(missing_ok=True)


def _link_into_place(tmp: Path, target: Path) -> None:
    """Give the finished file its name without ever replacing an existing one."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise SourceError(f"{target}: already exists") from None
    except OSError:  # file systems without hard links
        if target.exists():
            raise SourceError(f"{target}: already exists") from None
        os.replace(tmp, target)
