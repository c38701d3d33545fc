"""Issue 12, item 8: the smaller defects, driven through the real widgets."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from compare.gui.pair_model import PANE_LINK_ROLE
from compare.reading.reviewer import snap_to_words


def test_the_table_filter_takes_a_phrase(qtbot, window):
    dock = window.pair_dock
    every = dock.proxy.pane_links()
    with_words = [pl for pl in every if "january" in (pl.link.left.text + pl.link.right.text).lower()]
    dock.search.clear()
    qtbot.keyClicks(dock.search, "5 January")
    shown = dock.proxy.pane_links()
    phrase = re.compile(r"(?<!\w)5\s+January(?!\w)", re.IGNORECASE)
    assert shown and all(phrase.search(pl.link.left.text) or phrase.search(pl.link.right.text)
                         or phrase.search(pl.note) for pl in shown)
    assert len(shown) < len(with_words)  # words apart ("6 January ... 5") no longer match
    assert all(dock.proxy.index(r, 0).data(PANE_LINK_ROLE) in shown for r in range(dock.proxy.rowCount()))
    dock.search.clear()
    assert len(dock.proxy.pane_links()) == len(every)


def test_f8_describes_the_link_it_steps_to(qtbot, window):
    first = min(window.session.pair_links(0), key=lambda pl: pl.link.left.start)
    window.show_link(first.pair_id, "table")
    window.show_status("Linked (score 99, proposed). something else")
    view = window.panes[0].view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F8)
    current = window.selection.current
    assert current is not None and current.pair_id != first.pair_id
    message = window.statusBar().currentMessage()
    assert f"score {current.link.score:.0f}" in message and current.link.evidence.summary() in message


def test_a_hand_made_link_is_snapped_to_words_and_named_once(qtbot, window, errors):
    left, right = window.panes[0].view, window.panes[1].view
    lt, rt = left.source_obj.text, right.source_obj.text
    ls, rs = lt.index("Tokayev") + 2, rt.index("Tokayev") + 3  # both drags start inside the name
    left.select_span(ls, ls + 25)
    right.select_span(rs, rs + 25)
    window.review.link_selection.trigger()
    assert not errors
    pl = window.selection.current
    assert pl.manual and pl.link.left.text.startswith("Tokayev") and pl.link.right.text.startswith("Tokayev")
    for text, passage in ((lt, pl.link.left), (rt, pl.link.right)):
        assert (passage.start, passage.end) == snap_to_words(text, (passage.start, passage.end))
        assert not text[passage.end:passage.end + 1].isalnum()  # ends at a word's end
    window.show_status("")
    window.panes[0].view.setFocus()
    window._passage_clicked(0, pl.link.left.start + 1)
    message = window.statusBar().currentMessage()
    assert message.count("hand-made") == 1 and "score" not in message
    window.show_link(pl.pair_id, "table")
    qtbot.keyClick(window.panes[0].view, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    quoted = QApplication.clipboard().text()
    assert quoted.startswith(f"### Pair {pl.pair_id} — hand-made, confirmed") and "score 0" not in quoted


def test_switching_a_pane_to_a_shorter_source_draws_no_old_marks(qtbot, window):
    """Qt would warn "QTextCursor::setPosition: Position out of range" (a failure here)."""
    last = max(window.session.pair_links(0), key=lambda pl: pl.link.left.start)
    window.show_link(last.pair_id, "table", flash=True)
    view = window.panes[0].view
    text = view.source_obj.text
    view.select_span(len(text) - 300, len(text) - 10)
    header = window.panes[0].header
    shorter = "wire-chronology"
    assert len(window.session.library[shorter].text) < last.link.left.start
    if window.alignment_busy():
        window.alignment.cancel()
    with qtbot.waitSignal(window.alignmentFinished, timeout=30_000):
        header.chooser.activated.emit(header.chooser.findData(shorter))
    view.viewport().grab()  # paints: the flash and the marks
    size = len(view.source_obj.text)
    marks = view.marks
    spans = [*marks.linked, *marks.confirmed, *marks.rejected, *marks.active, *marks.find]
    assert all(0 <= span[0] <= span[1] <= size for span in spans)
    assert view.flashing is None


def test_a_library_double_click_says_which_pane_it_replaced(qtbot, window):
    lib = window.library
    third = "wire-chronology"
    row = next(r for r in range(lib.model.rowCount())
               if lib.model.index(r).data(Qt.ItemDataRole.UserRole + 1).id == third)
    window.active_pane = 1
    replaced = window.session.library[window.session.panes[1]].meta.title
    with qtbot.waitSignal(window.alignmentFinished, timeout=30_000):
        lib.list.doubleClicked.emit(lib.model.index(row))
    message = window.statusBar().currentMessage()
    assert message.startswith("Pane 2 now shows") and replaced in message
    assert window.session.library[third].meta.title in message and "new pane" in message


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # offscreen popups
def test_the_hovered_source_in_a_pane_menu_is_readable(qtbot, window):
    from PySide6.QtGui import QColor

    chooser = window.panes[0].header.chooser
    chooser.showPopup()
    view = chooser.view()
    rect = view.visualRect(chooser.model().index(2, 0))
    qtbot.mouseMove(view.viewport(), rect.center())
    QApplication.processEvents()
    image = view.viewport().grab().toImage()
    lightness = [QColor(image.pixel(x, y)).lightness()
                 for x in range(rect.left() + 80, min(rect.right(), image.width() - 1), 2)
                 for y in range(rect.top() + 2, rect.bottom() - 1)]
    chooser.hidePopup()
    assert max(lightness) - min(lightness) > 120, "the hovered title must stand out from its row"


def test_a_source_tooltip_keeps_title_and_byline_apart(window):
    from PySide6.QtGui import QTextDocument

    from compare.gui.badges import byline, source_tooltip

    meta = window.session.source(0).meta
    doc = QTextDocument()
    doc.setHtml(source_tooltip(meta))
    assert f"{meta.title}\n{byline(meta)}" in doc.toPlainText()


def test_an_empty_table_says_which_score_filter_emptied_it(qtbot, window):
    dock = window.pair_dock
    top = max(pl.link.score for pl in window.session.pane_links() if not pl.manual)
    dock.min_score.setValue(int(top) + 1)
    assert dock.proxy.rowCount() == 0 and dock.hint.isVisible()
    assert f"score ≥ {int(top) + 1}" in dock.hint.text() and "table" in dock.hint.text()
    dock.min_score.setValue(0)
    assert not dock.hint.isVisible()
    window.set_threshold(100)
    if window.session.pane_links():
        pytest.skip("a link scores 100 here")
    assert dock.hint.isVisible() and "toolbar's Min score" in dock.hint.text()
