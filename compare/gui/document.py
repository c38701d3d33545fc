"""A source's canonical text as a styled QTextDocument, offsets kept exact.

The text goes in verbatim with one `insertText`; every "\\n" becomes a block
separator that occupies one position, so a document position is a canonical
offset. Only Qt's UTF-16 counting differs (characters beyond the BMP take two
positions), which `OffsetMap` converts. Styling touches formats, never text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from compare.gui.theme import Theme, mono_family, serif_font
from compare.model.records import Block, Source

BODY_POINT_SIZE = 12.5
LINE_HEIGHT_PERCENT = 150
HEADING_SCALE = {1: 1.55, 2: 1.3, 3: 1.15}
SEPARATOR_HEIGHT = 10  # px: the empty block between two text blocks
LIST_INDENT = 22  # px per list level
ZOOM_STEPS = (0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6, 1.8, 2.0)  # zoom in/out walks these
# Characters QTextCursor.insertText would treat as block or frame breaks beyond "\n"
# ("\r\n" would even collapse to one position): replaced one-for-one for display.
_BREAKERS = str.maketrans({"\r": " ", "\u2029": "\u2028", "\ufdd0": " ", "\ufdd1": " ", "\ufdec": " "})


class OffsetMap:
    """Canonical (code point) offsets <-> document (UTF-16) positions."""

    def __init__(self, text: str) -> None:
        self._wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self.length = len(text)

    def to_doc(self, offset: int) -> int:
        return offset + (bisect_right(self._wide, offset - 1) if self._wide else 0)

    def to_text(self, position: int) -> int:
        if not self._wide:
            return position
        lo, hi = 0, self.length  # smallest offset whose doc position is >= position
        while lo < hi:
            mid = (lo + hi) // 2
            if self.to_doc(mid) < position:
                lo = mid + 1
            else:
                hi = mid
        return lo


@dataclass(frozen=True, slots=True)
class Typography:
    """Sizes that zoom scales together."""

    zoom: float = 1.0

    @property
    def body_size(self) -> float:
        return BODY_POINT_SIZE * self.zoom

    def stepped(self, direction: int) -> Typography:
        """One zoom step in (+1) or out (-1) from the nearest step, or actual size (0); clamped at the ends."""
        steps = list(ZOOM_STEPS)
        current = min(range(len(steps)), key=lambda i: abs(steps[i] - self.zoom))
        index = steps.index(1.0) if direction == 0 else max(0, min(len(steps) - 1, current + direction))
        return Typography(steps[index])


def build_document(source: Source, theme: Theme, typography: Typography,
                   parent=None) -> tuple[QTextDocument, OffsetMap]:
    """Render `source` into a new document and return it with its offset map."""
    doc = QTextDocument(parent)
    doc.setUndoRedoEnabled(False)
    body = serif_font(typography.body_size)
    doc.setDefaultFont(body)
    cursor = QTextCursor(doc)
    base = QTextCharFormat()
    base.setFont(body)
    base.setForeground(theme.ink)
    cursor.insertText(source.text.translate(_BREAKERS), base)
    offsets = OffsetMap(source.text)
    if doc.characterCount() - 1 != offsets.to_doc(len(source.text)):
        raise AssertionError(f"{source.id}: document length differs from the canonical text")
    _style_blocks(doc, source.blocks, offsets, theme, typography)
    return doc, offsets


def _style_blocks(doc: QTextDocument, blocks: Sequence[Block], offsets: OffsetMap, theme: Theme,
                  typography: Typography) -> None:
    covered: set[int] = set()
    cursor = QTextCursor(doc)
    for block in blocks:
        first = doc.findBlock(offsets.to_doc(block.start - len(block.marker)))
        qblock = first
        end = offsets.to_doc(block.end)
        while qblock.isValid() and qblock.position() <= end:
            covered.add(qblock.blockNumber())
            cursor.setPosition(qblock.position())
            cursor.setBlockFormat(_block_format(block, qblock == first))
            qblock = qblock.next()
        _style_chars(cursor, block, offsets, theme, typography)
    separator = QTextBlockFormat()
    fixed = QTextBlockFormat.LineHeightTypes.FixedHeight.value
    separator.setLineHeight(SEPARATOR_HEIGHT * typography.zoom, fixed)
    qblock = doc.begin()
    while qblock.isValid():
        if qblock.blockNumber() not in covered:
            cursor.setPosition(qblock.position())
            cursor.setBlockFormat(separator)
        qblock = qblock.next()


def _block_format(block: Block, first_line: bool) -> QTextBlockFormat:
    fmt = QTextBlockFormat()
    fmt.setLineHeight(LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    if block.kind == "heading":
        fmt.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        fmt.setTopMargin(14 if first_line else 0)
        fmt.setHeadingLevel(block.level)
    elif block.kind == "item":
        indent = LIST_INDENT * max(1, block.level)
        fmt.setLeftMargin(indent)
        if first_line and block.marker:
            fmt.setTextIndent(-LIST_INDENT)
    elif block.kind == "quote":
        fmt.setLeftMargin(LIST_INDENT * 1.5)
        fmt.setRightMargin(LIST_INDENT)
    elif block.kind == "code":
        fmt.setLineHeight(120, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        fmt.setNonBreakableLines(True)
    return fmt


def _style_chars(cursor: QTextCursor, block: Block, offsets: OffsetMap, theme: Theme,
                 typography: Typography) -> None:
    def span(start: int, end: int, fmt: QTextCharFormat) -> None:
        cursor.setPosition(offsets.to_doc(start))
        cursor.setPosition(offsets.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)

    if block.kind == "heading":
        fmt = QTextCharFormat()
        fmt.setFontPointSize(typography.body_size * HEADING_SCALE.get(block.level, 1.05))
        fmt.setFontWeight(QFont.Weight.Bold)
        span(block.start, block.end, fmt)
    elif block.kind == "quote":
        fmt = QTextCharFormat()
        fmt.setFontItalic(True)
        fmt.setForeground(theme.muted if not theme.dark else theme.ink.darker(115))
        span(block.start, block.end, fmt)
    elif block.kind == "code":
        fmt = QTextCharFormat()
        fmt.setFontFamilies([mono_family()])
        fmt.setFontPointSize(typography.body_size * 0.85)
        span(block.start, block.end, fmt)
    if block.marker:
        fmt = QTextCharFormat()
        fmt.setForeground(theme.muted)
        span(block.start - len(block.marker), block.start, fmt)
    for start, end, style in block.marks:
        span(block.start + start, block.start + end, _mark_format(style, theme, typography))


def _mark_format(style: str, theme: Theme, typography: Typography) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if style == "em":
        fmt.setFontItalic(True)
    elif style == "strong":
        fmt.setFontWeight(QFont.Weight.Bold)
    elif style == "code":
        fmt.setFontFamilies([mono_family()])
        fmt.setFontPointSize(typography.body_size * 0.88)
    elif style == "link":
        # Drawn as a link, but with no anchor: nothing in a pane can open the web.
        fmt.setForeground(QColor("#6ea8fe") if theme.dark else QColor("#1d4ed8"))
        fmt.setFontUnderline(True)
    return fmt
