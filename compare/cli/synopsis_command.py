"""`parallax synopsis [SOURCES ...] [--workspace PATH] [--export FILE]`: the events-by-sources matrix.

Without --workspace the sources (files or bundled ids; all bundled ones by
default) are aligned pair by pair in a throw-away workspace. With it, the
named workspace's sources (all, or those named) are used with the analyst's
decisions, and any pair it lacks is aligned and stored there first (decisions
are kept, as `workspace align` keeps them); more than 120 such pairs (an archive
workspace lacks half a million) need --align-all, or --aligned-only uses what is there.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from compare.cli.args import DEFAULT_THRESHOLD, SYNOPSIS_FILTERS, percent
from compare.model.errors import SourceError
from compare.model.records import UNITS, Source

if TYPE_CHECKING:  # the engine and the workspace load only when the command runs, not to build the parser
    from compare.reading.synopsis import Synopsis


def add_synopsis_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("synopsis", help="every event against every source: who tells it, who leaves it out")
    p.add_argument("sources", nargs="*", metavar="SOURCE",
                   help="files or bundled ids (with --workspace: ids in it); default all")
    p.add_argument("--workspace", metavar="PATH", help="use this workspace's sources, links and decisions")
    many = p.add_mutually_exclusive_group()
    many.add_argument("--align-all", action="store_true",
                      help="align every pair the workspace lacks, however many (by default more than "
                           "120 are refused: an archive workspace lacks hours of them)")
    many.add_argument("--aligned-only", action="store_true",
                      help="build from the pairs the workspace already holds, aligning none")
    p.add_argument("--unit", choices=UNITS, default="paragraph")
    p.add_argument("--threshold", type=percent, default=DEFAULT_THRESHOLD,
                   help=f"minimum score of an engine link 0-100 (default {DEFAULT_THRESHOLD:g})")
    p.add_argument("--filter", choices=SYNOPSIS_FILTERS, help="only events told by all, by one, or contested")
    p.add_argument("--export", metavar="FILE", help="write the matrix to .csv .xlsx .md or .json")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")


def _build(args: argparse.Namespace) -> tuple[Synopsis, list[Source]]:
    from compare.cli.one_run import resolve_distinct
    from compare.reading.synopsis import ASK_ABOVE_PAIRS, align_missing, missing_pairs, workspace_synopsis
    from compare.text.sources import bundled_sources
    from compare.workspace import Workspace

    if args.workspace:
        path = Path(args.workspace)
        if not path.exists():
            raise SourceError(f"{path}: no such workspace")
        with Workspace.open(path) as ws:
            ids = list(dict.fromkeys(args.sources)) or [s.id for s in ws.sources()]
            known = {s.id for s in ws.sources()}
            for sid in ids:
                if sid not in known:
                    raise SourceError(f"no source '{sid}' in this workspace")
            if len(ids) < 2:
                raise SourceError("a synopsis needs at least two sources")
            todo = missing_pairs(ws, ids, args.unit)
            lacking = len(todo)
            if args.aligned_only:
                if lacking:
                    print(f"{lacking} pair(s) are not aligned: some events may be split")
            elif lacking > ASK_ABOVE_PAIRS and not args.align_all:
                raise SourceError(f"{lacking:,} pairs of these {len(ids)} sources are not aligned, which can take "
                                  "a long time: add --align-all to align them first, or --aligned-only to build "
                                  "from the pairs the workspace holds")
            else:
                ran = align_missing(ws, ids, args.unit, todo=todo)
                if ran:
                    print(f"aligned {ran} pair(s) the workspace lacked (decisions kept)")
            by_id = {s.id: s for s in ws.sources()}
            return workspace_synopsis(ws, ids, unit=args.unit, threshold=args.threshold), [by_id[i] for i in ids]
    sources = resolve_distinct(args.sources) if args.sources else bundled_sources()
    ids = [s.id for s in sources]
    if len(ids) < 2:
        raise SourceError("a synopsis needs at least two sources")
    with tempfile.TemporaryDirectory(prefix="parallax-synopsis-") as tmp, \
            Workspace.create(Path(tmp) / "synopsis.parallax", sources) as ws:
        align_missing(ws, ids, args.unit)
        return workspace_synopsis(ws, ids, unit=args.unit, threshold=args.threshold), list(sources)


def print_synopsis(syn: Synopsis, mode: str | None = None, naming: dict | None = None) -> None:
    from compare.reading.naming import summary

    """One line per event: a mark per source (■ told, · not told), the date, the label, disputes."""
    width = shutil.get_terminal_size((120, 20)).columns
    rows = syn.rows(mode)
    print(f"{len(rows)} event(s) across {len(syn.columns)} source(s)")
    for n, c in enumerate(syn.columns, start=1):
        copy = f" — republishes {c.copy_of}: one witness, not corroboration" if c.copy_of else ""
        print(f"  {n}. {c.id} ({c.kind}{', ' + c.outlet if c.outlet else ''}){copy}")
    print("")
    print(f"{'':10} {''.join(str(n % 10) for n in range(1, len(syn.columns) + 1))}")
    for e in rows:
        marks = "".join("■" if c.id in e.told_by else "·" for c in syn.columns)
        flag = " !" if e.contested else ""
        print(textwrap.shorten(f"{e.date or '—':10} {marks} {e.label}{flag}", width=max(40, width),
                               placeholder=" …"))
        for d in e.disputes:
            indent = " " * (12 + len(syn.columns))
            print(indent + textwrap.shorten(f"! {d.summary()}", width=max(40, width - len(indent)), placeholder=" …"))
    print("")
    for c in syn.columns:
        missing = syn.omissions(c.id)
        print(f"{c.id}: leaves out {len(missing)} event(s) that two or more others tell")
    if naming is not None:
        print("")
        print("The words each source uses (naming families, occurrences):")
        for c in syn.columns:
            print(textwrap.shorten(f"  {c.id}: {summary(naming['sources'].get(c.id, {}), top=6) or '—'}",
                                   width=max(40, width), placeholder=" …"))


def cmd_synopsis(args: argparse.Namespace) -> int:
    from compare.cli.commands import export_replaces
    from compare.export.synopsis import export_synopsis, synopsis_format
    from compare.reading.naming import lens
    from compare.reading.synopsis import Synopsis

    if args.export:
        synopsis_format(args.export)  # refuse an unknown format before aligning anything
    syn, sources = _build(args)
    if args.filter:
        syn = Synopsis(syn.columns, syn.rows(args.filter))
    naming = lens(syn.events, sources)
    if args.export:
        replacing = export_replaces(args.export)
        path = export_synopsis(syn, args.export, overwrite=args.force, naming=naming)
        print(f"wrote {len(syn.events)} event(s) x {len(syn.columns)} source(s) to {path}"
              + (" (replaced the old file)" if replacing else ""))
    else:
        print_synopsis(syn, naming=naming)
    return 0
