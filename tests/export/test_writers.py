"""Exports: every format carries every field; CSV/JSON/JSONL read back identical."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare.engine.align import align
from compare.export import CORE_FIELDS, FIELDS, export, make_records, read_records
from compare.model import Review
from compare.model.errors import SourceError
from compare.text.sources import bundled_sources


@pytest.fixture(scope="module")
def records():
    sources = {s.id: s for s in bundled_sources()}
    left, right = sources["diplomat-color-revolution"], sources["kz-presidency"]
    result = align(left, [right], threshold=20)
    links = result.links
    assert links
    reviews = {links[0].pair_id: Review("confirmed", "agrees", 'quote "x", comma')}
    return make_records(links, sources, reviews)


def test_records_have_the_contract_fields(records) -> None:
    assert set(CORE_FIELDS) <= set(records[0])
    assert records[0]["status"] == "confirmed" and records[1]["status"] == "proposed"


@pytest.mark.parametrize("ext", [".csv", ".json", ".jsonl"])
def test_round_trip(tmp_path, records, ext: str) -> None:
    path = export(records, tmp_path / f"pairs{ext}")
    back = read_records(path)
    assert [{k: r[k] for k in FIELDS} for r in back] == [{k: str(r[k]) if ext == ".csv" and k not in (
        "left_start", "left_end", "right_start", "right_end", "score") else r[k] for k in FIELDS}
        for r in records]


def test_offsets_refer_to_canonical_text(records) -> None:
    sources = {s.id: s for s in bundled_sources()}
    for r in records:
        assert sources[r["left_source"]].text[r["left_start"]:r["left_end"]] == r["left_text"]
        assert sources[r["right_source"]].text[r["right_start"]:r["right_end"]] == r["right_text"]


def test_markdown_report_quotes_and_cites(tmp_path, records) -> None:
    text = export(records, tmp_path / "report.md").read_text(encoding="utf-8")
    assert "> " + records[0]["left_text"][:40] in text
    assert "Diplomat Magazine" in text and "Parallax digest, not the original text" in text
    assert text.count("### Pair ") == len(records)


def test_xlsx_has_a_row_per_record(tmp_path, records) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(export(records, tmp_path / "pairs.xlsx")).active
    assert sheet.max_row == len(records) + 1
    assert [c.value for c in sheet[1]] == list(FIELDS)


def test_unknown_extension_and_unwritable_path(tmp_path, records) -> None:
    with pytest.raises(SourceError, match="unknown export format"):
        export(records, tmp_path / "pairs.docx")
    with pytest.raises(SourceError, match="cannot write"):
        export(records, tmp_path / "no-such-dir" / "pairs.csv")
    (tmp_path / "a-file").write_text("keep me", encoding="utf-8")
    with pytest.raises(SourceError, match="cannot write"):
        export(records, tmp_path / "a-file" / "pairs.csv")
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "keep me"


# --- hostile text: formulas and control characters ------------------------------------------

FORMULA_STARTS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
                  "  =1+1", "'=already quoted", "-"]


def _hostile(records, text: str) -> list[dict[str, object]]:
    """The first record with every text field set to ``text``."""
    first = dict(records[0])
    for name in ("left_text", "right_text", "note", "left_title", "right_title", "evidence"):
        first[name] = text
    return [first]


@pytest.mark.parametrize("text", FORMULA_STARTS)
def test_csv_neutralises_formulas_and_reads_back_exactly(tmp_path, records, text: str) -> None:
    import csv

    path = export(_hostile(records, text), tmp_path / "pairs.csv")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        row = next(csv.DictReader(handle))
    assert row["note"] == "'" + text and row["left_title"] == "'" + text
    assert read_records(path)[0]["note"] == text


@pytest.mark.parametrize("text", [*FORMULA_STARTS, "bell\x07 vt\x0b esc\x1b nul\x00 end"])
def test_xlsx_writes_strings_never_formulas(tmp_path, records, text: str) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(export(_hostile(records, text), tmp_path / "pairs.xlsx")).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    note = sheet.cell(row=2, column=FIELDS.index("note") + 1)
    assert note.data_type == "s" and len(note.value) == len(text)
    assert note.value.replace("\ufffd", "") == "".join(ch for ch in text if ch >= " " or ch in "\t\r\n")
    assert sheet.cell(row=2, column=FIELDS.index("left_start") + 1).data_type == "n"


def test_csv_keeps_crlf_in_a_note(tmp_path, records) -> None:
    first = dict(records[0], note="line one\r\nline two\rthree\nfour")
    assert read_records(export([first], tmp_path / "pairs.csv"))[0]["note"] == first["note"]


@pytest.mark.parametrize("ext", [".jsonl", ".json", ".csv"])
def test_unicode_line_separators_in_a_note_read_back(tmp_path, records, ext: str) -> None:
    """U+2028, U+2029 and NEL stay raw in JSON strings: a JSONL reader that split lines on them cut records."""
    first = dict(records[0], note="pasted\u2028from a page\u2029and\x85more", left_title="a\u2028b")
    back = read_records(export([first, records[1]], tmp_path / f"pairs{ext}"))
    assert len(back) == 2 and back[0]["note"] == first["note"] and back[0]["left_title"] == "a\u2028b"


# --- existing files: never replaced silently --------------------------------------------------


def test_an_existing_file_is_kept_unless_overwrite_is_asked_for(tmp_path, records) -> None:
    import os
    import stat

    target = tmp_path / "pairs.csv"
    target.write_text("the analyst's own table", encoding="utf-8")
    os.chmod(target, 0o640)
    with pytest.raises(SourceError, match="already exists"):
        export(records, target)
    assert target.read_text(encoding="utf-8") == "the analyst's own table"
    export(records, target, overwrite=True)
    assert len(read_records(target)) == len(records)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_read_only_file_is_never_replaced(tmp_path, records) -> None:
    import os

    target = tmp_path / "pairs.json"
    target.write_text("[]", encoding="utf-8")
    os.chmod(target, 0o444)  # even a user who may write anything must not lose it silently
    with pytest.raises(SourceError, match="is read-only"):
        export(records, target, overwrite=True)
    assert target.read_text(encoding="utf-8") == "[]"


def test_a_symlink_stays_a_symlink(tmp_path, records) -> None:
    real = tmp_path / "real.jsonl"
    real.write_text("", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    export(records, link, overwrite=True)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert len(read_records(real)) == len(records)


def test_a_full_disk_is_named_and_the_old_export_survives(tmp_path, records, monkeypatch) -> None:
    import errno
    from pathlib import Path

    target = tmp_path / "pairs.csv"
    target.write_text("yesterday's export", encoding="utf-8")

    def enospc(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", enospc)
    monkeypatch.setattr(Path, "open", enospc)  # CSV, JSON and JSONL are streamed through an open file
    with pytest.raises(SourceError, match=r"cannot write \(the disk is full\)"):
        export(records, target, overwrite=True)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "yesterday's export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pairs.csv"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from("=+-@'\t\r\n x\x00\x0b\x1b\u00e9\ud7ff"), max_size=12))
def test_no_export_cell_is_ever_a_formula(tmp_path_factory, records, text: str) -> None:
    import csv

    from openpyxl import load_workbook

    folder = tmp_path_factory.mktemp("fuzz")
    hostile = _hostile(records, text)
    path = export(hostile, folder / "pairs.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        cells = [c for row in csv.reader(handle) for c in row]
    assert not [c for c in cells if c.lstrip(" ")[:1] in ("=", "+", "-", "@") or c[:1] in ("\t", "\r")]
    assert read_records(path)[0]["note"] == text
    sheet = load_workbook(export(hostile, folder / "pairs.xlsx")).active
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_csv_opens_with_a_byte_order_mark_for_excel(tmp_path, records) -> None:
    raw = export(records, tmp_path / "pairs.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + b"pair_id,") and raw.count(b"\xef\xbb\xbf") == 1
    assert [r["pair_id"] for r in read_records(tmp_path / "pairs.csv")] == [r["pair_id"] for r in records]


def test_xlsx_is_readable_when_opened(tmp_path, records) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(export(records, tmp_path / "pairs.xlsx")).active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    column = {name: cell.column_letter for name, cell in zip(FIELDS, sheet[1], strict=True)}
    assert sheet.column_dimensions[column["left_text"]].width >= 50
    assert sheet.column_dimensions[column["score"]].width <= 10
    text_cell = sheet[f"{column['left_text']}2"]
    assert text_cell.alignment.wrap_text and text_cell.alignment.vertical == "top"
    assert not sheet[f"{column['score']}2"].alignment.wrap_text


def test_a_digest_is_not_cited_at_the_address_of_a_report_it_draws_on(records) -> None:
    from compare.export.writers import quote_pair

    digest = next(r for r in records if "digest" in (r["left_kind"], r["right_kind"]))
    side = "left" if digest["left_kind"] == "digest" else "right"
    text = quote_pair(digest)
    url = str(digest[f"{side}_url"])
    assert url and f"drawn mainly from <{url}>" in text
    assert f"not the original text), <{url}>" not in text


def test_an_xlsx_header_is_bold_text_never_a_formula() -> None:
    from openpyxl import Workbook

    from compare.export.writers import xlsx_header

    sheet = Workbook(write_only=True).create_sheet("s")
    cells = xlsx_header(sheet, ["pair_id", "=HYPERLINK(\"http://x\")", 5])
    assert [c.value for c in cells] == ["pair_id", "=HYPERLINK(\"http://x\")", "5"]
    assert all(c.data_type == "s" and c.font.bold for c in cells)
    assert cells[1].quotePrefix
