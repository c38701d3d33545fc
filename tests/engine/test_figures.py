"""Figures are read with what they count, and only figures of one kind are compared."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from compare.engine.align import align
from compare.engine.figures import ATTACKERS, DEAD, DETAINED, EQUIPMENT, PERSONNEL, TENGE, differing, read_figures
from compare.text.sources import source_from_text


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.surface, f.kind) for f in read_figures(text)]


def test_english_counts_get_their_kind() -> None:
    text = ("Tokayev said 2,030 peacekeepers and 250 pieces of equipment were deployed; "
            "the interior ministry reported 7,939 detained, and 225 died. Gas cost 120 tenge.")
    assert kinds(text) == [("2,030", PERSONNEL), ("250", EQUIPMENT), ("7,939", DETAINED), ("225", DEAD),
                           ("120", TENGE)]


def test_a_generic_noun_sends_the_reader_back_to_what_is_counted() -> None:
    (fig,) = read_figures("bringing in the peacekeeping contingent of about 5 to 7 thousand people is risky")
    assert (fig.low, fig.high, fig.kind) == (5000, 7000, PERSONNEL)


def test_russian_counts_get_their_kind() -> None:
    text = ("Численность сил: около 2,5 тыс. по первым оценкам и 2030 военнослужащих и 250 единиц техники; "
            "погибли 225 человек")
    assert [f.kind for f in read_figures(text)] == [PERSONNEL, PERSONNEL, EQUIPMENT, DEAD]


def test_years_and_small_numbers_are_not_figures() -> None:
    assert read_figures("In 2022, 5 people met 3 times.") == []


def test_different_kinds_are_never_compared() -> None:
    equipment = read_figures("2,030 personnel and 250 units of equipment")
    attackers = read_figures("20,000 attackers struck Almaty")
    assert differing(equipment, attackers) == ((), ())


def test_peacekeeping_figures_differ() -> None:
    left = read_figures("a peacekeeping contingent of about 5 to 7 thousand people")
    right = read_figures("the force would number about 2,500, and later 2,030 troops")
    assert differing(left, right) == (("5 to 7 thousand",), ("2,500", "2,030"))


def test_pair_evidence_reads_figures_by_kind() -> None:
    a = source_from_text("Tokayev said 20,000 attackers struck Almaty on 7 January 2022.", name="a.md")
    b = source_from_text("On 7 January Tokayev said 20,000 attackers struck Almaty; 2,030 troops and "
                         "250 pieces of equipment came.", name="b.md")
    link = align(a, [b], threshold=0).links[0]
    assert "figures differ" not in link.evidence.summary()


@given(st.integers(min_value=13, max_value=10**6), st.integers(min_value=13, max_value=10**6))
def test_same_kind_differs_exactly_when_values_do(x: int, y: int) -> None:
    a = read_figures(f"{x:,} detained")
    b = read_figures(f"{y:,} detained")
    assert (differing(a, b) == ((), ())) == (x == y)


@given(st.integers(min_value=13, max_value=10**6), st.integers(min_value=13, max_value=10**6))
def test_other_kinds_never_differ(x: int, y: int) -> None:
    assert differing(read_figures(f"{x:,} killed"), read_figures(f"{y:,} vehicles")) == ((), ())


def test_attackers_kind() -> None:
    assert kinds("20 thousand gangsters operated") == [("20 thousand", ATTACKERS)]
