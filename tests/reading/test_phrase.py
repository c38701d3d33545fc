"""The table filter matches a phrase at word edges (issue 12, item 8)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from compare.reading.phrase import phrase_matcher


def test_a_date_matches_only_itself():
    matches = phrase_matcher("5 January")
    assert matches(["On the evening of 5 January 2022"])
    assert matches(["on 5\u00a0January"]) and matches(["on 5\nJanuary"])  # any whitespace between
    assert not matches(["on 6 January, 5 were hurt"])  # the words apart, as the old filter took them
    assert not matches(["15 January"]) and not matches(["5 Januaryish"])
    assert not matches(["the 5", "January"])  # not across two fields


def test_case_and_punctuation():
    assert phrase_matcher("tokayev's")(["President Tokayev's appeal"])
    assert phrase_matcher("(CSTO)")(["the Treaty Organization (CSTO) for"])
    assert phrase_matcher("  ")(["anything"])


@given(st.lists(st.text(alphabet="abcxyz ", min_size=1, max_size=8), min_size=1, max_size=4))
def test_every_text_holds_each_of_its_own_phrases(words):
    text = " ".join(words)
    assert phrase_matcher(text)([f"before {text} after"])
