"""The table and library models behave as Qt models must, and filter as documented."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from compare import bundled_sources
from compare.align import Corpus, align
from compare.gui.library_dock import PANE_ROLE, LibraryModel
from compare.gui.pair_model import DEFAULT_STATUS, PairFilterProxy, PairTableModel
from compare.gui.session import ReadingSession

ANCHOR, DIGEST = "diplomat-color-revolution", "encyclopedia-overview"


@pytest.fixture(scope="module")
def session(qapp) -> ReadingSession:
    s = ReadingSession(bundled_sources(), [ANCHOR, DIGEST], threshold=30)
    corpus = Corpus(s.sources(), "paragraph")
    key = s.missing()[0]
    s.store("paragraph", {key: align(s.library[key[0]], [s.library[key[1]]], corpus=corpus)}, corpus)
    return s


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
    model.set_statuses({first.pair_id: "confirmed"})  # the review issue plugs in here
    assert model.index(0, PairTableModel.STATUS).data() == "confirmed"


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
