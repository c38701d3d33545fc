"""A reading session over a copy of the aligned bundled workspace: three panes, a low threshold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from compare.reading.session import ReadingSession
from compare.workspace import Workspace

ANCHOR, DIGEST, THIRD = "diplomat-color-revolution", "encyclopedia-overview", "wire-chronology"


@pytest.fixture
def session(workspace_path: Path) -> Iterator[ReadingSession]:
    with Workspace.open(workspace_path) as workspace:
        yield ReadingSession(workspace, [ANCHOR, DIGEST, THIRD], threshold=35)
