"""Alignment → "Read meaning with e5 as well": the choice re-aligns the shown pairs, keeps decisions, and is kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from compare.engine import semantic
from compare.engine.align import engine_version
from compare.gui.encoder_choice import ONE_ENCODER_KEY
from compare.workspace import Workspace

pytestmark = pytest.mark.skipif(not semantic.second_installed(), reason="e5 is not installed here")


def _engines(window) -> set[str]:
    """The engines that made the runs of the pairs on show."""
    shown = {frozenset((a, b)) for a, b, _ in window.session.pair_keys(window.session.unit)}
    return {str(r["engine_version"]) for r in window.session.workspace.runs()
            if frozenset((r["left_id"], r["right_id"])) in shown and r["unit"] == window.session.unit}


def _status_on_disk(window, pair_id: str) -> str:
    with Workspace.open(window.session.workspace.path) as other:
        return other.pair(pair_id).status


def test_choosing_use_alone_aligns_again_keeps_decisions_and_is_remembered(qtbot, window_factory, tmp_path,
                                                                           monkeypatch) -> None:
    monkeypatch.delenv("PARALLAX_ONE_ENCODER", raising=False)
    settings = QSettings(str(tmp_path / "choice.ini"), QSettings.Format.IniFormat)
    window = window_factory(settings=settings)
    action = window.encoders.action
    assert action.isEnabled() and action.isChecked()
    both = engine_version()
    assert _engines(window) == {both} and not both.endswith("one-encoder")
    pl = window.session.pair_links(0)[0]
    assert window.show_link(pl.pair_id, "table")
    window.review.confirm.trigger()

    with qtbot.waitSignal(window.alignmentFinished, timeout=60_000):
        action.trigger()  # off: USE alone
    alone = engine_version()
    assert not action.isChecked() and semantic.second_embedder() is None and alone.endswith("one-encoder")
    assert _engines(window) == {alone}  # every shown pair aligned again by the other engine
    assert _status_on_disk(window, pl.pair_id) == "confirmed"  # the decision survives the re-alignment
    assert window.link_count.text().endswith("· USE alone")  # the status line says which reader is on
    assert str(settings.value(ONE_ENCODER_KEY)).lower() == "true"
    window.close()

    again = window_factory(settings=settings)  # the next start reads the choice back
    assert not again.encoders.action.isChecked() and engine_version() == alone
    assert _engines(again) == {alone}  # nothing to align again: its runs are current
    with qtbot.waitSignal(again.alignmentFinished, timeout=60_000):
        again.encoders.action.trigger()  # on again: both encoders
    assert semantic.second_embedder() is not None and engine_version() == both
    assert _engines(again) == {both} and "USE alone" not in again.link_count.text()
    assert str(settings.value(ONE_ENCODER_KEY)).lower() == "false"


def test_the_variable_holds_the_switch_off_and_says_why(window_factory, monkeypatch) -> None:
    monkeypatch.setenv("PARALLAX_ONE_ENCODER", "1")
    window = window_factory()
    action = window.encoders.action
    assert not action.isEnabled() and not action.isChecked()
    assert "PARALLAX_ONE_ENCODER" in action.toolTip()
    alignment_menu = next(m.menu() for m in window.menuBar().actions() if m.text() == "&Alignment")
    assert action in alignment_menu.actions()
