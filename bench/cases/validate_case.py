"""Check a held-out evaluation case: its sources load and every label quote resolves.

A case lives in `bench/cases/<name>/` with `case.yaml` (`anchor`, `title`, `event`,
`languages`), `sources/*.md` and one `labels/<other-id>.tsv` per non-anchor source,
in the format of `bench/labels/`. Labels are quotes, not offsets, so they must be
re-checked whenever a source is edited: a quote that now occurs twice, or that
straddles a sentence boundary, would otherwise shift a gold pair silently.

This only resolves quotes with the project's own loader (`compare.text.sources.load_source`);
it never runs the alignment engine, so the labels stay independent of it.

    python bench/cases/validate_case.py [CASE_DIR ...]   # default: every case here

Exit status is 0 when every case is valid and 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from compare.model.errors import SourceError
from compare.model.records import Passage, Source
from compare.text.sources import bundled_sources, load_source

CASES_DIR = Path(__file__).resolve().parent
HEADER = ["anchor_quote", "other_quote", "why"]
MIN_QUOTE, MAX_QUOTE = 8, 60
CASE_FIELDS = ("anchor", "title", "event", "languages")


@dataclass
class FileReport:
    """What one labels file resolved to, and what was wrong with it."""

    name: str
    rows: int = 0
    sentence_pairs: set[tuple[int, int]] = field(default_factory=set)
    paragraph_pairs: set[tuple[int, int]] = field(default_factory=set)


@dataclass
class CaseReport:
    """The outcome for one case directory: per-file counts and every problem found."""

    path: Path
    files: list[FileReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def sentence_of(source: Source, quote: str) -> Passage:
    """The one sentence that contains `quote`, which must occur exactly once in the text."""
    if not MIN_QUOTE <= len(quote) <= MAX_QUOTE:
        raise ValueError(f"quote is {len(quote)} characters, not {MIN_QUOTE}-{MAX_QUOTE}: {quote!r}")
    count = source.text.count(quote)
    if count != 1:
        raise ValueError(f"quote occurs {count} times in {source.id}, not once: {quote!r}")
    at = source.text.index(quote)
    for sentence in source.sentences:
        if sentence.start <= at and at + len(quote) <= sentence.end:
            return sentence
    raise ValueError(f"quote is not inside one sentence of {source.id}: {quote!r}")


def paragraph_of(source: Source, sentence: Passage) -> Passage:
    """The paragraph that holds a sentence (sentences never cross paragraphs)."""
    return next(p for p in source.paragraphs if p.start <= sentence.start and sentence.end <= p.end)


def _read_case_yaml(path: Path, report: CaseReport) -> dict[str, object]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        report.problems.append(f"{path.name}: cannot read: {exc}")
        return {}
    if not isinstance(data, dict):
        report.problems.append(f"{path.name}: must be a mapping")
        return {}
    for name in CASE_FIELDS:
        if not data.get(name):
            report.problems.append(f"{path.name}: missing '{name}'")
    return data


def _load_sources(directory: Path, report: CaseReport) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for path in sorted(directory.glob("*.md")):
        try:
            source = load_source(path)
        except SourceError as exc:
            report.problems.append(str(exc))
            continue
        if source.id != path.stem:
            report.problems.append(f"{path.name}: id '{source.id}' differs from the file name")
        if source.id in sources:
            report.problems.append(f"{path.name}: duplicate id '{source.id}'")
        sources[source.id] = source
    return sources


def _check_labels(path: Path, anchor: Source, other: Source, report: CaseReport) -> FileReport:
    result = FileReport(path.name)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or rows[0] != HEADER:
        report.problems.append(f"{path.name}: header must be {chr(9).join(HEADER)!r}")
        return result
    for line, row in enumerate(rows[1:], start=2):
        where = f"{path.name}:{line}"
        if len(row) != len(HEADER) or not row[2].strip():
            report.problems.append(f"{where}: expected 3 tab-separated fields with a 'why'")
            continue
        result.rows += 1
        try:
            a = sentence_of(anchor, row[0])
            o = sentence_of(other, row[1])
        except ValueError as exc:
            report.problems.append(f"{where}: {exc}")
            continue
        if (a.index, o.index) in result.sentence_pairs:
            report.problems.append(f"{where}: same sentence pair as an earlier row ({a.index}, {o.index})")
        result.sentence_pairs.add((a.index, o.index))
        result.paragraph_pairs.add((paragraph_of(anchor, a).index, paragraph_of(other, o).index))
    return result


def validate_case(directory: Path) -> CaseReport:
    """Load a case's sources and resolve every label quote, collecting all problems."""
    report = CaseReport(directory)
    meta = _read_case_yaml(directory / "case.yaml", report)
    sources = ({s.id: s for s in bundled_sources()} if meta.get("sources") == "bundled"
               else _load_sources(directory / "sources", report))
    anchor = sources.get(str(meta.get("anchor", "")))
    if anchor is None:
        report.problems.append(f"anchor '{meta.get('anchor')}' is not among the sources")
        return report
    languages = {s.meta.language for s in sources.values()}
    declared = meta.get("languages")
    if isinstance(declared, list) and languages != set(declared):
        report.problems.append(f"case.yaml languages {sorted(declared)} but sources use {sorted(languages)}")
    labels = {p.stem: p for p in sorted((directory / "labels").glob("*.tsv"))}
    for other_id in sorted(set(sources) - {anchor.id} - set(labels)):
        report.problems.append(f"no labels file for source '{other_id}'")
    for other_id, path in labels.items():
        if other_id not in sources or other_id == anchor.id:
            report.problems.append(f"{path.name}: no non-anchor source with id '{other_id}'")
            continue
        report.files.append(_check_labels(path, anchor, sources[other_id], report))
    return report


def _print(report: CaseReport) -> None:
    print(f"{report.path.name}:")
    print(f"  {'file':32} {'rows':>5} {'sentence pairs':>15} {'paragraph pairs':>16}")
    for f in report.files:
        print(f"  {f.name:32} {f.rows:5} {len(f.sentence_pairs):15} {len(f.paragraph_pairs):16}")
    total = sum(f.rows for f in report.files)
    print(f"  {'total':32} {total:5} {sum(len(f.sentence_pairs) for f in report.files):15} "
          f"{sum(len(f.paragraph_pairs) for f in report.files):16}")
    for problem in report.problems:
        print(f"  PROBLEM: {problem}")
    print("  OK" if not report.problems else f"  {len(report.problems)} problem(s)")


def main(argv: list[str] | None = None) -> int:
    """Validate the named case directories, or every case under bench/cases/."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", type=Path, help="case directories (default: all)")
    args = parser.parse_args(argv)
    cases = args.cases or sorted(p.parent for p in CASES_DIR.glob("*/case.yaml"))
    if not cases:
        print("no cases found", file=sys.stderr)
        return 1
    reports = [validate_case(c) for c in cases]
    for report in reports:
        _print(report)
    return 0 if all(not r.problems for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
