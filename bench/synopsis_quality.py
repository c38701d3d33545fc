"""The synopsis against labels, and what it costs.

1. Cells: for each labelled event of the Kazakhstan case (`cases/kazakhstan-2022/
   synopsis-events.json`: which accounts tell it, by quotes of their paragraphs),
   the synopsis row holding most of its labelled paragraphs stands for it; a cell
   "source S tells event E" is predicted when that row has a passage of S, and
   correct when S is labelled as telling E. Also counted strictly: the cell's
   passage must be one of the labelled paragraphs.
2. Figures: the contested rows' disputes, and any dispute that sets two kinds
   against each other (there must be none).
3. Cost: aligning all 28 pairs of the bundled sources against building the
   synopsis from the stored links; then 100 sources (the bundled ones copied),
   aligned as the reader aligns adjacent panes (99 pairs), against the synopsis
   of all 100.

    python bench/synopsis_quality.py
"""

from __future__ import annotations

import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from alignment_speed import copies  # the bundled sources n times over, each copy with its own ids

from compare.engine.scoring import CANDIDATE_FLOOR
from compare.reading.synopsis import Synopsis, align_missing, workspace_synopsis
from compare.text.sources import bundled_sources
from compare.workspace import Workspace

LABELS = Path(__file__).resolve().parent / "cases" / "kazakhstan-2022" / "synopsis-events.json"


def cells(syn: Synopsis, labels: dict) -> dict[str, float]:
    by_id = {s.id: s for s in bundled_sources()}
    tp = fp = fn = strict_tp = 0
    for event in labels["events"]:
        gold: dict[str, set[str]] = {}
        for sid, quotes in event["told_by"].items():
            gold[sid] = {p.key for p in by_id[sid].paragraphs if any(q in p.text for q in quotes)}
        keys = set().union(*gold.values())
        row = max(syn.events, key=lambda e: (len(e.keys & keys), len(e.told_by)))
        for column in syn.columns:
            predicted = bool(row.passages(column.id))
            told = column.id in gold
            tp += predicted and told
            fp += predicted and not told
            fn += told and not predicted
            strict_tp += predicted and told and bool({p.key for p in row.passages(column.id)} & gold[column.id])
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"events": len(labels["events"]), "tp": tp, "fp": fp, "fn": fn, "precision": precision,
            "recall": recall, "strict_precision": strict_tp / (tp + fp) if tp + fp else 0.0,
            "strict_recall": strict_tp / (tp + fn) if tp + fn else 0.0}


def figures(syn: Synopsis) -> None:
    contested = [e for e in syn.events if e.contested]
    kinds: dict[str, int] = {}
    for e in contested:
        for d in e.disputes:
            kinds[d.kind] = kinds.get(d.kind, 0) + 1
    print(f"contested rows: {len(contested)} of {len(syn.events)}; disputes by kind: "
          + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    for e in contested:
        for d in e.disputes:
            if d.kind == "personnel":
                print(f"  {e.date} {e.label}: {d.summary()}")


def main() -> None:
    labels = json.loads(LABELS.read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.create(Path(tmp) / "all.parallax")
        ids = [s.id for s in ws.sources()]
        start = time.perf_counter()
        align_missing(ws, ids, "paragraph")
        aligned = time.perf_counter() - start
        start = time.perf_counter()
        syn = workspace_synopsis(ws)
        built = time.perf_counter() - start
        result = cells(syn, labels)
        print(f"cells over {result['events']} labelled events x {len(syn.columns)} sources: "
              f"precision {result['precision']:.2f}, recall {result['recall']:.2f} "
              f"(tp {result['tp']}, fp {result['fp']}, fn {result['fn']}); "
              f"strict (the labelled paragraph itself): precision {result['strict_precision']:.2f}, "
              f"recall {result['strict_recall']:.2f}")
        figures(syn)
        print(f"bundled (8 sources, 28 pairs): align {aligned:.2f} s, synopsis {built:.3f} s "
              f"({len(syn.events)} events)")
        ws.close()
        many = copies(13)[:100]
        ws = Workspace.create(Path(tmp) / "many.parallax", many)
        start = time.perf_counter()
        for a, b in itertools.pairwise(many):
            ws.align(a.id, [b.id], threshold=CANDIDATE_FLOOR)
        aligned = time.perf_counter() - start
        start = time.perf_counter()
        syn = workspace_synopsis(ws)
        built = time.perf_counter() - start
        print(f"100 sources (99 adjacent pairs): align {aligned:.1f} s, synopsis {built:.2f} s "
              f"({len(syn.events)} events)")
        ws.close()


if __name__ == "__main__":
    main()
