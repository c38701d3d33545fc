"""Shared fixtures: one aligned workspace is built per session and copied per test.

Building a workspace and aligning bundled sources takes a few tenths of a
second; copying the finished file takes a millisecond, which keeps the suite fast.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from compare.workspace import Workspace

LEFT = "encyclopedia-overview"
RIGHTS = ("kremlin-csto", "kz-presidency")


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed workspace: the bundled sources, LEFT aligned with RIGHTS, nothing reviewed."""
    path = tmp_path_factory.mktemp("template") / "aligned.parallax"
    with Workspace.create(path) as ws:
        report = ws.align(LEFT, list(RIGHTS))
        assert report.proposed >= 6, "the fixtures need a handful of proposed links"
    return path


@pytest.fixture
def ws_path(template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "ws.parallax"
    shutil.copyfile(template, target)
    return target


@pytest.fixture
def ws(ws_path: Path) -> Iterator[Workspace]:
    with Workspace.open(ws_path) as workspace:
        yield workspace
