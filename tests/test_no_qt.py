"""The core and the reading layer never import Qt: they must run in a CLI, a server or a notebook."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _core_modules() -> list[str]:
    """Every module of the package outside `compare/gui/`, by its dotted name."""
    names = []
    for path in sorted((ROOT / "compare").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "gui" in parts:
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_the_list_covers_every_layer() -> None:
    names = _core_modules()
    for layer in ("model", "text", "engine", "export", "importers", "workspace", "reading", "cli"):
        assert any(n.startswith(f"compare.{layer}.") for n in names), layer
    assert len(names) > 40


def test_importing_the_core_loads_no_qt() -> None:
    code = ("import sys, importlib\n"
            f"for m in {_core_modules()!r}: importlib.import_module(m)\n"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'PyQt'))]\n"
            "assert not bad, bad\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr


def test_no_core_module_mentions_pyside() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "compare").rglob("*.py")
                 if "gui" not in p.relative_to(ROOT).parts and "PySide6" in p.read_text("utf-8")]
    assert offenders == []
