"""Fewer garbage collections while a command runs.

A command-line run over a thousand files makes hundreds of thousands of small
objects (passages, links, evidence) that live until it ends and hold no
cycles. At Python's default thresholds the collector walks them again every
700 allocations; in a warm 1,000-file `align` that was a tenth of the run
(measured with `bench/scale.py`). Collections still happen, only less often,
so anything that does make cycles is still freed.
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["BATCH_THRESHOLDS", "batch_collections", "skip_collection_at_exit"]

BATCH_THRESHOLDS = (100_000, 50, 50)


@contextmanager
def batch_collections() -> Iterator[None]:
    """Within the block, the collector runs at BATCH_THRESHOLDS; the old thresholds after it."""
    old = gc.get_threshold()
    gc.set_threshold(*BATCH_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)


_AT_EXIT: list[bool] = []


def skip_collection_at_exit() -> None:
    """Let the interpreter's last collection skip every object made before exit (`gc.freeze` then).

    At exit Python collects garbage once more, visiting every tracked object: after a
    1,000-file run that is millions of them, 50 ms of its 2.9 s (bench/scale.py), only to
    free memory the process is about to give back whole. An exit handler runs before that
    collection. The command line closes its files in `with` blocks and the interpreter
    flushes the standard streams itself, so nothing was waiting on it.
    """
    if not _AT_EXIT:
        _AT_EXIT.append(True)
        atexit.register(gc.freeze)
