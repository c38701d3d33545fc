"""Issue 14: the link map keeps its picture and repaints only what changed; it must show what a
paint from scratch shows.

Each test paints a fresh picture, changes one thing (a scroll, a hover, a selection, a decision,
a resize, the theme, the pixel ratio, the layout, the source shown), lets the kept picture catch
up, and compares it with the picture painted afresh (`invalidate_picture()` then `grab()`).

Exact, except after a scroll of both panes: there the kept pixels are the old ones moved, and
Qt's raster engine does not rasterise an outline that runs past the device's edge identically at
every position (a band inside the picture moves exactly; one leaving it was seen to differ near
where it leaves). A moved pixel may then differ from one painted in place by a rounding step of
its antialiasing: seen up to 2 levels of 255 on a band's edge, allowed `SCROLL_TOLERANCE`;
invisible, and it does not add up over scrolls, since every pixel is painted once and then only
moved.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPixmap
from PySide6.QtWidgets import QApplication

from compare.gui.band_picture import _merged

SCROLL_TOLERANCE = 4


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    rows = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4).astype(int)


def settle(link_map) -> None:
    QApplication.processEvents()
    link_map.repaint()


def fresh_picture(link_map) -> None:
    """Start from a picture painted whole."""
    settle(link_map)
    link_map.invalidate_picture()
    settle(link_map)


def kept_and_afresh(link_map) -> tuple[np.ndarray, np.ndarray]:
    settle(link_map)
    kept = pixels(link_map.grab().toImage())
    link_map.invalidate_picture()
    return kept, pixels(link_map.grab().toImage())


def assert_same_picture(link_map, tolerance: int = 0) -> None:
    kept, afresh = kept_and_afresh(link_map)
    assert kept.shape == afresh.shape
    worst = int(np.abs(kept - afresh).max())
    assert worst <= tolerance, f"{int((np.abs(kept - afresh).max(axis=2) > tolerance).sum())} pixels differ by {worst}"


def hover(link_map, point: QPointF) -> None:
    move = QMouseEvent(QEvent.Type.MouseMove, point, link_map.mapToGlobal(point), Qt.MouseButton.NoButton,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(link_map, move)


def lone_points(link_map) -> list[tuple[str, QPointF]]:
    """Points on band centre lines that no other band covers, one per band (the first found from
    the middle outwards: which bands cross where depends on the links the engine finds)."""
    bands = link_map.bands()
    out = []
    for _path, pl in bands:
        for share in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
            point = link_map._centres[pl.pair_id].pointAtPercent(share)
            if 20 < point.y() < link_map.height() - 20 and sum(p.contains(point) for p, _ in bands) == 1:
                out.append((pl.pair_id, point))
                break
    return out


def test_nothing_changed_is_a_blit(qtbot, window):
    link_map = window.maps[0]
    fresh_picture(link_map)
    painted = dict(link_map.picture.painted)
    link_map.repaint()
    link_map.grab()
    link_map.left.layoutChanged.emit()  # a re-layout that moved nothing
    settle(link_map)
    assert link_map.picture.painted == painted
    assert_same_picture(link_map)


def test_a_hover_repaints_two_strips_and_shows_what_a_fresh_paint_shows(qtbot, window):
    link_map = window.maps[0]
    fresh_picture(link_map)
    points = lone_points(link_map)
    assert len(points) >= 2, "the fixture needs two bands standing alone somewhere along them"
    for pair_id, point in points[:6]:  # each its own ribbon: a margin too thin would leave stale pixels
        strips = link_map.picture.painted["strips"]
        hover(link_map, point)
        link_map.repaint()
        assert link_map.hovered == pair_id
        assert link_map.picture.painted["strips"] == strips + 1
        damaged = sum(r.width() * r.height() for r in link_map.picture.last_damage)
        assert 0 < damaged < link_map.width() * link_map.height()
        assert_same_picture(link_map)
        fresh_picture(link_map)


def test_a_selection_shows_what_a_fresh_paint_shows(qtbot, window):
    link_map = window.maps[0]
    fresh_picture(link_map)
    points = lone_points(link_map)
    for pair_id, _point in points[:2]:
        full = link_map.picture.painted["full"]
        pl = link_map.cache.band(pair_id).pl
        window.selection.set(pl, [pl], origin="map")
        settle(link_map)
        assert link_map.picture.painted["full"] == full
        assert_same_picture(link_map)
        fresh_picture(link_map)
    window.selection.clear("map")
    assert_same_picture(link_map)


def test_a_decision_shows_what_a_fresh_paint_shows(qtbot, window):
    link_map = window.maps[0]
    for decide in (window.review.reviewer.confirm, window.review.reviewer.reject):
        fresh_picture(link_map)
        pair_id, point = lone_points(link_map)[0]
        before = pixels(link_map.grab().toImage())
        full = link_map.picture.painted["full"]
        decide(pair_id)
        window.review_changed(None, "")
        window.selection.clear("refresh")
        settle(link_map)
        assert link_map.picture.painted["full"] == full  # only strips were repainted
        kept = pixels(link_map.grab().toImage())
        assert (kept[int(point.y()), int(point.x())] != before[int(point.y()), int(point.x())]).any()
        assert_same_picture(link_map)


def test_a_confirmation_keeps_the_omissions_a_rejection_works_them_out_again(qtbot, window):
    link_map = window.maps[0]
    settle(link_map)
    unmatched = window.session.unmatched

    def notches() -> set[tuple[float, float]]:
        return set(link_map.cache.omissions_between(0, -1e9, 1e9)) | {
            (-y0, -y1) for y0, y1 in link_map.cache.omissions_between(1, -1e9, 1e9)}

    def expected() -> set[tuple[float, float]]:
        return {link_map.left.span_y(p.start, p.end) for p in unmatched(0)} | {
            (-a, -b) for a, b in (link_map.right.span_y(p.start, p.end) for p in unmatched(1))}

    pair_id, _point = lone_points(link_map)[0]
    rebuilt, worked_out = link_map.cache.rebuilds["links"], link_map.cache.rebuilds["omissions"]
    window.review.reviewer.confirm(pair_id)
    window.review_changed(None, "")
    settle(link_map)
    assert link_map.cache.rebuilds["links"] > rebuilt  # the links were read again...
    assert link_map.cache.rebuilds["omissions"] == worked_out  # ...no one rejected or moved: kept
    assert notches() == expected()
    window.review.reviewer.reject(pair_id)
    window.review_changed(None, "")
    settle(link_map)
    assert link_map.cache.rebuilds["omissions"] > worked_out
    assert notches() == expected()
    assert_same_picture(link_map)


def test_a_scroll_of_both_panes_moves_the_picture_and_paints_the_rest(qtbot, window):
    window.set_scroll_lock(False)  # the test moves both panes alike itself
    link_map = window.maps[0]
    left, right = link_map.left, link_map.right
    left.set_scroll_y(left.max_scroll() * 0.2)
    right.set_scroll_y(right.max_scroll() * 0.2)
    fresh_picture(link_map)
    for step in (30, 30, -45, 7, 120, -3):
        scrolls, full = link_map.picture.painted["scrolls"], link_map.picture.painted["full"]
        frame = link_map._frame()
        left.set_scroll_y(left.scroll_y() + step)
        right.set_scroll_y(right.scroll_y() + step)
        settle(link_map)
        assert link_map._frame()[1] == frame[1] and link_map._frame()[0] == frame[0] - step
        assert link_map.picture.painted["scrolls"] == scrolls + 1
        assert link_map.picture.painted["full"] == full
    assert_same_picture(link_map, SCROLL_TOLERANCE)


def test_a_scroll_of_one_pane_shows_what_a_fresh_paint_shows(qtbot, window):
    window.set_scroll_lock(False)
    link_map = window.maps[0]
    fresh_picture(link_map)
    for step in (40, -25):
        link_map.right.set_scroll_y(link_map.right.scroll_y() + step)
        assert_same_picture(link_map)


def test_a_resize_a_theme_and_a_zoom_show_what_a_fresh_paint_shows(qtbot, window):
    link_map = window.maps[0]
    fresh_picture(link_map)
    window.resize(1100, 700)
    settle(link_map)
    assert link_map.picture.pixmap.height() == link_map.height()
    assert_same_picture(link_map)
    window.set_theme("dark")
    settle(link_map)
    gutter = QColor(link_map.grab().toImage().pixel(2, 2))
    assert gutter.rgb() == QColor(link_map.left.theme.gutter).rgb()
    assert_same_picture(link_map)
    window.set_zoom(1.3)
    assert_same_picture(link_map)


def test_hiding_the_notches_shows_what_a_fresh_paint_shows(qtbot, window):
    link_map = window.maps[0]
    fresh_picture(link_map)
    assert link_map.scene().notches, "the fixture needs a passage without counterpart in view"
    full = link_map.picture.painted["full"]
    toggle = window.commands.show_unmatched
    assert toggle.isChecked()
    toggle.trigger()
    settle(link_map)
    assert not link_map.scene().notches
    assert link_map.picture.painted["full"] > full
    assert_same_picture(link_map)
    toggle.trigger()
    assert_same_picture(link_map)
    assert link_map.scene().notches


def test_a_narrower_map_in_three_panes_shows_what_a_fresh_paint_shows(qtbot, three_panes):
    link_map = three_panes.maps[1]
    fresh_picture(link_map)
    link_map.setFixedWidth(link_map.width() - 8)
    settle(link_map)
    assert link_map.picture.pixmap.width() == link_map.width()
    assert_same_picture(link_map)


def test_another_pixel_ratio_gets_its_own_picture(qtbot, window):
    link_map = window.maps[0]
    fresh_picture(link_map)
    sharp = QPixmap(link_map.size() * 2)
    sharp.setDevicePixelRatio(2.0)
    link_map.render(sharp)
    assert link_map.picture.pixmap.devicePixelRatio() == 2.0
    assert link_map.picture.pixmap.size() == link_map.size() * 2
    link_map.invalidate_picture()
    again = QPixmap(link_map.size() * 2)
    again.setDevicePixelRatio(2.0)
    link_map.render(again)
    assert (pixels(sharp.toImage()) == pixels(again.toImage())).all()
    settle(link_map)  # back on the screen's ratio
    assert link_map.picture.pixmap.devicePixelRatio() == link_map.devicePixelRatioF()
    assert_same_picture(link_map)


def test_a_replaced_source_shows_what_a_fresh_paint_shows(qtbot, window, show_third):
    link_map = window.maps[0]
    fresh_picture(link_map)
    show_third(window)
    settle(link_map)
    assert set(link_map.drawn) <= {pl.pair_id for pl in window.session.pair_links(0)}
    assert_same_picture(link_map)


def test_hits_follow_the_drawn_picture_after_scrolls(qtbot, window):
    """Where the picture shows no band, nothing is hit; well inside a band, that band's link is."""
    window.set_scroll_lock(False)
    link_map = window.maps[0]
    left, right = link_map.left, link_map.right
    gutter = QColor(link_map.left.theme.gutter).rgb()
    checked = {"inside": 0, "outside": 0}
    for lf, rf in ((0.1, 0.1), (0.35, 0.3), (0.2, 0.45)):
        left.set_scroll_y(left.max_scroll() * lf)
        right.set_scroll_y(right.max_scroll() * rf)
        settle(link_map)
        for step in (25, 25):
            left.set_scroll_y(left.scroll_y() + step)
            right.set_scroll_y(right.scroll_y() + step)
            settle(link_map)
        image = link_map.grab().toImage()
        outlines = [path for path, _pl in link_map.bands()]
        for x in range(10, link_map.width() - 10, 6):
            for y in range(4, link_map.height() - 4, 9):
                point, around = QPointF(x + 0.5, y + 0.5), QRectF(x - 2, y - 2, 5, 5)
                hit = link_map.link_at(point)
                if not any(path.intersects(around) for path in outlines):
                    assert hit is None
                    assert QColor(image.pixel(x, y)).rgb() == gutter
                    checked["outside"] += 1
                elif any(path.contains(around) for path in outlines):
                    assert hit is not None
                    assert QColor(image.pixel(x, y)).rgb() != gutter
                    checked["inside"] += 1
    assert checked["inside"] > 50 and checked["outside"] > 50, checked


strips = st.lists(st.tuples(st.floats(-50, 950), st.floats(0, 300)).map(lambda t: (t[0], t[0] + t[1])), max_size=12)


@given(strips, st.integers(1, 900))
def test_merged_strips_cover_exactly_the_whole_pixels_of_the_strips(items, height):
    merged = _merged(items, height)
    covered = {y for y0, y1 in merged for y in range(y0, y1)}
    wanted = {y for y0, y1 in items for y in range(height) if y + 1 > y0 and y < y1}
    assert covered == wanted
    assert all(a[1] < b[0] for a, b in pairwise(merged))  # disjoint, apart, in order
