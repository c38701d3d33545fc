"""Small archives for the archive tests: a few accounts made of bundled paragraphs (their vectors ship,
so no test loads the sentence encoder), and in-process Dask clusters (no worker processes to start)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from compare.text.sources import bundled_sources

ANCHOR = "kz-presidency"


def make_documents(folder: Path, n: int, *, seed: int = 14) -> list[Path]:
    """N Markdown accounts of 4-9 paragraphs drawn (seeded) from the bundled ones, some in Russian."""
    pools: dict[str, list[str]] = {}
    for s in bundled_sources():
        if s.id != ANCHOR:
            pools.setdefault(s.meta.language, []).extend(p.text for p in s.paragraphs)
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(n):
        language = "ru" if k % 3 == 2 else "en"
        paragraphs = [rng.choice(pools[language]) for _ in range(rng.randint(4, 9))]
        sid = f"doc-{k:03d}"
        path = folder / f"{sid}.md"
        path.write_text(f"---\nid: {sid}\ntitle: \"Account {k}\"\npublished: 2022-01-12\nlanguage: {language}\n---\n\n"
                        + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def make_docs():
    return make_documents


@pytest.fixture
def documents(tmp_path) -> list[Path]:
    return make_documents(tmp_path / "docs", 7)


@pytest.fixture
def cluster() -> Iterator[object]:
    """Two workers in this process, reachable over localhost TCP (as a real scheduler would be)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://",
                      dashboard_address="127.0.0.1:0") as made:
        yield made


@pytest.fixture
def client(cluster) -> Iterator[object]:
    from distributed import Client

    with Client(cluster) as made:
        yield made
