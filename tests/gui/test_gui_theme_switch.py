"""Issue 12, defect 3: switching the theme while running repaints the page, not only the chrome,
and leaves every pane where the reader had it."""

from __future__ import annotations

import statistics

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from compare.gui.reader_view import ReaderView


def page_lightness(view: ReaderView) -> float:
    """The median lightness of what the viewport really paints along its right margin."""
    image = view.viewport().grab().toImage()
    x = image.width() - 4
    return statistics.median(QColor(image.pixel(x, y)).lightness()
                             for y in range(10, image.height() - 10, 7))


def heading_contrast(view: ReaderView, background: float) -> float:
    """How far a heading's ink is from the page behind it (0-255 in lightness)."""
    doc = view.document()
    block = doc.begin()
    while block.isValid() and block.blockFormat().headingLevel() == 0:
        block = block.next()
    assert block.isValid(), "the source shown needs a heading"
    fmt = block.begin().fragment().charFormat()
    ink = fmt.foreground().color() if fmt.foreground().style() else view.palette().text().color()
    return abs(ink.lightness() - background)


@pytest.mark.parametrize("first, second", [("light", "dark"), ("dark", "light")])
def test_a_live_theme_switch_repaints_the_pages_and_keeps_the_positions(qtbot, window, first, second):
    window.set_theme(first)
    for pane, fraction in zip(window.panes, (0.3, 0.6), strict=False):
        pane.view.set_scroll_y(pane.view.max_scroll() * fraction)
    QApplication.processEvents()
    before = [pane.view.scroll_y() for pane in window.panes]
    assert all(before), "the panes must be scrolled for the test to mean anything"
    lightness = {first: page_lightness(window.panes[0].view)}
    window.set_theme(second)
    QApplication.processEvents()
    assert [pane.view.scroll_y() for pane in window.panes] == before
    for pane in window.panes:
        lightness[second] = page_lightness(pane.view)
        assert abs(lightness[second] - window.theme.page.lightness()) < 12
        assert heading_contrast(pane.view, lightness[second]) > 120
    assert lightness["dark"] < 70 < 180 < lightness["light"]
