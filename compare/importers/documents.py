"""PDF and DOCX -> Markdown text plus metadata.

PDF text comes out of pypdf as visual lines, so lines are re-joined into
paragraphs heuristically (see :func:`lines_to_paragraphs`).  DOCX keeps its
paragraph structure; heading styles become ``## `` and list paragraphs
``- ``.  Any failure inside the parsers becomes a one-line
:class:`SourceImportError`: corrupt files make these libraries raise a
wide variety of exception types, none of which a user should see.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import warnings
import zipfile
from collections.abc import Mapping
from datetime import datetime

from ._common import SourceImportError, escape_inline, escape_line, fail, join_blocks, primary_language

__all__ = ["docx_to_markdown", "lines_to_paragraphs", "pdf_to_markdown"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SENTENCE_END = re.compile(r"[.!?…:;][\"'»”’)\]]*$")
_BULLET = re.compile(r"^[•◦▪▫‣●○■□\uf0b7]\s*")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$", re.IGNORECASE)
# DOCX budgets, checked before python-docx inflates and parses anything: it
# reads every part into memory and builds a full lxml tree of each XML part
# (about ten times the XML's size), so the limits bound memory, and the
# element budget bounds the time of everything after.  Real documents stay far
# below them: a 300-page report's document.xml is a few megabytes.
_MAX_UNZIPPED = 100_000_000  # all members together
_MAX_XML_PART = 25_000_000  # any one XML part, once inflated
_MAX_RATIO = 100  # XML compresses 5-20x; a bomb hundreds of times
_RATIO_FLOOR = 1_000_000  # small members may compress as well as they like
_MAX_MEMBERS = 5_000
_MAX_ELEMENTS = 1_500_000  # XML elements over all parts

# pypdf logs its repairs of sloppy files; without a handler of its own, that
# chatter would reach stderr through logging's last-resort handler.  Records
# still propagate to any handlers the application configures.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


# --- PDF -----------------------------------------------------------------------


def pdf_to_markdown(data: bytes, *, name: str) -> tuple[str, dict[str, object]]:
    """Extract a PDF's text as Markdown paragraphs plus title/author."""
    if b"%PDF-" not in data[:1024]:
        raise fail(name, "not a PDF file")
    with warnings.catch_warnings():
        # pypdf warns while repairing sloppy files; the repair is what we want.
        warnings.simplefilter("ignore")
        pages, meta = _read_pdf(data, name)

    lines: list[str] = []
    for text in pages:
        lines.extend(_strip_page_furniture(text.split("\n")))
        lines.append("\f")  # page break: a soft boundary for the joiner
    paragraphs = lines_to_paragraphs(lines)
    if not paragraphs:
        raise fail(name, "the PDF has no extractable text (it may be a scanned image)")
    return join_blocks(paragraphs), meta


def _read_pdf(data: bytes, name: str) -> tuple[list[str], dict[str, object]]:
    """Page texts and info-dictionary metadata, or a one-line error."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                unlocked = reader.decrypt("")  # owner-password-only PDFs open
            except (DependencyError, NotImplementedError):
                unlocked = None
            if not unlocked:
                raise fail(name, "the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except SourceImportError:
        raise
    except FileNotDecryptedError as exc:
        raise fail(name, "the PDF is password-protected") from exc
    except Exception as exc:  # pypdf raises many types on corrupt input
        raise fail(name, "the PDF is damaged or not readable") from exc

    meta: dict[str, object] = {}
    try:
        info = reader.metadata
        if info is not None:
            for key, value in (("title", info.title), ("author", info.author)):
                if _clean(value):
                    meta[key] = _clean(value)
    except Exception:  # a broken info dictionary: the text is still useful
        pass
    return pages, meta


def _clean(value: object) -> str:
    return " ".join(str(value).split()) if value else ""


def _strip_page_furniture(lines: list[str]) -> list[str]:
    """Drop a bare page number as the first or last line of a page."""
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and _PAGE_NUMBER.match(lines[-1].strip()):
        lines.pop()
    if lines and _PAGE_NUMBER.match(lines[0].strip()):
        lines.pop(0)
    return lines


def lines_to_paragraphs(lines: list[str]) -> list[str]:
    """Re-join visual lines into Markdown paragraphs.

    A new paragraph starts after a blank line; after a line ending a
    sentence when the next starts with a capital; after a markedly short
    line (a heading, or a paragraph's last line) followed by a capital; and
    at a bullet character.  A line-end hyphen followed by a lower-case
    letter is a word split by layout, so it is removed (before a capital it
    is kept, without a space).  ``"\\f"`` marks a
    page break, which only separates words.
    """
    stripped = [line.strip() for line in lines]
    lengths = [len(s) for s in stripped if s and s != "\f"]
    typical = statistics.median(lengths) if lengths else 0
    paragraphs: list[str] = []
    current = ""
    last_len = 0  # length of the visual line that ``current`` ends with
    bullet = False

    def finish() -> None:
        nonlocal current, bullet
        if current.strip():
            text = escape_line(current)
            paragraphs.append(("- " + text) if bullet else text)
        current, bullet = "", False

    for line in stripped:
        if line == "\f":
            continue
        if not line:
            finish()
            continue
        starts_bullet = bool(_BULLET.match(line)) and len(line) > 1
        if starts_bullet:
            finish()
            current, bullet, last_len = _BULLET.sub("", line), True, len(line)
            continue
        if not current:
            current, last_len = line, len(line)
            continue
        first = line[0]
        if first.isupper() and (
            _SENTENCE_END.search(current)
            or (typical > 30 and last_len < 0.6 * typical
                and not current.endswith((",", "-")))
        ):
            finish()
            current = line
        elif current.endswith(("-", "\u00ad")) and len(current) > 1 and current[-2].isalpha():
            # A word split by the layout ("con-" / "tinues") is rejoined; a
            # hyphen before a capital ("Franco-" / "German") is kept.
            current = (current[:-1] if first.islower() else current) + line
        else:
            current = f"{current} {line}"
        last_len = len(line)
    finish()
    return paragraphs


# --- DOCX ----------------------------------------------------------------------

# python-docx's built-in template carries these; they describe the
# template, not the user's document.
_TEMPLATE_AUTHORS = frozenset({"python-docx"})
_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15)


def docx_to_markdown(data: bytes, *, name: str) -> tuple[str, dict[str, object]]:
    """Extract a DOCX's paragraphs and tables as Markdown plus core properties."""
    if data.startswith(_OLE_MAGIC):
        raise fail(name, "the document is password-protected or in the old Word .doc "
                         "format (save it as .docx)")
    if not data.startswith(b"PK"):
        raise fail(name, "not a DOCX file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive, name)
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        styles = _style_names(document)
        blocks: list[str] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks.extend(_table_rows(item))
            else:
                blocks.append(_paragraph(item, styles))
        meta = _core_meta(document)
    except SourceImportError:
        raise
    except Exception as exc:  # zipfile, lxml and python-docx errors alike
        raise fail(name, "the document is damaged or not a valid DOCX file") from exc
    return join_blocks(blocks), meta


def _check_archive(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a DOCX whose unpacked size, compression or XML would exhaust memory or time.

    Sizes come from the zip directory; zipfile never inflates a member past its
    declared size, so a lying directory only truncates.  The XML is then
    counted by a streaming parse that keeps no tree.
    """
    infos = archive.infolist()
    if len(infos) > _MAX_MEMBERS:
        raise fail(name, f"the document has too many parts ({len(infos):,})")
    if sum(info.file_size for info in infos) > _MAX_UNZIPPED:
        raise fail(name, "the document is too large when unpacked")
    for info in infos:
        if info.file_size > _RATIO_FLOOR and info.file_size > _MAX_RATIO * max(1, info.compress_size):
            raise fail(name, "the document is compressed suspiciously well (a zip bomb?)")
        if _is_xml(info.filename) and info.file_size > _MAX_XML_PART:
            raise fail(name, "the document's text is too large when unpacked")
    if "word/document.xml" not in archive.namelist():
        raise fail(name, "not a Word document (no word/document.xml inside)")
    budget = _MAX_ELEMENTS
    for info in infos:
        if _is_xml(info.filename):
            budget = _count_elements(archive, info, budget, name)


def _is_xml(member: str) -> bool:
    return member.lower().endswith((".xml", ".rels"))


def _count_elements(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, name: str) -> int:
    """What is left of ``budget`` after the elements of one XML part (refused if spent)."""
    from lxml import etree

    with archive.open(info) as stream:
        for _event, element in etree.iterparse(stream, events=("end",), resolve_entities=False,
                                               no_network=True, huge_tree=False):
            budget -= 1
            if budget < 0:
                raise fail(name, "the document has too many XML elements to read")
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                del parent[:]  # earlier siblings, already counted
    return budget


def _style_names(document) -> dict[str, str]:
    """Paragraph style id -> lower-case name, read once.

    python-docx's ``paragraph.style`` searches styles.xml for every paragraph,
    which is quadratic for a document with many styles and paragraphs.
    """
    names: dict[str, str] = {}
    for style in document.styles.element.style_lst:
        if style.styleId:
            names[style.styleId] = (style.name_val or style.styleId).lower()
    return names


def _paragraph(paragraph, styles: Mapping[str, str]) -> str:
    text = paragraph.text.replace("\t", " ")
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines:
        return ""
    low = styles.get(paragraph._p.style or "", "")
    if low.startswith("heading") or low in {"title", "subtitle"}:
        return "## " + escape_inline(" ".join(lines))
    ppr = paragraph._p.pPr
    if low.startswith("list") or (ppr is not None and ppr.numPr is not None):
        return "- " + "\n".join(escape_line(line) for line in lines)
    return "\n".join(escape_line(line) for line in lines)


def _table_rows(table) -> list[str]:
    """Rows as "a | b | c" lines, from the cells actually present.

    python-docx's ``row.cells`` repeats a cell across its grid span and walks
    up a vertical merge row by row: a span of a billion columns or a tall merge
    takes hours.  Reading each ``w:tc`` once is linear, and a merge
    continuation (which repeats the cell above) is skipped.
    """
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    rows: list[str] = []
    for tr in table._tbl.tr_lst:
        cells: list[str] = []
        for tc in tr.iterchildren(qn("w:tc")):
            if tc.vMerge == "continue":
                continue
            text = " ".join(" ".join(Paragraph(p, table).text for p in tc.iterchildren(qn("w:p"))).split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            rows.append(escape_line(" | ".join(cells)))
    return rows


def _core_meta(document) -> dict[str, object]:
    props = document.core_properties
    meta: dict[str, object] = {}
    title = _clean(props.title)
    author = _clean(props.author)
    if title:
        meta["title"] = title
    if author and author not in _TEMPLATE_AUTHORS:
        meta["author"] = author
    created = props.created
    if created is not None and created.replace(tzinfo=None) != _TEMPLATE_CREATED:
        meta["published"] = created.isoformat()
    language = primary_language(props.language)
    if language:
        meta["language"] = language
    return meta
