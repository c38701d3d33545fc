"""The package as users get it: every subpackage listed, and a built wheel that works far from the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA_PACKAGES = {"compare.bundled": "sources", "compare.resources": "resources"}


def _declared() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_is_declared() -> None:
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "compare").rglob("__init__.py")}
    setup = _declared()
    assert set(setup["packages"]) == on_disk | set(DATA_PACKAGES)
    assert setup["package-dir"] == DATA_PACKAGES


def _run(exe: Path, *args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
                          check=False)


@pytest.mark.slow
def test_a_built_wheel_runs_outside_the_checkout(tmp_path: Path) -> None:
    """Build the wheel, install it alone in a fresh venv, run the CLI and a screenshot from elsewhere.

    The dependencies are borrowed from this interpreter's site-packages on
    PYTHONPATH (no .pth files run from there, so the editable install stays
    out), which keeps the test to seconds while the package itself comes only
    from the wheel.
    """
    wheels = tmp_path / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                           capture_output=True, text=True, timeout=300, check=False)
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("parallax_compare-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    install = _run(bin_dir / "python", "-m", "pip", "install", "--no-deps", "-q", str(wheel),
                   env=dict(os.environ), cwd=tmp_path)
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"], "QT_QPA_PLATFORM": "offscreen",
           "PARALLAX_DATA_DIR": str(tmp_path / "data"), "PARALLAX_SETTINGS_DIR": str(tmp_path / "settings")}
    where = _run(bin_dir / "python", "-c", "import compare; print(compare.__file__)", env=env, cwd=elsewhere)
    assert str(env_dir) in where.stdout, where.stdout + where.stderr  # the wheel's copy, not the checkout's

    listed = _run(bin_dir / "parallax", "sources", env=env, cwd=elsewhere)
    assert listed.returncode == 0, listed.stderr
    assert "diplomat-color-revolution" in listed.stdout and "ru-media" in listed.stdout

    aligned = _run(bin_dir / "parallax", "align", "diplomat-color-revolution", "kremlin-csto", env=env, cwd=elsewhere)
    assert aligned.returncode == 0, aligned.stderr
    assert "kremlin-csto" in aligned.stdout

    shot = elsewhere / "shot.png"
    shown = _run(bin_dir / "parallax", "--screenshot", str(shot), env=env, cwd=elsewhere)
    assert shown.returncode == 0, shown.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
