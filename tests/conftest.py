"""Test-wide setup and the fixtures several test folders share.

Qt runs offscreen, so the suite needs no screen (CI has none). Settings and the
data folder go to temporary directories, never the user's. Aligned workspaces
are built once per run and copied per test: building and aligning takes a few
tenths of a second, copying the finished file a millisecond.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from compare.reading.session import ReadingSession
from compare.workspace import Workspace

# On CI the property tests draw the same examples every run (a failure there is a regression, not
# luck) and no example is failed for being slow on a loaded machine; locally they explore afresh.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ANCHOR = "diplomat-color-revolution"
DIGEST = "encyclopedia-overview"
THIRD = "wire-chronology"


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, tmp_path_factory, monkeypatch):
    """No test may read or write the real user's settings or workspace.

    The cache folder is not inside `tmp_path`: opening a workspace keeps its rendered
    sources there, and tests that list their folder must not find it.
    """
    path = tmp_path / "settings"
    monkeypatch.setenv("PARALLAX_SETTINGS_DIR", str(path))
    monkeypatch.setenv("PARALLAX_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PARALLAX_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    from compare.engine import semantic

    monkeypatch.setattr(semantic, "_ONE_ENCODER_CHOSEN", [False])  # a window's encoder choice ends with its test
    return path


@pytest.fixture(scope="session")
def aligned_template(tmp_path_factory) -> Path:
    """The bundled sources with anchor–digest and digest–third aligned by paragraph (all candidates)."""
    path = tmp_path_factory.mktemp("template") / "template.parallax"
    with Workspace.create(path) as workspace:
        ReadingSession(workspace, [ANCHOR, DIGEST, THIRD]).align_now("paragraph")
    return path


@pytest.fixture
def workspace_path(aligned_template, tmp_path) -> Path:
    """This test's own copy of the aligned workspace."""
    target = tmp_path / "work.parallax"
    shutil.copy(aligned_template, target)
    return target


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
