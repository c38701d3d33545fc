"""Importing files, pasted text and web pages into a workspace."""

from __future__ import annotations

import email.message
from pathlib import Path

import pytest

from compare.model.errors import SourceError
from compare.workspace import Workspace
from compare.workspace.importing import looks_like_url, slug, unique_id

MEMO = "---\nid: memo\ntitle: A memo\nauthor: Analyst\n---\nTokayev spoke on 5 January.\n"


@pytest.fixture
def empty(tmp_path: Path) -> Workspace:
    ws = Workspace.create(tmp_path / "empty.parallax", sources=())
    yield ws
    ws.close()


def _ids(ws: Workspace) -> list[str]:
    return [s.id for s in ws.sources()]


def test_markdown_keeps_its_front_matter_and_gets_provenance(empty: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "memo.md"
    path.write_text(MEMO, "utf-8")
    source = empty.import_file(path)
    assert source.id == "memo" and source.meta.author == "Analyst"
    assert source.meta.provenance.startswith(f"Imported from {path.resolve()} on ")
    assert source.markdown == MEMO
    (entry,) = empty.entries()
    assert entry.origin == str(path.resolve())


def test_same_file_twice_is_refused_same_id_other_text_is_renamed(empty: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "memo.md"
    path.write_text(MEMO, "utf-8")
    empty.import_file(path)
    with pytest.raises(SourceError, match="already in the workspace as 'memo'"):
        empty.import_file(path)
    path.write_text(MEMO.replace("5 January", "6 January"), "utf-8")
    assert empty.import_file(path).id == "memo-2"
    assert _ids(empty) == ["memo", "memo-2"]


def test_plain_text_and_html_get_metadata(empty: Workspace, tmp_path: Path) -> None:
    txt = tmp_path / "field notes.txt"
    txt.write_text("# not a heading\n\nSecond paragraph.", "utf-8")
    source = empty.import_file(txt)
    assert (source.id, source.meta.title, source.meta.kind) == ("field-notes", "field notes", "article")
    assert source.text.startswith("# not a heading")
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Almaty, 5 January</title></head><body><article>"
                    "<p>Crowds stormed the akimat.</p></article></body></html>", "utf-8")
    html = empty.import_file(page)
    assert (html.id, html.meta.title) == ("almaty-5-january", "Almaty, 5 January")
    assert html.text == "Crowds stormed the akimat."


def test_pasted_text_with_a_cyrillic_title(empty: Workspace) -> None:
    source = empty.import_text("Токаев выступил 5 января.", title="Қаңтар оқиғалары")
    assert source.id == "qantar-oqighalary" and source.meta.title == "Қаңтар оқиғалары"
    assert "pasted text" in source.meta.provenance
    assert empty.import_text("Другой текст.", title="Қаңтар оқиғалары").id == "qantar-oqighalary-2"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("fake.pdf", b"just text", "not a PDF"),
    ("blank.txt", b"   \n", "empty"),
    ("sheet.xlsx", b"PK\x03\x04", "spreadsheets"),
    ("missing.md", None, "not found"),
])
def test_bad_input_is_one_message_and_changes_nothing(ws: Workspace, tmp_path: Path, name: str,
                                                      content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = (_ids(ws), len(ws.pairs()), ws.history())
    with pytest.raises(SourceError, match=message) as info:
        ws.import_file(path)
    assert "\n" not in str(info.value)
    assert (_ids(ws), len(ws.pairs()), ws.history()) == before


def test_broken_front_matter(empty: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text("---\ntitle: [unclosed\n---\nbody\n", "utf-8")
    with pytest.raises(SourceError, match=r"broken\.md: broken front matter"):
        empty.import_file(path)
    assert _ids(empty) == []


class _Response:
    """Just enough of an HTTP response for compare.importers.import_url."""

    status = 200

    def __init__(self, url: str, body: bytes, content_type: str) -> None:
        self.url, self._body = url, [body, b""]
        self.headers = email.message.Message()
        self.headers["Content-Type"] = content_type

    def __enter__(self) -> _Response:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def geturl(self) -> str:
        return self.url

    def read(self, size: int = -1) -> bytes:
        return self._body.pop(0)


class _Opener:
    def __init__(self, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        self.body, self.content_type = body, content_type

    def open(self, request, timeout: float = 0) -> _Response:
        return _Response(request.full_url, self.body, self.content_type)


def test_import_url(empty: Workspace) -> None:
    page = (b"<html><head><title>Statement of 7 January</title></head><body><article><p>"
            b"Security forces were authorised to fire without warning.</p></article></body></html>")
    source = empty.import_url("https://example.org/news/statement", opener=_Opener(page))
    assert source.id == "statement-of-7-january" and source.meta.kind == "article"
    assert source.meta.url == "https://example.org/news/statement"
    assert source.meta.provenance.startswith("Imported from https://example.org/news/statement on ")
    with pytest.raises(SourceError, match="unsupported content type"):
        empty.import_url("https://example.org/x.png", opener=_Opener(b"\x89PNG", "image/png"))
    assert _ids(empty) == ["statement-of-7-january"]


def test_slug_and_unique_id() -> None:
    assert slug("Kazakhstan's Bloody January: lethal force") == "kazakhstan-s-bloody-january-lethal-force"
    assert slug("Январь 2022 года в Казахстане") == "ianvar-2022-goda-v-kazakhstane"
    assert len(slug("word " * 40)) <= 48 and slug("!!!") == ""
    assert unique_id("a", {"a", "a-2"}) == "a-3" and unique_id("b", {"a"}) == "b"


@pytest.mark.parametrize(("ref", "url"), [
    ("https://example.org/a", True), ("example.org/a", True), ("www.example.org", True),
    ("report.pdf", False), ("notes/memo.md", False), ("C:/data/memo.md", False),
])
def test_urls_and_paths_are_told_apart(ref: str, url: bool) -> None:
    assert looks_like_url(ref) is url
