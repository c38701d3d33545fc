"""Modules imported the first time they are used, not when the importing module loads.

NumPy, RapidFuzz and the stemmers cost a few tenths of a second to import, and
opening a workspace that is already aligned needs none of them (issue 14): the
engine's modules bind these names to a `LazyModule` instead, and the real
import happens on the first attribute read. Python's import lock makes that
safe from any thread (the alignment worker is usually the first user). Type
checkers see the real module: the modules import it under `TYPE_CHECKING`.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands for the module `name` until something reads an attribute of it."""

    __slots__ = ("_module", "_name")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def _load(self) -> ModuleType:
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return module

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._load(), attr)

    def __repr__(self) -> str:
        state = "loaded" if self._module is not None else "not loaded yet"
        return f"<lazy module {self._name!r} ({state})>"


def lazy_import(name: str) -> Any:
    """A stand-in for `import name` that imports on first use (typed Any: declare the real module
    under TYPE_CHECKING for the type checker)."""
    return LazyModule(name)
