"""Dispatch by name and content, plain text and Markdown, size and emptiness limits."""

from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest

from compare.importers import (
    SUPPORTED_EXTENSIONS,
    ImportedDocument,
    SourceImportError,
    import_bytes,
    import_path,
    import_text,
)


def test_supported_extensions_are_lower_case_with_dot() -> None:
    assert {".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx"} <= set(SUPPORTED_EXTENSIONS)
    assert all(ext.startswith(".") and ext == ext.lower() for ext in SUPPORTED_EXTENSIONS)


def test_markdown_passes_through_with_front_matter(tmp_path: Path) -> None:
    text = "---\ntitle: Kept\n---\n# Heading\n\n- item\n"
    path = tmp_path / "story.md"
    path.write_text(text, encoding="utf-8")
    doc = import_path(path)
    assert doc == ImportedDocument(markdown=text, meta={}, fmt="markdown")


def test_markdown_in_windows_encoding_with_crlf() -> None:
    doc = import_bytes("# Заголовок\r\n\r\nТекст статьи.\r\n".encode("cp1251"), name="ru.markdown")
    assert doc.markdown == "# Заголовок\n\nТекст статьи.\n"


def test_plain_text_keeps_paragraphs_and_escapes_line_starts() -> None:
    text = "  Title\n=====\n\n\n# not a heading\n1. not a list\n- nor this\n> nor a quote\n\n    not code\n"
    doc = import_bytes(text.encode(), name="notes.txt")
    assert doc.fmt == "text"
    assert doc.meta == {"provenance": "file: notes.txt"}
    assert doc.markdown == (
        "Title\n&#61;====\n\n\\# not a heading\n1\\. not a list\n\\- nor this\n\\> nor a quote\n\nnot code"
    )
    html = markdown.markdown(doc.markdown)
    for tag in ("<h1", "<h2", "<ol", "<ul", "<blockquote", "<pre"):
        assert tag not in html


def test_html_looking_text_stays_literal() -> None:
    doc = import_text('See <img src="http://example.com/x.png"> and &amp; here')
    html = markdown.markdown(doc.markdown)
    assert "<img" not in html
    assert "&lt;img" in html
    assert "&amp;amp;" in html


def test_import_text() -> None:
    doc = import_text("Line one\r\n\r\n\r\n2) second", title="Clipboard")
    assert doc == ImportedDocument(
        markdown="Line one\n\n2\\) second", meta={"title": "Clipboard", "provenance": "pasted"}, fmt="text"
    )


@pytest.mark.parametrize("text", ["", "   \n\t  ", "\ufeff", "\x00"])
def test_import_text_refuses_empty(text: str) -> None:
    with pytest.raises(SourceImportError, match=r"^Pasted text: the text is empty$"):
        import_text(text)


@pytest.mark.parametrize("data", [b"", b"   \r\n\t ", "\ufeff".encode("utf-8-sig"), "  ".encode("utf-16")])
def test_empty_files_are_refused(data: bytes) -> None:
    with pytest.raises(SourceImportError, match=r"^a\.txt: the file is empty$"):
        import_bytes(data, name="a.txt")


def test_too_large_bytes_names_size_and_limit() -> None:
    expected = r"^big\.txt: the file is too large \(1\.5 kB; the limit is 1 kB\)$"
    with pytest.raises(SourceImportError, match=expected):
        import_bytes(b"x" * 1500, name="big.txt", max_bytes=1000)


def test_too_large_path_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * 5000)
    with pytest.raises(SourceImportError, match=r"too large \(5 kB; the limit is 4 kB\)"):
        import_path(path, max_bytes=4000)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(SourceImportError, match=r"^nope\.txt: file not found$"):
        import_path(tmp_path / "nope.txt")
    with pytest.raises(SourceImportError, match="is a folder"):
        import_path(tmp_path)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("photo.png", "images are not supported"),
        ("old.doc", r"save it as \.docx"),
        ("sheet.xlsx", "spreadsheets are not supported"),
        ("blob.bin", r"\.bin files are not supported \(it looks binary\)"),
        ("noext", r"this file type is not supported \(it looks binary\)"),
    ],
)
def test_unsupported_and_binary_files(name: str, message: str) -> None:
    with pytest.raises(SourceImportError, match=message):
        import_bytes(b"\x00\x01\x02\x03binary\xff\xfe" * 10, name=name)


def test_pdf_extension_with_wrong_content() -> None:
    with pytest.raises(SourceImportError, match=r"^report\.pdf: not a PDF file \(it looks binary\)$"):
        import_bytes(b"\x00\x01\x02\x03" * 50, name="report.pdf")
    with pytest.raises(SourceImportError, match=r"^report\.pdf: not a PDF file \(it looks like plain text\)"):
        import_bytes(b"just some text", name="report.pdf")
    with pytest.raises(SourceImportError, match=r"^memo\.docx: not a DOCX file"):
        import_bytes(b"just some text", name="memo.docx")


def test_unknown_extension_is_sniffed() -> None:
    assert import_bytes(b"plain words", name="README").fmt == "text"
    assert import_bytes(b"log line 1\nlog line 2", name="app.log").fmt == "text"
    page = b"<!DOCTYPE html><html><body><p>Hello page</p></body></html>"
    doc = import_bytes(page, name="saved-page")
    assert doc.fmt == "html"
    assert doc.markdown == "Hello page"


def test_utf16_without_bom_or_extension_is_text() -> None:
    doc = import_bytes("Windows wrote this".encode("utf-16-le"), name="export")
    assert (doc.fmt, doc.markdown) == ("text", "Windows wrote this")


def test_bytearray_is_accepted() -> None:
    assert import_bytes(bytearray(b"words"), name="a.txt").markdown == "words"


def test_name_may_be_a_path() -> None:
    with pytest.raises(SourceImportError, match=r"^a\.txt: the file is empty$"):
        import_bytes(b"", name="/some/dir/a.txt")


def test_error_messages_are_one_line() -> None:
    with pytest.raises(SourceImportError) as info:
        import_bytes(b"", name="two\nlines.txt")
    assert "\n" not in str(info.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(SourceImportError, match=r"^pipe\.txt: is not a regular file"):
        import_path(fifo)


def test_a_device_is_refused_without_reading_it() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("needs /dev/zero")
    with pytest.raises(SourceImportError, match=r"^zero: is not a regular file"):
        import_path("/dev/zero")
