"""The pair table's models: one row per shown link, and the filter over them.

Each row is a `PaneLink`, which carries the analyst's decision as the
workspace stores it, so status, relation and note can never disagree with
the panes. The note column is editable; the edit is handed to the window
(`noteEdited`), which writes it to the workspace like any other action.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from compare.gui.badges import kind_icon, source_tooltip
from compare.gui.theme import LIGHT, Theme
from compare.model.records import Source
from compare.reading.pane_marks import status_words
from compare.reading.phrase import phrase_matcher
from compare.reading.session import STATUS_RANK, PaneLink

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invalid index: "no parent"
DEFAULT_STATUS = "proposed"
PANE_LINK_ROLE = Qt.ItemDataRole.UserRole + 1
PAIR_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SOURCE_IDS_ROLE = Qt.ItemDataRole.UserRole + 3
SORT_ROLE = Qt.ItemDataRole.UserRole + 4
EXCERPT_CHARS = 220
STATUS_LABELS = {"confirmed": "✓ confirmed", "rejected": "✗ rejected", "proposed": "proposed"}
ANY = None  # filter value: no filtering on this column


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def status_label(pl: PaneLink) -> str:
    return STATUS_LABELS.get(pl.status, pl.status) + (" · stale" if pl.stale else "")


class PairTableModel(QAbstractTableModel):
    """Columns: the two sides, score, evidence, and the decision (status, relation, note)."""

    COLUMNS: ClassVar[tuple[str, ...]] = ("Left", "Left passage", "Right", "Right passage",
                                          "Score", "Evidence", "Status", "Relation", "Note")
    LEFT, LEFT_TEXT, RIGHT, RIGHT_TEXT, SCORE, EVIDENCE, STATUS, RELATION, NOTE = range(9)

    noteEdited = Signal(str, str)  # pair id, new note

    def __init__(self, lookup: Callable[[str], Source | None], parent=None) -> None:
        super().__init__(parent)
        self._lookup = lookup
        self._rows: list[PaneLink] = []
        self.theme: Theme = LIGHT

    def set_links(self, rows: list[PaneLink]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def status(self, pair_id: str) -> str:
        row = self.row_of(pair_id)
        return self._rows[row].status if row >= 0 else DEFAULT_STATUS

    def pane_link(self, row: int) -> PaneLink:
        return self._rows[row]

    def pane_links(self) -> list[PaneLink]:
        return list(self._rows)

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

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.NOTE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != self.NOTE or role != Qt.ItemDataRole.EditRole:
            return False
        pl = self._rows[index.row()]
        if str(value) != pl.note:
            self.noteEdited.emit(pl.pair_id, str(value))
        return True

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        pl = self._rows[index.row()]
        col = index.column()
        if role == PANE_LINK_ROLE:
            return pl
        if role == PAIR_ID_ROLE:
            return pl.pair_id
        if role == SOURCE_IDS_ROLE:
            return (pl.link.left.source_id, pl.link.right.source_id)
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE, Qt.ItemDataRole.EditRole):
            return self._text(pl, col, role)
        if role == Qt.ItemDataRole.DecorationRole and col in (self.LEFT, self.RIGHT):
            source = self._source(pl, col)
            return kind_icon(source.meta.kind) if source else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(pl, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._ink(pl, col)
        if role == Qt.ItemDataRole.BackgroundRole and col == self.STATUS and pl.status != DEFAULT_STATUS:
            return self.theme.confirmed if pl.status == "confirmed" else self.theme.rejected
        if role == Qt.ItemDataRole.FontRole:
            return self._font(pl, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _source(self, pl: PaneLink, col: int) -> Source | None:
        return self._lookup(pl.link.left.source_id if col == self.LEFT else pl.link.right.source_id)

    def _text(self, pl: PaneLink, col: int, role: int) -> Any:
        link = pl.link
        sorting = role == SORT_ROLE
        if col in (self.LEFT, self.RIGHT):
            source = self._source(pl, col)
            return source.meta.title if source else (link.left.source_id if col == self.LEFT
                                                     else link.right.source_id)
        if col in (self.LEFT_TEXT, self.RIGHT_TEXT):
            return excerpt(link.left.text if col == self.LEFT_TEXT else link.right.text)
        if col == self.SCORE:
            if sorting:
                return link.score
            return "hand" if pl.manual else f"{link.score:.0f}"
        if col == self.EVIDENCE:
            return link.evidence.summary()
        if col == self.STATUS:
            return STATUS_RANK.get(pl.status, 1) if sorting else status_label(pl)
        if col == self.RELATION:
            return pl.relation
        if role == Qt.ItemDataRole.EditRole or sorting:
            return pl.note
        return " ".join(pl.note.split())

    def _tooltip(self, pl: PaneLink, col: int) -> str | None:
        if col in (self.LEFT, self.RIGHT):
            source = self._source(pl, col)
            return source_tooltip(source.meta) if source else None
        if col == self.LEFT_TEXT:
            return pl.link.left.text
        if col == self.RIGHT_TEXT:
            return pl.link.right.text
        if col == self.SCORE and pl.manual:
            return "Drawn by hand: no score of its own"
        if col == self.EVIDENCE:
            return pl.link.evidence.summary() or "no shared names, dates or numbers"
        if col == self.STATUS:
            return status_words(pl)
        if col == self.NOTE:
            return pl.note or "Double-click to write a note"
        return None

    def _ink(self, pl: PaneLink, col: int) -> QColor | None:
        if col == self.STATUS and pl.status == "confirmed":
            return self.theme.confirmed_edge
        if col == self.SCORE and pl.manual:
            return self.theme.manual
        if pl.status == "rejected":
            return self.theme.muted
        return None

    def _font(self, pl: PaneLink, col: int) -> QFont | None:
        if col == self.STATUS and pl.status != DEFAULT_STATUS:
            font = QFont()
            font.setBold(True)
            return font
        if pl.status == "rejected" and col in (self.LEFT_TEXT, self.RIGHT_TEXT):
            font = QFont()
            font.setStrikeOut(True)  # in the table, "rejected" reads best as struck out
            return font
        return None


class PairFilterProxy(QSortFilterProxyModel):
    """Filters rows by free text, a minimum score, a source, a status and a relation."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._text = ""
        self._matches = phrase_matcher("")
        self._min_score = 0.0
        self._source = ""
        self._status: str | None = ANY
        self._relation: str | None = ANY

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
        """A phrase: its words in this order, at word edges ("5 January" is not "6 January")."""
        def change() -> None:
            self._text = text.strip()
            self._matches = phrase_matcher(text)
        self._refilter(change)

    def set_min_score(self, score: float) -> None:
        self._refilter(lambda: setattr(self, "_min_score", score))

    def set_source(self, source_id: str) -> None:
        """Only rows with `source_id` on either side; "" shows all."""
        self._refilter(lambda: setattr(self, "_source", source_id))

    def set_status(self, status: str | None) -> None:
        """A review status, or "manual" (hand-made) or "stale"; None shows all."""
        self._refilter(lambda: setattr(self, "_status", status))

    def set_relation(self, relation: str | None) -> None:
        """A relation, or "" for rows without one; None shows all."""
        self._refilter(lambda: setattr(self, "_relation", relation))

    def _status_matches(self, pl: PaneLink) -> bool:
        if self._status is ANY:
            return True
        if self._status == "manual":
            return pl.manual
        if self._status == "stale":
            return pl.stale
        return pl.status == self._status

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, PairTableModel) or not (0 <= row < model.rowCount()):
            return False
        pl = model.pane_link(row)
        link = pl.link
        if link.score < self._min_score and not pl.manual:  # hand-made links have no score to compare
            return False
        if self._source and self._source not in (link.left.source_id, link.right.source_id):
            return False
        if not self._status_matches(pl):
            return False
        if self._relation is not ANY and pl.relation != self._relation:
            return False
        if self._text:
            return self._matches((link.left.text, link.right.text, link.evidence.summary(), pl.note))
        return True

    def pane_links(self) -> list[PaneLink]:
        """The rows that pass the filter, in the order shown."""
        return [self.index(r, 0).data(PANE_LINK_ROLE) for r in range(self.rowCount())]
