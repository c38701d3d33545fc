"""Issue 14: a workspace's rendered sources are kept in the cache folder, so a second start renders nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare.model.disk_cache import DiskCache
from compare.model.locations import cache_dir
from compare.workspace import Workspace, source_rows


def _render_refused(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("a source was rendered again")


def test_a_second_process_reads_the_rendered_sources_back(ws_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source_rows._build.cache_clear()  # the template was built in this process, into another cache folder
    with Workspace.open(ws_path) as ws:
        first = {s.id: s for s in ws.sources()}
    source_rows._build.cache_clear()  # as in a new process
    monkeypatch.setattr(source_rows, "build_source", _render_refused)
    with Workspace.open(ws_path) as ws:
        again = {s.id: s for s in ws.sources()}
    assert again == first
    assert all(a.text == b.text and a.paragraphs == b.paragraphs and a.sentences == b.sentences
               for a, b in zip(first.values(), again.values(), strict=True))


def test_an_unreadable_cache_entry_is_rendered_again(ws_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source_rows._build.cache_clear()
    with Workspace.open(ws_path) as ws:
        first = {s.id: s.text for s in ws.sources()}
    cache = DiskCache(cache_dir())
    keys = cache.keys(source_rows.SOURCES_KIND)
    assert len(keys) == len(first)
    for key in keys:  # each entry's bytes damaged in its pack
        pack, offset, length = cache.place(source_rows.SOURCES_KIND, key)
        with open(pack, "r+b") as fh:
            fh.seek(offset)
            fh.write(b"not a pickle".ljust(length, b"\x00"))
    source_rows._build.cache_clear()
    calls: list[str] = []
    real = source_rows.build_source

    def counting(*args: object, **kwargs: object):
        calls.append("render")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(source_rows, "build_source", counting)
    with Workspace.open(ws_path) as ws:
        assert {s.id: s.text for s in ws.sources()} == first
    assert len(calls) == len(first)


def test_edited_metadata_is_not_read_from_an_older_rendering(ws_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        source = ws.sources()[0]
        ws.update_metadata(source.id, title="Another title")
    source_rows._build.cache_clear()
    with Workspace.open(ws_path) as ws:
        assert ws.source(source.id).meta.title == "Another title"
