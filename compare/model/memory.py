"""How the C allocator hands memory back: a command-line run keeps what it frees for its next arrays.

A large run makes and drops NumPy arrays of a few hundred kB to tens of MB for every pair of
sources. glibc's allocator gives the top of its heap back to the system as soon as 128 kB lie
free there, and takes it again for the next array, and the system hands back those pages as
fresh ones, each zeroed and faulted in again: in a cold 1,000-file run in two shards, 2.81 s
against 2.62 s with a 64 MB pad kept (`M_TOP_PAD`), its peak 181 MB against 191 MB a process
(bench/scale.py's files, measured 2 December 2026). The pad only changes when memory goes back
to the system, never what the program computes.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["TOP_PAD", "keep_freed_memory"]

TOP_PAD = 64 * 1024 * 1024  # bytes of free heap top kept, and asked for beyond each need
_M_TOP_PAD = -2  # glibc's mallopt parameter (malloc.h)


def keep_freed_memory(pad: int = TOP_PAD) -> bool:
    """Ask glibc's allocator to keep `pad` bytes of free heap (Linux with glibc only); whether it took it.

    A process that runs one command and exits (the command line) calls it; the app does not, as a
    long-lived process should give memory back.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:  # the C library the interpreter already has loaded (`find_library` would run `ldconfig`)
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # another C library (musl has no mallopt)
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(_M_TOP_PAD, pad))
