"""The labelling lens: which words each account uses for the same people and acts.

"The presidency says terrorists where the rights report says protesters" is
the question; the answer is a count, per source and per event, of the terms
of each naming family (`resources/naming.tsv`: a curated, editable table in
English and Russian) found in its passages. Terms match words by their start
("terrorist" meets "terrorists", «террорист» meets «террористов»), so one stem
covers a word's forms.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from compare.model.locations import resource

NAMING_FILE = "naming.tsv"


@dataclass(frozen=True, slots=True)
class Family:
    """One way of naming a role: "terrorists and militants" for the crowd, "peacekeepers" for foreign troops."""

    role: str
    name: str
    terms: tuple[str, ...]
    pattern: re.Pattern[str]


def parse_families(text: str) -> tuple[Family, ...]:
    """The families of a naming table's text (comments and blank lines skipped)."""
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        role, name, terms = (part.strip() for part in line.split("\t")[:3])
        words = tuple(t.strip().casefold() for t in terms.split("|") if t.strip())
        alternatives = "|".join(r"\s+".join(_word(w) for w in term.split()) for term in words)
        out.append(Family(role, name, words, re.compile(rf"(?<!\w)(?:{alternatives})", re.I)))
    return tuple(out)


def _word(w: str) -> str:
    """A stem matches the words it starts; a word ending in "=" matches only itself ("protest=")."""
    return re.escape(w[:-1]) + r"(?!\w)" if w.endswith("=") else re.escape(w) + r"\w*"


@lru_cache(maxsize=1)
def load_families() -> tuple[Family, ...]:
    return parse_families(resource(NAMING_FILE).read_text(encoding="utf-8"))


def naming(texts: Iterable[str], families: tuple[Family, ...] | None = None) -> Counter[str]:
    """How often each family's terms occur in `texts`, by family name."""
    families = load_families() if families is None else families
    counts: Counter[str] = Counter()
    for text in texts:
        for f in families:
            n = len(f.pattern.findall(text))
            if n:
                counts[f.name] += n
    return counts


def words_used(texts: Iterable[str], families: tuple[Family, ...] | None = None) -> dict[str, Counter[str]]:
    """The actual words each family matched in `texts` (lower-cased), by family name."""
    families = load_families() if families is None else families
    out: dict[str, Counter[str]] = {}
    for text in texts:
        for f in families:
            for m in f.pattern.finditer(text):
                out.setdefault(f.name, Counter())[m.group().casefold()] += 1
    return out


def lens(events: Iterable[object], sources: Iterable[object]) -> dict[str, object]:
    """Per source (over its whole text) and per event and source (over its cells): family counts.

    Duck-typed on `compare.reading.synopsis` objects so the export can call it
    with what it was handed."""
    per_source = {s.id: dict(naming([s.text])) for s in sources}  # type: ignore[attr-defined]
    per_event = {e.id: {sid: dict(naming(p.text for p in ps)) for sid, ps in e.cells}  # type: ignore[attr-defined]
                 for e in events}
    return {"sources": per_source, "events": per_event}


def summary(counts: Counter[str] | dict[str, int], role_of: dict[str, str] | None = None, top: int = 4) -> str:
    """"terrorists and militants 5, bandits and criminals 2": the most used families first."""
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return ", ".join(f"{name} {n}" for name, n in items)
