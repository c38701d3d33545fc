"""Fewer garbage collections while a command runs.

A command-line run over a thousand files makes hundreds of thousands of small
objects (passages, links, evidence) that live until it ends and hold no
cycles. At Python's default thresholds the collector walks them again every
700 allocations; in a warm 1,000-file `align` that was a tenth of the run
(measured with `bench/scale.py`). Collections still happen, only less often,
so anything that does make cycles is still freed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["BATCH_THRESHOLDS", "batch_collections"]

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
