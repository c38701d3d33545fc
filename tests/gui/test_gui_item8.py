"""Issue 12, item 8: the smaller defects, driven through the real widgets."""

from __future__ import annotations

import re

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
