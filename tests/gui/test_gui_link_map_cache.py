"""Issue 14: the link map keeps band geometry and styles between paints, and never shows stale ones.

Each test changes one thing the bands depend on (a decision, the scroll, the
layout, the width, the theme, the source shown) and checks that what is drawn
and what a click hits follow it, and that what did not change was kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from compare.gui.band_cache import _SideIndex
from compare.gui.theme import DARK

T = TypeVar("T")
THIRD = "wire-chronology"  # the third bundled account the fixtures align


def _overlaps(span: tuple[float, float], top: float, bottom: float) -> bool:
    return span[1] > top and span[0] < bottom


def expected_in_view(link_map) -> set[str]:
    """Worked out afresh: links of the pair with a side's passage inside its pane's viewport."""
    left, right = link_map.left, link_map.right
    lt, rt = left.scroll_y(), right.scroll_y()
    return {pl.pair_id for pl in link_map.session.pair_links(link_map.pair)
            if _overlaps(left.span_y(pl.link.left.start, pl.link.left.end), lt, lt + left.viewport().height())
            or _overlaps(right.span_y(pl.link.right.start, pl.link.right.end), rt, rt + right.viewport().height())}


def lone_band(link_map) -> tuple[str, QPointF]:
    """A band in view and a point on its centre line that no other band covers."""
    bands = link_map.bands()
    for _path, pl in bands:
        for t in (0.5, 0.4, 0.6, 0.3, 0.7):
            point = link_map._centres[pl.pair_id].pointAtPercent(t)
            if 40 < point.y() < link_map.height() - 40 and sum(p.contains(point) for p, _ in bands) == 1:
                return pl.pair_id, point
    raise AssertionError("no band in view stands alone at its middle")


def scrolled_to(link_map, find: Callable[[Any], T], fractions: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)) -> T:
    """Scroll both panes together until `find` finds what a test needs in view (it raises AssertionError
    where it does not): which bands stand alone depends on the links the engine finds."""
    left, right = link_map.left, link_map.right
    for fraction in fractions:
        left.set_scroll_y(left.max_scroll() * fraction)
        right.set_scroll_y(right.max_scroll() * fraction)
        settle(link_map)
        try:
            return find(link_map)
        except AssertionError:
            continue
    raise AssertionError(f"no scroll position shows what {find.__name__} looks for")


def single_link_band(link_map) -> str:
    """A band in view whose left passage has no other link in the pane (not rejected)."""
    links = link_map.session.links_of_pane(0)
    only = [pid for pid in link_map.drawn
            if sum(1 for pl in links if not pl.rejected
                   and pl.side(0) == link_map.cache.band(pid).pl.link.left) == 1]
    assert only, "the test needs a passage in view with a single link"
    return only[0]


def pixel(link_map, point: QPointF) -> QColor:
    return QColor(link_map.grab().toImage().pixel(int(point.x()), int(point.y())))


def settle(link_map) -> None:
    QApplication.processEvents()
    link_map.repaint()


def test_the_bands_drawn_are_those_in_view_wherever_the_panes_are(qtbot, window):
    link_map = window.maps[0]
    left, right = link_map.left, link_map.right
    seen = 0
    for lf, rf in ((0.0, 0.0), (0.3, 0.3), (0.5, 0.1), (0.1, 0.6), (1.0, 1.0), (0.7, 0.2)):
        left.set_scroll_y(left.max_scroll() * lf)
        right.set_scroll_y(right.max_scroll() * rf)
        settle(link_map)
        assert set(link_map.drawn) == expected_in_view(link_map)
        assert len(link_map.drawn) == len(set(link_map.drawn))
        seen += bool(link_map.drawn)
    assert seen >= 3, "most positions must show some bands, or the test proves nothing"


def test_a_decision_restyles_its_band_and_keeps_every_other_outline(qtbot, window):
    link_map = window.maps[0]
    pair_id, point = lone_band(link_map)
    before = pixel(link_map, point)
    others = {pid: link_map.cache.band(pid) for pid in link_map.drawn if pid != pair_id}
    outlines = {pid: band.path(float(link_map.width()), link_map._frame()[1]) for pid, band in others.items()}
    rebuilt = link_map.cache.rebuilds["links"]
    window.review.reviewer.confirm(pair_id)
    window.review_changed(None, "")
    window.selection.clear("refresh")
    settle(link_map)
    assert link_map.cache.rebuilds["links"] == rebuilt + 1
    after = pixel(link_map, point)
    assert after.rgb() != before.rgb()
    assert after.green() > after.blue(), after.name()  # confirmed bands are green
    style = link_map.styles.for_theme(window.theme).style(link_map.cache.band(pair_id).pl, chosen=False,
                                                          active=False, hovered=False)
    assert style.pen.color() == window.theme.confirmed_edge
    for pid, band in others.items():
        assert link_map.cache.band(pid) is band  # placed and outlined once, kept
        assert band.path(float(link_map.width()), link_map._frame()[1]) is outlines[pid]


def test_a_scroll_of_both_panes_moves_the_hits_and_keeps_the_outlines(qtbot, window):
    window.set_scroll_lock(False)  # the test moves each pane itself
    link_map = window.maps[0]
    left, right = link_map.left, link_map.right
    pair_id, point = scrolled_to(link_map, lone_band, (0.2, 0.1, 0.3, 0.4, 0.05, 0.5))  # inside both panes
    band = link_map.cache.band(pair_id)
    outline = band.path(float(link_map.width()), link_map._frame()[1])
    was = (left.scroll_y(), right.scroll_y())
    left.set_scroll_y(was[0] + 30)
    right.set_scroll_y(was[1] + 30)
    settle(link_map)
    assert (left.scroll_y(), right.scroll_y()) == (was[0] + 30, was[1] + 30)
    moved = QPointF(point.x(), point.y() - 30)
    hit = link_map.link_at(moved)
    assert hit is not None and hit.pair_id == pair_id
    assert band.path(float(link_map.width()), link_map._frame()[1]) is outline  # only translated
    assert pixel(link_map, moved).rgb() == pixel(link_map, moved).rgb() != QColor(window.theme.gutter).rgb()


def test_a_scroll_of_one_pane_reshapes_the_bands(qtbot, window):
    window.set_scroll_lock(False)
    link_map = window.maps[0]
    pair_id, point = lone_band(link_map)
    band = link_map.cache.band(pair_id)
    w = float(link_map.width())
    outline = band.path(w, link_map._frame()[1])
    right = link_map.right
    right.set_scroll_y(right.scroll_y() + 40)
    settle(link_map)
    reshaped = band.path(w, link_map._frame()[1])
    assert reshaped is not outline
    # The right end rose 40 px, the left stayed: the band's middle rose by half of that.
    assert abs(reshaped.pointAtPercent(0.0).y() - outline.pointAtPercent(0.0).y()) < 0.01
    link_map.bands()
    middle = link_map._centres[pair_id].pointAtPercent(0.5)
    assert abs(middle.y() - (point.y() - 20)) < 1.0
    hit = link_map.link_at(middle)
    assert hit is not None and hit.pair_id == pair_id


def test_a_new_layout_places_the_bands_again(qtbot, window):
    link_map = window.maps[0]
    settle(link_map)
    relaid = link_map.cache.rebuilds["layout"]
    window.set_zoom(1.4)
    settle(link_map)
    assert link_map.cache.rebuilds["layout"] > relaid
    left, right = link_map.left, link_map.right
    for pair_id in link_map.drawn:
        band = link_map.cache.band(pair_id)
        link = band.pl.link
        assert (band.l0, band.l1) == left.span_y(link.left.start, link.left.end)
        assert (band.r0, band.r1) == right.span_y(link.right.start, link.right.end)
    assert set(link_map.drawn) == expected_in_view(link_map)


def test_a_narrower_map_builds_outlines_for_its_width(qtbot, three_panes):
    link_map = three_panes.maps[0]
    settle(link_map)
    pair_id, _point = lone_band(link_map)
    band = link_map.cache.band(pair_id)
    assert band.path(float(link_map.width()), link_map._frame()[1]).boundingRect().right() <= link_map.width()
    link_map.setFixedWidth(link_map.width() + 20)
    settle(link_map)
    assert band.path(float(link_map.width()), link_map._frame()[1]).boundingRect().right() == link_map.width()
    pair_id2, point2 = lone_band(link_map)
    hit = link_map.link_at(point2)
    assert hit is not None and hit.pair_id == pair_id2


def test_a_theme_switch_recolours_the_bands(qtbot, window):
    link_map = window.maps[0]
    _pair_id, point = lone_band(link_map)
    light = pixel(link_map, point)
    window.set_theme("dark")
    settle(link_map)
    assert link_map.styles.for_theme(link_map.left.theme).theme is DARK
    _pair_id, point = lone_band(link_map)
    dark = pixel(link_map, point)
    assert dark.lightness() < light.lightness() - 60, (light.name(), dark.name())
    gutter = QColor(link_map.grab().toImage().pixel(2, 2))
    assert gutter.rgb() == QColor(DARK.gutter).rgb()


def test_no_band_of_a_replaced_source_is_left(qtbot, window):
    link_map = window.maps[0]
    old = set(link_map.drawn) | set(link_map.cache.bands)
    assert old
    window.set_pane_source(1, THIRD)
    with qtbot.waitSignal(window.alignmentFinished, timeout=60_000, raising=False):
        pass
    link_map = window.maps[0]
    settle(link_map)
    shown = {pl.pair_id for pl in window.session.pair_links(0)}
    assert set(link_map.cache.bands) == shown
    assert not old & set(link_map.cache.bands)
    assert set(link_map.drawn) == expected_in_view(link_map)


def test_the_cache_follows_a_source_swapped_under_a_live_map(qtbot, window, show_third):
    """Even without the row rebuilding its maps, a map asked to paint reads the new source's links."""
    link_map = window.maps[0]
    settle(link_map)
    old = set(link_map.cache.bands)
    show_third(window)
    settle(link_map)
    assert set(link_map.cache.bands) == {pl.pair_id for pl in window.session.pair_links(0)}
    assert not old & set(link_map.cache.bands)
    gaps = {(y0, y1) for y0, y1 in link_map.cache.omissions_between(1, -1e9, 1e9)}
    view, session = window.panes[1].view, window.session
    assert gaps == {view.span_y(p.start, p.end) for p in session.unmatched(1)}


def test_a_rejection_adds_its_omission_notch(qtbot, window):
    """Rejecting the only link of a passage leaves it without counterpart: a notch appears beside it."""
    window.set_scroll_lock(False)
    link_map = window.maps[0]
    only = scrolled_to(link_map, single_link_band)
    side = link_map.cache.band(only).pl.link.left
    notch = link_map.left.span_y(side.start, side.end)
    assert notch not in link_map.cache.omissions_between(0, -1e9, 1e9)
    window.review.reviewer.reject(only)
    window.review_changed(None, "")
    settle(link_map)
    assert notch in link_map.cache.omissions_between(0, -1e9, 1e9)


spans = st.lists(st.tuples(st.floats(0, 1000), st.floats(0, 200)).map(lambda t: (t[0], t[0] + t[1])), max_size=40)


@given(spans, st.floats(-100, 1100), st.floats(0, 400))
def test_the_side_index_finds_exactly_what_meets_a_range(items, top, height):
    index = _SideIndex([(a, b, n) for n, (a, b) in enumerate(items)])
    found = {n for _, _, n in index.meeting(top, top + height)}
    assert found == {n for n, span in enumerate(items) if _overlaps(span, top, top + height)}


def test_a_hover_repaints_only_where_the_two_bands_lie_and_that_is_enough(qtbot, window):
    """The hover asks for a partial repaint; painting just that part over the old picture must
    give the picture a full repaint gives (nothing outside it changed)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QMouseEvent, QRegion
    from PySide6.QtWidgets import QWidget

    link_map = window.maps[0]
    settle(link_map)
    bands = link_map.bands()
    points = []
    for _path, pl in bands:
        point = link_map._centres[pl.pair_id].pointAtPercent(0.5)
        if sum(p.contains(point) for p, _ in bands) == 1:
            points.append((pl.pair_id, point))
    assert len(points) >= 2
    for (pair_id, point), (other, _) in ((points[0], points[1]), (points[1], points[0])):
        before = link_map.grab()
        was = link_map.hovered
        move = QMouseEvent(QEvent.Type.MouseMove, point, link_map.mapToGlobal(point), Qt.MouseButton.NoButton,
                           Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(link_map, move)
        assert link_map.hovered == pair_id != other
        dirty = link_map.band_rect(was).united(link_map.band_rect(pair_id))
        assert not dirty.isEmpty() and dirty.height() < link_map.height()
        partial = before.copy()
        # (render places the region's corner at the target offset)
        link_map.render(partial, dirty.topLeft(), QRegion(dirty), QWidget.RenderFlag.DrawChildren)
        assert partial.toImage() == link_map.grab().toImage()
        assert partial.toImage() != before.toImage()
