"""Stemming from two threads at once: the app's GUI thread and its aligner both read features."""

from __future__ import annotations

import threading

from compare.text import normalize


def test_each_thread_stems_with_its_own_stemmer() -> None:
    """A Snowball stemmer holds the word it works on: shared, two threads garbled each other's words
    (the aligner failed with "IndexError: string index out of range" in a real window)."""
    mine = normalize._stemmer("english")
    assert normalize._stemmer("english") is mine  # made once per thread, not once per word
    theirs: list[object] = []
    worker = threading.Thread(target=lambda: theirs.append(normalize._stemmer("english")))
    worker.start()
    worker.join()
    assert theirs and theirs[0] is not mine


def test_two_threads_stemming_together_get_what_one_gets() -> None:
    words = [f"{root}{end}" for root in ("nation", "organis", "general", "relat", "condition", "format")
             for end in ("al", "ational", "izing", "ization", "fulness", "iveness", "ically", "ations")]
    expected = {w: normalize._stemmer("english").stemWord(w) for w in words}
    start = threading.Barrier(2)
    got: list[dict[str, str]] = []

    def run() -> None:
        stemmer = normalize._stemmer("english")
        start.wait()
        got.append({w: stemmer.stemWord(w) for w in words * 50})

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [expected, expected]
