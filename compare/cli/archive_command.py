"""`parallax archive INPUT ... --anchor REF --output FILE`: one anchor against an archive, on Dask.

The parser is built without importing Dask or the engine (every other command
builds it too); `cmd_archive` imports them when the command runs.
"""

from __future__ import annotations

import argparse

from compare.cli.args import DEFAULT_THRESHOLD, count, percent
from compare.model.errors import SourceError
from compare.model.records import UNITS

# compare.archive.partition.DEFAULT_SIZE and compare.archive.pairs.DEFAULT_CUT, repeated so that building the
# parser loads no archive code (tests/archive/test_archive_command.py keeps them equal).
PARTITION_SIZE = 10
MIN_COSINE = 0.38


def add_archive_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("archive", help="align an anchor with every document of folders, JSONL files or "
                                       "workspaces, on Dask")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="a folder of .md/.txt files, a .jsonl file (one document a line) or a .parallax workspace")
    p.add_argument("--anchor", metavar="ID_OR_FILE",
                   help="the document every other is aligned with: an id in the inputs, a file or a bundled id")
    p.add_argument("--all-pairs", action="store_true",
                   help="align every document with every other (pairs whose closest passages' meanings are "
                        "far apart are pruned; see --min-cosine)")
    p.add_argument("--min-cosine", type=float, default=MIN_COSINE, metavar="C",
                   help=f"--all-pairs: align a pair when two of its passages reach this cosine (default "
                        f"{MIN_COSINE:g}; -1 aligns every pair)")
    p.add_argument("--output", action="append", default=[], metavar="FILE",
                   help="FILE.parallax (a workspace the app opens) and/or FILE.jsonl (the links); may repeat")
    p.add_argument("--unit", choices=UNITS, default="paragraph")
    p.add_argument("--threshold", type=percent, default=DEFAULT_THRESHOLD,
                   help=f"minimum score 0-100 (default {DEFAULT_THRESHOLD:g})")
    p.add_argument("--workers", type=count, metavar="N", help="local worker processes (default: one per CPU)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="use the Dask scheduler at ADDRESS (tcp://HOST:8786) "
                                                        "instead of a local cluster")
    p.add_argument("--partition-size", type=count, default=PARTITION_SIZE, metavar="N",
                   help=f"documents per task (default {PARTITION_SIZE})")
    p.add_argument("--retries", type=int, default=2, metavar="N", help="times a failed partition is retried")
    p.add_argument("--force", action="store_true", help="replace an output that exists")


def cmd_archive(args: argparse.Namespace) -> int:
    try:
        from compare.archive.run import ArchiveSettings, run_archive
    except ImportError as exc:  # pragma: no cover - dask is a main dependency; a broken install says so
        raise SourceError(f"the archive mode needs Dask ({exc.name} is missing): pip install dask distributed") \
            from None
    if args.workers and args.scheduler:
        raise SourceError("--workers is for the local cluster; with --scheduler the cluster has its own workers")
    settings = ArchiveSettings(tuple(args.inputs), tuple(args.output), anchor=args.anchor, unit=args.unit,
                               threshold=args.threshold, workers=args.workers, scheduler=args.scheduler,
                               partition_size=args.partition_size, retries=max(0, args.retries),
                               overwrite=args.force, all_pairs=args.all_pairs, min_cosine=args.min_cosine)
    report = run_archive(settings)
    for problem in report.problems[:20]:
        print(f"  skipped: {problem}")
    if len(report.problems) > 20:
        print(f"  … and {len(report.problems) - 20} more skipped document(s)")
    what = (f"every pair of {report.documents} document(s) ({report.pairs_kept} of {report.pairs_possible} pairs "
            f"kept by the pruning)" if args.all_pairs else f"{args.anchor} with {report.documents} document(s)")
    print(f"aligned {what} in {report.partitions} partition(s)"
          + (f" ({report.reused} read back from an earlier run)" if report.reused else "")
          + f": {report.links} link(s) at threshold {args.threshold:g}, {report.seconds:.1f} s; "
          f"wrote {', '.join(report.written)}")
    return 0
