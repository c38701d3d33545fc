"""Issue 12, defect 4: every control is reachable and nothing collapses, from 1024x700 to 2560x1440."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from compare.gui.pair_dock import MIN_PASSAGE_WIDTH
from compare.gui.pair_model import PairTableModel

ANCHOR, DIGEST, THIRD, FOURTH = ("diplomat-color-revolution", "kremlin-csto", "kz-presidency",
                                 "wire-chronology")


def settle(window, width: int, height: int) -> None:
    window.resize(width, height)
    for _ in range(3):
        QApplication.processEvents()


def toolbar_buttons(window):
    for bar in window.toolbars:
        for action in bar.actions():
            widget = bar.widgetForAction(action)
            if widget is not None and not action.isSeparator():
                yield action, widget


@pytest.mark.parametrize("size", [(1024, 700), (1500, 940), (2560, 1440)])
def test_every_toolbar_control_is_shown_inside_the_window(qtbot, window, size):
    settle(window, *size)
    for action, widget in toolbar_buttons(window):
        assert widget.isVisible(), f"{action.text() or 'the align controls'} is hidden at {size}"
        right = widget.mapTo(window, widget.rect().topRight()).x()
        assert right <= window.width(), f"{action.text()} is cut off at {size}"
    rows = {bar.geometry().y() for bar in window.toolbars}
    assert len(rows) == (2 if size[0] < 1400 else 1)  # two rows only where one cannot hold them


@pytest.mark.parametrize("size", [(1024, 700), (2560, 1440)])
def test_passage_columns_keep_their_room(qtbot, window, size):
    settle(window, *size)
    header = window.pair_dock.table.horizontalHeader()
    for col in (PairTableModel.LEFT_TEXT, PairTableModel.RIGHT_TEXT):
        assert header.sectionSize(col) >= MIN_PASSAGE_WIDTH


@pytest.mark.parametrize("size", [(1000, 700), (1024, 700), (1500, 940)])
def test_no_column_heading_is_cut_in_a_narrow_window(qtbot, window, size):
    """At 1000x700 "Relation" was cut to "elatio": a narrowed column keeps its heading's width."""
    settle(window, *size)
    table = window.pair_dock.table
    header, model = table.horizontalHeader(), table.model()
    metrics = header.fontMetrics()
    for col in range(model.columnCount()):
        if col in (PairTableModel.LEFT_TEXT, PairTableModel.RIGHT_TEXT) or header.isSectionHidden(col):
            continue
        text = str(model.headerData(col, Qt.Orientation.Horizontal))
        assert header.sectionSize(col) >= metrics.horizontalAdvance(text) + 16, f"{text!r} is cut at {size}"


def test_labels_stay_beside_their_controls_on_a_wide_screen(qtbot, window):
    settle(window, 2560, 1440)
    controls = window.controls
    labels = {label.text(): label for label in controls.findChildren(QLabel)}
    for text, control in (("Passages", controls.unit), ("Min score", controls.slider)):
        gap = control.geometry().left() - labels[text].geometry().right()
        assert 0 < gap <= 16, f"{text!r} is {gap} px from its control"


def test_pane_titles_in_four_panes_show_two_lines(qtbot, window_factory):
    window = window_factory(panes=(ANCHOR, DIGEST, THIRD, FOURTH), size=(1600, 1000))
    settle(window, 1600, 1000)
    for pane in window.panes:
        title = pane.header.title
        full = title.full_text()
        shown = title.text().removesuffix("…")
        assert full.startswith(shown)
        assert len(shown) >= min(len(full), 24), f"only {shown!r} of {full!r}"
        lines = title.heightForWidth(title.width()) / title.fontMetrics().lineSpacing()
        assert lines <= 2.2
        assert pane.header.chooser.currentText() == full  # the chooser still names the source


def test_a_pane_title_is_never_clipped_at_any_width(qtbot, window_factory):
    """The title is fitted by the label's own layout: what it shows fits its two lines at every width
    (measuring with font metrics said a title fitted two lines that the label drew on three)."""
    window = window_factory(panes=(ANCHOR, DIGEST, THIRD), size=(1200, 800))
    settle(window, 1200, 800)
    title = window.panes[0].header.title
    full = title.full_text()
    for width in range(60, 420, 9):
        title.resize(width, title.height())
        assert title.heightForWidth(width) <= title.maximumHeight(), (width, title.text())
        assert full.startswith(title.text().removesuffix("…"))


class _Screen:
    """A screen with this much room for windows (what `availableGeometry` answers)."""

    def __init__(self, width: int, height: int) -> None:
        from PySide6.QtCore import QRect

        self._room = QRect(0, 0, width, height)

    def availableGeometry(self):  # Qt's name
        return self._room


@pytest.mark.parametrize(("room", "expected"), [((1366, 738), (1366, 738)), ((2560, 1400), None),
                                                ((1400, 2000), (1400, None))])
def test_a_first_window_fits_the_screen_it_opens_on(room, expected):
    from compare.gui.main_window import FIRST_SIZE, first_size

    width, height = first_size(_Screen(*room))
    want = tuple(FIRST_SIZE[k] if v is None else v for k, v in enumerate(expected or (None, None)))
    assert (width, height) == want
    assert first_size(None) == FIRST_SIZE


def test_a_new_window_is_no_larger_than_the_screen(qtbot, workspace_path):
    from compare.gui.main_window import MainWindow
    from compare.reading.session import ReadingSession
    from compare.workspace import Workspace

    window = MainWindow(ReadingSession(Workspace.open(workspace_path), ("diplomat-color-revolution",)))
    qtbot.addWidget(window)
    room = QApplication.primaryScreen().availableGeometry()
    assert window.width() <= room.width() and window.height() <= room.height()
    window.session.workspace.close()
