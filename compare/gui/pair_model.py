"""The pair table's models: one row per shown link, and the filter over them.

Rows carry a review `status` ("proposed" until a later review step sets
others), kept by pair id, so statuses survive re-filtering and re-aligning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from compare.gui.badges import kind_icon, source_tooltip
from compare.gui.session import PaneLink
from compare.model import Source

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invalid index: "no parent"
DEFAULT_STATUS = "proposed"
PANE_LINK_ROLE = Qt.ItemDataRole.UserRole + 1
PAIR_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SOURCE_IDS_ROLE = Qt.ItemDataRole.UserRole + 3
SORT_ROLE = Qt.ItemDataRole.UserRole + 4
EXCERPT_CHARS = 220


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class PairTableModel(QAbstractTableModel):
    """Columns: left source, left passage, right source, right passage, score, evidence, status."""

    COLUMNS: ClassVar[tuple[str, ...]] = ("Left", "Left passage", "Right", "Right passage",
                                          "Score", "Evidence", "Status")
    LEFT, LEFT_TEXT, RIGHT, RIGHT_TEXT, SCORE, EVIDENCE, STATUS = range(7)

    def __init__(self, lookup: Callable[[str], Source | None], parent=None) -> None:
        super().__init__(parent)
        self._lookup = lookup
        self._rows: list[PaneLink] = []
        self._status: dict[str, str] = {}

    def set_links(self, rows: list[PaneLink]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_statuses(self, statuses: Mapping[str, str]) -> None:
        """Replace review statuses (pair id -> status); rows without one are "proposed"."""
        self._status = dict(statuses)
        if self._rows:
            self.dataChanged.emit(self.index(0, self.STATUS), self.index(len(self._rows) - 1, self.STATUS))

    def status(self, pair_id: str) -> str:
        return self._status.get(pair_id, DEFAULT_STATUS)

    def pane_link(self, row: int) -> PaneLink:
        return self._rows[row]

    def row_of(self, pair_id: str) -> int:
        return next((i for i, pl in enumerate(self._rows) if pl.pair_id == pair_id), -1)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        pl = self._rows[index.row()]
        link, col = pl.link, index.column()
        if role == PANE_LINK_ROLE:
            return pl
        if role == PAIR_ID_ROLE:
            return pl.pair_id
        if role == SOURCE_IDS_ROLE:
            return (link.left.source_id, link.right.source_id)
        source_id = link.left.source_id if col == self.LEFT else link.right.source_id
        source = self._lookup(source_id) if col in (self.LEFT, self.RIGHT) else None
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if col in (self.LEFT, self.RIGHT):
                return source.meta.title if source else source_id
            if col == self.LEFT_TEXT:
                return excerpt(link.left.text)
            if col == self.RIGHT_TEXT:
                return excerpt(link.right.text)
            if col == self.SCORE:
                return link.score if role == SORT_ROLE else f"{link.score:.0f}"
            if col == self.EVIDENCE:
                return link.evidence.summary()
            return self.status(pl.pair_id)
        if role == Qt.ItemDataRole.DecorationRole and source is not None:
            return kind_icon(source.meta.kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            if source is not None:
                return source_tooltip(source.meta)
            if col == self.LEFT_TEXT:
                return link.left.text
            if col == self.RIGHT_TEXT:
                return link.right.text
            if col == self.EVIDENCE:
                return link.evidence.summary() or "no shared names, dates or numbers"
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class PairFilterProxy(QSortFilterProxyModel):
    """Filters rows by free text (excerpts and evidence), a minimum score and a source."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._text = ""
        self._min_score = 0.0
        self._source = ""

    def _refilter(self, change: Callable[[], None]) -> None:
        # Qt 6.9+ wants begin/endFilterChange (invalidateRowsFilter is deprecated there).
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_text", text.strip().casefold()))

    def set_min_score(self, score: float) -> None:
        self._refilter(lambda: setattr(self, "_min_score", score))

    def set_source(self, source_id: str) -> None:
        """Only rows with `source_id` on either side; "" shows all."""
        self._refilter(lambda: setattr(self, "_source", source_id))

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, PairTableModel) or not (0 <= row < model.rowCount()):
            return False
        link = model.pane_link(row).link
        if link.score < self._min_score:
            return False
        if self._source and self._source not in (link.left.source_id, link.right.source_id):
            return False
        if self._text:
            hay = " ".join((link.left.text, link.right.text, link.evidence.summary())).casefold()
            return all(word in hay for word in self._text.split())
        return True
