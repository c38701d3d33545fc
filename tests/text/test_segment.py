"""Sentence and paragraph segmentation: offsets are exact and the hard cases hold."""

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.text.segment import sentence_spans
from compare.text.sources import bundled_sources, source_from_text


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_titles_and_abbreviations_do_not_split() -> None:
    text = ("It is known that Mr. Dzhumageldiev tried to legalize himself. "
            "By Konstantin Strigunov and Dr. Andrei Manoilo. "
            "Relaxations, as e.g., reduction of price, i.e., a cut. Done.")
    assert _sentences(text) == [
        "It is known that Mr. Dzhumageldiev tried to legalize himself.",
        "By Konstantin Strigunov and Dr. Andrei Manoilo.",
        "Relaxations, as e.g., reduction of price, i.e., a cut.",
        "Done.",
    ]


def test_numbers_places_initials_and_quotes() -> None:
    text = ("The border is 1,212 km long. Area: 2.7 million km. Nur-Sultan was calm. "
            "K. Strigunov wrote it. He said: “Stop.” Then they left. "
            "Протесты начались 2 января. Т.е. так.")
    assert _sentences(text) == [
        "The border is 1,212 km long.", "Area: 2.7 million km.", "Nur-Sultan was calm.",
        "K. Strigunov wrote it.", "He said: “Stop.”", "Then they left.",
        "Протесты начались 2 января.", "Т.е. так.",
    ]


def test_lower_case_continuation_is_not_a_new_sentence() -> None:
    assert _sentences("Almaty, Jan. 5 was tense. shops closed etc. and more.") == [
        "Almaty, Jan. 5 was tense. shops closed etc. and more."]


def test_markdown_lists_and_headings_become_blocks() -> None:
    src = source_from_text("# Title\n\nIntro para.\n\n1. first item;\n2. second item.\n\nBetween.\n\n- a bullet\n",
                           name="x.md")
    kinds = [b.kind for b in src.blocks]
    assert kinds == ["heading", "paragraph", "item", "item", "paragraph", "item"]
    assert [p.text for p in src.paragraphs] == ["Title", "Intro para.", "first item;", "second item.", "Between.",
                                                "a bullet"]
    assert [b.marker for b in src.blocks][2:] == ["1. ", "2. ", "", "• "]
    assert src.text.startswith("Title\n\nIntro para.\n\n1. first item;")


def test_inline_markup_is_removed_but_marked() -> None:
    src = source_from_text("Some *emphasis* and a [link](http://example.org) here.", name="x.md")
    assert src.text == "Some emphasis and a link here."
    block = src.blocks[0]
    styles = {src.text[block.start + s:block.start + e]: k for s, e, k in block.marks}
    assert styles == {"emphasis": "em", "link": "link"}


def test_plain_text_keeps_markdown_characters() -> None:
    src = source_from_text("*not emphasis*\n\nsecond   para\nwraps", name="notes.txt")
    assert [p.text for p in src.paragraphs] == ["*not emphasis*", "second para wraps"]


def test_anchor_article_hard_cases() -> None:
    anchor = bundled_sources()[0]
    sentences = [p.text for p in anchor.sentences]
    assert "It is known that Mr. Dzhumageldiev tried to legalize himself in politics." in sentences
    assert "By Konstantin Strigunov and Dr. Andrei Manoilo" in sentences
    assert any(s.startswith("It’s no wonder: border length") and "1,212 km" in s and s.endswith(".")
               for s in sentences)
    assert any("as e.g., reduction of price for gas" in s for s in sentences)
    items = [p.text for p in anchor.paragraphs if anchor.blocks[p.block].kind == "item"]
    assert len({p.block for p in anchor.paragraphs if anchor.blocks[p.block].kind == "item"}) == 13
    assert items[0].startswith("external and, apparently, internal forces")
    headings = [anchor.text[b.start:b.end] for b in anchor.blocks if b.kind == "heading"]
    assert headings == ["Manifestation of people’s anger", "The picture of the situation", "About the authors:"]
    assert "negative synergistic effect[2]." in anchor.text


def test_every_bundled_passage_slices_its_text() -> None:
    for source in bundled_sources():
        for p in (*source.paragraphs, *source.sentences):
            assert source.text[p.start:p.end] == p.text
            assert p.text == p.text.strip() and p.text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_sentence_offsets_always_slice_and_cover_nonspace(text: str) -> None:
    spans = list(sentence_spans(text))
    covered = "".join(text[s:e] for s, e in spans)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
    assert "".join(covered.split()) == "".join(text.split())


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80),
                min_size=1, max_size=6))
def test_markdown_sources_never_crash_and_offsets_slice(paras: list[str]) -> None:
    body = "\n\n".join(paras)
    if not body.strip():
        return
    try:
        src = source_from_text(body, name="fuzz.md")
    except ValueError:
        return  # SourceError: e.g. the markup rendered to no text at all
    for p in (*src.paragraphs, *src.sentences):
        assert src.text[p.start:p.end] == p.text
    for b in src.blocks:
        assert 0 <= b.start <= b.end <= len(src.text)


def test_missing_space_after_full_stop_still_splits() -> None:
    text = ("Troops fired without warning.According to the ministry, the square was cleared. "
            "Prices rose in 2021.The protests began. Police said \"enough.\"Then they left. "
            "Полиция оцепила площадь.Протестующие разошлись.")
    assert _sentences(text) == [
        "Troops fired without warning.", "According to the ministry, the square was cleared.",
        "Prices rose in 2021.", "The protests began.", "Police said \"enough.\"", "Then they left.",
        "Полиция оцепила площадь.", "Протестующие разошлись.",
    ]


def test_glued_dots_that_are_not_boundaries_stay_whole() -> None:
    text = ("INTERFAX.RU reported the U.S. response, e.g.a statement. Turnout was 3.5 percent, "
            "see www.example.com and Mr.Smith for details.")
    assert _sentences(text) == [
        "INTERFAX.RU reported the U.S. response, e.g.a statement.",
        "Turnout was 3.5 percent, see www.example.com and Mr.Smith for details.",
    ]


def test_bounded_segmentation_ignores_text_after_end() -> None:
    text = "One sentence here. two lower case. Next"
    assert list(sentence_spans(text, 0, 18)) == [(0, 18)]
    assert [text[s:e] for s, e in sentence_spans(text, 0, 34)] == ["One sentence here. two lower case."]


def _word_before_plainly(text: str, end: int) -> str:
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    return text[start:end].lower().strip(".")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab.Z9 ,\n(-'ёЖ", max_size=60), st.integers(0, 60))
def test_the_word_before_a_dot_is_what_a_plain_scan_finds(text: str, end: int) -> None:
    """The quick look-up (from the last space, in C) gives what a scan back, character by character, gives."""
    from compare.text.segment import _word_before

    end = min(end, len(text))
    assert _word_before(text, end) == _word_before_plainly(text, end)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Mr.", "Dr.", "approx.", "K.", "U.S.", "protests.", "Tokayev.", "it", "said", "Jan.",
                                 "5", "The", "troops", "т.е.", "г.", "Almaty!", "(AP)", "x" * 40 + "."]),
                max_size=20).map(" ".join))
def test_splitting_skips_the_abbreviation_test_only_where_no_abbreviation_fits(text: str) -> None:
    """Against the splitter with the shortcut taken away: the same spans."""
    from compare.text import segment

    fast = list(sentence_spans(text))
    longest = segment._LONGEST
    try:
        segment._LONGEST = len(text) + 1  # no dot has that many letters before it: every one is tested
        plain = list(sentence_spans(text))
    finally:
        segment._LONGEST = longest
    assert fast == plain
