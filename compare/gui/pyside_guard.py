"""Work around a PySide6 6.12.0 bug that would crash the reader on Python 3.11.

In that release every call to a void C++ method (`QColor.setAlphaF`,
`QWidget.update`, ...) returns None without taking a reference to it. From
Python 3.12 None is immortal and nothing happens; on 3.11 its count drains
with each paint until the interpreter aborts ("none_dealloc: deallocating
None"), after minutes of use or at exit. The real fix is a PySide6 without
the bug (6.11.x is fine); until every install has one, we detect the leak and
give None a reference count it cannot exhaust, as 3.12 does.
"""

from __future__ import annotations

import ctypes
import sys

PROBE_CALLS = 64
RESERVE = 1 << 50  # at a million leaked references a second, enough for 35 years


def void_calls_leak_none() -> bool:
    """True when void Qt calls drop references to None (only measurable before 3.12)."""
    if sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QRectF

    rect = QRectF()
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        rect.setWidth(1.0)
    return sys.getrefcount(None) < before - PROBE_CALLS // 2


def protect_none() -> bool:
    """Apply the workaround if this PySide needs it; True if it was applied."""
    if not void_calls_leak_none():
        return False
    count = ctypes.c_ssize_t.from_address(id(None))
    if count.value < RESERVE:
        count.value += RESERVE
    return True
