"""PDF and DOCX: text, paragraphs, metadata, and clear errors for broken files."""

from __future__ import annotations

import contextlib
import io
import zipfile
from datetime import UTC, datetime

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from compare.importers import SourceImportError, import_bytes, import_path
from compare.importers.documents import lines_to_paragraphs


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def make_pdf(pages: list[list[str]], *, title: str | None = None, author: str | None = None,
             glyphs: dict[str, str] | None = None) -> bytes:
    """A minimal valid PDF: one Helvetica (WinAnsi) text line per entry, 14pt apart.

    ``glyphs`` remaps characters to glyph names (``{"A": "uniD800"}``), the way
    fonts without a ToUnicode map make text extraction yield odd code points.
    """
    objects: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    page_ids = [4 + 2 * i for i in range(len(pages))]
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects[2] = f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode()
    encoding = "/WinAnsiEncoding"
    if glyphs:
        diffs = " ".join(f"{ord(ch)} /{glyph}" for ch, glyph in glyphs.items())
        encoding = f"<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [{diffs}] >>"
    objects[3] = f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding {encoding} >>".encode()
    for pid, lines in zip(page_ids, pages, strict=True):
        ops = ["BT /F1 12 Tf 14 TL 72 720 Td", *(f"{_pdf_string(line)} Tj T*" for line in lines), "ET"]
        stream = "\n".join(ops).encode("cp1252")
        objects[pid] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                        f"/Resources << /Font << /F1 3 0 R >> >> /Contents {pid + 1} 0 R >>").encode()
        objects[pid + 1] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
    info = ""
    if title or author:
        info_id = max(objects) + 1
        fields = [f"/Title {_pdf_string(title)}" if title else "",
                  f"/Author {_pdf_string(author)}" if author else ""]
        objects[info_id] = ("<< " + " ".join(fields) + " >>").encode("latin-1")
        info = f" /Info {info_id} 0 R"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for oid in sorted(objects):
        offsets[oid] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (oid, objects[oid])
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[oid] for oid in range(1, size))
    out += f"trailer\n<< /Size {size} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


REPORT_PAGES = [
    [
        "Introduction",
        "The quick brown fox jumps over the lazy dog and then",
        "con-",
        "tinues running across the wide green field. Another",
        "sentence starts here and goes on for quite a while longer.",
        "A new paragraph begins here.",
        "1",
    ],
    [
        "2",
        "Second page text carries on without a break in the",
        "middle of the argument, which ends on this page.",
        "\u2022 A bulleted point",
    ],
]


def test_pdf_text_paragraphs_and_metadata(tmp_path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf(REPORT_PAGES, title="Annual Report", author="Jane Doe"))
    doc = import_path(path)
    assert doc.fmt == "pdf"
    assert doc.meta == {"title": "Annual Report", "author": "Jane Doe", "provenance": "file: report.pdf"}
    assert doc.markdown.split("\n\n") == [
        "Introduction",
        "The quick brown fox jumps over the lazy dog and then continues running across the wide green "
        "field. Another sentence starts here and goes on for quite a while longer.",
        "A new paragraph begins here.",
        "Second page text carries on without a break in the middle of the argument, which ends on this page.",
        "- A bulleted point",
    ]


def test_pdf_lone_surrogates_and_controls_are_cleaned() -> None:
    glyphs = {"A": "uniD800", "B": "uniDFFF", "C": "uni0000", "D": "uni001B", "E": "uni0007"}
    data = make_pdf([["Hello A world B here.", "Nul C esc D bell E end."]], glyphs=glyphs)
    assert "\ud800" in PdfReader(io.BytesIO(data)).pages[0].extract_text()  # the fixture is hostile
    doc = import_bytes(data, name="identity.pdf")
    doc.markdown.encode("utf-8")  # no lone surrogate left
    assert doc.markdown.count("\ufffd") == 2
    assert not any(ch < " " and ch not in "\n\t" for ch in doc.markdown)
    assert "Nul  esc  bell  end." in doc.markdown


def test_pdf_of_only_control_characters_is_refused() -> None:
    data = make_pdf([["ABC"]], glyphs={"A": "uni0000", "B": "uni0001", "C": "uni001B"})
    with pytest.raises(SourceImportError, match=r"^ctl\.pdf: .*no readable text"):
        import_bytes(data, name="ctl.pdf")


def test_pdf_without_text_is_refused() -> None:
    with pytest.raises(SourceImportError, match=r"^scan\.pdf: the PDF has no extractable text"):
        import_bytes(make_pdf([[]]), name="scan.pdf")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n" + b"garbage " * 100,
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        b"%PDF-",
    ],
)
def test_corrupt_pdf_gives_a_clear_error(data: bytes) -> None:
    expected = r"^broken\.pdf: the PDF (is damaged|has no extractable text)"
    with pytest.raises(SourceImportError, match=expected):
        import_bytes(data, name="broken.pdf")


def test_truncated_pdf_never_raises_anything_else() -> None:
    data = make_pdf(REPORT_PAGES)
    for cut in range(20, len(data), 97):
        with contextlib.suppress(SourceImportError):
            import_bytes(data[:cut], name="cut.pdf")


def _encrypted(user_password: str, owner_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Secret text here."]]))))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_password_protected_pdf_is_refused() -> None:
    with pytest.raises(SourceImportError, match=r"^locked\.pdf: the PDF is password-protected$"):
        import_bytes(_encrypted("secret", "owner"), name="locked.pdf")


def test_pdf_with_only_an_owner_password_opens() -> None:
    doc = import_bytes(_encrypted("", "owner"), name="restricted.pdf")
    assert doc.markdown == "Secret text here."


def test_pdf_content_is_sniffed_without_extension() -> None:
    assert import_bytes(make_pdf([["Sniffed."]]), name="download").fmt == "pdf"


def test_lines_to_paragraphs_rules() -> None:
    lines = [
        "A heading",
        "Body text that is long enough to be a typical line of the page,",
        "and a word split by the layout is re-",
        "joined, while a capitalised continuation like Franco-",
        "German keeps its hyphen. The sentence ends here; next",
        "line continues the paragraph instead of starting one.",
        "",
        "After a blank line.",
        "Short line",
        "Follows a short line without punctuation, so a new paragraph.",
        "",
        "# Not a heading",
    ]
    assert lines_to_paragraphs(lines) == [
        "A heading",
        "Body text that is long enough to be a typical line of the page, and a word split by the "
        "layout is rejoined, while a capitalised continuation like Franco-German keeps its hyphen. "
        "The sentence ends here; next line continues the paragraph instead of starting one.",
        "After a blank line.",
        "Short line",
        "Follows a short line without punctuation, so a new paragraph.",
        "\\# Not a heading",
    ]


# --- DOCX ------------------------------------------------------------------------


def _docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_headings_lists_tables_and_metadata() -> None:
    document = docx.Document()
    document.add_heading("Findings", level=1)
    document.add_paragraph("1. Starts like a list but is ordinary text.")
    document.add_paragraph("First bullet", style="List Bullet")
    document.add_paragraph("Second bullet", style="List Number")
    document.add_paragraph("")
    document.add_paragraph("Closing <b>remarks</b>.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Region", "Rain"
    table.cell(1, 0).text, table.cell(1, 1).text = "South", "-50%"
    props = document.core_properties
    props.title = "Drought report"
    props.author = "Jane Doe"
    props.created = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    props.language = "en-GB"
    doc = import_bytes(_docx_bytes(document), name="report.docx")
    assert doc.fmt == "docx"
    assert doc.markdown == (
        "## Findings\n\n1\\. Starts like a list but is ordinary text.\n\n- First bullet\n- Second bullet\n\n"
        "Closing &lt;b>remarks&lt;/b>.\n\nRegion | Rain\n\nSouth | -50%"
    )
    assert doc.meta == {"title": "Drought report", "author": "Jane Doe",
                        "published": "2024-03-01T09:30:00+00:00", "language": "en",
                        "provenance": "file: report.docx"}


def test_docx_template_defaults_are_not_reported_as_metadata() -> None:
    document = docx.Document()
    document.add_paragraph("Text.")
    assert import_bytes(_docx_bytes(document), name="a.docx").meta == {"provenance": "file: a.docx"}


def test_empty_docx_is_refused() -> None:
    with pytest.raises(SourceImportError, match=r"^blank\.docx: the document is empty$"):
        import_bytes(_docx_bytes(docx.Document()), name="blank.docx")


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04" + b"\x00garbage" * 20, "damaged or not a valid DOCX"),
        (_zip({"hello.txt": b"hi"}), "not a Word document"),
        (_zip({"word/document.xml": b"<not-xml", "[Content_Types].xml": b"<x/>"}),
         "damaged or not a valid DOCX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "password-protected or in the old Word .doc"),
    ],
)
def test_corrupt_docx_gives_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(SourceImportError, match=f"^broken\\.docx: .*{message}"):
        import_bytes(data, name="broken.docx")


# --- hostile DOCX: bombs and parse budgets (generated, never committed) ----------------------


def _with_document_xml(document: docx.document.Document, edit) -> bytes:
    """A DOCX whose word/document.xml is ``edit(original_xml)``."""
    source = zipfile.ZipFile(io.BytesIO(_docx_bytes(document)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            archive.writestr(info.filename, edit(data) if info.filename == "word/document.xml" else data)
    return buffer.getvalue()


def test_docx_compressed_like_a_bomb_is_refused_before_inflating() -> None:
    document = docx.Document()
    document.add_paragraph("Ordinary text.")
    padding = b"<w:p/>" * 1_000_000  # 6 MB of XML that deflates to a few kilobytes
    data = _with_document_xml(document, lambda xml: xml.replace(b"</w:body>", padding + b"</w:body>"))
    assert len(data) < 100_000
    with pytest.raises(SourceImportError, match=r"^bomb\.docx: .*zip bomb"):
        import_bytes(data, name="bomb.docx")


def test_docx_with_too_many_elements_is_refused(monkeypatch) -> None:
    from compare.importers import documents

    document = docx.Document()
    for n in range(60):
        document.add_paragraph(f"Paragraph {n}.")
    data = _docx_bytes(document)
    assert import_bytes(data, name="fine.docx").markdown.count("Paragraph") == 60
    monkeypatch.setattr(documents, "_MAX_ELEMENTS", 100)
    with pytest.raises(SourceImportError, match=r"^many\.docx: .*too many XML elements"):
        import_bytes(data, name="many.docx")


def test_docx_table_with_huge_span_and_merges_is_read_once_per_cell() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Region", "Rain"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "South"
    table.cell(1, 1).text, table.cell(2, 1).text = "-50%", "-20%"
    span = b'<w:tcPr><w:gridSpan w:val="2000000000"/></w:tcPr>'
    data = _with_document_xml(document, lambda xml: xml.replace(b"<w:tcPr>", span + b"<w:tcPr>", 1))
    markdown = import_bytes(data, name="span.docx").markdown
    assert markdown.split("\n\n") == ["Region | Rain", "South | -50%", "-20%"]
