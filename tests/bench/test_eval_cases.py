"""The held-out evaluation cases in bench/cases/ must keep resolving, and the validator must catch bad labels.

Labels are quotes, so an edit to a source can silently make a quote ambiguous or
move it across a sentence boundary; these tests fail loudly instead.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from compare.text.sources import load_source

CASES = Path(__file__).resolve().parents[2] / "bench" / "cases"


def _validator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("validate_case", CASES / "validate_case.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("validate_case", module)
    spec.loader.exec_module(module)
    return module


vc = _validator()
CASE_DIRS = sorted(p.parent for p in CASES.glob("*/case.yaml"))


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_every_case_resolves(case: Path) -> None:
    report = vc.validate_case(case)
    assert report.problems == []
    assert report.files, "a case needs at least one labels file"
    assert all(f.rows == len(f.sentence_pairs) > 0 for f in report.files)


def test_salisbury_case_shape() -> None:
    case = CASES / "salisbury-2018"
    sources = [load_source(p) for p in sorted((case / "sources").glob("*.md"))]
    assert 5 <= len(sources) <= 6
    assert sum(s.meta.language == "ru" for s in sources) >= 2
    assert all(s.meta.kind == "digest" and s.meta.references for s in sources)
    assert any(len(s.blocks) == 1 and len(s.sentences) >= 12 for s in sources)  # a page with no paragraph breaks


def _write_case(root: Path, labels: dict[str, str]) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "labels").mkdir()
    (root / "case.yaml").write_text("anchor: a\ntitle: t\nevent: e\nlanguages: [en]\n", encoding="utf-8")
    (root / "sources" / "a.md").write_text(
        "---\nid: a\ntitle: A\nlanguage: en\n---\n\nThe bridge was closed on Monday. The bridge reopened later.\n",
        encoding="utf-8")
    for other in ("b", "c"):
        (root / "sources" / f"{other}.md").write_text(
            f"---\nid: {other}\ntitle: {other}\nlanguage: en\n---\n\nOfficials shut the bridge on Monday.\n\n"
            "Traffic resumed in the evening.\n", encoding="utf-8")
    for name, body in labels.items():
        (root / "labels" / name).write_text(body, encoding="utf-8")
    return root


def test_good_labels_count_sentence_and_paragraph_pairs(tmp_path: Path) -> None:
    body = ("anchor_quote\tother_quote\twhy\n"
            "was closed on Monday\tshut the bridge on Monday\tclosure\n"
            "reopened later\tTraffic resumed\treopening\n")
    report = vc.validate_case(_write_case(tmp_path, {"b.tsv": body, "c.tsv": body}))
    assert report.problems == []
    assert [(f.rows, len(f.sentence_pairs), len(f.paragraph_pairs)) for f in report.files] == [(2, 2, 2)] * 2


@pytest.mark.parametrize(("row", "expected"), [
    ("The bridge\tshut the bridge on Monday\tx", "occurs 2 times"),
    ("Monday. The bridge reopened\tshut the bridge on Monday\tx", "not inside one sentence"),
    ("bridge\tshut the bridge on Monday\tx", "not 8-60"),
    ("was closed on Monday\tshut the bridge on Monday", "3 tab-separated fields"),
])
def test_bad_rows_are_reported(tmp_path: Path, row: str, expected: str) -> None:
    good = "anchor_quote\tother_quote\twhy\nwas closed on Monday\tshut the bridge on Monday\tclosure\n"
    report = vc.validate_case(_write_case(tmp_path, {"b.tsv": good + row + "\n", "c.tsv": good}))
    assert any(expected in p for p in report.problems), report.problems


def test_missing_labels_file_and_duplicate_pair_are_reported(tmp_path: Path) -> None:
    body = ("anchor_quote\tother_quote\twhy\n"
            "was closed on Monday\tshut the bridge on Monday\tclosure\n"
            "closed on Monday\tthe bridge on Monday\tsame pair again\n")
    report = vc.validate_case(_write_case(tmp_path, {"b.tsv": body}))
    assert any("no labels file for source 'c'" in p for p in report.problems)
    assert any("same sentence pair" in p for p in report.problems)


def test_main_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = _write_case(tmp_path, {"b.tsv": "wrong header\n"})
    assert vc.main([str(case)]) == 1
    assert "PROBLEM" in capsys.readouterr().out


_SALISBURY = [load_source(p) for p in sorted((CASES / "salisbury-2018" / "sources").glob("*.md"))]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_unique_quote_inside_a_sentence_resolves_to_it(data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(_SALISBURY))
    sentence = data.draw(st.sampled_from(source.sentences))
    assume(len(sentence.text) >= vc.MIN_QUOTE)
    length = data.draw(st.integers(vc.MIN_QUOTE, min(vc.MAX_QUOTE, len(sentence.text))))
    start = data.draw(st.integers(0, len(sentence.text) - length))
    quote = sentence.text[start:start + length]
    assume(source.text.count(quote) == 1)
    assert vc.sentence_of(source, quote) == sentence
