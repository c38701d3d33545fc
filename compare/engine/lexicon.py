"""The editable alias table: names, places, organisations and event terms.

Each line of `resources/aliases.tsv` reads `kind<TAB>canonical<TAB>variant|variant|...`.
Kinds `person`, `place`, `org` become anchors (strong evidence that two passages
speak of the same thing); `term` entries are paraphrase families ("akimat" =
"city administration" = "mayor's office") in any language. Variants are matched
after the same stemming the text gets, so inflected forms ("Токаева") match too.

A name is matched only as it is written: a variant of a person, place or
organisation whose word starts with a capital needs a capital in the text too
("Turkey", "China", "Amnesty International"), so the bird, the porcelain and
an amnesty stay words. Short all-capital variants ("US", "UN", "КТО") need
capitals throughout, so the pronoun "us" and "кто" (who) are not names.

A variant in double quotes ("doubled") is matched as written, not stemmed:
stemming makes "doubled" the adjective "double" and "criminals" the adjective
"criminal", which say something else ("double standards", "a criminal case").
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from compare.model.disk_cache import digest
from compare.model.errors import SourceError
from compare.model.locations import data_dir, resource
from compare.text.normalize import iter_tokens, stem_tokens, tokenize

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


# Marks the words of a variant matched as written (a token never starts with it).
EXACT = "="
# How a variant's case must be met: None (any case), "upper" (an acronym) or a
# tuple saying which of its words must start with a capital.
Case = str | tuple[bool, ...] | None


@dataclass(frozen=True, slots=True)
class AliasTable:
    """Stemmed phrase -> candidate features, with the longest phrase length for greedy matching.

    A phrase may have several candidates ("Amnesty International" needs capitals,
    "amnesty" the word does not); the first whose case the text meets wins, in
    table order, so the user's table and then the alias table take precedence.
    """

    entries: tuple[Entry, ...]
    phrases: dict[tuple[str, ...], tuple[tuple[str, Case], ...]]
    longest: int
    longest_exact: int = 0

    def match(self, stems: list[str], i: int, surface: Callable[[int, int], str] | None = None,
              words: list[str] | None = None) -> tuple[str, int] | None:
        """The feature and length of the longest phrase starting at stems[i], if any.

        `surface(a, b)` returns the text of tokens a..b-1, for the case checks;
        without it case is not checked. `words` are the unstemmed lower-case
        tokens, for variants matched as written; without them those never match.
        """
        for n in range(min(self.longest, len(stems) - i), 0, -1):
            candidates = self.phrases.get(tuple(stems[i:i + n]), ())
            if words is not None and n <= self.longest_exact:
                candidates = self.phrases.get(tuple(EXACT + w for w in words[i:i + n]), ()) + candidates
            if not candidates:
                continue
            text = surface(i, i + n) if surface is not None else None
            for feature, case in candidates:
                if text is None or _case_fits(text, case):
                    return feature, n
        return None


def _case_fits(text: str, case: Case) -> bool:
    if case is None:
        return True
    if case == "upper":
        return text.isupper()
    words = [text[s:e] for _, s, e in iter_tokens(text)]
    if len(words) != len(case):  # digits or markup between the words: check the first word only
        return bool(words) and (words[0][0].isupper() or not case[0])
    return all(w[0].isupper() or not needs for w, needs in zip(words, case, strict=True))


def _looser(a: Case, b: Case) -> Case:
    """What two variants of one family with the same words ask: the lesser of the two."""
    if a is None or b is None:
        return None
    if a == "upper":
        return b
    if b == "upper" or len(a) != len(b):
        return a
    merged = tuple(bool(x and y) for x, y in zip(a, b, strict=True))
    return merged if any(merged) else None


def _case_of(kind: str, variant: str) -> Case:
    """The case a variant asks of the text (see the module docstring)."""
    if variant.isupper() and len(variant) <= 4:
        return "upper"
    if kind not in ANCHOR_KINDS:
        return None
    words = [variant[s:e] for _, s, e in iter_tokens(variant)]
    pattern = tuple(w[0].isupper() for w in words)
    return pattern if any(pattern) else None


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
    phrases: dict[tuple[str, ...], list[tuple[str, Case]]] = {}
    for entry in entries:
        for variant in entry.variants:
            exact = len(variant) > 2 and variant[0] == variant[-1] == '"'
            variant = variant.strip('"') if exact else variant
            tokens = tokenize(variant)
            case = _case_of(entry.kind, variant)
            # Both the stemmed and the plain form: Russian stems of a nominative name
            # ("Токаев" -> "тока") differ from those of its inflections ("Токаева" -> "токаев").
            keys = [tuple(EXACT + t for t in tokens)] if exact else [tuple(stem_tokens(tokens)), tuple(tokens)]
            for key in keys:
                if not key:
                    continue
                found = phrases.setdefault(key, [])
                same = [n for n, (feature, _) in enumerate(found) if feature == entry.feature]
                if not same:
                    found.append((entry.feature, case))
                else:
                    found[same[0]] = (entry.feature, _looser(found[same[0]][1], case))
    longest = max((len(k) for k in phrases), default=1)
    longest_exact = max((len(k) for k in phrases if k[0].startswith(EXACT)), default=0)
    return AliasTable(tuple(entries), {k: tuple(v) for k, v in phrases.items()}, longest, longest_exact)


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


def default_table_key() -> str:
    """What decides the default table, read without building it: its files' bytes and the stemmer's release.

    Building the table stems every alias (a tenth of a warm run's shard, for a table a run that reads
    every pair's links back never uses); kept links are keyed by this instead, beside the engine's
    own code (`results.code_digest`), which covers how a table is built from its files.
    """
    from compare.model.versions import installed_version

    stemmer = installed_version("snowballstemmer")
    files = []
    for p in _default_paths():
        try:
            files.append((Path(p).name, Path(p).read_bytes()))
        except OSError:  # building it will say so in one message
            files.append((Path(p).name, b"\x00unreadable"))
    return digest("default table", stemmer, *files)


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
