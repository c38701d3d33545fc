"""Placeholder replaced by the workspace issue: `parallax workspace PATH ...`."""

from __future__ import annotations

import argparse

from compare.errors import SourceError


def add_workspace_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The workspace commands are added by the workspace module."""


def run_workspace(args: argparse.Namespace) -> int:
    raise SourceError(f"unknown command {args.command!r}")
