"""The source library: every account with its title, outlet, date and kind badge.

Double-click shows a source in the active pane; the context menu picks a
pane, opens a new one, or edits the source's details (which every exported
citation is built from); "Import files…" adds documents to the workspace.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QListView,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from compare.gui.badges import BADGE_HEIGHT, badge_width, paint_badge, source_tooltip
from compare.model.records import Source

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invalid index: "no parent"
SOURCE_ROLE = Qt.ItemDataRole.UserRole + 1
PANE_ROLE = Qt.ItemDataRole.UserRole + 2


class LibraryModel(QAbstractListModel):
    """The library's sources, and which pane (if any) shows each."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._sources: list[Source] = []
        self._panes: list[str] = []

    def set_sources(self, sources: tuple[Source, ...], panes: list[str]) -> None:
        self.beginResetModel()
        self._sources, self._panes = list(sources), list(panes)
        self.endResetModel()

    def set_panes(self, panes: list[str]) -> None:
        self._panes = list(panes)
        if self._sources:
            self.dataChanged.emit(self.index(0), self.index(len(self._sources) - 1), [PANE_ROLE])

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._sources)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._sources)):
            return None
        source = self._sources[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return source.meta.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return source_tooltip(source.meta)
        if role == SOURCE_ROLE:
            return source
        if role == PANE_ROLE:
            return self._panes.index(source.id) + 1 if source.id in self._panes else 0
        return None


def two_lines(text: str, metrics: QFontMetrics, width: int) -> list[str]:
    """Greedy word wrap onto at most two lines, the second elided."""
    words, first = text.split(), ""
    while words and metrics.horizontalAdvance(f"{first} {words[0]}".strip()) <= width:
        first = f"{first} {words.pop(0)}".strip()
    if not first and words:  # one word too long for a line
        return [metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)]
    rest = " ".join(words)
    return [first, metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)] if rest else [first]


class LibraryDelegate(QStyledItemDelegate):
    """Badge, outlet and date on one line; the title below on up to two lines; the pane showing it."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        fm = QFontMetrics(option.font)
        return QSize(200, fm.height() * 3 + 22)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        source: Source | None = index.data(SOURCE_ROLE)
        if source is None:
            return
        painter.save()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pal = option.palette
        ink = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = ink if selected else pal.color(QPalette.ColorRole.PlaceholderText)
        rect = option.rect.adjusted(10, 7, -10, -7)
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.88)
        sfm = QFontMetrics(small)
        line = sfm.height() + 2
        kind = source.meta.kind
        bw = badge_width(kind)
        badge_top = rect.top() + (line - BADGE_HEIGHT) // 2
        paint_badge(painter, QRect(rect.left(), badge_top, bw, BADGE_HEIGHT), kind)
        painter.setFont(small)
        pane = index.data(PANE_ROLE) or 0
        chip_w = 0
        if pane:
            chip_w = sfm.horizontalAdvance("pane 4") + 4
            painter.setPen(pal.color(QPalette.ColorRole.Highlight) if not selected else ink)
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            chip = QRect(rect.right() - chip_w + 1, rect.top(), chip_w, line)
            painter.drawText(chip, align, f"pane {pane}")
        painter.setPen(muted)
        details = " · ".join(p for p in (source.meta.outlet, source.meta.published) if p)
        if source.meta.references:
            details += f" · {len(source.meta.references)} refs"
        detail_rect = QRect(rect.left() + bw + 6, rect.top(), rect.width() - bw - 6 - chip_w, line)
        painter.drawText(detail_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         sfm.elidedText(details, Qt.TextElideMode.ElideRight, detail_rect.width()))
        title_font = QFont(option.font)
        title_font.setBold(True)
        tfm = QFontMetrics(title_font)
        painter.setFont(title_font)
        painter.setPen(ink)
        for n, text in enumerate(two_lines(source.meta.title, tfm, rect.width())):
            top = rect.top() + line + 3 + n * tfm.height()
            painter.drawText(QRect(rect.left(), top, rect.width(), tfm.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()


class LibraryDock(QDockWidget):
    """Lists the library; asks the window to place sources in panes."""

    showInPane = Signal(str, int)  # source id, pane index (-1: the active pane, MAX: a new pane)
    importRequested = Signal()
    editRequested = Signal(str)  # source id
    removeRequested = Signal(str)  # source id

    NEW_PANE = 99

    def __init__(self, pane_count: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__("Library", parent)
        self.setObjectName("libraryDock")
        self._pane_count = pane_count
        self.model = LibraryModel(self)
        self.list = QListView()
        self.list.setObjectName("libraryList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(LibraryDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.doubleClicked.connect(lambda index: self._emit(index, -1))
        self.list.activated.connect(lambda index: self._emit(index, -1))
        open_button = QPushButton("Import files…")
        open_button.setToolTip("Add Markdown, text, HTML, PDF or Word documents (or drop them on the window)")
        open_button.clicked.connect(self.importRequested)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.list, 1)
        layout.addWidget(open_button)
        self.setWidget(body)
        self.setMinimumWidth(230)

    def _emit(self, index: Index, pane: int) -> None:
        source = index.data(SOURCE_ROLE)
        if source is not None:
            self.showInPane.emit(source.id, pane)

    def _menu(self, point: QPoint) -> None:
        index = self.list.indexAt(point)
        if not index.isValid():
            return
        menu = QMenu(self)
        for pane in range(self._pane_count()):
            menu.addAction(f"Show in pane {pane + 1}", partial(self._emit, index, pane))
        if self._pane_count() < 4:
            menu.addAction("Show in a new pane", lambda: self._emit(index, self.NEW_PANE))
        menu.addSeparator()
        source = index.data(SOURCE_ROLE)
        menu.addAction("Edit details…", lambda: self.editRequested.emit(source.id))
        menu.addAction("Remove from workspace…", lambda: self.removeRequested.emit(source.id))
        menu.exec(self.list.viewport().mapToGlobal(point))

    def select_source(self, source_id: str) -> None:
        """Select and reveal a source's row (a new import, an edited one)."""
        for row in range(self.model.rowCount()):
            index = self.model.index(row)
            if index.data(SOURCE_ROLE).id == source_id:
                self.list.setCurrentIndex(index)
                self.list.scrollTo(index)
                return
