"""The held-out case validator: shipped labels resolve, and broken labels fail loudly.

Labels locate sentences by quoting them, so the validator is the only guard
against a reworded source silently moving a label; these tests make sure it
rejects each kind of bad quote instead of passing it.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "bench" / "cases" / "belarus-2020"


def _load_validator():
    spec = importlib.util.spec_from_file_location("validate_case", ROOT / "bench" / "cases" / "validate_case.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("validate_case", module)
    spec.loader.exec_module(module)
    return module


vc = _load_validator()


@pytest.fixture()
def case_copy(tmp_path: Path) -> Path:
    target = tmp_path / CASE.name
    shutil.copytree(CASE, target)
    return target


def _rewrite_first_row(label: Path, column: int, value: str) -> None:
    lines = label.read_text(encoding="utf-8").splitlines()
    fields = lines[1].split("\t")
    fields[column] = value
    lines[1] = "\t".join(fields)
    label.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_shipped_case_resolves_every_quote():
    report = vc.validate_case(CASE)
    assert report.ok, report.errors + [e for f in report.files for e in f.errors]
    assert {f.name for f in report.files} == {p.name for p in (CASE / "labels").glob("*.tsv")}
    assert all(f.rows == f.sentence_pairs > 0 for f in report.files)


def test_quote_missing_from_the_source_is_an_error(case_copy: Path):
    _rewrite_first_row(case_copy / "labels" / "belarus-wire.tsv", 1, "a sentence nobody wrote")
    report = vc.validate_case(case_copy)
    assert not report.ok
    assert any("occurs 0 times" in e for f in report.files for e in f.errors)


def test_quote_spanning_two_sentences_is_an_error(case_copy: Path):
    quote = "they held firmly. Over the first"
    assert quote in vc.load_source(case_copy / "sources" / "belarus-colour-revolution.md").text
    _rewrite_first_row(case_copy / "labels" / "belarus-wire.tsv", 0, quote)
    report = vc.validate_case(case_copy)
    assert any("spans two sentences" in e for f in report.files for e in f.errors)


def test_quote_occurring_twice_is_an_error(case_copy: Path):
    _rewrite_first_row(case_copy / "labels" / "belarus-ru-state.tsv", 1, "РИА Новости.")
    report = vc.validate_case(case_copy)
    assert any("occurs" in e and "not once" in e for f in report.files for e in f.errors)


def test_wrong_header_and_unknown_anchor_are_errors(case_copy: Path):
    label = case_copy / "labels" / "belarus-rights.tsv"
    lines = label.read_text(encoding="utf-8").splitlines()
    label.write_text("\n".join(["a\tb\tc", *lines[1:]]) + "\n", encoding="utf-8")
    assert not vc.validate_case(case_copy).ok
    (case_copy / "case.yaml").write_text("anchor: no-such-source\n", encoding="utf-8")
    assert vc.validate_case(case_copy).errors


def test_label_file_without_a_source_is_an_error(case_copy: Path):
    shutil.copy(case_copy / "labels" / "belarus-wire.tsv", case_copy / "labels" / "ghost.tsv")
    assert any("ghost" in e for e in vc.validate_case(case_copy).errors)


_SOURCES = {p.stem: vc.load_source(p) for p in sorted((CASE / "sources").glob("*.md"))}


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_unique_quote_inside_a_sentence_resolves_to_that_sentence(data):
    source = _SOURCES[data.draw(st.sampled_from(sorted(_SOURCES)))]
    sentence = data.draw(st.sampled_from([s for s in source.sentences if len(s.text) >= 8]))
    length = data.draw(st.integers(8, min(60, len(sentence.text))))
    start = data.draw(st.integers(0, len(sentence.text) - length))
    quote = sentence.text[start:start + length]
    if source.text.count(quote) == 1:
        assert vc.sentence_of(source, quote).index == sentence.index
    else:
        with pytest.raises(ValueError):
            vc.sentence_of(source, quote)
