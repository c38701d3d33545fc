"""The labelling lens: naming families read in English and Russian, from the editable table."""

from __future__ import annotations

from compare.reading.naming import load_families, naming, parse_families, words_used
from compare.text.sources import bundled_sources


def test_the_table_loads_with_every_role() -> None:
    roles = {f.role for f in load_families()}
    assert {"crowd", "security", "foreign troops", "violence", "event"} <= roles


def test_stems_meet_word_forms_in_both_languages() -> None:
    counts = naming(["20,000 terrorists and bandits attacked; протестующие и террористов, боевиков"])
    assert counts["terrorists and militants"] == 3
    assert counts["bandits and criminals"] == 1
    assert counts["protesters"] == 1


def test_an_exact_term_does_not_take_longer_words() -> None:
    families = parse_families("event\tprotest\tprotest=|protests=\ncrowd\tprotesters\tprotester\n")
    assert dict(naming(["Protesters joined the protests."], families)) == {"protest": 1, "protesters": 1}
    assert words_used(["Protest!"], families) == {"protest": {"protest": 1}}


def test_the_presidency_says_terrorists_where_the_rights_report_says_protesters() -> None:
    texts = {s.id: s.text for s in bundled_sources()}
    presidency, rights = naming([texts["kz-presidency"]]), naming([texts["rights-report"]])
    assert presidency["terrorists and militants"] > presidency["protesters"]
    assert rights["protesters"] > rights["terrorists and militants"]
