"""Reading an archive: folders, JSONL and workspaces become documents; a bad one is reported, not fatal."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compare.archive.inputs import anchor_document, read_inputs
from compare.archive.tasks import build
from compare.model.errors import SourceError
from compare.text.sources import load_source
from compare.workspace import Workspace


def test_a_folder_gives_its_markdown_and_text_files_by_id_and_reports_the_rest(tmp_path, make_docs):
    make_docs(tmp_path / "in" / "sub", 3)
    (tmp_path / "in" / "note.txt").write_text("A plain note about Tokayev.\n", encoding="utf-8")
    (tmp_path / "in" / "page.html").write_text("<p>html</p>", encoding="utf-8")
    (tmp_path / "in" / "empty.md").write_text("---\nid: empty\n---\n\n", encoding="utf-8")
    (tmp_path / "in" / ".hidden.md").write_text("hidden\n", encoding="utf-8")
    found = read_inputs([tmp_path / "in"])
    assert [d.id for d in found.documents] == ["doc-000", "doc-001", "doc-002", "note"]
    assert len(found.problems) == 2
    assert any("page.html" in p and "not a .md or .txt" in p for p in found.problems)
    assert any("empty.md" in p and "empty" in p for p in found.problems)


def test_a_file_document_builds_the_source_parallax_align_loads(documents):
    doc = read_inputs([documents[0].parent]).documents[0]
    assert build(doc) == load_source(documents[0])


def test_jsonl_lines_become_documents_and_bad_lines_are_reported_with_their_number(tmp_path):
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "First", "text": "Tokayev asked the CSTO for help on 5 January.",
                    "language": "en", "published": "2022-01-06", "url": "https://example.org/a1", "extra": 1}),
        "{not json",
        json.dumps({"id": "a2", "title": "No text"}),
        "",
        json.dumps(["a", "list"]),
        json.dumps({"id": "bad id!", "text": "words"}),
        json.dumps({"text": "Без идентификатора, но с текстом.", "language": "ru"}),
        json.dumps({"id": "a1", "text": "a second a1"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = read_inputs([path])
    assert [d.id for d in found.documents] == ["a1", "dump-7"]
    where = sorted(p.split(":")[1] for p in found.problems)
    assert where == ["2", "3", "5", "6", "8"]
    first = build(found.documents[0])
    assert first.text == "Tokayev asked the CSTO for help on 5 January."
    assert (first.meta.title, first.meta.published, first.meta.url) == ("First", "2022-01-06", "https://example.org/a1")
    assert build(found.documents[1]).meta.language == "ru"


def test_a_workspace_gives_its_stored_sources(tmp_path, documents):
    path = tmp_path / "w.parallax"
    with Workspace.create(path, [load_source(p) for p in documents[:3]]) as ws:
        stored = ws.sources()
    found = read_inputs([path])
    assert [build(d) for d in found.documents] == sorted(stored, key=lambda s: s.id)


def test_the_anchor_is_an_input_id_a_file_or_a_bundled_id(documents):
    found = read_inputs([documents[0].parent])
    assert anchor_document("doc-001", found) is found.documents[1]
    assert build(anchor_document(str(documents[2]), found)) == load_source(documents[2])
    assert build(anchor_document("kz-presidency", found)).id == "kz-presidency"
    with pytest.raises(SourceError):
        anchor_document("no-such-thing", found)


def test_a_missing_input_or_one_of_an_unknown_kind_is_an_error(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        read_inputs([tmp_path / "missing"])
    (tmp_path / "x.csv").write_text("a,b\n", encoding="utf-8")
    with pytest.raises(SourceError, match="expected a folder"):
        read_inputs([tmp_path / "x.csv"])

_values = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30), st.lists(st.text(max_size=5)))
_records = st.dictionaries(st.sampled_from(["id", "text", "title", "language", "published", "format", "kind"]),
                           _values, max_size=6)
_lines = st.one_of(_records.map(json.dumps), st.text(max_size=40).filter(lambda s: "\n" not in s and "\r" not in s))


@given(st.lists(_lines, max_size=8))
def test_every_jsonl_line_gives_one_document_or_one_problem_never_an_exception(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("jsonl") / "dump.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = read_inputs([path])
    content = [line for line in path.read_bytes().split(b"\n") if line.strip()]
    assert len(found.documents) + len(found.problems) == len(content)
    assert all(p.startswith(f"{path}:") and "\n" not in p for p in found.problems)
