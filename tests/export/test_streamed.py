"""Streamed export: the same bytes as the whole-file rendering, written a record at a time."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compare.export import FIELDS, export, read_records, render, render_chunks
from compare.export.writers import CSV_BOM, INT_FIELDS, neutralise_formula

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


def _record(values: dict[str, object]) -> dict[str, object]:
    return {name: values.get(name, 0 if name in INT_FIELDS or name == "score" else "") for name in FIELDS}


RECORDS = st.lists(st.fixed_dictionaries({"pair_id": TEXT, "left_text": TEXT, "note": TEXT,
                                          "left_start": st.integers(0, 10**6), "score": st.floats(0, 100)})
                   .map(_record), max_size=6)


def _whole_csv(records: list[dict[str, object]]) -> str:
    """The CSV as it was written before streaming: one DictWriter over all rows."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FIELDS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: neutralise_formula(v) for k, v in r.items()} for r in records)
    return CSV_BOM + buf.getvalue()


@given(RECORDS)
def test_json_chunks_equal_one_dump(records):
    assert "".join(render_chunks(records, "json")) == json.dumps(records, ensure_ascii=False, indent=2) + "\n"


@given(RECORDS)
def test_jsonl_chunks_are_one_line_a_record(records):
    text = "".join(render_chunks(records, "jsonl"))
    assert text == "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


@given(RECORDS)
def test_csv_chunks_equal_one_writer(records):
    assert "".join(render_chunks(records, "csv")) == _whole_csv(records)


@pytest.mark.parametrize("ext", [".csv", ".json", ".jsonl"])
def test_export_consumes_an_iterator_one_record_at_a_time(tmp_path, ext):
    records = [_record({"pair_id": f"p{i}", "left_text": "=1+1" if i == 1 else f"text {i}", "score": float(i)})
               for i in range(5)]
    pulled: list[int] = []

    def lazily() -> Iterator[dict[str, object]]:
        for i, r in enumerate(records):
            pulled.append(i)
            yield r

    path = export(lazily(), tmp_path / f"pairs{ext}")
    assert pulled == list(range(5))
    assert path.read_bytes() == render(records, ext.lstrip(".")).encode("utf-8")
    back = read_records(path)
    assert [r["pair_id"] for r in back] == [r["pair_id"] for r in records]
    assert back[1]["left_text"] == "=1+1"  # neutralised in the file, restored on reading


def test_a_failing_record_leaves_no_file(tmp_path):
    def broken() -> Iterator[dict[str, object]]:
        yield _record({"pair_id": "ok"})
        raise RuntimeError("record could not be made")

    target = tmp_path / "pairs.jsonl"
    with pytest.raises(RuntimeError):
        export(broken(), target)
    assert list(tmp_path.iterdir()) == []
