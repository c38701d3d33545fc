"""Scale: the anchor aligned with N generated accounts, against brute force and the engine before issue 14.

One run, on the same generated files for every contender:

* synthetic accounts of 30-70 paragraphs drawn (seeded) from the bundled ones,
  N = 10, 100, 1000, each aligned with the bundled anchor (`kz-presidency`);
* 10 real-shaped accounts per language: the bundled accounts themselves, copied
  under new ids until each language has ten.

Contenders, each in a fresh process so that its wall time includes its imports
and its peak memory (the child's maximum resident set) is its own:

* ``brute``: ``process.cdist(token_set_ratio)`` of the anchor's paragraphs with
  every paragraph of the N accounts; "links" are the pairs scoring >= 70 (it has
  no selection rule, so this is only a scale for the count);
* ``base``: the engine as it was when issue 14 started (a copy of the tree at
  ``--base``, made with ``git archive`` of that commit), aligning and exporting JSONL;
* ``parallax``: this tree, the same align + JSONL export, ``cold`` with an empty
  cache folder and ``warm`` with the cache the cold run filled (layouts, features, each pair's kept links);
* ``reference`` (with ``--reference TREE``): another tree's engine, cold, whose
  export this one must equal byte for byte (but the access date) -- the tree
  before a speed change, say. The base engine's evidence reads figures
  differently (later work), so against it only pairs and scores are compared.

Each row gives wall time, peak memory, links, and the speed-up over brute force
and over the base engine measured in the same run. The engine scores every pair
of passages exactly (no candidate pruning), so the share of the reference's
pairs it keeps is printed as a check, and must read 100%. A copied tree runs
with its own resources (`_own_tree_only`), so the base engine weighs with the
combiner it was fitted with; its pairs differ from today's.

Warm and cold differ by design only where vectors are computed in the run: the
embedding cache stores float16, so a cold run over texts nobody embedded before
(``--distinct``) scores a few pairs 0.1 apart from the warm run that reads them
back (true of the engine before issue 14 as well).

The semantic signal: synthetic accounts are made of bundled text, so their
vectors come from the shipped embeddings even when "cold"; only the features
are cold then. ``--distinct`` also runs accounts whose every sentence carries a
unique marker word, so that no vector is shipped or cached: the truly cold
cost, dominated by the sentence encoder (run at the smaller sizes only).

    python bench/scale.py [--sizes 10 100 1000] [--base /tmp/engine-base] [--distinct 10] [--reference TREE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANCHOR = "kz-presidency"
SEED = 14
BRUTE_CUTOFF = 70.0


def _front_matter(sid: str, language: str, published: str) -> str:
    return (f"---\nid: {sid}\ntitle: \"Generated account {sid}\"\nauthor: bench\noutlet: bench\n"
            f"published: {published}\nurl: https://example.org/{sid}\nlanguage: {language}\nkind: article\n---\n\n")


def generate(folder: Path, n: int, *, distinct: bool = False) -> list[Path]:
    """N accounts of 30-70 paragraphs drawn from the bundled ones (seeded: the same files every run)."""
    from compare.text.sources import bundled_sources

    pools: dict[str, list[str]] = {}
    for s in bundled_sources():
        if s.id != ANCHOR:
            pools.setdefault(s.meta.language, []).extend(p.text for p in s.paragraphs)
    rng = random.Random(SEED)
    languages = sorted(pools)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(n):
        language = languages[k % len(languages)] if rng.random() < 0.3 else "en"
        paragraphs = [rng.choice(pools[language]) for _ in range(rng.randint(30, 70))]
        if distinct:  # a marker word in every sentence: no vector is shipped or cached for it
            paragraphs = [p.replace(". ", f" q{k}x{i}. ") + f" q{k}x{i}" for i, p in enumerate(paragraphs)]
        sid = f"gen-{k:04d}"
        path = folder / f"{sid}.md"
        path.write_text(_front_matter(sid, language, "2022-01-12") + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def real_shaped(folder: Path) -> list[Path]:
    """Ten accounts per language from the bundled ones, copied under new ids (the anchor excluded)."""
    from compare.text.sources import bundled_dir, bundled_sources

    by_language: dict[str, list[str]] = {}
    for s in bundled_sources():
        if s.id != ANCHOR:
            by_language.setdefault(s.meta.language, []).append(s.id)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for language, ids in sorted(by_language.items()):
        for k in range(10):
            sid = ids[k % len(ids)]
            raw = (bundled_dir() / f"{sid}.md").read_text(encoding="utf-8")
            path = folder / f"real-{language}-{k}.md"
            path.write_text(raw.replace(f"id: {sid}\n", f"id: real-{language}-{k}\n", 1), encoding="utf-8")
            paths.append(path)
    return paths


# --- the contenders, each run in a child process ------------------------------------------------


def _anchor_path() -> str:
    return str(ROOT / "sources" / f"{ANCHOR}.md")


def work_brute(paths: list[str]) -> dict[str, object]:
    from rapidfuzz import fuzz, process

    from compare.text.sources import load_source

    left = load_source(_anchor_path())
    right_texts = [p.text for path in paths for p in load_source(path).paragraphs]
    scores = process.cdist([p.text for p in left.paragraphs], right_texts, scorer=fuzz.token_set_ratio,
                           processor=str.lower, workers=-1, dtype="float32")
    return {"links": int((scores >= BRUTE_CUTOFF).sum()), "pairs": int(scores.size)}


def work_engine(paths: list[str], out: str, processes: int = 1) -> dict[str, object]:
    """Align the anchor with every file and export JSONL, as `parallax align ... --export` does.

    Through the entry point the `parallax` script and `main.py` call, where the tree has one,
    so that the process starts and ends as a user's command does."""
    try:
        from compare.cli.entry import main as run
    except ImportError:  # an older tree
        from compare.cli.commands import run

    # The base tree has no such option; trees that have it are told even 1, which is no longer the default.
    commands = Path("compare/cli/commands.py")  # the child runs in the tree it measures
    knows = commands.is_file() and "--processes" in commands.read_text(encoding="utf-8")
    extra = ["--processes", str(processes)] if processes > 1 or knows else []
    code = run(["align", _anchor_path(), *paths, "--export", out, "--force", *extra])
    if code:
        raise SystemExit(code)
    with open(out, "rb") as fh:
        links = sum(1 for _ in fh)
    return {"links": links}


def _own_tree_only() -> None:
    """A copied tree reads its own `resources/` and `sources/`.

    The editable install of this checkout answers `compare.resources` and
    `compare.bundled` for any `compare` package, so without this a copy of an
    older tree would run with this checkout's alias tables and fitted combiner.
    Without the install's finder, `compare.model.locations` falls back to the
    folders beside the copy.
    """
    def ours(hook: object) -> bool:
        module = hook.__module__ if isinstance(hook, type) else type(hook).__module__
        return module.startswith("__editable__")

    sys.meta_path[:] = [f for f in sys.meta_path if not ours(f)]
    sys.path_hooks[:] = [h for h in sys.path_hooks if not ours(h)]
    sys.path_importer_cache.clear()


def child(argv: list[str]) -> None:
    kind, listing = argv[0], argv[1]
    if Path(os.getcwd()).resolve() != ROOT:
        _own_tree_only()
    paths = Path(listing).read_text(encoding="utf-8").split("\n")
    start = time.perf_counter()
    result = work_brute(paths) if kind == "brute" else work_engine(paths, argv[2], int(argv[3]) if argv[3:] else 1)
    result["inner_s"] = time.perf_counter() - start
    print(json.dumps(result))


# --- the parent: generate, run, print -----------------------------------------------------------


def measure(kind: str, listing: Path, *, pythonpath: Path, cache: Path, out: Path | None = None,
            processes: int = 1) -> dict[str, object]:
    """Run one contender in a child; its wall time and peak resident memory as the OS counts them."""
    env = {**os.environ, "PYTHONPATH": str(pythonpath), "PARALLAX_CACHE_DIR": str(cache),
           "PARALLAX_DATA_DIR": str(cache / "data")}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(listing)]
    if out is not None:
        cmd += [str(out), str(processes)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(pythonpath))
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stdout = proc.stdout.read().decode() if proc.stdout else ""
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        return {"error": (stderr.strip().splitlines() or ["?"])[-1], "wall_s": wall}
    result = json.loads(stdout.strip().splitlines()[-1])
    result["wall_s"] = wall
    result["peak_mb"] = usage.ru_maxrss / 1024  # kB on Linux
    return result


def _ratio(r: dict[str, object], other: dict[str, object] | None) -> str:
    if other is None or "wall_s" not in other or "error" in other or "error" in r:
        return ""
    return f"{float(other['wall_s']) / float(r['wall_s']):.1f}x"


def _row(label: str, name: str, r: dict[str, object], brute: dict[str, object],
         base: dict[str, object] | None = None) -> str:
    if "error" in r:
        return f"   {label:>14} {name:>16}  failed: {r['error']}"
    return (f"   {label:>14} {name:>16} {float(r['wall_s']):>8.2f} {float(r['peak_mb']):>8.0f} "
            f"{int(r['links']):>8} {_ratio(r, brute):>9} {_ratio(r, base):>9}")


def run_set(label: str, paths: list[Path], work: Path, base: Path, *, contenders: tuple[str, ...],
            reference: Path | None = None, processes: tuple[int, ...] = (1,)) -> None:
    slug = "".join(ch if ch.isalnum() or ch == "-" else "_" for ch in label)
    listing = work / f"{slug}.txt"
    listing.write_text("\n".join(str(p) for p in paths), encoding="utf-8")
    brute = measure("brute", listing, pythonpath=ROOT, cache=work / f"{slug}-brute")
    print(_row(label, "brute cdist", brute, brute), flush=True)
    old: dict[str, object] | None = None
    if "base" in contenders:
        old = measure("engine", listing, pythonpath=base, cache=work / f"{slug}-base", out=work / f"{slug}-base.jsonl")
        print(_row(label, "base (cold)", old, brute, old), flush=True)
    if reference is not None:
        r = measure("engine", listing, pythonpath=reference, cache=work / f"{slug}-reference",
                    out=work / f"{slug}-reference.jsonl")
        print(_row(label, "reference (cold)", r, brute, old), flush=True)
    names = []
    for n in processes:  # --processes N: the largest process's peak is shown, not the sum
        cache = work / f"{slug}-parallax-{n}"
        for kind in ("cold", "warm"):
            name = kind if n == 1 else f"{kind} x{n}"
            names.append(name)
            r = measure("engine", listing, pythonpath=ROOT, cache=cache, out=work / f"{slug}-{name}.jsonl",
                        processes=n)
            print(_row(label, f"parallax {name}", r, brute, old), flush=True)
    ours = {name: work / f"{slug}-{name}.jsonl" for name in names}
    ours = {name: path for name, path in ours.items() if path.exists()}
    if reference is not None and (work / f"{slug}-reference.jsonl").exists():
        _compare(label, "reference", work / f"{slug}-reference.jsonl", ours, ignore=("accessed",))
    if "base" in contenders and (work / f"{slug}-base.jsonl").exists():
        _compare(label, "base", work / f"{slug}-base.jsonl", ours, ignore=("accessed", "evidence"))


def _compare(label: str, name: str, theirs: Path, ours: dict[str, Path], *, ignore: tuple[str, ...]) -> None:
    """Whether our exports equal `theirs` (but the fields ignored), and the share of its links we keep."""
    digest, kept = _comparable(theirs, ignore), _pairs(theirs)
    parts = []
    for mine, path in ours.items():
        found = _pairs(path)
        share = len(kept & found) / len(kept) if kept else 1.0
        parts.append(f"{mine} {_comparable(path, ignore) == digest} (keeps {share:.1%} of its pairs)")
    what = (f"identical to {name}'s" if ignore == ("accessed",)
            else f"equal to {name}'s but for " + ", ".join(f for f in ignore if f != "accessed"))
    print(f"   {label:>14} {'':>16} exports {what} (access date aside): " + "; ".join(parts), flush=True)


def _pairs(path: Path) -> set[str]:
    """The pair_id of every link in an export (whether the scores agree, the digest says)."""
    with path.open(encoding="utf-8") as fh:
        return {row["pair_id"] for row in map(json.loads, fh)}


def _comparable(path: Path, ignore: tuple[str, ...] = ("accessed",)) -> str:
    """A digest of an export without the ignored fields (its access date), read a line at a time.

    Streamed so that this process stays small: a child forked from it starts
    with its resident size, which would count in the child's peak.
    """
    h = hashlib.blake2b(digest_size=16)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            for name in ignore:
                row.pop(name, None)
            h.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--base", type=Path, default=Path("/tmp/engine-base"),
                        help="a copy of the tree before issue 14 (git archive <commit> compare resources sources)")
    parser.add_argument("--distinct", type=int, nargs="*", default=[10],
                        help="sizes to run also with distinct texts (truly cold embeddings)")
    parser.add_argument("--no-base", action="store_true", help="skip the old engine (it is the slow one)")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2],
                        help="run this engine with `parallax align --processes N` for each N (peak MB: the "
                             "largest process, not their sum)")
    parser.add_argument("--reference", type=Path, default=None,
                        help="a tree whose exports this one must equal byte for byte (git archive <commit> ...)")
    args = parser.parse_args()
    contenders = () if args.no_base or not (args.base / "compare").is_dir() else ("base",)
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="parallax-scale-") as tmp:
        work = Path(tmp)
        print(f"scale: anchor {ANCHOR} against N accounts; wall s and peak MB per process, links found, "
              f"speed-up over brute force (brute 'links' = token_set_ratio >= {BRUTE_CUTOFF:g})")
        print(f"   {'set':>14} {'contender':>16} {'wall s':>8} {'peak MB':>8} {'links':>8} {'vs brute':>9} "
              f"{'vs base':>9}")
        print(f"   (machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})")
        every = generate(work / "synthetic", max(args.sizes))
        reference = args.reference if args.reference is not None and (args.reference / "compare").is_dir() else None
        run_set("real 10/lang", real_shaped(work / "real"), work, args.base, contenders=contenders, reference=reference,
                processes=tuple(args.processes))
        for n in sorted(args.sizes):
            run_set(f"N={n}", every[:n], work, args.base, contenders=contenders, reference=reference,
                processes=tuple(args.processes))
        for n in sorted(args.distinct):
            paths = generate(work / f"distinct-{n}", n, distinct=True)
            run_set(f"N={n} distinct", paths, work, args.base, contenders=contenders, reference=reference,
                processes=tuple(args.processes))
        print(f"   (load average at the end {' '.join(f'{x:.1f}' for x in os.getloadavg())})")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.path.insert(0, os.getcwd())
        child(sys.argv[2:])
    else:
        main()
