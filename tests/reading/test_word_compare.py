"""The word-level comparison of a pair: names across languages, differing dates and figures."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.reading.word_compare import DIFFERS, ONLY, SHARED, compare_passages, render

EN = "On 5 January 2022 President Tokayev asked the CSTO for 2,030 troops."
RU = "Вечером 6 января 2022 года Токаев попросил ОДКБ о помощи; прибыли 2500 военных."


def _kinds(marks, text):
    return {text[m.start:m.end]: m.kind for m in marks}


def test_names_meet_across_languages_and_dates_and_figures_differ():
    left, right = compare_passages(EN, RU)
    lk, rk = _kinds(left, EN), _kinds(right, RU)
    assert lk["Tokayev"] == rk["Токаев"] == SHARED and lk["CSTO"] == rk["ОДКБ"] == SHARED
    assert lk["5 January 2022"] == rk["6 января 2022 года"] == DIFFERS
    assert lk["2,030"] == rk["2500"] == DIFFERS
    assert lk["asked"] == ONLY
    assert "the" not in lk and "for" not in lk  # function words carry no claim


def test_the_same_passage_shares_everything():
    left, right = compare_passages(EN, EN)
    assert left == right and {m.kind for m in left} == {SHARED}


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="abc Tokayev5January,.0123 ", max_size=80), st.text(alphabet="xyz Токаев 2022", max_size=60))
def test_marks_lie_in_order_inside_their_text_and_render_keeps_it(left_text, right_text):
    for text, marks in zip((left_text, right_text), compare_passages(left_text, right_text), strict=True):
        ends = [(m.start, m.end) for m in marks]
        assert all(0 <= s < e <= len(text) for s, e in ends)
        assert ends == sorted(ends)
        plain = render(text, marks, lambda _kind, span: span, html.escape)
        assert html.unescape(plain) == text


def test_figures_of_different_kinds_do_not_differ():
    left, right = compare_passages("Tokayev said 2,030 personnel and 250 units of equipment came.",
                                   "Tokayev said 20,000 attackers struck Almaty.")
    assert DIFFERS not in {m.kind for m in left + right}
