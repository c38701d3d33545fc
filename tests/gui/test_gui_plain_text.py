"""Text from documents nobody here wrote is shown as text: never markup, never a link (brief: untrusted text
never becomes a formula, a link or a fetch)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from compare.gui.asking import message_box
from compare.gui.pane_header import PaneHeader
from compare.text.sources import bundled_sources

HOSTILE = '<a href="http://evil.example/x">Click</a> <b>bold</b> <img src="http://evil.example/p.png">'


def test_a_pane_header_shows_a_marked_up_title_and_byline_as_text(qtbot) -> None:
    source = bundled_sources()[0]
    source = replace(source, meta=replace(source.meta, title=HOSTILE, author=HOSTILE))
    header = PaneHeader()
    qtbot.addWidget(header)
    header.resize(900, 80)
    header.set_sources((source,), source)
    for label in (header.title, header.byline):
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert label.full_text().count("<a href") == 1
    assert not header.title.openExternalLinks()


def test_message_boxes_quote_text_as_plain_text(qtbot) -> None:
    """QMessageBox's static helpers guess at rich text: a pasted title "<b>…</b>" came out bold."""
    box = message_box(None, QMessageBox.Icon.Warning, "Could not import this", f"{HOSTILE}: the text is empty")
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText and box.text().startswith("<a href")


def test_the_windows_refusals_and_questions_use_plain_text(qtbot, window, monkeypatch) -> None:
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self) or int(QMessageBox.StandardButton.No))
    window.notify_error("Could not import this", HOSTILE)
    assert window.ask_to_remove(HOSTILE) is False
    assert [b.textFormat() for b in shown] == [Qt.TextFormat.PlainText] * 2
    assert HOSTILE in shown[0].text() and HOSTILE in shown[1].text()


def test_a_references_menu_shows_titles_and_addresses_as_written(qtbot) -> None:
    from compare.model.records import Reference

    source = bundled_sources()[0]
    ref = Reference(title="Q&A <b>with</b> the CSTO", outlet="AT&T News", date="2022-01-07",
                    url='https://example.org/?a=1&b=<script>')
    source = replace(source, meta=replace(source.meta, references=(ref,)))
    header = PaneHeader()
    qtbot.addWidget(header)
    header.set_sources((source,), source)
    (action,) = header.references.menu().actions()
    assert action.text() == "Q&&A <b>with</b> the CSTO (AT&&T News, 2022-01-07)"  # "&&" is drawn as "&"
    assert action.toolTip() == "<p>https://example.org/?a=1&amp;b=&lt;script&gt;</p>"
    assert action.data() == ref.url
