"""Finished partitions on disk, one entry each under its key: what makes a run safe to crash and retry.

The driver writes a partition's result the moment it arrives, under the
partition's key (`DiskCache`: its index row is committed once the result's
bytes are written, and a later write of the key replaces it), so a partition
computed twice (a retry, a worker lost after finishing, a resumed run) is one
entry, never two sets of rows; and a run that stops half
way leaves every finished partition behind for the next run to read instead
of recomputing. Entries are read through the cache's restricted unpickler, so
a planted one cannot run code; one that cannot be read is simply computed again.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from compare.model.disk_cache import DiskCache

__all__ = ["PartStore", "parts_folder"]

KIND = "partitions"
FIELDS = frozenset({"index", "key", "margin", "metas", "rows", "links", "problems", "seconds", "worker"})


def parts_folder(output: Path) -> Path:
    """The hidden folder beside the (first) output where its partitions are kept until it is written."""
    return output.with_name(f".{output.name}.parts")


class PartStore:
    """Partition results by key in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._cache = DiskCache(folder)

    def get(self, key: str) -> dict[str, Any] | None:
        found = self._cache.get(KIND, key)
        if isinstance(found, dict) and set(found) >= FIELDS and found.get("key") == key:
            return found
        return None

    def put(self, result: dict[str, Any]) -> None:
        """Keep a result (a folder that cannot be written only costs a resumed run its head start)."""
        self._cache.put(KIND, str(result["key"]), result)

    def remove(self) -> None:
        """Delete the folder once the outputs are written (nothing in it is needed any more)."""
        self._cache.close()
        shutil.rmtree(self.folder, ignore_errors=True)
