"""The link map's last picture, kept as a pixmap, and what a new paint must redraw of it (issue 14).

Drawing the antialiased bands is nearly all of a paint, and most of that is not
the pixels but the raster engine handing the spans of each fill to Qt's GUI
thread pool and waiting for it: on an idle machine every such hand-off wakes a
sleeping core. So a paint should fill as little as it can.

What the map shows is described by a `Scene`: the widget's size, the device
pixel ratio, the theme, the frame (`dy`, `shift`: see `LinkMap._frame`), and the
bands and omission notches in view, each with everything its pixels depend on.
`BandPicture` keeps the pixmap of the last scene and, given a new one, redraws
only what differs:

- nothing (a window expose, a re-layout that moved nothing, `grab()`): a blit;
- a band's look, stacking, geometry, or a band or notch coming or going (a hover,
  a selection, a decision, a band scrolled into view): the horizontal strips those
  bands and notches cover, each repainted whole (background, then every band that
  meets it, bottom to top, then the notches) under a clip;
- a scroll of both panes alike (`dy` changed, `shift` kept): the pixmap is moved by
  the scroll and only the exposed strip is painted, besides the above;
- anything else (size, pixel ratio, theme, one pane scrolled alone so that every
  band changed shape): all of it.

A strip is painted exactly as the whole picture would paint those pixels: the
bands sit at whole-pixel translations and a clip does not change how a pixel
inside it is rasterised (tests compare the kept picture with one painted from
scratch).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QRect, QRectF, QSize
from PySide6.QtGui import QPainter, QPixmap

from compare.gui.band_cache import BandStyle, CachedBand
from compare.gui.theme import Theme

MARGIN = 6  # px beyond a band's control-point extent its pixels may reach (minimum height, pen, antialiasing)


@dataclass(frozen=True, slots=True)
class DrawnBand:
    """One band as the picture shows it: what to draw, and the facts its pixels depend on."""

    band: CachedBand
    style: BandStyle
    look: tuple[object, ...]  # geometry, style, decorations and stacking key: any change repaints the band
    top: float  # its extent in the band frame (the left document's coordinates)
    bottom: float

    @property
    def pair_id(self) -> str:
        return self.band.pair_id


@dataclass(slots=True)
class Scene:
    """Everything the map's pixels depend on (`dy` is in whole pixels for a widget: see `LinkMap._frame`)."""

    size: QSize
    dpr: float
    theme: Theme
    shown_notches: tuple[bool, bool]  # each view's `show_unmatched`
    dy: float
    shift: float
    bands: list[DrawnBand] = field(default_factory=list)  # bottom to top
    notches: dict[tuple[int, float, float], QRectF] = field(default_factory=dict)
    # (side, y0, y1) in document coordinates -> where it is drawn, in the band frame

    def same_base(self, other: Scene) -> bool:
        """Whether the two share what, when it changes, changes every pixel (the theme by identity)."""
        return (self.theme is other.theme and self.size == other.size and self.dpr == other.dpr
                and self.shown_notches == other.shown_notches and self.shift == other.shift)


Render = Callable[[QPainter, QRect, Scene], None]  # paints `rect` of `scene` from nothing, under a clip


class BandPicture:
    """The pixmap of the last scene painted, brought up to date by repainting only what changed."""

    def __init__(self) -> None:
        self.pixmap = QPixmap()
        self.scene: Scene | None = None
        self.painted = {"full": 0, "strips": 0, "scrolls": 0}  # how each update went (tests read it)
        self.last_damage: list[QRect] = []  # the strips the last update repainted

    def invalidate(self) -> None:
        """Forget the picture: the next `show` paints it all."""
        self.scene = None

    def show(self, scene: Scene, render: Render) -> QPixmap:
        """The picture of `scene`, repainting of the kept one only what differs from it."""
        old = self.scene
        if old is None or not old.same_base(scene) or self.pixmap.isNull():
            self._full(scene, render)
            return self.pixmap
        height = scene.size.height()
        strips: list[tuple[float, float]] = []  # whole-width damage, widget coordinates
        boxes: list[QRectF] = []  # notch-sized damage, band frame
        delta = scene.dy - old.dy
        if delta:
            moved = delta * scene.dpr
            if abs(delta) >= height or moved != int(moved):
                self._full(scene, render)
                return self.pixmap
            self.pixmap.scroll(0, int(moved), self.pixmap.rect())
            strips.append((0, delta) if delta > 0 else (height + delta, height))
            boxes += scene.notches.values()  # their hatch is aligned to the widget, not to the text: redrawn
            self.painted["scrolls"] += 1
        bands, notches = _changed(old, scene)
        strips += [(top + scene.dy - MARGIN, bottom + scene.dy + MARGIN) for top, bottom in bands]
        damage = [QRect(0, y0, scene.size.width(), y1 - y0) for y0, y1 in _merged(strips, height)]
        for box in boxes + notches:
            rect = box.translated(0, scene.dy).toAlignedRect().adjusted(-2, -2, 2, 2).intersected(
                QRect(0, 0, scene.size.width(), height))
            if not rect.isEmpty() and not any(strip.contains(rect) for strip in damage):
                damage.append(rect)
        self.last_damage = damage
        if damage:
            painter = QPainter(self.pixmap)
            for rect in damage:
                painter.save()
                painter.setClipRect(rect)
                render(painter, rect, scene)
                painter.restore()
            painter.end()
            self.painted["strips"] += 1
        self.scene = scene
        return self.pixmap

    def _full(self, scene: Scene, render: Render) -> None:
        pixels = QSize(round(scene.size.width() * scene.dpr), round(scene.size.height() * scene.dpr))
        if self.pixmap.size() != pixels or self.pixmap.devicePixelRatio() != scene.dpr:
            self.pixmap = QPixmap(pixels)
            self.pixmap.setDevicePixelRatio(scene.dpr)
        painter = QPainter(self.pixmap)
        whole = QRect(0, 0, scene.size.width(), scene.size.height())
        render(painter, whole, scene)
        painter.end()
        self.last_damage = [whole]
        self.scene = scene
        self.painted["full"] += 1

    def blit(self, painter: QPainter, area: QRect) -> None:
        """Copy `area` (widget coordinates) of the picture onto `painter`, pixel for pixel."""
        dpr = self.pixmap.devicePixelRatio()
        painter.drawPixmap(QRectF(area), self.pixmap,
                           QRectF(area.x() * dpr, area.y() * dpr, area.width() * dpr, area.height() * dpr))


def _changed(old: Scene, new: Scene) -> tuple[list[tuple[float, float]], list[QRectF]]:
    """What differs between two scenes of one frame, in the band frame: the extents of the bands that
    came, went or changed (in look or in stacking: the stacking key is part of the look, and ties
    are broken by id, so bands whose keys did not change keep their order), and the rects of the
    notches that came or went."""
    before = {d.pair_id: d for d in old.bands}
    bands = []
    for drawn in new.bands:
        was = before.pop(drawn.pair_id, None)
        if was is None or was.look != drawn.look:
            bands.append((drawn.top, drawn.bottom))
            if was is not None:
                bands.append((was.top, was.bottom))
    bands += [(d.top, d.bottom) for d in before.values()]
    notches = [rect for key, rect in old.notches.items() if key not in new.notches]
    notches += [rect for key, rect in new.notches.items() if key not in old.notches]
    return bands, notches


def _merged(strips: list[tuple[float, float]], height: int) -> list[tuple[int, int]]:
    """Whole-pixel strips within [0, height), overlapping or touching ones joined."""
    spans = sorted((max(0, int(y0 // 1)), min(height, -int(-y1 // 1))) for y0, y1 in strips)
    out: list[tuple[int, int]] = []
    for y0, y1 in spans:
        if y1 <= y0:
            continue
        if out and y0 <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], y1))
        else:
            out.append((y0, y1))
    return out
