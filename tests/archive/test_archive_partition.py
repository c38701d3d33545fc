"""Partitions are a function of the documents alone: every document once, in id order, stable keys."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from compare.archive.inputs import Document
from compare.archive.partition import partitions

ids = st.lists(st.from_regex(r"[a-z0-9][a-z0-9-]{0,8}", fullmatch=True), unique=True, max_size=40)


def _docs(names: list[str]) -> list[Document]:
    return [Document(n, f"{n}.md", "file", f"text of {n}\n", name=f"{n}.md") for n in names]


@given(ids, st.integers(min_value=1, max_value=9), st.randoms())
def test_every_document_lands_once_in_id_order_whatever_the_input_order(names, size, rng):
    docs = _docs(names)
    shuffled = list(docs)
    rng.shuffle(shuffled)
    parts = partitions(shuffled, size)
    flat = [d.id for p in parts for d in p.documents]
    assert flat == sorted(names)
    assert all(1 <= len(p.documents) <= size for p in parts)
    assert [p.index for p in parts] == list(range(len(parts)))
    assert [p.key for p in parts] == [p.key for p in partitions(docs, size)]


@given(ids.filter(lambda n: len(n) >= 2))
def test_a_changed_document_changes_only_its_partitions_key(names):
    docs = _docs(names)
    before = partitions(docs, 1)
    changed = [*docs[:-1], Document(docs[-1].id, "x", "file", "other text\n", name="x.md")]
    after = partitions(changed, 1)
    assert [a.key == b.key for a, b in zip(before, after, strict=True)].count(False) == 1
    assert partitions(docs, 1, salt="threshold 60")[0].key != before[0].key
