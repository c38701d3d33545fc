"""The pair table dock: every shown link as a row, sortable and filterable.

Selecting a row selects that link everywhere; selecting a link elsewhere
selects its row here (without echoing back). Several rows may be selected
for export; the current row is the link being reviewed. Double-click (or F2)
on a note cell edits the note.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from compare.gui.badges import kind_icon
from compare.gui.pair_model import ANY, PAIR_ID_ROLE, PairFilterProxy, PairTableModel
from compare.model.records import Source
from compare.workspace import RELATIONS

# The other columns' widths where there is room; the two passage columns share the rest.
COLUMN_WIDTHS = {PairTableModel.LEFT: 170, PairTableModel.RIGHT: 170, PairTableModel.EVIDENCE: 190,
                 PairTableModel.STATUS: 150, PairTableModel.RELATION: 96, PairTableModel.NOTE: 160}
SCORE_WIDTH = 62
MIN_PASSAGE_WIDTH = 200  # a passage column narrower than this shows little but "…"
MIN_COLUMN_WIDTH = 56


def fitted_widths(available: int, floors: dict[int, int] | None = None) -> dict[int, int]:
    """The other columns' widths for a table `available` px wide: narrowed together when
    they would leave the passages less than MIN_PASSAGE_WIDTH each (issue 12, defect 4), but
    never below a column's floor (its heading's width, so "Relation" is not cut to "elatio")."""
    room = available - SCORE_WIDTH - 2 * MIN_PASSAGE_WIDTH
    floor = {col: (floors or {}).get(col, MIN_COLUMN_WIDTH) for col in COLUMN_WIDTHS}
    held: dict[int, int] = {}  # columns at their floor; the others share what is left in proportion
    free = dict(COLUMN_WIDTHS)
    while True:
        left, wanted = room - sum(held.values()), sum(free.values())
        scale = 1.0 if left >= wanted else max(0.0, left / wanted) if wanted else 1.0
        under = {col: floor[col] for col, width in free.items() if width * scale < floor[col]}
        if not under:
            return {**held, **{col: int(width * scale) for col, width in free.items()}}
        held.update(under)
        for col in under:
            del free[col]


HEADING_PADDING = 28  # the section's margins and the room a sort arrow takes beside the text


def empty_table_hint(shown: int, total: int, threshold: float, table_min: int) -> str:
    """Why the table is empty, naming the filter responsible (there are two score filters:
    the toolbar's Min score decides which links exist, the table's hides rows among them)."""
    if shown:
        return ""
    if not total:
        return (f"No links between the shown accounts at Min score ≥ {threshold:.0f}. "
                "Lower the toolbar's Min score to see weaker ones.")
    why = f"the table's “score ≥ {table_min}”" if table_min > threshold else "the table's filters"
    return f"All {total} links are hidden by {why}; clear it to see them."


class PairTable(QTableView):
    """The pair table, whose columns make room for the passages in a narrow window."""

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            header = self.horizontalHeader()
            for col, width in fitted_widths(self.viewport().width(), self.heading_floors()).items():
                header.resizeSection(col, width)

    def heading_floors(self) -> dict[int, int]:
        """Each narrowed column's least width: its heading in the header's font, with padding."""
        model, metrics = self.model(), self.horizontalHeader().fontMetrics()
        if model is None:
            return {}
        def heading(col: int) -> str:
            return str(model.headerData(col, Qt.Orientation.Horizontal))

        return {col: max(MIN_COLUMN_WIDTH, metrics.horizontalAdvance(heading(col)) + HEADING_PADDING)
                for col in COLUMN_WIDTHS}

STATUS_CHOICES = (("Any status", ANY), ("Proposed", "proposed"), ("Confirmed", "confirmed"),
                  ("Rejected", "rejected"), ("Hand-made", "manual"), ("Stale", "stale"))
RELATION_CHOICES = (("Any relation", ANY), ("No relation", ""), *((r.capitalize(), r) for r in RELATIONS))


class PairDock(QDockWidget):
    """Table of links with a filter row above it."""

    linkSelected = Signal(str)  # pair id

    def __init__(self, model: PairTableModel, parent: QWidget | None = None) -> None:
        super().__init__("Linked passages", parent)
        self.setObjectName("pairDock")
        self.model = model
        self.proxy = PairFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by a phrase in either passage, the evidence or the note…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_text)
        self.min_score = QSpinBox()
        self.min_score.setRange(0, 100)
        self.min_score.setPrefix("score ≥ ")
        self.min_score.setToolTip("Hide rows below this score (the toolbar slider decides which links exist)")
        self.min_score.valueChanged.connect(self.proxy.set_min_score)
        self.source_filter = QComboBox()
        self.source_filter.setToolTip("Only links with this account on either side")
        # Sized by a short name, not the longest title, so the word filter keeps its room.
        self.source_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.source_filter.setMinimumContentsLength(14)
        self.search.setMinimumWidth(160)
        self.source_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_source(self.source_filter.currentData() or ""))
        self.status_filter = _choices(STATUS_CHOICES, "Only links with this review status")
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status(self.status_filter.currentData()))
        self.relation_filter = _choices(RELATION_CHOICES, "Only links with this relation")
        self.relation_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_relation(self.relation_filter.currentData()))
        self.count = QLabel()
        self.count.setObjectName("pairCount")
        self.table = PairTable()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(PairTableModel.SCORE, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setIconSize(QSize(50, 16))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for col in (PairTableModel.LEFT_TEXT, PairTableModel.RIGHT_TEXT):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PairTableModel.SCORE, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(PairTableModel.SCORE, SCORE_WIDTH)
        for col, width in COLUMN_WIDTHS.items():
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.search, 3)
        filters.addWidget(self.source_filter, 2)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.relation_filter)
        filters.addWidget(self.min_score)
        filters.addWidget(self.count)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(4)
        self.hint = QLabel()
        self.hint.setObjectName("emptyTableHint")
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.threshold = 0.0
        layout.addLayout(filters)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        self.setWidget(body)
        self._echo = False

    def set_threshold(self, threshold: float) -> None:
        """The toolbar's Min score, which decides which links exist before the table filters them."""
        self.threshold = threshold
        self._update_count()

    def set_sources(self, sources: tuple[Source, ...]) -> None:
        """The sources offered by the source filter (those in the panes)."""
        current = self.source_filter.currentData() or ""
        self.source_filter.blockSignals(True)
        self.source_filter.clear()
        self.source_filter.addItem("All accounts", "")
        for source in sources:
            self.source_filter.addItem(kind_icon(source.meta.kind), source.meta.title, source.id)
        index = self.source_filter.findData(current)
        self.source_filter.setCurrentIndex(max(0, index))
        self.source_filter.blockSignals(False)
        self.proxy.set_source(self.source_filter.currentData() or "")

    def _update_count(self, *_args) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total}" if shown != total else f"{total} links")
        self.hint.setText(empty_table_hint(shown, total, self.threshold, self.min_score.value()))
        self.hint.setVisible(bool(self.hint.text()))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._echo or not current.isValid():
            return
        self.linkSelected.emit(current.data(PAIR_ID_ROLE))

    def select_pair(self, pair_id: str | None) -> None:
        """Follow a selection made elsewhere, without emitting `linkSelected`."""
        self._echo = True
        try:
            selection = self.table.selectionModel()
            row = -1 if pair_id is None else self.model.row_of(pair_id)
            index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
            if index.isValid():
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
                self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
            else:
                selection.clearSelection()
                selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
        finally:
            self._echo = False

    def keep_selected(self, pair_ids: list[str]) -> None:
        """Select these rows again after the table was refilled (a batch stays selected
        through its own review and undo), without emitting `linkSelected`."""
        self._echo = True
        try:
            selection = self.table.selectionModel()
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            for pair_id in pair_ids:
                row = self.model.row_of(pair_id)
                index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
                if index.isValid():
                    selection.select(index, flags)
        finally:
            self._echo = False

    def selected_pair(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        return index.data(PAIR_ID_ROLE) if index.isValid() else None

    def selected_pairs(self) -> list[str]:
        """Every selected row's pair id, top to bottom as shown."""
        rows = sorted(self.table.selectionModel().selectedRows(), key=lambda index: index.row())
        return [index.data(PAIR_ID_ROLE) for index in rows]

    def filtered_pairs(self) -> list[str]:
        """The pair ids of the rows the filters let through, in the order shown."""
        return [pl.pair_id for pl in self.proxy.pane_links()]


def _choices(choices: tuple[tuple[str, str | None], ...], tip: str) -> QComboBox:
    combo = QComboBox()
    for label, value in choices:
        combo.addItem(label, value)
    combo.setToolTip(tip)
    return combo
