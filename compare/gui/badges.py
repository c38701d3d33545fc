"""Kind badges and citation tooltips: how a source is named wherever it appears.

A digest is Parallax's own retelling; wherever its title is shown, its kind
and its references travel with it, so nobody mistakes it for an original.
"""

from __future__ import annotations

import html
from functools import cache

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPixmap

from compare.gui.theme import kind_colour
from compare.model.records import SourceMeta

BADGE_HEIGHT = 16


def kind_label(kind: str) -> str:
    return (kind or "source").upper()


def badge_font() -> QFont:
    font = QFont()
    font.setPointSizeF(7.0)
    font.setBold(True)
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
    return font


def badge_width(kind: str) -> int:
    return QFontMetrics(badge_font()).horizontalAdvance(kind_label(kind)) + 12


def paint_badge(painter: QPainter, rect: QRect | QRectF, kind: str) -> None:
    """A filled pill with the kind in small capitals, white on the kind's colour."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(kind_colour(kind))
    r = QRectF(rect)
    painter.drawRoundedRect(r, r.height() / 2, r.height() / 2)
    painter.setPen(QColor("#ffffff"))
    painter.setFont(badge_font())
    painter.drawText(r, Qt.AlignmentFlag.AlignCenter, kind_label(kind))
    painter.restore()


@cache
def kind_icon(kind: str, ratio: float = 2.0) -> QIcon:
    """The badge as an icon, for combo boxes and table cells (size: `badge_size`)."""
    w, h = badge_width(kind), BADGE_HEIGHT
    pix = QPixmap(int(w * ratio), int(h * ratio))
    pix.setDevicePixelRatio(ratio)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    paint_badge(painter, QRectF(0.5, 1.5, w - 1, h - 3), kind)
    painter.end()
    return QIcon(pix)


def byline(meta: SourceMeta) -> str:
    """Author · outlet · date, whichever are known."""
    return " · ".join(p for p in (meta.author, meta.outlet, meta.published) if p)


def source_tooltip(meta: SourceMeta) -> str:
    """Rich tooltip: citation, the digest warning and its references, the note."""
    # Title and byline on lines of their own: side by side in rich text they ran together.
    parts = [f"<p><b>{html.escape(meta.title)}</b>"
             + (f"<br>{html.escape(byline(meta))}" if byline(meta) else "") + "</p>"]
    if meta.is_digest:
        parts.append("<p><b style='color:#b45309'>DIGEST</b> — Parallax's own retelling of the reports "
                     "below, not an original account.</p>")
    elif meta.kind:
        parts.append(f"<p>Kind: {html.escape(meta.kind)}</p>")
    if meta.note:
        parts.append(f"<p><i>{html.escape(meta.note)}</i></p>")
    if meta.references:
        items = "".join(f"<li>{html.escape(reference_line(r.title, r.outlet, r.date))}</li>"
                        for r in meta.references)
        parts.append(f"<p><b>References ({len(meta.references)})</b></p><ol>{items}</ol>")
    if meta.url:
        parts.append(f"<p style='color:gray'>{html.escape(meta.url)}</p>")
    return "<qt>" + "".join(p for p in parts if p) + "</qt>"


def menu_text(text: str) -> str:
    """A document's words (a title, a path) as a menu item's text: "&" doubled, or Qt reads it as a
    mnemonic ("Q&A" showed "QA")."""
    return text.replace("&", "&&")


def reference_line(title: str, outlet: str, date: str) -> str:
    tail = ", ".join(p for p in (outlet, date) if p)
    return f"{title} ({tail})" if tail else title


def titled(meta: SourceMeta) -> str:
    """“Title”, with the kind when it is not an article: how prose names a source."""
    kind = "" if meta.kind == "article" else f" ({meta.kind})"
    return f"“{meta.title}”{kind}"
