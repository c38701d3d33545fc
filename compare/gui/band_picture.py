"""The link map's last picture, kept as a pixmap, and what a new paint must redraw of it (issue 14).

Drawing the antialiased bands is nearly all of a paint, so a paint should fill
as little as it can. (With Qt's default, most of a fill's time was not the
pixels but handing its spans to Qt's GUI thread pool and waiting, each hand-off
waking a sleeping core: the app turns that off, see `app.fill_on_the_painting_thread`.)

What the map shows is described by a `Scene`: the widget's size, the device
pixel ratio, the theme, the frame (`dy`, `shift`: see `LinkMap._frame`), and the
bands and omission notches in view, each with everything its pixels depend on.
`BandPicture` keeps the pixmap of the last scene and, given a new one, redraws
only what differs:

- nothing (a window expose, a re-layout that moved nothing, `grab()`): a blit;
- a band's look, stacking, geometry, or a band or notch coming or going (a hover,
  a selection, a decision, a band scrolled into view): the pixels those bands may
  touch (their `ribbon`s) and those notches cover, repainted under a clip to just
  them: background, then every band whose ribbon meets them, bottom to top, then
  the notches;
- a scroll of both panes alike (`dy` changed, `shift` kept): the pixmap is moved by
  the scroll and the exposed strip painted (and the notches, whose hatch keeps to
  the widget), besides the above;
- anything else (size, pixel ratio, theme, one pane scrolled alone so that every
  band changed shape): all of it.

A repaint under a clip gives the pixels a whole paint gives: a clip does not
change how a pixel inside it is rasterised. A scrolled picture is exact but for
bands running out of the picture, which Qt rasterises a rounding step apart at
different positions (see `tests/gui/test_gui_link_map_picture.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from math import ceil, floor

from PySide6.QtCore import QRect, QRectF, QSize
from PySide6.QtGui import QPainter, QPixmap, QRegion

from compare.gui.band_cache import BandStyle, CachedBand
from compare.gui.theme import Theme

MARGIN = 3  # px beyond a band's control-point extent its pixels may reach (minimum height, pen, antialiasing)


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


Render = Callable[[QPainter, QRect, Scene, "QRegion | None"], None]
# paints `rect` of `scene` from nothing, under a clip; with a region, only the bands that may touch it


class BandPicture:
    """The pixmap of the last scene painted, brought up to date by repainting only what changed."""

    def __init__(self) -> None:
        self.pixmap = QPixmap()
        self.scene: Scene | None = None
        self._ribbons: dict[tuple[object, ...], QRegion] = {}  # band frame, for the scene's width and shift
        self.painted = {"full": 0, "strips": 0, "scrolls": 0}  # how each update went (tests read it)
        self.last_damage: list[QRect] = []  # what the last update repainted (rects of a region)

    def invalidate(self) -> None:
        """Forget the picture: the next `show` paints it all."""
        self.scene = None

    def show(self, scene: Scene, render: Render) -> QPixmap:
        """The picture of `scene`, repainting of the kept one only what differs from it."""
        old = self.scene
        if old is None or not old.same_base(scene) or self.pixmap.isNull():
            self._ribbons.clear()
            self._full(scene, render)
            return self.pixmap
        width, height = scene.size.width(), scene.size.height()
        damage = QRegion()
        delta = scene.dy - old.dy
        if delta:
            moved = delta * scene.dpr
            if abs(delta) >= height or moved != int(moved):
                self._full(scene, render)
                return self.pixmap
            self.pixmap.scroll(0, int(moved), self.pixmap.rect())
            damage += QRect(0, 0 if delta > 0 else int(height + delta), width, int(abs(delta)))
            for box in scene.notches.values():  # their hatch is aligned to the widget, not to the text: redrawn
                damage += _box(box, scene.dy)
            self.painted["scrolls"] += 1
        damage += _changed(old, scene)
        damage &= QRect(0, 0, width, height)
        self.last_damage = rects_of(damage)
        if not damage.isEmpty():
            painter = QPainter(self.pixmap)
            for y0, y1 in _merged([(r.top(), r.bottom() + 1) for r in self.last_damage], height):
                rect = QRect(0, y0, width, y1 - y0)
                painter.save()
                part = damage.intersected(rect)
                painter.setClipRegion(part)
                render(painter, rect, scene, part.translated(0, -int(scene.dy)))
                painter.restore()
            painter.end()
            self.painted["strips"] += 1
        self.scene = scene
        return self.pixmap

    def touches(self, drawn: DrawnBand, scene: Scene, region: QRegion) -> bool:
        """Whether the band may touch `region` (band frame): its `ribbon`, kept while its geometry is."""
        key = (drawn.pair_id, *drawn.look[:4])
        found = self._ribbons.get(key)
        if found is None:
            if len(self._ribbons) > 4 * len(scene.bands) + 64:
                self._ribbons.clear()
            found = self._ribbons[key] = ribbon(drawn.look, scene.size.width(), scene.shift, 0)
        return region.intersects(found)

    def _full(self, scene: Scene, render: Render) -> None:
        pixels = QSize(round(scene.size.width() * scene.dpr), round(scene.size.height() * scene.dpr))
        if self.pixmap.size() != pixels or self.pixmap.devicePixelRatio() != scene.dpr:
            self.pixmap = QPixmap(pixels)
            self.pixmap.setDevicePixelRatio(scene.dpr)
        painter = QPainter(self.pixmap)
        whole = QRect(0, 0, scene.size.width(), scene.size.height())
        render(painter, whole, scene, None)
        painter.end()
        self.last_damage = [whole]
        self.scene = scene
        self.painted["full"] += 1

    def blit(self, painter: QPainter, area: QRect) -> None:
        """Copy `area` (widget coordinates) of the picture onto `painter`, pixel for pixel."""
        dpr = self.pixmap.devicePixelRatio()
        painter.drawPixmap(QRectF(area), self.pixmap,
                           QRectF(area.x() * dpr, area.y() * dpr, area.width() * dpr, area.height() * dpr))


def _changed(old: Scene, new: Scene) -> QRegion:
    """Where two scenes of one frame differ (widget coordinates): around the bands that came, went
    or changed (in look or in stacking: the stacking key is part of the look, and ties are broken
    by id, so bands whose keys did not change keep their order), and the notches that came or went."""
    before = {d.pair_id: d for d in old.bands}
    width, shift, dy = new.size.width(), new.shift, new.dy
    region = QRegion()
    for drawn in new.bands:
        was = before.pop(drawn.pair_id, None)
        if was is None or was.look != drawn.look:
            region += ribbon(drawn.look, width, shift, dy)
            if was is not None and was.look[:4] != drawn.look[:4]:
                region += ribbon(was.look, width, shift, dy)
    for was in before.values():
        region += ribbon(was.look, width, shift, dy)
    for key, box in old.notches.items():
        if key not in new.notches:
            region += _box(box, dy)
    for key, box in new.notches.items():
        if key not in old.notches:
            region += _box(box, dy)
    return region


def rects_of(region: QRegion) -> list[QRect]:
    """The rects a region is made of (PySide iterates a QRegion; its type stubs do not say so)."""
    return list(region)  # type: ignore[call-overload]


def _box(box: QRectF, dy: float) -> QRect:
    """A notch's pixels (band frame to widget), with room for its edge line's antialiasing."""
    return box.translated(0, dy).toAlignedRect().adjusted(-2, -2, 2, 2)


SLAB = 4  # px: a band's damage is a column of rects this wide, each as tall as the band is there


def ribbon(look: tuple[object, ...], width: int, shift: float, dy: float) -> QRegion:
    """The pixels a band with geometry `look[:4]` (l0, l1, r0, r1) may touch, in widget coordinates
    (`dy` whole pixels; 0: the band frame).

    Its outline (`band_path`) runs between two cubic curves from the left end to the right
    one; both have their control points at x = 0, w/2, w/2, w, so x and y are monotone in the
    curve parameter and, across a vertical slab, each curve stays between its heights at the
    slab's two sides. One rect per slab, grown by `MARGIN`, covers the band, its pens and its
    antialiasing, and far less than the band's bounding rect when the band runs steeply.
    """
    l0, l1, r0, r1 = (float(v) for v in look[:4])  # type: ignore[arg-type]
    a0, b0 = l0 + 1, r0 - shift + 1
    a1, b1 = max(l1 - 1, a0 + 2), max(r1 - shift - 1, b0 + 2)
    region = QRegion()
    for x0, x1, s0, s1 in _slabs(width):
        ys = (a0 + (b0 - a0) * s0, a0 + (b0 - a0) * s1, a1 + (b1 - a1) * s0, a1 + (b1 - a1) * s1)
        top, bottom = floor(min(ys)) + int(dy) - MARGIN, ceil(max(ys)) + int(dy) + MARGIN
        region += QRect(x0 - MARGIN, top, x1 - x0 + 2 * MARGIN, bottom - top)
    return region


@lru_cache(maxsize=16)
def _slabs(width: int) -> tuple[tuple[int, int, float, float], ...]:
    """Slabs of `width` with, at each side, how far (0-1) a band's curves have come from their left
    height towards their right one (the curve's y weight 3t² - 2t³ at the t where x is that side)."""
    def weight(x: float) -> float:
        low, high = 0.0, 1.0
        for _ in range(40):  # x(t) / w = 1.5 t - 1.5 t² + t³ rises from 0 to 1: bisection
            t = (low + high) / 2
            low, high = (t, high) if 1.5 * t - 1.5 * t * t + t ** 3 < x / width else (low, t)
        t = (low + high) / 2
        return 3 * t * t - 2 * t ** 3
    sides = [*range(0, width, SLAB), width]
    return tuple((x0, x1, weight(x0), weight(x1)) for x0, x1 in pairwise(sides))


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
