"""An archive worker builds a file's source under the key `parallax align` reads it by, and back."""

from __future__ import annotations

import pytest

from compare.archive.inputs import read_inputs
from compare.archive.tasks import build
from compare.model.disk_cache import DiskCache
from compare.text import sources as sources_module
from compare.text.sources import bundled_dir, load_source


def _refuse(*_a, **_k):
    raise AssertionError("rendered again although the cache holds the layout")


@pytest.mark.parametrize("first", ["archive", "align"])
def test_the_archive_and_the_command_line_share_a_files_layout(tmp_path, monkeypatch, first):
    path = tmp_path / "wire-chronology.md"
    path.write_text((bundled_dir() / "wire-chronology.md").read_text(encoding="utf-8"), encoding="utf-8")
    cache = DiskCache(tmp_path / "cache")
    (doc,) = read_inputs([path]).documents
    made = build(doc, cache) if first == "archive" else load_source(path, cache=cache)
    monkeypatch.setattr(sources_module, "source_from_text", _refuse)
    monkeypatch.setattr("compare.text.sources.source_from_text", _refuse)
    again = load_source(path, cache=cache) if first == "archive" else build(doc, cache)
    assert again == made
