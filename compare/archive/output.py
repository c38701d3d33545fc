"""The merged result: a workspace the app and the synopsis open, and/or the JSONL `parallax align` writes.

Both are written under a temporary name and moved into place when complete,
so a crash while writing leaves the old file (or none) and the partitions on
disk; and both take the partitions in partition order, which is the order of
the right sources' ids, so the records come out in the order `parallax align
--export FILE.jsonl` gives them, byte for byte but the access date.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from compare.model.errors import SourceError
from compare.model.records import Source, SourceMeta, Unit

__all__ = ["OUTPUT_FORMATS", "Run", "check_outputs", "write_jsonl", "write_workspace"]

OUTPUT_FORMATS = {".parallax": "workspace", ".jsonl": "jsonl"}


def check_outputs(paths: Sequence[str], *, overwrite: bool) -> list[Path]:
    """Refuse an unknown kind of output, or an existing file without --force, before any work is done."""
    if not paths:
        raise SourceError("name at least one --output FILE (.parallax for a workspace, .jsonl for the links)")
    out = []
    for given in paths:
        path = Path(given)
        if path.suffix.lower() not in OUTPUT_FORMATS:
            raise SourceError(f"{path}: unknown output '{path.suffix}' (use .parallax for a workspace, "
                              ".jsonl for the links)")
        if (path.exists() or path.is_symlink()) and not overwrite:
            raise SourceError(f"{path}: already exists (use --force to replace it)")
        if not path.parent.is_dir():
            raise SourceError(f"{path.parent}: no such folder")
        out.append(path)
    if len({p.resolve() for p in out}) != len(out):
        raise SourceError("each --output may be named once")
    return out


def _cited(meta: SourceMeta) -> Source:
    """A Source reduced to its metadata: all that a record, or a stored run, reads of it."""
    return Source(meta, "", (), (), ())


Run = tuple[SourceMeta, Sequence[SourceMeta], float, Sequence[Any]]  # left, rights, margin, links


def write_jsonl(path: Path, metas: Mapping[str, SourceMeta], links: Iterable[Any], *, overwrite: bool) -> None:
    """The links as `parallax align --export FILE.jsonl` writes them."""
    from compare.export.writers import export, iter_records

    sources = {sid: _cited(meta) for sid, meta in metas.items()}
    export(iter_records(links, sources), path, overwrite=overwrite)


def write_workspace(path: Path, rows: Sequence[tuple[object, ...]], runs: Iterable[Run], *,
                    unit: Unit, threshold: float, overwrite: bool) -> None:
    """A new workspace with these sources and runs (one stored run per pair of sources).

    `rows` are the sources' stored forms (`tasks.stored_row`), in workspace order. The runs hold every
    candidate and are stored as made at CANDIDATE_FLOOR, as the app stores its own: the app and the
    synopsis then read them as complete, and their score filter (`threshold` by default) does the rest.
    """
    from compare.engine.align import Alignment, AlignSettings, engine_version
    from compare.engine.scoring import CANDIDATE_FLOOR
    from compare.workspace import Workspace, connection, realign
    from compare.workspace.source_rows import SourceRow

    tmp = path.with_name(f".{path.name}.{os.getpid()}.writing")
    leftovers = (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm"))
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    try:
        connection.create_file(tmp, [(SourceRow(*row[:7]), str(row[7])) for row in rows])  # type: ignore[arg-type]
        # One transaction for every run: the file is a temporary one, put in place only when complete,
        # so a commit (and its disk sync) a run would buy nothing.
        with Workspace.open(tmp) as ws, connection.transaction(ws.conn, tmp) as conn:
            for left, rights, margin, links in runs:
                if rights:
                    alignment = Alignment(_cited(left), tuple(_cited(m) for m in rights),
                                          AlignSettings(unit, min(threshold, CANDIDATE_FLOOR), float(margin),
                                                        engine_version()),
                                          tuple(links))
                    realign.store_alignment(conn, alignment, connection.now())
        if path.exists() and not overwrite:
            raise SourceError(f"{path}: already exists (use --force to replace it)")
        os.replace(tmp, path)
    finally:
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
