"""A word-level comparison of the two passages of a pair, for prose, across languages.

A line diff is useless on prose (one wrapped line differs entirely) and a character
diff cannot see that "Tokayev" and "Токаев" are one name. Here each passage is read
as the engine reads it: dates and figures as anchors, names and terms through the
alias table (so spellings and languages meet), other words by their stems. Each
marked span of a side is then

- "shared": the other passage has the same key (a name, term, word, date or figure);
- "differs": a date where the other passage gives another date, or a figure where
  it counts the same thing (troops, dead, detained ... see `compare.engine.figures`)
  with another value (the disagreements an analyst looks for first);
- "only": a name, term or content word the other passage does not have.

Function words are left unmarked: they carry no claim.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from compare.engine.anchors import find_anchors
from compare.engine.figures import Figure, read_figures_cached
from compare.engine.lexicon import AliasTable, load_table
from compare.text.normalize import STOP_WORDS, iter_tokens, stem

SHARED, DIFFERS, ONLY = "shared", "differs", "only"
MIN_WORD = 3  # shorter stems say too little to mark


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of one passage's text (offsets into the passage) and how it compares."""

    start: int
    end: int
    kind: str
    key: str


def keyed_spans(text: str, table: AliasTable) -> list[tuple[int, int, str]]:
    """(start, end, key) for the anchors, alias phrases and content words of `text`."""
    found: list[tuple[int, int, str]] = [(s, e, keys[0]) for s, e, keys in find_anchors(text) if keys]
    taken = [(s, e) for s, e, _ in found]
    tokens = [(w, s, e) for w, s, e in iter_tokens(text)
              if not w.isdigit() and not any(a <= s < b for a, b in taken)]
    stems = [stem(w) for w, _, _ in tokens]
    words = [w for w, _, _ in tokens]

    def surface(a: int, b: int) -> str:
        return text[tokens[a][1]:tokens[b - 1][2]]

    i = 0
    while i < len(tokens):
        hit = table.match(stems, i, surface=surface, words=words)
        if hit is not None:
            feature, n = hit
            found.append((tokens[i][1], tokens[i + n - 1][2], feature))
            i += n
            continue
        word, start, end = tokens[i]
        if word not in STOP_WORDS and stems[i] not in STOP_WORDS and len(stems[i]) >= MIN_WORD:
            found.append((start, end, f"W:{stems[i]}"))
        i += 1
    return sorted(found)


def _kind_of(key: str) -> str:
    return key.split(":", 1)[0]


def compare_passages(left: str, right: str, table: AliasTable | None = None) -> tuple[list[Mark], list[Mark]]:
    """The marks of each passage against the other."""
    table = table or load_table()
    sides = keyed_spans(left, table), keyed_spans(right, table)
    keys = [{k for _, _, k in side} for side in sides]
    figures = read_figures_cached(left), read_figures_cached(right)

    def marks(own: list[tuple[int, int, str]], other: set[str], mine: Sequence[Figure],
              theirs: Sequence[Figure]) -> list[Mark]:
        other_dates = any(_kind_of(k) == "D" for k in other)
        out = []
        for start, end, key in own:
            if key in other:
                kind = SHARED
            elif _kind_of(key) == "D" and other_dates:
                kind = DIFFERS
            elif _kind_of(key) == "N" and _contradicted(start, mine, theirs):
                kind = DIFFERS  # a count of the same kind with another value (issue 13)
            else:
                kind = ONLY
            out.append(Mark(start, end, kind, key))
        return out

    return (marks(sides[0], keys[1], figures[0], figures[1]),
            marks(sides[1], keys[0], figures[1], figures[0]))


def _contradicted(start: int, mine: Sequence[Figure], theirs: Sequence[Figure]) -> bool:
    """The figure at `start` counts something the other passage also counts, with no value that agrees."""
    found = next((f for f in mine if f.start <= start < f.end), None)
    if found is None or not found.kind:
        return False
    same = [g for g in theirs if g.kind == found.kind]
    return bool(same) and not any(found.meets(g) for g in same)


def render(text: str, marks: list[Mark], wrap: Callable[[str, str], str], escape: Callable[[str], str]) -> str:
    """`text` with each mark's span passed through `wrap(kind, escaped span)`, the rest escaped."""
    out, at = [], 0
    for mark in marks:
        if mark.start < at:
            continue
        out.append(escape(text[at:mark.start]))
        out.append(wrap(mark.kind, escape(text[mark.start:mark.end])))
        at = mark.end
    out.append(escape(text[at:]))
    return "".join(out)
