"""Republication: sources that share most of their text are one witness with copies.

A syndicated wire story, an article republished by another outlet, a press
release run verbatim: counting each as a source that "tells" an event would
pass one voice off as corroboration. Two sources are copies when at least
COPY_SHARE of the shorter one's eight-word runs occur in the other; copies are
grouped, and the earliest published (else the first listed) stands as the
witness.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from compare.model.records import Source

RUN = 8
COPY_SHARE = 0.5
_WORD = re.compile(r"\w+", re.U)


def _runs(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    return {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def shared_share(a: str, b: str) -> float:
    """The share of the shorter text's eight-word runs that the other text has too."""
    ra, rb = _runs(a), _runs(b)
    if not ra or not rb:
        return 0.0
    return len(ra & rb) / min(len(ra), len(rb))


def witnesses(sources: Sequence[Source]) -> dict[str, str]:
    """Each source's witness: itself, or the source it republishes (the earliest of its group)."""
    runs = [_runs(s.text) for s in sources]
    parent = list(range(len(sources)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(sources)):
        for j in range(i + 1, len(sources)):
            if runs[i] and runs[j] and len(runs[i] & runs[j]) >= COPY_SHARE * min(len(runs[i]), len(runs[j])):
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(sources)):
        groups.setdefault(find(i), []).append(i)
    out = {}
    for members in groups.values():
        first = min(members, key=lambda i: (sources[i].meta.published or "9999", i))
        for i in members:
            out[sources[i].id] = sources[first].id
    return out
