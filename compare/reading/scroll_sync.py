"""Scroll lock anchored on links, as diff viewers do, not on scroll percentages.

Each link gives two anchor points (tops level, bottoms level) between two
documents' vertical coordinates. Accounts that order events differently give
crossing links; we keep the longest run of anchors that agree on order and
interpolate linearly between them, so scrolling is smooth and monotonic.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

Anchor = tuple[float, float]


def monotone_anchors(points: Iterable[Anchor], left_height: float, right_height: float) -> list[Anchor]:
    """The longest subsequence of anchors increasing in both coordinates, framed by the ends."""
    pts = sorted({(max(0.0, a), max(0.0, b)) for a, b in points
                  if a <= left_height and b <= right_height})
    # Longest strictly increasing subsequence on the second coordinate (patience sorting).
    tails: list[float] = []
    tail_index: list[int] = []
    parent = [-1] * len(pts)
    for i, (_, b) in enumerate(pts):
        k = bisect_left(tails, b)
        if k > 0 and pts[tail_index[k - 1]][0] == pts[i][0]:
            continue  # same left coordinate twice would make the map a step
        if k == len(tails):
            tails.append(b)
            tail_index.append(i)
        else:
            tails[k] = b
            tail_index[k] = i
        parent[i] = tail_index[k - 1] if k > 0 else -1
    chain: list[Anchor] = []
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        chain.append(pts[i])
        i = parent[i]
    chain.reverse()
    inner = [p for p in chain if 0.0 < p[0] < left_height and 0.0 < p[1] < right_height]
    return [(0.0, 0.0), *inner, (left_height, right_height)]


def interpolate(y: float, anchors: Sequence[Anchor]) -> float:
    """The right-hand coordinate that corresponds to left-hand `y`."""
    if not anchors:
        return y
    xs = [a for a, _ in anchors]
    i = bisect_right(xs, y)
    if i <= 0:
        return anchors[0][1]
    if i >= len(anchors):
        return anchors[-1][1]
    (a0, b0), (a1, b1) = anchors[i - 1], anchors[i]
    if a1 == a0:
        return b1
    return b0 + (b1 - b0) * (y - a0) / (a1 - a0)
