"""Properties: importers either succeed or raise SourceImportError, never anything else."""

from __future__ import annotations

import html as html_lib
import re

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare.importers import ImportedDocument, SourceImportError, import_bytes, import_text
from compare.importers.html import html_to_markdown

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NAMES = st.sampled_from(["a.txt", "a.md", "a.html", "a.pdf", "a.docx", "a.bin", "README", "a.png", "a.doc"])
PREFIXES = st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"<html><body>",
                            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"])
ENCODED_TEXT = st.builds(
    lambda text, codec: text.encode(codec, errors="replace"),
    st.text(max_size=300),
    st.sampled_from(["utf-8", "utf-16", "cp1251", "koi8_r", "cp1252", "latin-1", "utf-16-le"]),
)
TAG_SOUP = st.lists(
    st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<li>", "<ul>", "</ul>", "<script>", "</script>",
                     "<style>", "<!--", "-->", "&amp;", "&#x", "<![CDATA[", "]]>", "<table>", "<tr>", "<td>",
                     "<br>", "<br/>", "<pre>", "</pre>", "<h1>", "</h1>", "<blockquote>", "<img src=x>",
                     "<a href='", "'>", "text", "1. ", "# ", "\n", " ", "<", ">", "<!doctype html>", "<?x?>",
                     "<meta property='og:title' content='T'>", "<time datetime='2024-99-99'>",
                     "<html lang=''>",
                     "<article>", "</article>", "<nav>", "<p hidden>", "&", ";", "\x00"]),
    max_size=60,
).map("".join)


def _check_result(doc: ImportedDocument) -> None:
    assert isinstance(doc.markdown, str) and doc.markdown.strip()
    assert isinstance(doc.meta, dict)
    assert doc.fmt in {"markdown", "text", "html", "pdf", "docx", "url"}
    for text in (doc.markdown, *(v for v in doc.meta.values() if isinstance(v, str))):
        text.encode("utf-8")  # no lone surrogates
        assert not re.search(r"[\x00-\x08\x0e-\x1f\x7f]", text), "a control character was kept"


@FAST
@given(data=st.binary(max_size=2000), prefix=PREFIXES, name=NAMES)
def test_import_bytes_never_raises_anything_else(data: bytes, prefix: bytes, name: str) -> None:
    try:
        doc = import_bytes(prefix + data, name=name, max_bytes=1500)
    except SourceImportError as exc:
        assert "\n" not in str(exc) and str(exc)
    else:
        _check_result(doc)


@FAST
@given(data=ENCODED_TEXT, name=st.sampled_from(["a.txt", "a.md", "a.html", "noext"]))
def test_import_bytes_on_encoded_text(data: bytes, name: str) -> None:
    try:
        doc = import_bytes(data, name=name)
    except SourceImportError:
        return
    _check_result(doc)


@FAST
@given(text=st.text(max_size=500), title=st.text(max_size=20))
def test_import_text_never_raises_anything_else(text: str, title: str) -> None:
    try:
        doc = import_text(text, title=title or "Pasted text")
    except SourceImportError:
        assert not re.sub(r"[\x00-\x08\x0e-\x1f\x7f]", "", text).strip()
    else:
        _check_result(doc)


@FAST
@given(text=st.one_of(st.text(max_size=500), TAG_SOUP))
def test_html_importer_never_crashes(text: str) -> None:
    markdown_text, meta = html_to_markdown(text, base_url="https://example.com/")
    assert isinstance(markdown_text, str)
    assert isinstance(meta, dict)
    assert "<script" not in markdown.markdown(markdown_text).lower()


# Inline emphasis and backslashes are deliberately left alone by the escaping.
PROSE = st.text(st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="*_`\\"), max_size=200)
MARKDOWN_LOOKALIKES = st.sampled_from(["# h", "1. x", "- y", "> q", "---", "===", "+ z", "    c", "<div>",
                                       "<img src=x>", "&amp;", "[a]: b", "* *", "```", "2) two"])
PROSE_LINES = st.lists(st.one_of(PROSE, MARKDOWN_LOOKALIKES), max_size=8).map("\n".join)


@FAST
@given(text=PROSE_LINES)
def test_escaped_text_renders_as_the_same_plain_paragraphs(text: str) -> None:
    """Through the app's renderer, imported plain text shows exactly its words, in <p> only."""
    try:
        doc = import_text(text)
    except SourceImportError:
        return
    rendered = markdown.markdown(doc.markdown)
    tags = set(re.findall(r"</?([a-zA-Z0-9]+)", rendered))
    assert tags <= {"p"}, (doc.markdown, rendered)
    shown = html_lib.unescape(re.sub(r"</?p>", " ", rendered))
    # A U+FEFF opening a text is a byte-order mark, not a character of it.
    expected = " ".join(line.strip() for line in text.removeprefix("\ufeff").split("\n")).split()
    assert shown.split() == expected


def test_a_line_ending_in_a_bracket_does_not_open_an_autolink_across_lines() -> None:
    """Found by the property above: "<", "@", "0>" on three lines rendered as a mailto: link."""
    rendered = markdown.markdown(import_text("<\n@\n0>").markdown)
    assert "<a" not in rendered and html_lib.unescape(re.sub(r"</?p>", "", rendered)).split() == ["<", "@", "0>"]
