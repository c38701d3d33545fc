"""Drive the real window: clicks, table, link map, slider, unit, cancel, keys, find, panes."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QTextCursor

from compare.gui.pair_model import PAIR_ID_ROLE, PairTableModel
from compare.gui.reader_view import ReaderView

DIGEST, THIRD = "encyclopedia-overview", "wire-chronology"


def click_offset(qtbot, view: ReaderView, offset: int) -> None:
    """Scroll `offset` into view and click on it like a user."""
    view.scroll_to_offset(offset, 60)
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_doc(offset) + 2)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center())


def in_viewport(view: ReaderView, start: int, end: int) -> bool:
    top, bottom = view.span_y(start, end)
    top, bottom = view.to_viewport_y(top), view.to_viewport_y(bottom)
    height = view.viewport().height()  # a span taller than the viewport: its top must show
    return top >= 0 and (bottom <= height or (bottom - top > height and top < height / 2))


def test_clicking_a_passage_brings_its_counterpart_level_and_into_view(qtbot, window):
    left, right = window.panes[0].view, window.panes[1].view
    link = max(window.session.links(0), key=lambda lk: lk.left.start)  # far down: needs scrolling
    right.set_scroll_y(0)
    click_offset(qtbot, left, link.left.start)
    current = window.selection.current
    assert current is not None and current.side(0) == link.left
    counterpart = current.side(1)
    assert in_viewport(right, counterpart.start, counterpart.end)
    assert right.flashing == (counterpart.start, counterpart.end)
    assert window.pair_dock.selected_pair() == current.pair_id  # the table follows the panes


def test_clicking_an_unmatched_passage_says_so(qtbot, window):
    passage = window.session.unmatched(0)[0]
    click_offset(qtbot, window.panes[0].view, passage.start)
    assert window.selection.current is None
    assert "leaves out" in window.statusBar().currentMessage()


def test_selecting_a_table_row_brings_both_passages_into_view(qtbot, window):
    table, proxy = window.pair_dock.table, window.pair_dock.proxy
    rows = [proxy.index(r, 0) for r in range(proxy.rowCount())]
    index = max(rows, key=lambda i: i.data(PAIR_ID_ROLE) and window.session.find_link(
        i.data(PAIR_ID_ROLE)).link.left.start)
    table.setCurrentIndex(index)
    pl = window.selection.current
    assert pl is not None and pl.pair_id == index.data(PAIR_ID_ROLE)
    assert in_viewport(window.panes[0].view, pl.link.left.start, pl.link.left.end)
    assert in_viewport(window.panes[1].view, pl.link.right.start, pl.link.right.end)
    assert window.panes[0].view.marks.selected == (pl.link.left.start, pl.link.left.end)


def test_slider_filters_links_without_realigning(qtbot, window):
    rows = window.pair_model.rowCount()
    window.controls.slider.setValue(60)
    assert not window.alignment_busy()
    assert window.pair_model.rowCount() < rows
    assert all(window.pair_model.pane_link(r).link.score >= 60 for r in range(window.pair_model.rowCount()))
    window.controls.slider.setValue(35)
    assert window.pair_model.rowCount() == rows


def test_unit_switch_realigns_off_the_gui_thread(qtbot, window):
    with qtbot.waitSignal(window.alignmentFinished, timeout=30_000):
        window.set_unit("sentence")
        assert window.alignment_busy() and window.progress.isVisible()
    assert window.session.unit == "sentence"
    pl = window.session.pane_links()[0]
    assert pl.link.left.unit == "sentence"
    assert window.pair_model.rowCount() == len(window.session.pane_links())
    assert window.controls.unit.currentData() == "sentence"


def test_cancel_keeps_the_previous_alignment(qtbot, window):
    before = window.pair_model.rowCount()
    with qtbot.waitSignal(window.alignmentCancelled, timeout=5_000):
        window.set_unit("sentence")
        assert window.commands.cancel.isEnabled()
        window.commands.cancel.trigger()
    assert not window.alignment_busy()
    assert window.session.unit == "paragraph"
    assert window.controls.unit.currentData() == "paragraph"
    assert window.pair_model.rowCount() == before
    assert not window.commands.cancel.isEnabled()
    qtbot.wait(50)  # let the abandoned job's late signals arrive: they must change nothing
    assert window.session.unit == "paragraph"


def test_link_map_paints_bands_and_clicking_one_selects_it(qtbot, window):
    link_map = window.maps[0]
    first = window.session.links(0)[0]
    window.panes[0].view.scroll_to_offset(first.left.start, 80)
    window.panes[1].view.scroll_to_offset(first.right.start, 80)
    image = link_map.grab().toImage()
    background = QColor(window.theme.gutter).rgb()
    painted = sum(1 for x in range(4, image.width() - 4, 3) for y in range(0, image.height(), 3)
                  if image.pixel(x, y) != background)
    assert painted > 200
    path, _link = link_map.bands()[0]
    target = path.boundingRect().center()
    point = next(QPointF(target.x(), y) for y in range(int(path.boundingRect().top()),
                                                        int(path.boundingRect().bottom()) + 1)
                 if path.contains(QPointF(target.x(), y)))
    qtbot.mouseClick(link_map, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert window.selection.pair_id in {lk.pair_id for _, lk in link_map.bands()}
    assert window.pair_dock.selected_pair() == window.selection.pair_id


def test_next_and_previous_link_from_the_keyboard(qtbot, window):
    view = window.panes[0].view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F8)
    first = window.selection.pair_id
    assert first is not None
    qtbot.keyClick(view, Qt.Key.Key_F8)
    second = window.selection.pair_id
    assert second not in (None, first)
    qtbot.keyClick(view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.selection.pair_id == first
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.selection.pair_id == second
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.selection.pair_id == first
    pl = window.selection.current
    assert in_viewport(window.panes[1].view, pl.link.right.start, pl.link.right.end)


def test_find_bar(qtbot, window):
    pane = window.panes[1]
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert pane.find_bar.isVisible()
    qtbot.keyClicks(pane.find_bar.field, "tokayev")
    matches = pane.find_bar.matches
    assert matches and all(pane.view.source_obj.text[s:e].lower() == "tokayev" for s, e in matches)
    assert pane.view.textCursor().selectedText().lower() == "tokayev"
    qtbot.keyClick(pane.find_bar.field, Qt.Key.Key_Escape)
    assert not pane.find_bar.isVisible() and pane.view.marks.find == []


def test_scroll_lock_follows_links(qtbot, window):
    left, right = window.panes[0].view, window.panes[1].view
    right.set_scroll_y(0)
    left.set_scroll_y(left.max_scroll() // 2)
    assert right.scroll_y() > 0
    window.commands.scroll_lock.setChecked(False)
    right.set_scroll_y(0)
    left.set_scroll_y(left.max_scroll())
    assert right.scroll_y() == 0


def test_overview_strip_jumps(qtbot, window):
    view, strip = window.panes[0].view, window.panes[0].strip
    view.set_scroll_y(0)
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(strip.width() // 2, strip.height() - 5))
    assert view.scroll_y() > view.max_scroll() * 0.8
    image = strip.grab().toImage()
    assert len({image.pixel(strip.width() // 2, y) for y in range(image.height())}) > 3


def test_add_and_remove_panes(qtbot, window):
    window.commands.add_pane.trigger()
    assert len(window.panes) == 3 and len(window.maps) == 2
    assert window.alignment_busy()
    with qtbot.waitSignal(window.alignmentFinished, timeout=30_000):
        pass
    assert any(pl.pair == 1 for pl in window.session.pane_links())
    window.panes[2].header.close_button.click()
    assert len(window.panes) == 2 and len(window.maps) == 1
    assert not window.panes[0].header.close_button.isVisible()


def test_chain_navigation_across_three_panes(qtbot, three_panes):
    win = three_panes
    for pl in win.session.pane_links():
        chain = win.navigator.chain_from(0, pl.link.left)
        if 2 in chain:
            break
    else:
        raise AssertionError("no chain from pane 1 to pane 3 at the test threshold")
    click_offset(qtbot, win.panes[0].view, pl.link.left.start)
    far = win.navigator.chain_from(0, win.selection.current.side(0))[2][1]
    assert in_viewport(win.panes[2].view, far.start, far.end)


def test_digest_kind_and_references_are_shown(qtbot, window):
    header = window.panes[1].header
    digest = window.session.library[DIGEST]
    assert "DIGEST" in header.chooser.toolTip()
    assert header.references.isVisible()
    assert header.references.menu().actions()[0].text().startswith(digest.meta.references[0].title)
    assert not window.panes[0].header.references.isVisible()  # the article cites nothing


def test_tooltips_show_score_and_shared_anchors(qtbot, window):
    link = max(window.session.links(0), key=lambda lk: len(lk.evidence.anchors))
    text = window.panes[0].view.tooltip_provider(link.left.start + 1)
    assert "Score" in text and link.evidence.anchors[0].split(" ")[0] in text


def test_panes_never_open_links(qtbot, window):
    view = window.panes[0].view
    assert not view.openLinks() and not view.openExternalLinks()
    assert view.loadResource(0, "https://example.com/x.png") is None


def test_choosing_a_source_in_a_pane(qtbot, window):
    header = window.panes[1].header
    with qtbot.waitSignal(window.alignmentFinished, timeout=30_000):
        header.chooser.activated.emit(header.chooser.findData(THIRD))
    assert window.session.panes[1] == THIRD
    assert window.panes[1].view.source_obj.id == THIRD
    assert window.pair_model.rowCount() > 0
    assert all(window.pair_model.index(r, PairTableModel.RIGHT).data() ==
               window.session.library[THIRD].meta.title for r in range(window.pair_model.rowCount()))


def test_zoom_and_dark_palette(qtbot, window):
    view = window.panes[0].view
    size = view.document().defaultFont().pointSizeF()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.panes[1].view.document().defaultFont().pointSizeF() > size  # every pane zooms
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.document().defaultFont().pointSizeF() == size
    window.set_theme("dark")
    assert window.panes[0].view.palette().base().color().lightness() < 60
    window.set_theme("light")
    assert window.panes[0].view.palette().base().color().lightness() > 200


def test_library_double_click_fills_the_active_pane(qtbot, window):
    lib = window.library
    row = next(r for r in range(lib.model.rowCount()) if lib.model.index(r).data(Qt.ItemDataRole.UserRole + 1).id
               == THIRD)
    window.active_pane = 1
    with qtbot.waitSignal(window.alignmentFinished, timeout=30_000):
        lib.list.doubleClicked.emit(lib.model.index(row))
    assert window.session.panes[1] == THIRD
    assert lib.model.index(row).data(Qt.ItemDataRole.UserRole + 2) == 2  # the list says which pane


def test_importing_a_file_adds_it_to_the_library_and_the_workspace(qtbot, window, tmp_path, errors):
    path = tmp_path / "notes.md"
    path.write_text("---\ntitle: My notes\nkind: notes\n---\n\nOn 5 January Tokayev asked the CSTO for help.\n",
                    encoding="utf-8")
    with qtbot.waitSignal(window.files.importer.finished, timeout=10_000):
        assert window.files.import_paths([str(path)])
    assert "notes" in window.session.library and not errors
    assert "notes" in {s.id for s in window.session.workspace.sources()}
    with qtbot.waitSignal(window.files.importer.finished, timeout=10_000):
        window.files.import_paths([str(tmp_path / "missing.md")])
    assert errors and "file not found" in errors[0][1]
    with qtbot.waitSignal(window.alignmentFinished, timeout=30_000):
        window.set_pane_source(1, "notes")
    assert window.panes[1].header.chooser.currentText() == "My notes"


def test_palette_follows_the_system_scheme(qtbot, window, monkeypatch):
    """Offscreen Qt has no desktop to switch, so we play the desktop: flip the hint and signal it."""
    from PySide6.QtWidgets import QApplication

    window.set_theme("system")
    monkeypatch.setattr("compare.gui.theme.system_prefers_dark", lambda: True)
    QApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert window.theme.dark
    assert window.panes[0].view.palette().base().color().lightness() < 60
    monkeypatch.setattr("compare.gui.theme.system_prefers_dark", lambda: False)
    QApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not window.theme.dark


def test_swapping_panes_reuses_the_alignment(qtbot, window):
    before = {(pl.link.left.key, pl.link.right.key, pl.link.score) for pl in window.session.pane_links()}
    window.set_pane_source(0, DIGEST)  # the two panes swap
    assert not window.alignment_busy()  # mirrored, not recomputed
    after = {(pl.link.right.key, pl.link.left.key, pl.link.score) for pl in window.session.pane_links()}
    assert after == before
