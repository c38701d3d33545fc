"""The labelled cases, resolved to passage pairs: the development set and the held-out cases.

Each case in `bench/cases/` names an anchor and holds one labels file per other
account (see `bench/cases/validate_case.py` for the format and its checks). A
label pairs two sentences; it also pairs the two paragraph passages that hold
them. `role: development` marks the case that tuning may see; `role: held-out`
cases are for reporting only.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

CASES_DIR = Path(__file__).resolve().parent / "cases"
sys.path.insert(0, str(CASES_DIR))

from validate_case import validate_case  # noqa: E402

from compare.model.records import Source, Unit  # noqa: E402
from compare.text.sources import bundled_sources, load_source  # noqa: E402


@dataclass(frozen=True)
class Account:
    """One labelled account against the case's anchor: its gold pairs at each unit."""

    source: Source
    pairs: dict[Unit, frozenset[tuple[int, int]]]

    @property
    def id(self) -> str:
        return self.source.id

    @property
    def language(self) -> str:
        return self.source.meta.language


@dataclass(frozen=True)
class Case:
    name: str
    role: str
    anchor: Source
    accounts: tuple[Account, ...]

    @property
    def sources(self) -> list[Source]:
        return [self.anchor, *(a.source for a in self.accounts)]


def load_case(directory: Path) -> Case:
    report = validate_case(directory)
    if report.problems:
        raise ValueError(f"{directory.name}: " + "; ".join(report.problems[:3]))
    meta = yaml.safe_load((directory / "case.yaml").read_text(encoding="utf-8"))
    if meta.get("sources") == "bundled":
        sources = {s.id: s for s in bundled_sources()}
    else:
        sources = {s.id: s for s in (load_source(p) for p in sorted((directory / "sources").glob("*.md")))}
    accounts = tuple(Account(sources[Path(f.name).stem],
                             {"sentence": frozenset(f.sentence_pairs), "paragraph": frozenset(f.paragraph_pairs)})
                     for f in report.files)
    return Case(directory.name, str(meta.get("role", "held-out")), sources[meta["anchor"]], accounts)


def load_cases() -> list[Case]:
    """Every case in bench/cases/, the training cases first."""
    cases = [load_case(d) for d in sorted(CASES_DIR.iterdir()) if (d / "case.yaml").is_file()]
    return sorted(cases, key=lambda c: (c.role != "training", c.name))
