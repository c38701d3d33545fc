"""`parallax workspace PATH ...`: a workspace from the command line.

    parallax workspace PATH import FILE_OR_URL ... [--with-bundled]
    parallax workspace PATH align [LEFT RIGHT ...] [--unit U] [--threshold N]
    parallax workspace PATH list [sources|pairs] [--status S] [--relation R] ...
    parallax workspace PATH review PAIR_ID [confirm|reject|reset] [--relation R] [--note N]
    parallax workspace PATH undo | redo
    parallax workspace PATH export [--status S] [--relation R] [--force] FILE
    parallax workspace PATH salvage [--force] FILE

`import` creates PATH when it does not exist (empty, or with the bundled
sources given --with-bundled); every other command needs an existing
workspace. `salvage` reads a damaged workspace (one `open` refuses) without
changing it and exports every pair that is still readable. As for the rest
of the CLI, bad input exits with status 2 and one line on stderr. Every change is saved when the command returns.
"""

from __future__ import annotations

import argparse
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from compare.cli.args import DEFAULT_THRESHOLD, percent
from compare.model.errors import SourceError
from compare.model.records import UNITS
from compare.model.rules import RELATIONS, STATUSES
from compare.text.sources import bundled_sources

if TYPE_CHECKING:  # the workspace (SQLite, the engine) is imported only by a command that opens one
    from compare.workspace import PairView, Workspace

DECISIONS = {"confirm": "confirmed", "reject": "rejected", "reset": "proposed"}


def _pair_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--status", choices=STATUSES, help="only pairs with this status")
    p.add_argument("--relation", metavar="R",
                   help=f"only pairs with this relation ({', '.join(RELATIONS)}; '' for none)")
    p.add_argument("--left", metavar="SOURCE", help="only pairs whose left source is SOURCE")
    p.add_argument("--right", metavar="SOURCE", help="only pairs whose right source is SOURCE")
    p.add_argument("--min-score", type=percent, metavar="N", help="hide engine links scoring below N")
    p.add_argument("--text", metavar="WORDS", help="only pairs whose passages or note contain WORDS")
    p.add_argument("--unit", choices=UNITS, help="only pairs of this unit (paragraph or sentence)")


def add_workspace_parser(sub: argparse._SubParsersAction) -> None:
    """Add `workspace PATH COMMAND ...` to the main parser."""
    p = sub.add_parser("workspace", help="import, align, review and export in a workspace file")
    p.add_argument("path", metavar="PATH", help="the workspace file (`import` creates it)")
    ws = p.add_subparsers(dest="ws_command", required=True, metavar="COMMAND", parser_class=type(p))
    q = ws.add_parser("import", help="add files (.md .txt .html .pdf .docx) or web pages as sources")
    q.add_argument("refs", nargs="*", metavar="FILE_OR_URL")
    q.add_argument("--with-bundled", action="store_true",
                   help="also add the bundled sources (seeds a new workspace)")
    q = ws.add_parser("align", help="link passages of LEFT with each RIGHT, keeping every decision")
    q.add_argument("ids", nargs="*", metavar="SOURCE",
                   help="LEFT RIGHT [RIGHT ...] (default: the first source against all others)")
    q.add_argument("--unit", choices=UNITS, default="paragraph")
    q.add_argument("--threshold", type=percent, default=DEFAULT_THRESHOLD,
                   help=f"minimum score 0-100 (default {DEFAULT_THRESHOLD:g})")
    q = ws.add_parser("list", help="list the sources (default) or the pairs")
    q.add_argument("what", nargs="?", choices=("sources", "pairs"), default="sources")
    _pair_filters(q)
    q = ws.add_parser("review", help="record a decision about a pair")
    q.add_argument("pair_id", metavar="PAIR_ID", help="the pair id (its first characters suffice)")
    q.add_argument("decision", nargs="?", choices=tuple(DECISIONS))
    q.add_argument("--relation", metavar="R", help=f"one of: {', '.join(RELATIONS)} ('' to clear)")
    q.add_argument("--note", metavar="TEXT", help="the analyst's note ('' to clear)")
    q = ws.add_parser("remove", help="remove a source with its links and decisions (undo brings it back)")
    q.add_argument("source_id", metavar="SOURCE", help="the id of the source (see: list sources)")
    ws.add_parser("undo", help="take back the last review action")
    ws.add_parser("redo", help="do again the last undone action")
    q = ws.add_parser("export", help="write pairs with decisions and citations to FILE")
    q.add_argument("file", metavar="FILE", help=".csv .json .jsonl .md or .xlsx")
    q.add_argument("--force", action="store_true", help="replace FILE if it exists")
    _pair_filters(q)
    q = ws.add_parser("salvage", help="export every still-readable pair of a damaged workspace to FILE")
    q.add_argument("file", metavar="FILE", help=".csv .json .jsonl .md or .xlsx")
    q.add_argument("--force", action="store_true", help="replace FILE if it exists")


def run_workspace(args: argparse.Namespace) -> int:
    """Run one workspace command (errors are SourceError, turned into exit 2 by compare.cli.commands)."""
    path = Path(args.path)
    if args.ws_command == "import":
        return _import(path, args)
    if not path.exists():
        raise SourceError(f"{path}: no such workspace "
                          f"(create it with: parallax workspace {path} import --with-bundled [FILE ...])")
    if args.ws_command == "salvage":
        return _salvage(path, args)
    from compare.workspace import Workspace

    with Workspace.open(path) as ws:
        return _HANDLERS[args.ws_command](ws, args)


def _salvage(path: Path, args: argparse.Namespace) -> int:
    from compare.cli.commands import export_replaces
    from compare.export import export
    from compare.workspace import content, schema

    schema.check_header(path)
    found = content.salvage(path)
    replacing = export_replaces(args.file)
    written = export(found.records, args.file, overwrite=args.force)
    print(f"wrote {len(found.records)} readable pair(s) from {len(found.sources)} source(s) to {written}"
          + (" (replaced the old file)" if replacing else ""))
    for problem in found.problems[:20]:
        print(f"  skipped (damaged): {problem}")
    if len(found.problems) > 20:
        print(f"  … and {len(found.problems) - 20} more damaged row(s)")
    return 0


def _import(path: Path, args: argparse.Namespace) -> int:
    if not args.refs and not args.with_bundled:
        raise SourceError("name at least one FILE_OR_URL to import (or use --with-bundled)")
    from compare.workspace import Workspace, fetch

    incoming = [fetch(ref) for ref in args.refs]  # all fetched before anything is written
    created = not path.exists()
    seed = None if args.with_bundled else ()
    ws = Workspace.create(path, sources=seed) if created else Workspace.open(path)
    try:
        added = ws.add_imported(incoming)
        if args.with_bundled and not created:
            have = {s.id for s in ws.sources()}
            extra = [s for s in bundled_sources() if s.id not in have]
            added += ws.add_sources(extra, origins=["bundled"] * len(extra))
        count = len(ws.sources())
    except BaseException:
        ws.close()
        if created:
            path.unlink(missing_ok=True)  # a failed first import leaves no empty workspace behind
        raise
    ws.close()
    if created:
        print(f"created {path}")
    for source in added:
        print(f"added {source.id}: {source.meta.title} ({len(source.paragraphs)} paragraph(s))")
    print(f"{count} source(s) in {path}")
    return 0


def _align(ws: Workspace, args: argparse.Namespace) -> int:
    if len(args.ids) == 1:
        raise SourceError("name LEFT and at least one RIGHT source (or none: the first source "
                          "against all others)")
    if args.ids:
        left, rights = args.ids[0], args.ids[1:]
    else:
        sources = ws.sources()
        if len(sources) < 2:
            raise SourceError("the workspace needs at least two sources to align")
        left, rights = sources[0].id, None
    report = ws.align(left, rights, unit=args.unit, threshold=args.threshold)
    print(f"aligned {left} with {', '.join(report.right_ids)} ({args.unit} unit, threshold "
          f"{args.threshold:g}): {report.summary()}")
    for pair_id in report.stale:
        print(f"  no longer proposed, kept for its decision: {pair_id}")
    return 0


def _views(ws: Workspace, args: argparse.Namespace) -> list[PairView]:
    return ws.pairs(left_id=args.left, right_id=args.right, status=args.status, relation=args.relation,
                    min_score=args.min_score, text=args.text, unit=getattr(args, "unit", None))


def _list(ws: Workspace, args: argparse.Namespace) -> int:
    if args.what == "sources":
        entries = ws.entries()
        for e in entries:
            m = e.source.meta
            flag = "  [text changed since import]" if e.text_changed else ""
            print(f"{m.id:28} {m.kind.upper():9} {m.language:3} {m.published:11} "
                  f"{len(e.source.paragraphs):4} ¶  {m.title}{flag}")
        print(f"{len(entries)} source(s)")
        return 0
    width = max(40, shutil.get_terminal_size((120, 20)).columns - 8)
    views = _views(ws, args)
    for v in views:
        lk = v.link
        flags = "".join(f"  [{f}]" for f, on in (("hand-made", v.manual), ("stale", v.stale)) if on)
        score = "    –" if v.manual and not lk.score else f"{lk.score:5.1f}"
        print(f"{v.pair_id}  {v.unit:9} {v.status:9} {score}  {lk.left.source_id}[{lk.left.start}:{lk.left.end}] ~ "
              f"{lk.right.source_id}[{lk.right.start}:{lk.right.end}]"
              f"{'  ' + v.relation if v.relation else ''}{flags}")
        print(f"    L: {textwrap.shorten(lk.left.text, width, placeholder=' …')}")
        print(f"    R: {textwrap.shorten(lk.right.text, width, placeholder=' …')}")
        if v.note:
            print(f"    note: {textwrap.shorten(v.note, width, placeholder=' …')}")
    print(f"{len(views)} pair(s)")
    return 0


def _review(ws: Workspace, args: argparse.Namespace) -> int:
    if args.decision is None and args.relation is None and args.note is None:
        raise SourceError("say what to record: confirm, reject or reset, --relation or --note")
    pair_id = ws.find_pair_id(args.pair_id)
    status = DECISIONS[args.decision] if args.decision else None
    view = ws.review(pair_id, status=status, relation=args.relation, note=args.note)
    print(f"{view.pair_id}: {view.status}" + (f", {view.relation}" if view.relation else "")
          + (f", note: {view.note}" if view.note else ""))
    return 0


def _remove(ws: Workspace, args: argparse.Namespace) -> int:
    held = ws.remove_source(args.source_id)
    print(f"removed {args.source_id}" + (f" and its {held} decided or hand-made link(s)" if held else "")
          + "; 'undo' brings it back")
    return 0


def _undo(ws: Workspace, _: argparse.Namespace) -> int:
    info = ws.undo()
    print(f"undid: {info.label} {', '.join(info.pair_ids)}".rstrip() if info else "nothing to undo")
    return 0


def _redo(ws: Workspace, _: argparse.Namespace) -> int:
    info = ws.redo()
    print(f"redid: {info.label} {', '.join(info.pair_ids)}".rstrip() if info else "nothing to redo")
    return 0


def _export(ws: Workspace, args: argparse.Namespace) -> int:
    from compare.cli.commands import export_replaces

    views = _views(ws, args)
    replacing = export_replaces(args.file)
    path = ws.export(args.file, pairs=views, overwrite=args.force)
    print(f"wrote {len(views)} pair(s) to {path}" + (" (replaced the old file)" if replacing else ""))
    return 0


_HANDLERS: dict[str, Callable[[Workspace, argparse.Namespace], int]] = {
    "align": _align, "list": _list, "review": _review, "remove": _remove, "undo": _undo, "redo": _redo,
    "export": _export}
