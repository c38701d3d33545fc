"""The command line: a contract other tools rely on.

    parallax align LEFT RIGHT [RIGHT ...] [--unit U] [--threshold N] [--export FILE [--force]]
    parallax sources
    parallax text SOURCE
    parallax synopsis [SOURCES ...] [--workspace PATH] [--export FILE [--force]]
    parallax archive INPUT ... --anchor REF --output FILE [--workers N | --scheduler ADDRESS]

Bad input exits with status 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from compare import __version__
from compare.cli.args import DEFAULT_THRESHOLD, count, percent
from compare.model.collection import batch_collections
from compare.model.errors import SourceError
from compare.model.records import UNITS
from compare.model.threads import single_threaded_blas, usable_cores
from compare.text.sources import bundled_sources, resolve_source

if TYPE_CHECKING:  # the engine and the exporters are imported by the command that uses them
    from compare.engine.align import Alignment
    from compare.model.disk_cache import DiskCache

EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141  # what a shell reports for a command a closed pipe stopped (128 + SIGPIPE)


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so every error takes the same path."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise SourceError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="parallax", description="Align divergent accounts of the same events.")
    parser.add_argument("--version", action="version", version=f"parallax {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("align", help="link the passages of LEFT with those of each RIGHT")
    p.add_argument("left", help="a .md/.txt file or the id of a bundled source")
    p.add_argument("rights", nargs="+", metavar="RIGHT")
    p.add_argument("--unit", choices=UNITS, default="paragraph")
    p.add_argument("--threshold", type=percent, default=DEFAULT_THRESHOLD,
                   help=f"minimum score 0-100 (default {DEFAULT_THRESHOLD:g})")
    p.add_argument("--export", metavar="FILE", help="write pairs to .csv .json .jsonl .md or .xlsx")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument("--processes", type=count, default=None, metavar="N",
                   help="processes a large run (64+ files) is shared among (default: the cores this process may "
                        "use; each process holds its own copy of what it reads, and 1 holds least)")
    p.add_argument("--unmatched", action="store_true",
                   help="also list each source's passages that no other source speaks to")
    sub.add_parser("sources", help="list the bundled sources")
    p = sub.add_parser("text", help="print the canonical plain text that offsets refer to")
    p.add_argument("source")
    from compare.cli.archive_command import add_archive_parser
    from compare.cli.synopsis_command import add_synopsis_parser
    from compare.cli.workspace_commands import add_workspace_parser

    add_workspace_parser(sub)
    add_synopsis_parser(sub)
    add_archive_parser(sub)
    return parser


def _excerpt(text: str, width: int) -> str:
    return textwrap.shorten(text, width=max(20, width), placeholder=" …")


def print_alignment(result: Alignment, out: Callable[[str], None] = print, *, unmatched: bool = False) -> None:
    """A readable table: score, both passages' offsets and excerpts, shared anchors."""
    width = shutil.get_terminal_size((120, 20)).columns
    col = (width - 30) // 2
    links = result.links
    out(f"{len(links)} link(s) at threshold {result.settings.threshold:g} "
        f"({result.settings.unit} unit)")
    for link in links:
        out("")
        out(f"{link.score:5.1f}  {link.left.source_id}[{link.left.start}:{link.left.end}]  ~  "
            f"{link.right.source_id}[{link.right.start}:{link.right.end}]")
        out(f"       L: {_excerpt(link.left.text, col * 2)}")
        out(f"       R: {_excerpt(link.right.text, col * 2)}")
        if link.evidence.anchors or link.evidence.terms:
            out(f"       ≡ {_excerpt(link.evidence.summary(), col * 2)}")
    for source in (result.left, *result.rights):
        missing = result.unmatched(source.id)
        out("")
        out(f"{source.id}: {len(missing)} of {len(source.passages(result.settings.unit))} "
            f"passage(s) without a counterpart")
        if unmatched:
            for passage in missing:
                out(f"   [{passage.start}:{passage.end}] {_excerpt(passage.text, width - 20)}")


def _cmd_align(args: argparse.Namespace) -> int:
    from compare.engine.extraction import use_disk_cache
    from compare.model.disk_cache import DiskCache
    from compare.model.locations import cache_dir, cache_limit

    # Files read before are not rendered, segmented or extracted again: their
    # layout and features come from the user's cache folder, keyed by content.
    cache = DiskCache(cache_dir())
    use_disk_cache(cache)
    try:
        status = _align_files(args, cache)
    finally:
        use_disk_cache(None)
    # Once a day at most, so the folder does not grow for ever; after a run that finished, never
    # after one that failed or was interrupted (its user is not kept waiting for a compaction).
    if cache.due():
        from compare.engine.semantic import SqliteStore
        from compare.model.locations import embedding_cache_path

        limit = cache_limit()  # a quarter for the vectors, the rest for the entries
        SqliteStore.at(embedding_cache_path()).prune(limit // 4)
        cache.prune(limit - limit // 4)
    return status


def _align_files(args: argparse.Namespace, cache: DiskCache) -> int:
    from compare.cli.one_run import align_once, resolve_distinct, wrote
    from compare.cli.prime import pool_workers, prime_cache
    from compare.cli.shards import export_in_shards, shards_apply
    from compare.engine.halves import may_halve
    from compare.export.writers import export, iter_records

    # By default a large run uses the cores it may run on, as brute-force matching would: the two
    # processes of a 1,000-file run hold about 410 MB together (one holds 295 MB), under the 500 MB
    # a run keeps to, and the output is the same bytes (tests/engine/test_halves.py).
    wanted = usable_cores() if args.processes is None else args.processes
    processes = min(2, wanted, usable_cores())  # the alignment splits in two at most
    if shards_apply(args, processes):  # a large JSONL export: two processes do everything, each for half the files
        replacing = export_replaces(args.export)
        written = export_in_shards(args, resolve_source(args.left, cache=cache), cache)
        print(wrote(written, args.export, replaced=replacing))
        return 0
    pooled = min(wanted, pool_workers(1 + len(args.rights)))  # 0 for small inputs or one core
    if pooled > 1:  # many files: read by worker processes into the cache first
        prime_cache([args.left, *args.rights], cache, workers=pooled)
    with cache.batched():  # the entries this run writes are indexed together at its end
        left = resolve_source(args.left, cache=cache)
        rights = resolve_distinct(args.rights, cache=cache, taken=[left.id])
        if not may_halve(processes, len(rights)):  # this process aligns alone: e5 may use every core
            from compare.engine.semantic import use_encoder_threads

            use_encoder_threads(usable_cores())
        # No corpus: `align` reads the features (and rates every word, then lets the frequency lists
        # go) only for pairs whose links the cache folder does not hold; a large run on two cores
        # leaves that to each half of the alignment, which reads its own sources' features only.
        result = align_once(args, left, rights, processes=processes)
    if args.export:
        replacing = export_replaces(args.export)
        path = export(iter_records(result.links, [left, *rights]), args.export, overwrite=args.force)
        print(wrote(len(result.links), path, replaced=replacing))
    else:
        print_alignment(result, unmatched=args.unmatched)
    return 0


def _cmd_sources(_: argparse.Namespace) -> int:
    for s in bundled_sources():
        m = s.meta
        kind = m.kind.upper()
        print(f"{m.id:28} {kind:9} {m.language:3} {m.published:11} {m.outlet[:24]:24} {m.title}")
    return 0


def _cmd_text(args: argparse.Namespace) -> int:
    sys.stdout.write(resolve_source(args.source).text + "\n")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "align": _cmd_align, "sources": _cmd_sources, "text": _cmd_text}
COMMAND_NAMES = frozenset({*COMMANDS, "workspace", "synopsis", "archive"})


def export_replaces(path: str) -> bool:
    """Whether writing `path` replaces a file, so the CLI can say so."""
    target = Path(path)
    return target.exists() or target.is_symlink()


def one_line(message: str) -> str:
    """A message fit for a terminal: one line, no escape sequences or other controls.

    File names and server replies end up in messages; an ESC in one must not
    recolour or rewrite the user's terminal.
    """
    return " ".join("".join(ch if ch.isprintable() or ch.isspace() else "?" for ch in message).split())


def run(argv: list[str]) -> int:
    """Run one command; SourceError and OS errors become one line on stderr, exit 2."""
    single_threaded_blas()  # a caller that skipped `entry.main` (a script, the benchmark) gets it too
    with batch_collections():
        return _run(argv)


def _run(argv: list[str]) -> int:
    try:
        args = build_parser().parse_args(argv)
        handler = COMMANDS.get(args.command)
        if args.command == "synopsis":
            from compare.cli.synopsis_command import cmd_synopsis

            return cmd_synopsis(args)
        if args.command == "archive":
            from compare.cli.archive_command import cmd_archive

            return cmd_archive(args)
        if handler is None:
            from compare.cli.workspace_commands import run_workspace

            return run_workspace(args)
        return handler(args)
    except SourceError as exc:
        print(f"parallax: error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader stopped reading (`| head`): not an error. Point stdout at nothing, or
        # flushing it at exit raises again and Python prints a traceback of its own.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        print(f"parallax: error: {one_line(str(exc.strerror or exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def main() -> int:
    return run(sys.argv[1:])
