"""The editable alias table: names, places, organisations and event terms.

Each line of `resources/aliases.tsv` reads `kind<TAB>canonical<TAB>variant|variant|...`.
Kinds `person`, `place`, `org` become anchors (strong evidence that two passages
speak of the same thing); `term` entries are paraphrase families ("akimat" =
"city administration" = "mayor's office") in any language. Variants are matched
after the same stemming the text gets, so inflected forms ("Токаева") match too.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from compare.model.errors import SourceError
from compare.model.locations import data_dir, resource
from compare.text.normalize import stem_tokens, tokenize

ANCHOR_KINDS = frozenset({"person", "place", "org"})
KINDS = ANCHOR_KINDS | {"term"}
DEFAULT_TABLES = ("aliases.tsv", "lexicon.tsv")
USER_TABLE = "aliases.tsv"


@dataclass(frozen=True, slots=True)
class Entry:
    """One family of names for the same thing."""

    kind: str
    canonical: str
    variants: tuple[str, ...]

    @property
    def feature(self) -> str:
        prefix = "E" if self.kind in ANCHOR_KINDS else "C"
        return f"{prefix}:{self.canonical.lower()}"


@dataclass(frozen=True, slots=True)
class AliasTable:
    """Stemmed phrase -> feature key, with the longest phrase length for greedy matching."""

    entries: tuple[Entry, ...]
    phrases: dict[tuple[str, ...], str]
    longest: int
    acronyms: frozenset[tuple[str, ...]] = frozenset()

    def match(self, stems: list[str], i: int,
              surface: Callable[[int, int], str] | None = None) -> tuple[str, int] | None:
        """The feature and length of the longest phrase starting at stems[i], if any.

        Acronyms ("US", "UN", "РК") match only when written in capitals, so the
        pronoun "us" is not the United States. `surface(a, b)` returns the text of
        tokens a..b-1 for that check.
        """
        for n in range(min(self.longest, len(stems) - i), 0, -1):
            key = tuple(stems[i:i + n])
            feature = self.phrases.get(key)
            if feature is None:
                continue
            if key in self.acronyms and surface is not None and not surface(i, i + n).isupper():
                continue
            return feature, n
        return None


def parse_table(text: str, *, name: str = "aliases.tsv") -> list[Entry]:
    """Parse alias lines; report the file and line of anything malformed."""
    entries = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) != 3 or cols[0] not in KINDS or not cols[1]:
            raise SourceError(f"{name}, line {n}: expected 'kind<TAB>canonical<TAB>variant|variant' "
                              f"with kind one of {', '.join(sorted(KINDS))}")
        variants = tuple(v.strip() for v in cols[2].split("|") if v.strip())
        entries.append(Entry(cols[0], cols[1], (cols[1], *variants)))
    return entries


def build_table(entries: list[Entry]) -> AliasTable:
    """Stem every variant so that matching happens in the same space as the text."""
    phrases: dict[tuple[str, ...], str] = {}
    acronyms: set[tuple[str, ...]] = set()
    for entry in entries:
        for variant in entry.variants:
            tokens = tokenize(variant)
            # Both the stemmed and the plain form: Russian stems of a nominative name
            # ("Токаев" -> "тока") differ from those of its inflections ("Токаева" -> "токаев").
            for key in (tuple(stem_tokens(tokens)), tuple(tokens)):
                if key:
                    phrases.setdefault(key, entry.feature)
                    if variant.isupper() and len(variant) <= 4:
                        acronyms.add(key)
    longest = max((len(k) for k in phrases), default=1)
    return AliasTable(tuple(entries), phrases, longest, frozenset(acronyms))


def load_table(paths: tuple[str | os.PathLike[str], ...] | None = None) -> AliasTable:
    """Load the bundled tables (or the given files) into one AliasTable."""
    return _load_cached(tuple(str(p) for p in paths) if paths else _default_paths())


def _default_paths() -> tuple[str, ...]:
    """The user's own `aliases.tsv` in the data folder, if any, then the bundled tables.

    The bundled files may sit in a read-only install; the user's file is where
    an analyst adds the names of their own case without touching the package.
    It comes first because the first family to claim a word keeps it, and the
    analyst's word should win.
    """
    user = data_dir() / USER_TABLE
    paths = [user] if user.is_file() else []
    return (*(str(p) for p in paths), *(str(resource(name)) for name in DEFAULT_TABLES))


@lru_cache(maxsize=8)
def _load_cached(paths: tuple[str, ...]) -> AliasTable:
    entries: list[Entry] = []
    for p in paths:
        path = Path(p)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SourceError(f"{path}: cannot read alias table ({exc.__class__.__name__})") from None
        entries.extend(parse_table(text, name=path.name))
    return build_table(entries)
