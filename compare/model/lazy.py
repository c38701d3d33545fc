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


class LazyModule(ModuleType):
    """Stands for the module `name` until something reads an attribute of it.

    At that first read the real module's names are copied into this one, so every later read
    is a plain attribute lookup: a `__getattr__` call on each `np.` cost a fiftieth of a cold
    run (75 of them a pair of sources). A name the module gains afterwards (a submodule
    imported later) is still found, through `__getattr__`.
    """

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self._lazy_module: ModuleType | None = None

    def _load(self) -> ModuleType:
        module = self._lazy_module
        if module is None:
            module = importlib.import_module(self.__name__)
            self.__dict__.update(module.__dict__)
            self._lazy_module = module
        return module

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._load(), attr)

    def __repr__(self) -> str:
        state = "loaded" if self._lazy_module is not None else "not loaded yet"
        return f"<lazy module {self.__name__!r} ({state})>"


def lazy_import(name: str) -> Any:
    """A stand-in for `import name` that imports on first use (typed Any: declare the real module
    under TYPE_CHECKING for the type checker)."""
    return LazyModule(name)
