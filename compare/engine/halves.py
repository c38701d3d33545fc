"""A large alignment's second half run in a forked process while this one runs the first.

Scores depend only on the two sources compared, so the sources aligned with
the anchor can be split: a forked child starts with everything this process
has read (sources, features, the anchor's vectors) and aligns the later
sources while the parent aligns the earlier ones; the child sends back plain
numbers and evidence, never passages, and the parent builds the links from
its own passages. The same computations on the same data: the same links,
byte for byte, as one process makes them.

Only when forking is safe and pays: the command line asks for it (the app
never does), the input is large, the platform is Linux (macOS's system
libraries, Accelerate's BLAS among them, are not safe in a forked child), no other thread runs
(a fork copies one thread only), and the sentence encoder is not loaded (its
runtime keeps threads of its own); otherwise the caller runs in one process.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
import threading
from collections.abc import Callable
from typing import Any

from compare.model.errors import SourceError

__all__ = ["MIN_SPLIT", "can_fork", "in_child", "may_halve"]

MIN_SPLIT = 128  # sources below which a second process costs more than it saves


def may_halve(processes: int, sources: int) -> bool:
    """Whether an alignment of `sources` with `processes` allowed is large enough to be split in two
    (`align` halves only then, and only where `can_fork`); a caller that sees False knows this process
    aligns alone (the command line then lets e5 use every core)."""
    return processes > 1 and sources >= MIN_SPLIT


def can_fork() -> bool:
    """Whether a fork here copies a process that can go on working: one thread, no loaded encoder."""
    from compare.engine import semantic

    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1 and semantic.encoder_loaded() is False)


def in_child(work: Callable[[], Any]) -> tuple[Callable[[], Any], Callable[[], None]]:
    """Start `work` in a forked process now; (wait for its result or raise its error, stop it).

    The child reports through a pipe and exits without running this process's
    exit handlers; a child whose parent gave up is stopped, not left running.
    """
    for stream in (sys.stdout, sys.stderr):  # or text buffered before the fork is written twice
        if stream is not None:
            stream.flush()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def target() -> None:
        receive.close()
        try:
            outcome: tuple[str, Any] = ("ok", work())
        except BaseException as exc:  # handed to the parent, which raises it
            outcome = ("error", exc)
        try:
            send.send(outcome)
        except Exception as exc:  # an error that does not pickle still reaches the parent
            send.send(("error", RuntimeError(f"the second process failed: {exc}")))
        finally:
            send.close()

    process = context.Process(target=target, daemon=True)
    # Objects read before the fork are left out of the child's garbage collections: a collection
    # touches every object it tracks, and each page touched is copied (hundreds of MB at N=1000).
    gc.freeze()
    try:
        process.start()
    finally:
        gc.unfreeze()
    send.close()

    def wait() -> Any:
        try:
            status, value = receive.recv()
        except EOFError:
            process.join()
            # Killed (out of memory, say) or crashed: one line for the user, with the way round it.
            raise SourceError(f"the second process ended without a result (exit code {process.exitcode}); "
                              "--processes 1 runs in one") from None
        finally:
            receive.close()
        process.join()
        if status == "error":
            raise value
        return value

    def stop() -> None:
        if process.is_alive():
            process.terminate()
        process.join()
        receive.close()

    return wait, stop
