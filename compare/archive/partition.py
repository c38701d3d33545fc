"""Deterministic partitions: documents sorted by id, cut into runs of a fixed size.

The same inputs always give the same partitions with the same keys, whatever
the number of workers, so a partition's result can be kept on disk under its
key and found again by a retried or resumed run; and since the partitions are
consecutive id ranges, concatenating their links in partition order gives the
order `parallax align` gives (links sorted by the right source's id first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from compare.archive.inputs import Document
from compare.model.disk_cache import digest

__all__ = ["DEFAULT_SIZE", "Partition", "partitions"]

DEFAULT_SIZE = 10  # documents a task: enough to amortise a task, few enough that 2 workers share 40 evenly


@dataclass(frozen=True, slots=True)
class Partition:
    """One task's documents; `key` is a digest of their ids and contents (and of `salt`: the run's settings)."""

    index: int
    documents: tuple[Document, ...]
    key: str


def partitions(documents: Sequence[Document], size: int = DEFAULT_SIZE, *, salt: object = "") -> list[Partition]:
    """Documents sorted by id in partitions of `size` (the last may be smaller)."""
    if size < 1:
        raise ValueError("a partition holds at least one document")
    ordered = sorted(documents, key=lambda d: d.id)
    out = []
    for index, start in enumerate(range(0, len(ordered), size)):
        chunk = tuple(ordered[start:start + size])
        out.append(Partition(index, chunk, digest(salt, tuple((d.id, d.fingerprint) for d in chunk))))
    return out
