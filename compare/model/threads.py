"""One BLAS thread per process unless the user asked for more.

The engine's matrix products are many and small (one pair of sources at a
time). Multi-threaded OpenBLAS splits each of them across the cores and spins
waiting for its helpers; on a machine whose other core is busy a helper is
descheduled, and a 1,000-source run took 35 s instead of 9 s (measured with
`bench/scale.py`). One thread gives the same numbers (the products are split by
rows and columns, never inside a sum) without the waiting.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, MutableMapping

__all__ = ["BLAS_THREAD_VARIABLES", "single_threaded_blas", "usable_cores"]

BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS")


def single_threaded_blas(environ: MutableMapping[str, str] | None = None,
                         modules: Mapping[str, object] | None = None) -> bool:
    """Ask BLAS for one thread, unless a variable already says otherwise; True if it can still take effect.

    BLAS reads these variables once, when NumPy is first imported, so this must
    run before that (the entry points call it first); afterwards it changes nothing.
    """
    environ = os.environ if environ is None else environ
    modules = sys.modules if modules is None else modules
    if "numpy" in modules:
        return False
    for name in BLAS_THREAD_VARIABLES:
        environ.setdefault(name, "1")
    return True


def usable_cores() -> int:
    """The cores this process may run on (its affinity, as a container or `taskset` limits it), not the machine's."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
