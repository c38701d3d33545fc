"""Test-wide setup: Qt runs offscreen, so the suite needs no screen (CI has none)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
