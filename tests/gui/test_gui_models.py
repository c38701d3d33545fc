"""The table and library models behave as Qt models must, and filter as documented."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QModelIndex, Qt

from compare.gui.library_dock import PANE_ROLE, LibraryModel
from compare.gui.pair_model import DEFAULT_STATUS, PairFilterProxy, PairTableModel
from compare.reading.session import ReadingSession
from compare.workspace import Workspace

ANCHOR, DIGEST = "diplomat-color-revolution", "encyclopedia-overview"


@pytest.fixture
def session(qapp, workspace_path) -> ReadingSession:
    with Workspace.open(workspace_path) as workspace:
        yield ReadingSession(workspace, [ANCHOR, DIGEST], threshold=30)


def reviewed(session: ReadingSession) -> list:
    """Confirm the first link, reject the second (agreeing), note the third, add a hand-made one."""
    links = session.pane_links()
    ws = session.workspace
    ws.confirm(links[0].pair_id, relation="agrees")
    ws.reject(links[1].pair_id)
    ws.set_note(links[2].pair_id, "check the date")
    ws.add_link(ANCHOR, (0, 12), DIGEST, (0, 12))
    session.invalidate()
    return session.pane_links()


def test_pair_model_passes_model_tester(qtmodeltester, session):
    model = PairTableModel(session.library.get)
    model.set_links(session.pane_links())
    assert model.rowCount() == len(session.pane_links()) > 3
    qtmodeltester.check(model)
    proxy = PairFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_rows_show_sources_excerpts_score_and_status(qapp, session):
    model = PairTableModel(session.library.get)
    model.set_links(session.pane_links())
    first = session.pane_links()[0]
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[PairTableModel.LEFT] == session.library[ANCHOR].meta.title
    assert row[PairTableModel.SCORE] == f"{first.link.score:.0f}"
    assert row[PairTableModel.STATUS] == DEFAULT_STATUS
    assert model.index(0, PairTableModel.RIGHT).data(Qt.ItemDataRole.DecorationRole) is not None
    assert "DIGEST" in model.index(0, PairTableModel.RIGHT).data(Qt.ItemDataRole.ToolTipRole)


def test_status_relation_and_note_columns(qapp, session):
    links = reviewed(session)
    model = PairTableModel(session.library.get)
    model.set_links(links)
    by_id = {model.index(r, 0).data(Qt.ItemDataRole.UserRole + 2): r for r in range(model.rowCount())}
    confirmed = by_id[next(pl.pair_id for pl in links if pl.status == "confirmed" and not pl.manual)]
    assert model.index(confirmed, PairTableModel.STATUS).data() == "✓ confirmed"
    assert model.index(confirmed, PairTableModel.RELATION).data() == "agrees"
    assert model.index(confirmed, PairTableModel.STATUS).data(Qt.ItemDataRole.BackgroundRole) is not None
    rejected = by_id[next(pl.pair_id for pl in links if pl.status == "rejected")]
    assert model.index(rejected, PairTableModel.STATUS).data() == "✗ rejected"
    assert model.index(rejected, PairTableModel.LEFT_TEXT).data(Qt.ItemDataRole.FontRole).strikeOut()
    noted = by_id[next(pl.pair_id for pl in links if pl.note)]
    assert model.index(noted, PairTableModel.NOTE).data() == "check the date"
    manual = by_id[next(pl.pair_id for pl in links if pl.manual)]
    assert model.index(manual, PairTableModel.SCORE).data() == "hand"
    assert model.flags(model.index(noted, PairTableModel.NOTE)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(noted, PairTableModel.STATUS)) & Qt.ItemFlag.ItemIsEditable
    edits = []
    model.noteEdited.connect(lambda pid, text: edits.append((pid, text)))
    assert model.setData(model.index(noted, PairTableModel.NOTE), "new note")
    assert edits == [(links[noted].pair_id, "new note")]


def test_filter_by_status_and_relation(qapp, session):
    links = reviewed(session)
    model = PairTableModel(session.library.get)
    model.set_links(links)
    proxy = PairFilterProxy()
    proxy.setSourceModel(model)
    for status, expected in (("confirmed", 2), ("rejected", 1), ("manual", 1),
                             ("proposed", len(links) - 3), (None, len(links))):
        proxy.set_status(status)
        assert proxy.rowCount() == expected, status
    proxy.set_status(None)
    proxy.set_relation("agrees")
    assert proxy.rowCount() == 1
    proxy.set_relation("")
    assert proxy.rowCount() == len(links) - 1
    proxy.set_relation(None)
    proxy.set_min_score(99)
    assert [pl.manual for pl in proxy.pane_links()] == [True]  # a hand-made link has no score to filter on
    proxy.set_min_score(0)
    proxy.set_text("check the date")
    assert proxy.rowCount() == 1  # notes are searched too


def test_filter_by_text_score_and_source(qapp, session):
    model = PairTableModel(session.library.get)
    model.set_links(session.pane_links())
    proxy = PairFilterProxy()
    proxy.setSourceModel(model)
    total = proxy.rowCount()
    proxy.set_min_score(45)
    assert proxy.rowCount() == sum(1 for pl in session.pane_links() if pl.link.score >= 45) < total
    proxy.set_min_score(0)
    proxy.set_text("Tokayev")
    assert 0 < proxy.rowCount() < total
    proxy.set_text("")
    proxy.set_source("no-such-source")
    assert proxy.rowCount() == 0
    proxy.set_source(DIGEST)
    assert proxy.rowCount() == total
    proxy.sort(PairTableModel.SCORE, Qt.SortOrder.DescendingOrder)
    scores = [proxy.index(r, PairTableModel.SCORE).data(Qt.ItemDataRole.UserRole + 4) for r in range(total)]
    assert scores == sorted(scores, reverse=True)


def test_library_model_passes_model_tester(qtmodeltester, session):
    model = LibraryModel()
    model.set_sources(session.sources(), session.panes)
    qtmodeltester.check(model)
    assert model.index(0).data(PANE_ROLE) == 1
    assert model.rowCount(model.index(0)) == 0
    assert model.data(QModelIndex()) is None


def test_a_reviewed_link_the_engine_no_longer_proposes_is_marked_stale(qapp, session):
    pl = session.pane_links()[0]
    session.workspace.confirm(pl.pair_id)
    conn = sqlite3.connect(session.workspace.path)  # as if a newer engine had dropped it
    conn.execute("UPDATE links SET proposed = 0 WHERE pair_id = ?", (pl.pair_id,))
    conn.commit()
    conn.close()
    session.invalidate()
    model = PairTableModel(session.library.get)
    model.set_links(session.pane_links())
    row = model.row_of(pl.pair_id)
    assert model.index(row, PairTableModel.STATUS).data() == "✓ confirmed · stale"
    assert "no longer proposed" in model.index(row, PairTableModel.STATUS).data(Qt.ItemDataRole.ToolTipRole)
    proxy = PairFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_status("stale")
    assert [p.pair_id for p in proxy.pane_links()] == [pl.pair_id]
