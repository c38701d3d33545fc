"""The core never imports Qt: it must run in a CLI, a server or a notebook."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_core_loads_no_qt() -> None:
    modules = sorted(p.stem for p in (ROOT / "compare").glob("*.py") if p.stem != "__init__")
    code = ("import sys, importlib\n"
            f"for m in {modules!r}: importlib.import_module('compare.' + m)\n"
            "import compare.importers\n"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'PyQt'))]\n"
            "assert not bad, bad\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr


def test_no_core_module_mentions_pyside() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "compare").rglob("*.py")
                 if "gui" not in p.relative_to(ROOT).parts and "PySide6" in p.read_text("utf-8")]
    assert offenders == []
