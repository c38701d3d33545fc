"""Issue 12, defect 5: the link map and the panes read at a glance, as Meld's do."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QApplication


def test_linked_passages_are_a_tint_and_the_best_sentence_stands_out(qtbot, window):
    theme = window.theme
    assert all(theme.link_colour(score).lightnessF() > 0.88 for score in (30, 60, 90))
    assert QColor(theme.selected).lightnessF() < 0.75  # the selected pair's best sentence
    from compare.gui.theme import DARK

    page = DARK.page.lightnessF()
    assert all(abs(DARK.link_colour(score).lightnessF() - page) < 0.1 for score in (30, 60, 90))
    assert abs(QColor(DARK.selected).lightnessF() - page) > 0.15


def test_relations_colour_the_bands(qtbot, window):
    theme = window.theme
    hues = {rel: theme.relation_band(rel).hslHueF() for rel in ("agrees", "contradicts", "reframes")}
    assert len({round(h, 2) for h in hues.values()}) == 3
    assert theme.relation_band("") is None


def band_pixel(link_map, pair_id):
    """The colour painted at the middle of a band's centre line."""
    link_map.bands()
    path = link_map._centres[pair_id]
    point = path.pointAtPercent(0.5)
    image = link_map.grab().toImage()
    return QColor(image.pixel(int(point.x()), int(point.y())))


def test_a_contradicting_pair_is_red_and_the_hovered_band_is_outlined(qtbot, window):
    link_map = window.maps[0]
    visible = [pl for _, pl in link_map.bands()]
    assert len(visible) >= 2
    target, other = visible[0], visible[1]
    window.selection.clear("refresh")
    window.review.reviewer.set_relation(target.pair_id, "contradicts")
    window.review_changed(None, "")
    window.selection.clear("refresh")
    QApplication.processEvents()
    colour = band_pixel(link_map, target.pair_id)
    assert colour.red() > colour.blue() + 40, colour.name()
    before = link_map.grab().toImage()
    point = link_map._centres[other.pair_id].pointAtPercent(0.5)
    hovered = link_map.link_at(point)
    move = QMouseEvent(QEvent.Type.MouseMove, point, link_map.mapToGlobal(point), Qt.MouseButton.NoButton,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(link_map, move)
    assert hovered is not None and link_map.hovered == hovered.pair_id
    assert link_map.grab().toImage() != before  # the hovered band is drawn to stand out
    QApplication.sendEvent(link_map, QEvent(QEvent.Type.Leave))
    assert link_map.hovered is None


def test_omissions_are_notched_on_the_map(qtbot, window):
    link_map = window.maps[0]
    gaps = [(p.start, p.end) for p in window.session.unmatched(0)]  # what the map notches
    view = link_map.left
    top, bottom = view.scroll_y(), view.scroll_y() + view.viewport().height()
    shown = [(s, e) for s, e in gaps if top <= view.span_y(s, e)[0] <= bottom - 20]
    if not shown:
        view.scroll_to_offset(gaps[0][0], 40)
        QApplication.processEvents()
        shown = [gaps[0]]
    y0, y1 = view.span_y(*shown[0])
    y = int((y0 + y1) / 2 - view.scroll_y() + link_map._offset(view))
    image = link_map.grab().toImage()
    notch = [QColor(image.pixel(x, yy)).lightness() for x in range(0, 6) for yy in range(y - 3, y + 3)]
    assert min(notch) < QColor(window.theme.gutter).lightness() - 40


def test_f9_steps_through_passages_without_counterpart(qtbot, window):
    view = window.panes[0].view
    gaps = window.session.unmatched(0)
    assert len(gaps) >= 2
    view.set_scroll_y(0)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F9)
    first = view.flashing
    assert first in {(p.start, p.end) for p in gaps} and view.span_in_view(first[0], min(first[1], first[0] + 1))
    qtbot.keyClick(view, Qt.Key.Key_F9)
    second = view.flashing
    assert second is not None and second[0] > first[0]
    assert "No counterpart" in window.statusBar().currentMessage()
    qtbot.keyClick(view, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    assert view.flashing == first


def test_ctrl_f8_steps_to_contested_pairs(qtbot, window):
    links = sorted(window.session.pair_links(0), key=lambda pl: pl.link.left.start)
    rejected, contradicting = links[1], links[-1]
    window.review.reviewer.reject(rejected.pair_id)
    window.review.reviewer.set_relation(contradicting.pair_id, "contradicts")
    window.review_changed(None, "")
    window.show_link(links[0].pair_id, "table")
    view = window.panes[0].view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F8, Qt.KeyboardModifier.ControlModifier)
    assert window.selection.pair_id == rejected.pair_id
    qtbot.keyClick(view, Qt.Key.Key_F8, Qt.KeyboardModifier.ControlModifier)
    assert window.selection.pair_id == contradicting.pair_id
