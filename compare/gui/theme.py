"""Colours and fonts shared by every view, light and dark.

One place decides what "a strong link", "the selected link" or "a confirmed
link" looks like, so highlights, link-map bands, overview ticks, the pair
table and the legend always agree. Proposals are blue by strength; decisions
leave that scale: confirmed is green, rejected is grey, so a reviewed link
never reads as a merely strong one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from compare.model.locations import resource

SERIF_FAMILIES = ("Source Serif 4", "Source Serif Pro", "Charter", "Georgia", "Noto Serif",
                  "DejaVu Serif", "Liberation Serif", "Times New Roman")
MONO_FAMILIES = ("JetBrains Mono", "Source Code Pro", "DejaVu Sans Mono", "Liberation Mono", "Courier New")
SCORE_LOW, SCORE_HIGH = 25.0, 80.0
KIND_COLOURS = {"digest": "#b45309", "article": "#1d4ed8"}
OTHER_KIND_COLOUR = "#4b5563"


@dataclass(frozen=True, slots=True)
class Theme:
    """A palette for the reading surfaces; `dark` picks the dark variants."""

    dark: bool
    page: QColor
    ink: QColor
    muted: QColor
    rule: QColor
    gutter: QColor
    unmatched: QColor
    selected: QColor
    selected_soft: QColor
    active: QColor
    selected_edge: QColor
    flash: QColor
    find: QColor
    confirmed: QColor  # highlight behind a confirmed passage
    confirmed_edge: QColor  # its gutter band, tick and link-map outline
    rejected: QColor
    rejected_edge: QColor
    manual: QColor  # the hand-made marker
    stale: QColor  # "the engine no longer proposes this"

    def link_colour(self, score: float) -> QColor:
        """A linked passage's tint: one hue, weak faint and strong a little deeper, but always
        a tint. Saturated, nearly every paragraph read as one blue mass (issue 12, defect 5);
        the strong highlight is kept for the selected pair's best-matching sentence."""
        t = strength(score)
        if self.dark:
            return QColor.fromHslF(0.57, 0.2 + 0.15 * t, 0.155 + 0.055 * t)
        return QColor.fromHslF(0.57, 0.5 + 0.2 * t, 0.965 - 0.06 * t)

    def band_colour(self, score: float) -> QColor:
        """Link-map bands: the highlight's hue, a little stronger, translucent."""
        t = strength(score)
        if self.dark:
            colour = QColor.fromHslF(0.57, 0.55 + 0.2 * t, 0.34 + 0.18 * t)
        else:
            colour = QColor.fromHslF(0.57, 0.55 + 0.25 * t, 0.78 - 0.28 * t)
        colour.setAlphaF(0.2 + 0.3 * t)  # translucent: overlapping bands stay bands, not a mass
        return colour

    def relation_band(self, relation: str) -> QColor | None:
        """A band's fill by the relation the analyst gave it; None for none (then by status)."""
        hue = RELATION_HUES.get(relation)
        if hue is None:
            return None
        colour = QColor.fromHslF(hue, 0.65, 0.62 if self.dark else 0.5)
        colour.setAlphaF(0.6)
        return colour

    def status_band(self, status: str, score: float) -> QColor:
        """A link-map band's fill: by strength while proposed, by decision once reviewed."""
        if status == "confirmed":
            colour = QColor(self.confirmed_edge)
            colour.setAlphaF(0.55)
            return colour
        if status == "rejected":
            colour = QColor(self.rejected_edge)
            colour.setAlphaF(0.22)
            return colour
        return self.band_colour(score)

    def band_edge(self, score: float) -> QColor:
        colour = QColor.fromHslF(0.57, 0.6, 0.55 if self.dark else 0.45)
        colour.setAlphaF(0.35 + 0.45 * strength(score))
        return colour


# Relations by hue: agreement green, contradiction red, added detail teal, reframing violet.
RELATION_HUES = {"same event": 0.36, "agrees": 0.36, "contradicts": 0.0, "adds detail": 0.48,
                 "reframes": 0.76}


def strength(score: float) -> float:
    """Score mapped onto 0..1 over the range where scores actually fall."""
    return max(0.0, min(1.0, (score - SCORE_LOW) / (SCORE_HIGH - SCORE_LOW)))


LIGHT = Theme(dark=False, page=QColor("#fbfaf7"), ink=QColor("#1f2328"), muted=QColor("#6b7280"),
              rule=QColor("#e5e1d8"), gutter=QColor("#f3f1ec"), unmatched=QColor("#8a8275"),
              selected=QColor("#f6c35b"), selected_soft=QColor("#fcebc4"), active=QColor("#faf0d9"),
              selected_edge=QColor("#c27c12"), flash=QColor("#ff9f0a"), find=QColor("#fde68a"),
              confirmed=QColor("#d3f0d8"), confirmed_edge=QColor("#1e8e3e"), rejected=QColor("#ebe9e4"),
              rejected_edge=QColor("#8a8f98"), manual=QColor("#7c3aed"), stale=QColor("#c2410c"))
DARK = Theme(dark=True, page=QColor("#1d2024"), ink=QColor("#e6e3dc"), muted=QColor("#9aa0a6"),
             rule=QColor("#33373d"), gutter=QColor("#24282d"), unmatched=QColor("#858b94"),
             selected=QColor("#7a5416"), selected_soft=QColor("#3b3222"), active=QColor("#322c22"),
             selected_edge=QColor("#f0b44c"), flash=QColor("#f0a020"), find=QColor("#6b5a16"),
             confirmed=QColor("#1f3d29"), confirmed_edge=QColor("#4cc26e"), rejected=QColor("#2b2d31"),
             rejected_edge=QColor("#80858d"), manual=QColor("#b794f6"), stale=QColor("#fb923c"))


def system_prefers_dark() -> bool:
    """Qt 6's colour-scheme hint; an unknown scheme (offscreen, old desktops) means light."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def theme_for(choice: str) -> Theme:
    """`choice` is "light", "dark" or "system"."""
    if choice == "dark" or (choice == "system" and system_prefers_dark()):
        return DARK
    return LIGHT


def application_palette(theme: Theme) -> QPalette:
    """A Fusion palette to match the reading surface, so chrome and page belong together."""
    pal = QPalette()
    if theme.dark:
        window, base, alt, text = QColor("#25282c"), QColor("#1d2024"), QColor("#2b2f34"), QColor("#e6e3dc")
        button, highlight, disabled = QColor("#2f3338"), QColor("#3b6ea8"), QColor("#7b8087")
    else:
        window, base, alt, text = QColor("#eeece7"), QColor("#ffffff"), QColor("#f6f4ef"), QColor("#1f2328")
        button, highlight, disabled = QColor("#f4f2ee"), QColor("#2f6fb3"), QColor("#9aa0a6")
    for role, colour in ((QPalette.ColorRole.Window, window), (QPalette.ColorRole.Base, base),
                         (QPalette.ColorRole.AlternateBase, alt), (QPalette.ColorRole.Text, text),
                         (QPalette.ColorRole.WindowText, text), (QPalette.ColorRole.ButtonText, text),
                         (QPalette.ColorRole.Button, button), (QPalette.ColorRole.Highlight, highlight),
                         (QPalette.ColorRole.HighlightedText, QColor("#ffffff")),
                         (QPalette.ColorRole.ToolTipBase, base), (QPalette.ColorRole.ToolTipText, text),
                         (QPalette.ColorRole.PlaceholderText, disabled),
                         (QPalette.ColorRole.Mid, theme.rule.darker(115)),
                         (QPalette.ColorRole.Midlight, theme.rule),
                         (QPalette.ColorRole.Dark, theme.muted)):
        pal.setColor(role, colour)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return pal


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Fusion everywhere (same look on every desktop), our palette and the style sheet."""
    app.setStyle("Fusion")
    app.setPalette(application_palette(theme))
    app.setStyleSheet(style_sheet())


@cache
def style_sheet() -> str:
    """The application style sheet; it refers to palette roles, so one file serves both schemes."""
    try:
        return resource("style", "parallax.qss").read_text(encoding="utf-8")
    except OSError:
        return ""


def kind_colour(kind: str) -> QColor:
    return QColor(KIND_COLOURS.get(kind, OTHER_KIND_COLOUR))


@cache
def _first_family(candidates: tuple[str, ...]) -> str:
    available = set(QFontDatabase.families())
    return next((f for f in candidates if f in available), "")


def serif_font(point_size: float) -> QFont:
    """The reading face: a real serif when one is installed, else whatever Qt maps 'serif' to."""
    font = QFont(_first_family(SERIF_FAMILIES) or "serif")
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSizeF(point_size)
    return font


def mono_family() -> str:
    return _first_family(MONO_FAMILIES) or "monospace"
