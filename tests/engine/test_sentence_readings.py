"""A sentence's remembered reading is what reading it afresh gives, and the memory stays bounded."""

from __future__ import annotations

import datetime as dt

import pytest

from compare.engine import extraction
from compare.engine.lexicon import load_table

SENTENCES = ["On 5 January Tokayev declared a state of emergency.", "Protesters gathered the same day.",
             "Toqayev asked the CSTO for help on 6 January.", "Some 20,000 attackers were reported in Almaty."]


@pytest.mark.parametrize("context", [None, dt.date(2022, 1, 5)])
def test_a_remembered_reading_is_a_fresh_one(monkeypatch: pytest.MonkeyPatch, context: dt.date | None) -> None:
    table = load_table()
    published = dt.date(2022, 1, 12)
    monkeypatch.setattr(extraction, "MAX_READ", 2)
    monkeypatch.setattr(extraction, "_READ", type(extraction._READ)())
    first = [extraction._read_sentence(s, table, published, context) for s in SENTENCES]
    assert len(extraction._READ) == 2  # the oldest let go
    again = [extraction._read_sentence(s, table, published, context) for s in SENTENCES]
    assert again == first
    undated = extraction._read_sentence(SENTENCES[0], table, None, None)  # another frame: another reading
    assert "D:2022-01-05" in first[0][0] and "D:2022-01-05" not in undated[0] and "D:01-05" in undated[0]
