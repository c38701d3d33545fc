"""Archive mode: the same output on 1 and 2 Dask workers, and how wall time falls with workers.

On N accounts generated as `bench/scale.py` generates them (30-70 paragraphs
drawn, seeded, from the bundled accounts), each contender runs in a fresh
process with an empty cache folder, so its time includes its imports, the
cluster's start and all the feature extraction:

* ``align``: `parallax align ANCHOR FILES... --export out.jsonl` (the baseline);
* ``archive 1w`` / ``archive 2w``: `parallax archive FOLDER --anchor ANCHOR
  --output out.jsonl --workers 1|2`.

It prints wall time, links, whether each export is identical to the baseline's
(but the access date) and the speed-up of 2 workers over 1 and over the
baseline. ``--distinct`` sizes also run accounts whose every sentence carries
a unique marker word, so no vector is shipped or cached and the sentence
encoder runs in every worker (the part most worth distributing).

The all-pairs pruning is measured on the labelled cases (the bundled accounts
and those of bench/cases/: three stories, 20 accounts, 190 pairs): every pair
aligned (``--min-cosine -1``) against the pairs the pruning keeps at several
cuts, as the share of pairs aligned and of the exhaustive links kept.

    python bench/archive.py [--sizes 200] [--distinct 40] [--repeat 1] [--no-pruning]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scale import ANCHOR, _comparable, generate  # noqa: E402  (bench/ is not a package)


def _run(argv: list[str], cache: Path) -> float:
    """Wall seconds of one `parallax` command in a fresh process with its own empty cache folder."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PARALLAX_CACHE_DIR": str(cache),
           "PARALLAX_DATA_DIR": str(cache / "data")}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], env=env, cwd=str(ROOT),
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"{' '.join(argv[:2])} failed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}")
    return wall


def _links(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


def run_size(label: str, folder: Path, work: Path, repeat: int) -> None:
    paths = sorted(str(p) for p in folder.glob("*.md"))
    slug = "".join(ch if ch.isalnum() else "_" for ch in label)
    contenders: dict[str, list[str]] = {
        "align": ["align", ANCHOR, *paths, "--export", "{out}", "--force"],
        "archive 1w": ["archive", str(folder), "--anchor", ANCHOR, "--output", "{out}", "--force", "--workers", "1"],
        "archive 2w": ["archive", str(folder), "--anchor", ANCHOR, "--output", "{out}", "--force", "--workers", "2"],
    }
    walls: dict[str, float] = {}
    digests: dict[str, str] = {}
    links: dict[str, int] = {}
    for name, argv in contenders.items():
        best = float("inf")
        for attempt in range(repeat):
            out = work / f"{slug}-{name.replace(' ', '-')}-{attempt}.jsonl"
            cache = work / f"{slug}-{name.replace(' ', '-')}-{attempt}-cache"
            best = min(best, _run([a.replace("{out}", str(out)) for a in argv], cache))
            digests[name], links[name] = _comparable(out), _links(out)
        walls[name] = best
        same = "" if name == "align" else f"  identical to align: {digests[name] == digests['align']}"
        print(f"   {label:>14} {name:>11} {best:>8.2f} {links[name]:>8}{same}", flush=True)
    print(f"   {label:>14} {'':>11} 2 workers vs 1: {walls['archive 1w'] / walls['archive 2w']:.2f}x; "
          f"2 workers vs align: {walls['align'] / walls['archive 2w']:.2f}x; "
          f"1 worker vs align: {walls['align'] / walls['archive 1w']:.2f}x; "
          f"1w and 2w identical: {digests['archive 1w'] == digests['archive 2w']}", flush=True)


CUTS = (0.3, 0.35, 0.38, 0.4, 0.45, 0.5, 0.6)


def run_pruning(work: Path) -> None:
    """All pairs of the labelled cases: exhaustive against pruned, links kept per cut."""
    import json

    import numpy as np

    from compare.archive.pairs import DEFAULT_CUT, closest_passages
    from compare.engine.align import passage_vectors
    from compare.text.sources import bundled_dir, load_source

    folder = work / "cases"
    folder.mkdir()
    files = [*bundled_dir().glob("*.md"), *(ROOT / "bench" / "cases").glob("*/sources/*.md")]
    for f in files:
        (folder / f.name).write_bytes(f.read_bytes())
    out = {"all": work / "pairs-all.jsonl", "pruned": work / "pairs-pruned.jsonl"}
    walls = {name: _run(["archive", str(folder), "--all-pairs", "--output", str(path), "--force", "--workers", "2",
                         "--min-cosine", "-1" if name == "all" else str(DEFAULT_CUT)], work / f"pairs-{name}-cache")
             for name, path in out.items()}
    rows = [json.loads(line) for line in out["all"].read_text(encoding="utf-8").splitlines()]
    pruned = {json.loads(line)["pair_id"] for line in out["pruned"].read_text(encoding="utf-8").splitlines()}
    sources = [load_source(folder / f.name) for f in files]
    vectors = passage_vectors(sources, "paragraph")
    ids, best = closest_passages({sid: v.passages for sid, v in vectors.items()})
    where = {sid: k for k, sid in enumerate(ids)}
    n = len(ids)
    print(f"all pairs of the labelled cases ({n} accounts, {n * (n - 1) // 2} pairs, {len(rows)} links when "
          f"every pair is aligned; 2 workers, cold caches):")
    print(f"   exhaustive {walls['all']:.2f} s, pruned at {DEFAULT_CUT:g} {walls['pruned']:.2f} s; the pruned run's "
          f"links are the exhaustive run's for the pairs it kept: "
          f"{pruned <= {r['pair_id'] for r in rows}}")
    print(f"   {'cut':>6} {'pairs kept':>11} {'links kept':>11}")
    upper = best[np.triu_indices(n, 1)]
    for cut in CUTS:
        kept = sum(1 for r in rows if best[where[r["left_source"]], where[r["right_source"]]] >= cut)
        share = kept / len(rows) if rows else 1.0
        mark = "  <- default" if cut == DEFAULT_CUT else ""
        print(f"   {cut:>6g} {int((upper >= cut).sum()):>5} ({(upper >= cut).mean():>4.0%}) "
              f"{kept:>5} ({share:>6.1%}){mark}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200])
    parser.add_argument("--distinct", type=int, nargs="*", default=[40],
                        help="sizes to run also with distinct texts (the sentence encoder runs)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per contender; the fastest is shown")
    parser.add_argument("--no-pruning", action="store_true", help="skip the all-pairs measurement")
    args = parser.parse_args()
    print(f"archive: anchor {ANCHOR} against N generated accounts; wall s per process (cold cache), links, "
          f"identical exports (but the access date); best of {args.repeat}")
    print(f"   this machine: {os.cpu_count()} CPU(s), shared with other work: times are noisy, read the ratios")
    print(f"   {'set':>14} {'contender':>11} {'wall s':>8} {'links':>8}")
    with tempfile.TemporaryDirectory(prefix="parallax-archive-bench-") as tmp:
        work = Path(tmp)
        for n in sorted(args.sizes):
            folder = work / f"n{n}"
            generate(folder, n)
            run_size(f"N={n}", folder, work, args.repeat)
        for n in sorted(args.distinct):
            folder = work / f"distinct{n}"
            generate(folder, n, distinct=True)
            run_size(f"N={n} distinct", folder, work, args.repeat)
        if not args.no_pruning:
            run_pruning(work)


if __name__ == "__main__":
    main()
