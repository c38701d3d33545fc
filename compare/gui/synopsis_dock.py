"""The synopsis view: events as rows, sources as columns, omissions and disputes at a glance.

It draws what `compare.reading.synopsis` answers and nothing more: a told
cell shows how many passages the source gives (tinted like a linked passage),
a "not told" cell is hatched grey like a passage without counterpart, and a
contested row carries a flag and the disputes in its tooltip. Clicking a cell
shows the passage with its counterparts beside the table; double-clicking (or
"Open in reader") puts that source and the others telling the event in the
reader's panes, each scrolled to its passage.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from compare.gui.theme import Theme
from compare.reading.naming import words_used
from compare.reading.synopsis import CONTESTED, TOLD_BY_ALL, TOLD_BY_ONE, Event, Synopsis

FIXED_COLUMNS = ("Date", "Event")
MODES = (("All events", None), ("Told by all", TOLD_BY_ALL), ("Told by one", TOLD_BY_ONE),
         ("Contested", CONTESTED))
NOT_TOLD = "not told"


class SynopsisDock(QDockWidget):
    """The matrix with its filters, and the passage of the clicked cell with its counterparts."""

    buildRequested = Signal()
    openRequested = Signal(str, str)  # event id, source id
    renameRequested = Signal(str, str)  # event id, new label ("" gives back the label from the links)
    splitRequested = Signal(str)  # passage key to take out of its event
    mergeRequested = Signal(str, str)  # anchor passage keys of the two events

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__("Synopsis", parent)
        self.setObjectName("synopsisDock")
        self.theme = theme
        self.synopsis: Synopsis | None = None
        self.rows: tuple[Event, ...] = ()
        self.mode = QComboBox()
        for label, value in MODES:
            self.mode.addItem(label, value)
        self.mode.setToolTip("Show every event, those all shown sources tell, those one alone tells, "
                             "or those where sources give different figures or dates")
        self.kind = QComboBox()
        self.kind.setToolTip("Count only sources of this kind")
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.by_coverage = QCheckBox("Most told first")
        self.build = QPushButton("Build")
        self.build.setToolTip("Group every source's passages into events (aligns any pair not yet aligned)")
        self.open = QPushButton("Open in reader")
        self.open.setEnabled(False)
        self.rename = QPushButton("Rename…")
        self.rename.setToolTip("Give the selected event a name of your own (kept in the workspace; Ctrl+Z undoes)")
        self.split = QPushButton("Split off")
        self.split.setToolTip("Take the selected cell's passage out of this event (kept over re-alignment)")
        self.merge = QPushButton("Merge with previous")
        self.merge.setToolTip("Merge the selected event with the one selected before it")
        for button in (self.rename, self.split, self.merge):
            button.setEnabled(False)
        self.rename.clicked.connect(self._rename_current)
        self.split.clicked.connect(self._split_current)
        self.merge.clicked.connect(self._merge_current)
        self._previous: str | None = None  # anchor of the event selected before the current one
        self._current: str | None = None
        self.ask_label: Callable[[str], str | None] = self._ask_label
        self.count = QLabel()
        self.count.setObjectName("synopsisCount")
        for widget in (self.mode, self.kind):
            widget.currentIndexChanged.connect(self._redraw)
        self.by_coverage.toggled.connect(self._redraw)
        self.build.clicked.connect(self.buildRequested)
        self.open.clicked.connect(self._open_current)
        self.table = QTableWidget()
        self.table.setObjectName("synopsisTable")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.currentCellChanged.connect(lambda row, col, *_: self._show_cell(row, col))
        self.table.cellDoubleClicked.connect(lambda row, col: self._open_cell(row, col))
        self.detail = QTextBrowser()
        self.detail.setObjectName("synopsisDetail")
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText("Click a cell: its passage and the other sources' passages for that event.")
        bar = QHBoxLayout()
        controls: tuple[QWidget, ...] = (self.mode, self.kind, self.by_coverage, self.build, self.open,
                                         self.rename, self.split, self.merge)
        for control in controls:
            bar.addWidget(control)
        bar.addStretch(1)
        bar.addWidget(self.count)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.setWidget(body)
        self.count.setText("Not built yet: press Build.")

    # --- data -----------------------------------------------------------------
    def set_synopsis(self, synopsis: Synopsis) -> None:
        self.synopsis = synopsis
        kinds = sorted({c.kind for c in synopsis.columns})
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem("Every kind", None)
        for k in kinds:
            self.kind.addItem(k.capitalize(), k)
        found = self.kind.findData(current)
        self.kind.setCurrentIndex(max(0, found))
        self.kind.blockSignals(False)
        self._redraw()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._redraw()

    def _columns(self) -> list:
        assert self.synopsis is not None
        kind = self.kind.currentData()
        return [c for c in self.synopsis.columns if kind is None or c.kind == kind]

    def _redraw(self, *_args: object) -> None:
        if self.synopsis is None:
            return
        columns = self._columns()
        kinds = None if self.kind.currentData() is None else {self.kind.currentData()}
        self.rows = self.synopsis.rows(self.mode.currentData(), kinds=kinds,
                                       by_coverage=self.by_coverage.isChecked())
        t = self.table
        t.clear()
        t.setColumnCount(len(FIXED_COLUMNS) + len(columns))
        t.setRowCount(len(self.rows))
        heads = [*FIXED_COLUMNS, *(_short(c.id, 13) + "\n" + ("COPY" if c.copy_of else c.kind.upper())
                                   for c in columns)]
        t.setHorizontalHeaderLabels(heads)
        for n, c in enumerate(columns):
            item = t.horizontalHeaderItem(len(FIXED_COLUMNS) + n)
            if item is not None:
                item.setToolTip(f"{c.citation}\nkind: {c.kind}" + (f", outlet: {c.outlet}" if c.outlet else "")
                                + (f"\nrepublishes {c.copy_of}: one witness with it, not corroboration"
                                   if c.copy_of else ""))
        told_brush = QBrush(self.theme.link_colour(75))
        silent_brush = QBrush(self.theme.unmatched, Qt.BrushStyle.BDiagPattern)
        contested = QBrush(self.theme.rejected)
        for r, e in enumerate(self.rows):
            date = QTableWidgetItem(e.date or "—")
            label = QTableWidgetItem(("⚑ " if e.contested else "") + e.label)
            tip = (f"{e.label}\ntold by {len(e.told_by)} of {len(self.synopsis.columns)}"
                   f" ({len(self.synopsis.independent(e))} independent)")
            if e.disputes:
                tip += "\n" + "\n".join("Contested — " + d.summary() for d in e.disputes)
                label.setBackground(contested)
            label.setToolTip(tip)
            t.setItem(r, 0, date)
            t.setItem(r, 1, label)
            for n, c in enumerate(columns):
                passages = e.passages(c.id)
                if passages:
                    item = QTableWidgetItem(f"■ {len(passages)}" if len(passages) > 1 else "■")
                    item.setBackground(told_brush)
                    item.setToolTip(_excerpt(passages[0].text, 300))
                else:
                    item = QTableWidgetItem(NOT_TOLD)
                    item.setBackground(silent_brush)
                    item.setForeground(QBrush(self.theme.muted))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                t.setItem(r, len(FIXED_COLUMNS) + n, item)
        header = t.horizontalHeader()
        # A source column's head is two lines (its short id, its kind), each already short: the
        # section is made wide and tall enough for both, since eliding a two-line head shows
        # neither line (it was drawn centred and clipped at both edges).
        header.setTextElideMode(Qt.TextElideMode.ElideNone)
        bold = header.font()
        bold.setWeight(QFont.Weight.DemiBold)  # the style sheet's font-weight 600, which fontMetrics() does not know
        metrics = QFontMetrics(bold)
        header.setMinimumHeight(2 * metrics.lineSpacing() + 10)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 84)
        header.resizeSection(1, 300)
        for n, head in enumerate(heads[len(FIXED_COLUMNS):]):
            wide = max(metrics.horizontalAdvance(line) for line in head.split("\n"))
            header.resizeSection(len(FIXED_COLUMNS) + n, max(84, wide + 24))  # + the section's padding
        shown = len(self.rows)
        told_all = sum(1 for e in self.rows if len(e.told_by) == len(self.synopsis.columns))
        self.count.setText(f"{shown} of {len(self.synopsis.events)} event(s) · {told_all} told by all · "
                           f"{sum(e.contested for e in self.rows)} contested")

    # --- cells ----------------------------------------------------------------
    def _cell(self, row: int, col: int) -> tuple[Event, str] | None:
        if self.synopsis is None or not 0 <= row < len(self.rows):
            return None
        columns = self._columns()
        event = self.rows[row]
        n = col - len(FIXED_COLUMNS)
        if 0 <= n < len(columns):
            return event, columns[n].id
        return event, event.told_by[0]

    def _show_cell(self, row: int, col: int) -> None:
        found = self._cell(row, col)
        self.open.setEnabled(found is not None)
        self.rename.setEnabled(found is not None)
        if found is None or self.synopsis is None:
            self.split.setEnabled(False)
            self.merge.setEnabled(False)
            self.detail.clear()
            return
        event, source_id = found
        if event.anchor != self._current:
            self._previous, self._current = self._current, event.anchor
        self.split.setEnabled(bool(event.passages(source_id)) and len(event.keys) > 1)
        self.merge.setEnabled(self._previous is not None and self._previous != event.anchor)
        self.detail.setHtml(detail_html(self.synopsis, event, source_id))

    def _open_cell(self, row: int, col: int) -> None:
        found = self._cell(row, col)
        if found is not None:
            event, source_id = found
            if event.passages(source_id):
                self.openRequested.emit(event.id, source_id)

    def _open_current(self) -> None:
        self._open_cell(self.table.currentRow(), self.table.currentColumn())

    def _ask_label(self, current: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(self, "Rename event", "Name (empty: the label from the links):",
                                        text=current)
        return text if ok else None

    def _rename_current(self) -> None:
        found = self._cell(self.table.currentRow(), self.table.currentColumn())
        if found is not None:
            label = self.ask_label(found[0].label)
            if label is not None:
                self.renameRequested.emit(found[0].id, label)

    def _split_current(self) -> None:
        found = self._cell(self.table.currentRow(), self.table.currentColumn())
        if found is not None and found[0].passages(found[1]):
            self.splitRequested.emit(found[0].passages(found[1])[0].key)

    def _merge_current(self) -> None:
        found = self._cell(self.table.currentRow(), self.table.currentColumn())
        if found is not None and self._previous is not None and self._previous != found[0].anchor:
            self.mergeRequested.emit(self._previous, found[0].anchor)

    def select(self, row: int, col: int) -> None:
        """Select a cell as a click would (tests and screenshots)."""
        self.table.setCurrentCell(row, col)


def _short(title: str, width: int = 16) -> str:
    return title if len(title) <= width else title[:width - 1] + "…"


def _excerpt(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def detail_html(synopsis: Synopsis, event: Event, source_id: str) -> str:
    """The clicked cell's passage first (or "not told"), then every counterpart, each with its citation."""
    parts = [f"<h3>{html.escape(event.label)}</h3>",
             f"<p><i>{html.escape(event.date or 'undated')} · told by {len(event.told_by)} of "
             f"{len(synopsis.columns)}</i></p>"]
    for d in event.disputes:
        parts.append(f"<p><b>Contested</b> — {html.escape(d.summary())}</p>")
    order = [source_id, *(sid for sid in event.told_by if sid != source_id)]
    for sid in order:
        c = synopsis.column(sid)
        passages = event.passages(sid)
        parts.append(f"<p><b>{html.escape(c.title)}</b> <small>({html.escape(c.kind)}"
                     f"{', ' + html.escape(c.outlet) if c.outlet else ''})</small></p>")
        if not passages:
            parts.append(f"<p><i>{NOT_TOLD}</i></p>")
        used = words_used(p.text for p in passages)
        if used:
            words = "; ".join(f"{html.escape(family)}: {html.escape(', '.join(sorted(found)))}"
                              for family, found in used.items())
            parts.append(f"<p><small><b>Words used</b> — {words}</small></p>")
        for p in passages:
            parts.append(f"<blockquote>{html.escape(p.text)}</blockquote>"
                         f"<p><small>characters {p.start}–{p.end}</small></p>")
    return "".join(parts)
