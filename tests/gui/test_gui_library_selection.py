"""A selected library card stays readable: its text is drawn in the highlight colours, on the highlight."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from compare.gui.library_dock import SOURCE_ROLE


def _colours(image, rect) -> dict[int, int]:
    counts: dict[int, int] = {}
    for y in range(rect.top(), rect.bottom(), 2):
        for x in range(rect.left(), rect.right(), 2):
            rgb = image.pixel(x, y) & 0xFFFFFF
            counts[rgb] = counts.get(rgb, 0) + 1
    return counts


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_selected_card_is_drawn_on_the_highlight(qtbot, window, theme: str) -> None:
    """The library's style sheet styles its items; a selected item was left on the plain base colour
    while the card drew its title in the highlighted-text colour: white on white, only the badge showed."""
    window.set_theme(theme)
    lib = window.library
    row = lib.model.rowCount() - 1
    lib.select_source(lib.model.index(row).data(SOURCE_ROLE).id)
    qtbot.wait(50)
    index = lib.model.index(row)
    rect = lib.list.visualRect(index)
    assert lib.list.selectionModel().isSelected(index) and rect.height() > 20
    image = lib.list.viewport().grab().toImage()
    palette = lib.list.palette()
    highlight = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight).rgb() & 0xFFFFFF
    inactive = palette.color(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight).rgb() & 0xFFFFFF
    counts = _colours(image, rect.adjusted(2, 2, -2, -2))
    total = sum(counts.values())
    on_highlight = counts.get(highlight, 0) + counts.get(inactive, 0)
    assert on_highlight > total // 3, f"the selected card is not on the highlight ({QColor(highlight).name()})"
