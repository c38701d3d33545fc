"""The synopsis dock: built from the workspace, filtered, a cell opens its passage with counterparts."""

from __future__ import annotations

from PySide6.QtCore import Qt

from compare.gui.synopsis_dock import FIXED_COLUMNS, NOT_TOLD
from compare.reading.synopsis import CONTESTED


def build(window, qtbot) -> None:
    """Build as the Build button does: the missing pairs align in the background, then the matrix is drawn."""
    window.build_synopsis()
    qtbot.waitUntil(lambda: window.synopsis_dock.synopsis is not None and not window.alignment_busy(),
                    timeout=120_000)


def test_the_synopsis_dock_draws_the_matrix_and_opens_a_cell(window, qtbot) -> None:
    assert window.synopsis_dock.synopsis is None
    window.build_synopsis()
    assert window.synopsis_dock.synopsis is None and window.alignment_busy()  # never on the GUI thread
    build(window, qtbot)
    dock = window.synopsis_dock
    syn = dock.synopsis
    assert syn is not None and dock.table.rowCount() == len(syn.events)
    assert dock.table.columnCount() == len(FIXED_COLUMNS) + len(syn.columns)
    # a "not told" cell is explicit text, not a blank
    texts = {dock.table.item(r, c).text() for r in range(dock.table.rowCount())
             for c in range(len(FIXED_COLUMNS), dock.table.columnCount())}
    assert NOT_TOLD in texts
    row = next(n for n, e in enumerate(dock.rows) if len(e.told_by) >= 3)
    event = dock.rows[row]
    col = len(FIXED_COLUMNS) + [c.id for c in syn.columns].index(event.told_by[1])
    dock.select(row, col)
    shown = dock.detail.toPlainText()
    assert event.passages(event.told_by[1])[0].text[:40] in shown
    assert event.passages(event.told_by[0])[0].text[:40] in shown  # its counterpart beside it
    with qtbot.waitSignal(dock.openRequested):
        dock.open.click()
    assert window.session.panes[0] == event.told_by[1]
    assert set(window.session.panes) <= set(event.told_by)

    def each_pane_shows_its_passage() -> bool:
        return all(window.panes[n].view.span_in_view(event.passages(sid)[0].start, event.passages(sid)[0].start + 1)
                   for n, sid in enumerate(window.session.panes))

    qtbot.waitUntil(each_pane_shows_its_passage, timeout=5000)


def test_filters_narrow_the_rows(window, qtbot) -> None:
    build(window, qtbot)
    dock = window.synopsis_dock
    everything = dock.table.rowCount()
    dock.mode.setCurrentIndex(dock.mode.findData(CONTESTED))
    assert dock.table.rowCount() == len(dock.rows) < everything
    assert all(e.contested for e in dock.rows)
    dock.kind.setCurrentIndex(dock.kind.findData("article"))
    assert dock.table.columnCount() == len(FIXED_COLUMNS) + 1


def test_the_dock_follows_the_theme(window, qtbot) -> None:
    build(window, qtbot)
    window.set_theme("dark")
    assert window.synopsis_dock.theme.dark


def test_rename_split_and_merge_from_the_dock_are_undoable(window, qtbot) -> None:
    build(window, qtbot)
    dock = window.synopsis_dock
    row = next(n for n, e in enumerate(dock.rows) if len(e.told_by) >= 2)
    event = dock.rows[row]
    dock.select(row, 1)
    dock.ask_label = lambda current: "Named in the dock"
    dock.rename.click()
    assert dock.synopsis is not None and dock.synopsis.event(event.id).label == "Named in the dock"
    window.review.undo.trigger()
    assert dock.synopsis.event(event.id).label == event.label

    col = len(FIXED_COLUMNS) + [c.id for c in dock.synopsis.columns].index(event.told_by[-1])
    row = next(n for n, e in enumerate(dock.rows) if e.id == event.id)
    dock.select(row, col)
    assert dock.split.isEnabled()
    moved = event.passages(event.told_by[-1])[0].key
    dock.split.click()
    assert [e.keys for e in dock.synopsis.events if moved in e.keys] == [frozenset({moved})]

    first, second = dock.rows[0], dock.rows[1]
    dock.select(0, 1)
    dock.select(1, 1)
    assert dock.merge.isEnabled()
    dock.merge.click()
    assert any({first.anchor, second.anchor} <= e.keys for e in dock.synopsis.events)
    window.review.undo.trigger()
    assert not any({first.anchor, second.anchor} <= e.keys for e in dock.synopsis.events)


def test_the_first_synopsis_makes_room_and_then_keeps_the_analysts_height(window, qtbot) -> None:
    from compare.gui.main_window import SYNOPSIS_SHARE

    window.resize(1400, 1000)
    window.show()
    qtbot.waitExposed(window)
    before = window.synopsis_dock.height()
    build(window, qtbot)
    # Shown first at its own height, then given its share once the layout runs: wait for the share.
    qtbot.waitUntil(lambda: window.synopsis_dock.height() >= 0.8 * SYNOPSIS_SHARE * window.height())
    assert window.synopsis_dock.height() > before
    window.resizeDocks([window.synopsis_dock], [200], Qt.Orientation.Vertical)  # the analyst shrinks it
    qtbot.waitUntil(lambda: window.synopsis_dock.height() < 260)
    build(window, qtbot)
    qtbot.wait(50)
    assert window.synopsis_dock.height() < 260


def test_every_source_column_head_fits_its_two_lines(window, qtbot) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    build(window, qtbot)
    table = window.synopsis_dock.table
    header = table.horizontalHeader()
    bold = header.font()
    bold.setWeight(QFont.Weight.DemiBold)
    metrics = QFontMetrics(bold)
    assert header.height() >= 2 * metrics.lineSpacing()
    for col in range(len(FIXED_COLUMNS), table.columnCount()):
        lines = table.horizontalHeaderItem(col).text().split("\n")
        assert len(lines) == 2
        assert header.sectionSize(col) >= max(metrics.horizontalAdvance(line) for line in lines) + 12, lines


def test_a_synopsis_lacking_many_pairs_asks_before_aligning_them(window, qtbot, monkeypatch) -> None:
    """An archive workspace lacks half a million pairs: the analyst chooses, and "no" builds from what is there."""
    from compare.reading import synopsis

    monkeypatch.setattr(synopsis, "ASK_ABOVE_PAIRS", 1)
    asked: list[tuple[int, int]] = []
    monkeypatch.setattr(window, "ask_to_align_many", lambda pairs, sources: asked.append((pairs, sources)) or False)
    window.build_synopsis()
    assert asked and asked[0][1] == len(window.session.workspace.sources())
    assert not window.alignment_busy()  # nothing was sent to align
    assert window.synopsis_dock.synopsis is not None  # built at once from the stored pairs
    assert "not aligned, so some events may be split" in window.statusBar().currentMessage()
    monkeypatch.setattr(window, "ask_to_align_many", lambda pairs, sources: True)
    window.build_synopsis()
    assert window.alignment_busy()
    qtbot.waitUntil(lambda: not window.alignment_busy(), timeout=120_000)
