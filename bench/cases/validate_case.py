"""Check that a held-out labelled case resolves: every quote once, inside one sentence.

A case lives in bench/cases/<name>/ with case.yaml (naming the anchor), sources/*.md
and labels/<other-id>.tsv in the format of bench/labels/README.md. Labels locate
sentences by quoting them, so a reworded source must fail here loudly rather than
shift a label silently. This script only resolves quotes with the project's own
loader and segmenter; it never aligns anything, so the labels stay independent of
the engine they are meant to test.

Usage: python bench/cases/validate_case.py [CASE_DIR ...]   (default: every case)
Exit status 0 when every case resolves, 1 otherwise.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from compare.model import Passage, Source
from compare.sources import load_source

CASES_DIR = Path(__file__).resolve().parent
HEADER = ["anchor_quote", "other_quote", "why"]
MIN_QUOTE, MAX_QUOTE = 8, 60


@dataclass
class FileReport:
    """What one label file resolved to, or why it did not."""

    name: str
    rows: int = 0
    sentence_pairs: int = 0
    paragraph_pairs: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class CaseReport:
    """The per-file reports of one case plus case-level errors (missing anchor, stray files)."""

    case: str
    files: list[FileReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and all(not f.errors for f in self.files)


def sentence_of(source: Source, quote: str) -> Passage:
    """The sentence holding `quote`; ValueError unless it occurs once and inside one sentence."""
    if not MIN_QUOTE <= len(quote) <= MAX_QUOTE:
        raise ValueError(f"{source.id}: quote is {len(quote)} characters, not {MIN_QUOTE}-{MAX_QUOTE}: {quote!r}")
    count = source.text.count(quote)
    if count != 1:
        raise ValueError(f"{source.id}: quote occurs {count} times, not once: {quote!r}")
    at = source.text.index(quote)
    for sentence in source.sentences:
        if sentence.start <= at and at + len(quote) <= sentence.end:
            return sentence
    raise ValueError(f"{source.id}: quote spans two sentences: {quote!r}")


def paragraph_of(source: Source, sentence: Passage) -> Passage:
    """The paragraph that contains a sentence (sentences never cross paragraphs)."""
    return next(p for p in source.paragraphs if p.start <= sentence.start and sentence.end <= p.end)


def _read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return (rows[0] if rows else []), [r for r in rows[1:] if r]


def validate_file(path: Path, anchor: Source, other: Source) -> FileReport:
    """Resolve every row of one label file against the anchor and the other account."""
    report = FileReport(path.name)
    header, rows = _read_rows(path)
    if header != HEADER:
        report.errors.append(f"{path.name}: header is {header!r}, expected {HEADER!r}")
        return report
    seen: dict[tuple[int, int], int] = {}
    paragraphs: set[tuple[int, int]] = set()
    for line, row in enumerate(rows, start=2):
        if len(row) != len(HEADER):
            report.errors.append(f"{path.name}:{line}: {len(row)} fields, expected {len(HEADER)}")
            continue
        report.rows += 1
        try:
            a = sentence_of(anchor, row[0])
            o = sentence_of(other, row[1])
        except ValueError as exc:
            report.errors.append(f"{path.name}:{line}: {exc}")
            continue
        if (a.index, o.index) in seen:
            report.errors.append(f"{path.name}:{line}: same sentence pair as line {seen[(a.index, o.index)]}")
            continue
        seen[(a.index, o.index)] = line
        paragraphs.add((paragraph_of(anchor, a).index, paragraph_of(other, o).index))
    report.sentence_pairs = len(seen)
    report.paragraph_pairs = len(paragraphs)
    return report


def validate_case(case_dir: Path) -> CaseReport:
    """Load a case's sources with the project loader and resolve all its label files."""
    report = CaseReport(case_dir.name)
    meta = yaml.safe_load((case_dir / "case.yaml").read_text(encoding="utf-8")) or {}
    sources = {s.id: s for s in (load_source(p) for p in sorted((case_dir / "sources").glob("*.md")))}
    anchor = sources.get(str(meta.get("anchor", "")))
    if anchor is None:
        report.errors.append(f"case.yaml names anchor {meta.get('anchor')!r}, not among {sorted(sources)}")
        return report
    labels = {p.stem: p for p in sorted((case_dir / "labels").glob("*.tsv"))}
    for stem in sorted(set(labels) - set(sources)):
        report.errors.append(f"labels/{stem}.tsv names no source")
    for sid in sorted(set(sources) - {anchor.id} - set(labels)):
        report.errors.append(f"source {sid} has no label file")
    for stem, path in labels.items():
        if stem in sources:
            report.files.append(validate_file(path, anchor, sources[stem]))
    return report


def _print(report: CaseReport) -> None:
    print(f"case {report.case}")
    for f in report.files:
        print(f"  {f.name:36} rows {f.rows:3}  sentence pairs {f.sentence_pairs:3}  "
              f"paragraph pairs {f.paragraph_pairs:3}")
    print(f"  {'total':36} rows {sum(f.rows for f in report.files):3}")
    for error in report.errors + [e for f in report.files for e in f.errors]:
        print(f"  ERROR {error}")
    print("  OK" if report.ok else "  FAILED")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    dirs = [Path(a) for a in args] or sorted(p.parent for p in CASES_DIR.glob("*/case.yaml"))
    reports = [validate_case(d) for d in dirs]
    for r in reports:
        _print(r)
    return 0 if reports and all(r.ok for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
