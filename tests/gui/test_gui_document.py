"""The rendered document keeps canonical offsets exact and reads like a page."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor

from compare import bundled_sources, source_from_text
from compare.gui.document import OffsetMap, Typography, build_document
from compare.gui.theme import LIGHT


def _doc_text(doc, offsets: OffsetMap, start: int, end: int) -> str:
    cursor = QTextCursor(doc)
    cursor.setPosition(offsets.to_doc(start))
    cursor.setPosition(offsets.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText().replace("\u2029", "\n")


@pytest.mark.parametrize("source", bundled_sources(), ids=lambda s: s.id)
def test_document_position_is_canonical_offset(qapp, source):
    doc, offsets = build_document(source, LIGHT, Typography())
    assert doc.characterCount() - 1 == len(source.text)
    for passage in source.sentences:
        assert _doc_text(doc, offsets, passage.start, passage.end) == passage.text
    for block in source.blocks:
        assert doc.findBlock(offsets.to_doc(block.start)).text().endswith(source.text[block.start:block.end])


def test_wide_characters_and_carriage_returns_keep_offsets(qapp):
    source = source_from_text("# Title 😀\n\nFirst 😀 emoji, then 𝔊othic.\n\nLast para.", name="x.md")
    doc, offsets = build_document(source, LIGHT, Typography())
    assert offsets.to_doc(len(source.text)) == doc.characterCount() - 1
    for passage in source.sentences:
        assert _doc_text(doc, offsets, passage.start, passage.end) == passage.text
        assert offsets.to_text(offsets.to_doc(passage.start)) == passage.start


def test_typography_headings_larger_body_serif(qapp):
    source = next(s for s in bundled_sources() if any(b.kind == "heading" for b in s.blocks))
    doc, offsets = build_document(source, LIGHT, Typography())
    heading = next(b for b in source.blocks if b.kind == "heading")
    body = next(b for b in source.blocks if b.kind == "paragraph")

    def size_at(offset: int) -> float:
        cursor = QTextCursor(doc)
        cursor.setPosition(offsets.to_doc(offset) + 1)
        return cursor.charFormat().font().pointSizeF()

    assert size_at(heading.start) > size_at(body.start) * 1.1
    family = doc.defaultFont().family().lower()
    assert "serif" in family and "sans" not in family
    zoomed, _ = build_document(source, LIGHT, Typography(1.5))
    assert zoomed.defaultFont().pointSizeF() == pytest.approx(doc.defaultFont().pointSizeF() * 1.5)
