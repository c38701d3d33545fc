"""The workspace file format: how we recognise our own SQLite files and lay them out.

A workspace is a plain SQLite database, so analysts can back it up, mail it
or inspect it with any SQLite tool. Because a user may point the app at any
file, we check the 100-byte SQLite header ourselves (magic, application id,
page size, length) *before* SQLite opens it: SQLite would otherwise create
journal files beside, or recover into, a file that is not ours. Files that
pass the header check are then validated through an immutable, read-only
connection, so a damaged workspace is refused without a single byte changing.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

from compare.engine.semantic import EMBEDDINGS_TABLE
from compare.model.errors import SourceError

APPLICATION_ID = 0x50524C58  # "PRLX": marks the file as a Parallax workspace
SCHEMA_VERSION = 4  # PRAGMA user_version; bump with a MIGRATIONS entry
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
SUFFIX = ".parallax"

# The analyst's decisions about the synopsis's events (issue 13), by passage keys so they
# survive re-alignment: 'join' puts passages a and b in one event, 'detach' takes passage a
# out of whatever event the links put it in, 'label' names the event whose id is a.
GROUPINGS_TABLE = """CREATE TABLE IF NOT EXISTS groupings (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('join', 'detach', 'label')),
        unit TEXT NOT NULL CHECK (unit IN ('paragraph', 'sentence')),
        a TEXT NOT NULL,
        b TEXT NOT NULL DEFAULT '',
        label TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    )"""

# Every statement is run separately (never executescript, which commits on its
# own), so creating or migrating the schema happens inside one transaction.
SCHEMA: tuple[str, ...] = (
    """CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        raw TEXT NOT NULL,
        body_start INTEGER NOT NULL DEFAULT 0,
        markup INTEGER NOT NULL DEFAULT 1,
        meta TEXT NOT NULL,
        content_sha256 TEXT NOT NULL,
        text_sha256 TEXT NOT NULL,
        origin TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL
    )""",
    """CREATE TABLE runs (
        left_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        right_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        unit TEXT NOT NULL,
        settings TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        ran_at TEXT NOT NULL,
        PRIMARY KEY (left_id, right_id, unit)
    )""",
    """CREATE TABLE links (
        pair_id TEXT PRIMARY KEY,
        left_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        left_start INTEGER NOT NULL,
        left_end INTEGER NOT NULL,
        right_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        right_start INTEGER NOT NULL,
        right_end INTEGER NOT NULL,
        unit TEXT NOT NULL CHECK (unit IN ('paragraph', 'sentence')),
        origin TEXT NOT NULL CHECK (origin IN ('engine', 'manual')),
        proposed INTEGER NOT NULL DEFAULT 0,
        score REAL NOT NULL DEFAULT 0,
        evidence TEXT NOT NULL DEFAULT '{}',
        settings TEXT NOT NULL DEFAULT '{}',
        engine_version TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (0 <= left_start AND left_start < left_end),
        CHECK (0 <= right_start AND right_start < right_end)
    )""",
    "CREATE INDEX links_by_sources ON links (left_id, right_id, unit)",
    """CREATE TABLE reviews (
        pair_id TEXT PRIMARY KEY REFERENCES links(pair_id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('proposed', 'confirmed', 'rejected')),
        relation TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE actions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        label TEXT NOT NULL,
        changes TEXT NOT NULL,
        source_ids TEXT NOT NULL DEFAULT '[]',
        undone INTEGER NOT NULL DEFAULT 0,
        at TEXT NOT NULL
    )""",
    EMBEDDINGS_TABLE,
    GROUPINGS_TABLE,
)
TABLES = frozenset({"sources", "runs", "links", "reviews", "actions"})

# A step is an SQL statement, or a function for what SQL alone cannot compute.
Step = str | Callable[[sqlite3.Connection], None]


def _unit_in_pair_ids(conn: sqlite3.Connection) -> None:
    from compare.workspace import pair_ids  # needs the engine's hash; schema stays light

    pair_ids.migrate(conn)


# MIGRATIONS[n] upgrades a version-n file to n + 1, step by step.
MIGRATIONS: dict[int, tuple[Step, ...]] = {
    1: (EMBEDDINGS_TABLE,),  # 2: passage embeddings are cached in the workspace
    2: (_unit_in_pair_ids,),  # 3: a pair's identity includes its unit
    3: (GROUPINGS_TABLE,),  # 4: the analyst's joins, splits and names of synopsis events
}


class DamagedWorkspace(SourceError):
    """A Parallax workspace whose contents cannot be read as written (salvage may rescue some)."""


def _wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def check_header(path: Path) -> None:
    """Refuse, from the raw bytes alone, anything that is not an intact workspace file.

    Nothing is opened for writing and SQLite is not involved, so a foreign or
    damaged file cannot gain journal files or be "recovered" into a new shape.
    """
    try:
        # Non-blocking, and checked to be a regular file before reading: a
        # FIFO given as the workspace would otherwise block the open forever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(info.st_mode):
                raise SourceError(f"{path}: not a workspace file (a pipe, device or socket)")
            head = handle.read(HEADER_SIZE)
            size = info.st_size
    except FileNotFoundError:
        raise SourceError(f"{path}: no such workspace") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a folder, not a workspace file") from None
    except PermissionError:
        raise SourceError(f"{path}: permission denied") from None
    if size == 0:
        raise SourceError(f"{path}: the file is empty, not a Parallax workspace")
    if not head.startswith(SQLITE_MAGIC):
        raise SourceError(f"{path}: not a Parallax workspace (not an SQLite database)")
    if len(head) < HEADER_SIZE:
        raise SourceError(f"{path}: damaged workspace (the file is truncated)")
    if int.from_bytes(head[68:72], "big", signed=True) != APPLICATION_ID:
        raise SourceError(f"{path}: not a Parallax workspace (it is another application's database)")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise SourceError(f"{path}: damaged workspace (bad header)")
    if _wal_path(path).exists():
        return  # committed pages may still sit in the WAL; SQLite checks the rest
    pages = int.from_bytes(head[28:32], "big")
    header_valid = head[24:28] == head[92:96]
    if size % page_size or (pages and header_valid and size < pages * page_size):
        raise SourceError(f"{path}: damaged workspace (the file is truncated)")


def validate(path: Path) -> int:
    """Check schema and integrity read-only; return the file's schema version.

    Without a WAL file the check runs `immutable`, which creates no -wal/-shm
    files at all; with one (a session still open or killed) SQLite must read
    the WAL, which it does through a plain read-only connection.
    """
    check_header(path)
    immutable = "&immutable=1" if not _wal_path(path).exists() else ""
    uri = f"{path.resolve().as_uri()}?mode=ro{immutable}"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        from compare.workspace.connection import reason

        raise SourceError(f"{path}: cannot open the workspace ({reason(exc, path)})") from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SourceError(f"{path}: made by a newer Parallax (format {version}); "
                              f"update Parallax to open it")
        if version < 1:
            raise SourceError(f"{path}: incomplete workspace (its creation never finished)")
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = TABLES - names
        if missing:
            raise SourceError(f"{path}: damaged workspace (tables missing: {', '.join(sorted(missing))})")
        problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise SourceError(f"{path}: damaged workspace ({problems[0]})")
        from compare.workspace import content  # its imports need the whole engine; schema stays light

        damaged = content.problems(conn)
        if damaged:
            raise DamagedWorkspace(f"{path}: damaged workspace ({damaged[0]}); nothing was changed — "
                              f"to export what is still readable: parallax workspace {path} salvage FILE")
    except sqlite3.DatabaseError as exc:
        from compare.workspace.connection import DISK_FULL, reason

        why = reason(exc, path)
        if why == DISK_FULL:  # SQLite could not write the -shm beside it: not damage
            raise SourceError(f"{path}: cannot open the workspace ({why})") from None
        raise SourceError(f"{path}: damaged workspace ({exc})") from None
    finally:
        conn.close()
    return int(version)


def initialise(conn: sqlite3.Connection) -> None:
    """Lay out a new, empty workspace (caller holds the transaction)."""
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for statement in SCHEMA:
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def migrate(conn: sqlite3.Connection, version: int) -> None:
    """Bring an older workspace up to SCHEMA_VERSION, all steps in one transaction."""
    if version >= SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for step in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[step]:
                if callable(statement):
                    statement(conn)
                else:
                    conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
