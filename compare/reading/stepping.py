"""Where next/previous goes: to the next omission or the next contested pair, in reading order.

Meld-style navigation for what matters most when comparing accounts: the passages
one account has and its neighbour leaves out, and the pairs the analyst disputed
(rejected, contradicting, reframing) or the engine no longer stands behind.
"""

from __future__ import annotations

from collections.abc import Sequence

from compare.reading.session import PaneLink

CONTESTED_RELATIONS = frozenset({"contradicts", "reframes"})


def contested(pl: PaneLink) -> bool:
    """A pair the reading should return to: rejected, contradicting or reframing, or stale."""
    return pl.rejected or pl.relation in CONTESTED_RELATIONS or pl.stale


def next_start(starts: Sequence[int], current: int, delta: int) -> int | None:
    """The first start after `current` (delta > 0) or the last before it (delta < 0),
    wrapping round at either end; None when there are none."""
    ordered = sorted(set(starts))
    if not ordered:
        return None
    if delta > 0:
        return next((s for s in ordered if s > current), ordered[0])
    return next((s for s in reversed(ordered) if s < current), ordered[-1])
