"""What every command-line alignment shares, in one place so that its paths cannot drift apart.

`parallax align` aligns in one process, in two halves or in two shards
(`compare.cli.shards`), and the shards' promise is the bytes of one process:
each path names its sources, refuses a shared id, and aligns with the same
settings through these functions, and says what it wrote in the same words.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from compare.model.errors import SourceError
from compare.model.records import Source

if TYPE_CHECKING:
    from compare.engine.align import Alignment
    from compare.model.disk_cache import DiskCache

__all__ = ["align_once", "refuse_shared_ids", "resolve_distinct", "wrote"]


def refuse_shared_ids(ids: Sequence[str]) -> None:
    """One message when two sources share an id: their links and decisions would be confused."""
    if len(set(ids)) != len(ids):
        raise SourceError("each source may be named once (two of them share an id)")


def resolve_distinct(refs: Sequence[str], *, cache: DiskCache | None = None,
                     taken: Sequence[str] = ()) -> list[Source]:
    """The sources `refs` name (files through `cache`, or bundled ids), none sharing an id with another or `taken`."""
    from compare.text.sources import resolve_source

    sources = [resolve_source(r, cache=cache) for r in refs]
    refuse_shared_ids([*taken, *(s.id for s in sources)])
    return sources


def align_once(args: argparse.Namespace, left: Source, rights: Sequence[Source], *, processes: int = 1) -> Alignment:
    """The command line's alignment: one run, no corpus (features from the cache folder), no candidates
    below the threshold (it never changes it), vectors in the cache folder's store."""
    from compare.engine.align import align
    from compare.engine.semantic import SqliteStore
    from compare.model.locations import embedding_cache_path

    return align(left, rights, unit=args.unit, threshold=args.threshold, corpus=None,
                 store=SqliteStore.at(embedding_cache_path()), processes=processes, candidates=False, one_run=True)


def wrote(count: int, path: object, *, replaced: bool) -> str:
    """What an export says it did."""
    return f"wrote {count} pair(s) to {path}" + (" (replaced the old file)" if replaced else "")
