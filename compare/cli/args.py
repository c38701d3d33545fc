"""Argument types shared by every command line: one wording for one mistake."""

from __future__ import annotations

import argparse

# The engine's default (compare.engine.align.DEFAULT_THRESHOLD), repeated so that building the
# parser loads no engine; tests/cli/test_lazy_imports.py keeps the two equal.
DEFAULT_THRESHOLD = 50.0
# The synopsis filters (compare.reading.synopsis.FILTERS), repeated for the same reason.
SYNOPSIS_FILTERS = ("all", "one", "contested")


def percent(value: str) -> float:
    """A score threshold from 0 to 100, refused with a readable reason otherwise."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 <= number <= 100:
        raise argparse.ArgumentTypeError("must be between 0 and 100")
    return number


def count(value: str) -> int:
    """A whole number of at least 1 (processes, workers, a partition's size)."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number
