"""Real pages: datelines, headlines and long paragraphs, on text written for these tests."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.engine.align import align
from compare.engine.corpus import Corpus
from compare.text import segment
from compare.text.segment import dateline_end
from compare.text.sources import WINDOW_CHARS, WINDOW_SENTENCES, source_from_text

DATELINES = [
    "ALMATY, Kazakhstan (AP) — ",
    "NUR-SULTAN, Jan 5 (Reuters) - ",
    "MOSCOW, January 6 (TASS) - ",
    "MOSCOW, Jan 6 – RIA Novosti. ",
    "COLOMBO, Sri Lanka, July 9 (AP) — ",
    "WASHINGTON (Reuters) - ",
    "Москва. 29 января. INTERFAX.RU – ",
    "Алматы, 5 января — РИА Новости. ",
    "АСТАНА, 7 янв — Sputnik. ",
]


def test_datelines_are_recognised() -> None:
    for dateline in DATELINES:
        text = dateline + "Protesters gathered on the main square."
        assert text[:dateline_end(text)] == dateline, dateline


def test_ordinary_openings_are_not_datelines() -> None:
    for text in ("NATO — the alliance said it would not intervene.", "Tokayev, Putin — both spoke that day.",
                 "Police — who arrived late — said little.", "The US - China talks resumed.",
                 "In Minsk, 9 August — the day of the vote — crowds gathered.", "Protesters marched at dawn."):
        assert dateline_end(text) == 0, text


_PIECES = ["ALMATY", "Almaty", "Kazakhstan", "Jan 5", "5 января", "(AP)", "INTERFAX.RU", "Sputnik.", "Nur-Sultan",
           ",", ".", " ", " ", "—", "–", "-", " -", "--", "\n", "protesters", "In", "The", "x" * 40]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14), st.integers(0, 5))
def test_the_dash_check_never_changes_a_dateline(pieces: list[str], start: int) -> None:
    """The quick test for a dash before the pattern gives what the pattern alone gives."""
    text = "".join(pieces)
    start = min(start, len(text))
    window = min(len(text), start + segment.MAX_DATELINE)
    assert segment._holds_dash(text, start, window) == bool(re.compile(r"[—–]|\s-|--").search(text, start, window))
    original = segment._holds_dash
    try:
        segment._holds_dash = lambda *_: True  # the full pattern alone decides
        plain = dateline_end(text, start)
    finally:
        segment._holds_dash = original
    assert dateline_end(text, start) == plain


def test_a_dateline_gives_no_features_and_keeps_its_offsets() -> None:
    body = ("MOSCOW, Jan 6 – RIA Novosti. The first planes with peacekeepers landed.\n\n"
            "Москва. 29 января. INTERFAX.RU – Парламент одобрил закон.")
    source = source_from_text(body, name="wire.txt")
    assert [p.text for p in source.sentences] == [
        "MOSCOW, Jan 6 – RIA Novosti. The first planes with peacekeepers landed.",
        "Москва. 29 января. INTERFAX.RU – Парламент одобрил закон."]
    bags = Corpus([source]).sentence_bags[source.id]
    assert not any(k.startswith(("D:", "E:")) for bag in bags for k in bag)
    assert "C:peacekeepers" in bags[0]
    for p in (*source.paragraphs, *source.sentences):
        assert source.text[p.start:p.end] == p.text


def test_two_stories_from_one_city_do_not_link_on_the_dateline() -> None:
    a = source_from_text("MOSCOW, Jan 6 (Reuters) - The central bank raised its key rate.", name="a.txt")
    b = source_from_text("MOSCOW, Jan 6 (Reuters) - A football club signed a new coach.", name="b.txt")
    assert align(a, [b], threshold=20, workers=1).links == ()


def test_a_headline_is_a_passage_that_links() -> None:
    a = source_from_text("# Sri Lanka president flees as protesters storm residence in Colombo\n\n"
                         "The island has faced months of shortages.", name="a.md")
    b = source_from_text("Protesters stormed the residence of the Sri Lanka president in Colombo, "
                         "and the president fled.\n\nFuel queues stretched for kilometres.", name="b.md")
    for unit in ("paragraph", "sentence"):
        assert a.passages(unit)[0].text.startswith("Sri Lanka president flees")
        links = align(a, [b], unit=unit, workers=1).links
        assert any(lk.left.start == 0 and lk.right.start == 0 for lk in links), unit


def test_a_long_block_becomes_windows_of_whole_sentences() -> None:
    sentences = [f"Event number {n} happened in town {n} on a cold day." for n in range(1, 13)]
    source = source_from_text(" ".join(sentences), name="lead.txt")
    assert len(source.sentences) == 12
    assert len(source.paragraphs) == 3
    for p in source.paragraphs:
        inside = [s for s in source.sentences if s.paragraph == p.index]
        assert 1 <= len(inside) <= WINDOW_SENTENCES and len(p.text) <= WINDOW_CHARS
        assert p.start == inside[0].start and p.end == inside[-1].end


SENTENCE = st.from_regex(r"[A-ZА-Я][a-zа-я ,]{0,150}[a-z][.!?]", fullmatch=True)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(SENTENCE, min_size=1, max_size=15), min_size=1, max_size=4))
def test_every_sentence_lies_in_exactly_one_paragraph(blocks: list[list[str]]) -> None:
    source = source_from_text("\n\n".join(" ".join(b) for b in blocks), name="gen.txt")
    for p in (*source.paragraphs, *source.sentences):
        assert source.text[p.start:p.end] == p.text
    assert [p.index for p in source.paragraphs] == list(range(len(source.paragraphs)))
    assert all(a.end < b.start for a, b in zip(source.paragraphs, source.paragraphs[1:], strict=False))
    for s in source.sentences:
        holders = [p for p in source.paragraphs if p.start <= s.start and s.end <= p.end]
        assert [p.index for p in holders] == [s.paragraph]
        assert holders[0].block == s.block
    for p in source.paragraphs:
        inside = [s for s in source.sentences if s.paragraph == p.index]
        assert inside and (len(inside) == 1 or (len(inside) <= WINDOW_SENTENCES and len(p.text) <= WINDOW_CHARS))


def test_a_block_just_over_the_limit_is_halved_not_cut_four_and_one() -> None:
    source = source_from_text(" ".join(f"Crowds gathered in square {n}." for n in range(1, 6)), name="five.txt")
    sizes = [sum(1 for s in source.sentences if s.paragraph == p.index) for p in source.paragraphs]
    assert sizes in ([2, 3], [3, 2])


def test_a_sentence_longer_than_a_window_is_a_window_of_its_own() -> None:
    long = "The statement listed " + ", ".join(f"town number {n}" for n in range(120)) + "."
    source = source_from_text(f"Short opening. {long} Short closing.", name="long.txt")
    assert [p.text for p in source.paragraphs] == ["Short opening.", long, "Short closing."]


def test_an_imported_web_page_keeps_its_headline_and_drops_its_dateline() -> None:
    from compare.importers.html import html_to_markdown

    markdown, _ = html_to_markdown(
        "<html><head><title>Page</title></head><body><article>"
        "<h1>Sri Lanka president flees as crowds storm residence</h1>"
        "<p>COLOMBO, Sri Lanka, July 9 (AP) — Protesters stormed the residence of the president."
        "According to officials, he had left the day before.</p></article></body></html>")
    source = source_from_text(markdown, name="page.md")
    assert source.paragraphs[0].text == "Sri Lanka president flees as crowds storm residence"
    assert [s.text for s in source.sentences][1:] == [
        "COLOMBO, Sri Lanka, July 9 (AP) — Protesters stormed the residence of the president.",
        "According to officials, he had left the day before."]
    bags = Corpus([source]).sentence_bags[source.id]
    assert not any(k.startswith(("D:", "E:")) for k in bags[1])


def _dates(body: str) -> list[list[str]]:
    source = source_from_text(body, name="page.md")
    return [sorted(k for k in bag if k.startswith("D:")) for bag in Corpus([source]).sentence_bags[source.id]]


def test_a_paragraph_that_names_the_year_gives_it_to_its_later_dates() -> None:
    body = ("---\npublished: 2023-06-01\n---\n# The Sri Lanka protests\n\n"
            "Mass protests shook Sri Lanka in July 2022. On 9 July crowds entered the president's residence. "
            "He fled on 13 July.\n\nOn 14 May the new budget passed.")
    assert _dates(body)[-3:] == [["D:2022-07-09"], ["D:2022-07-13"], ["D:2023-05-14"]]


def test_a_background_paragraph_does_not_move_later_dates() -> None:
    body = ("---\npublished: 2020-08-20\n---\nLukashenko has ruled Belarus since July 1994.\n\n"
            "Long before, in March 2010, a law on gatherings was passed.\n\n"
            "On 9 August the count began; on 10 August riot police cleared the streets.")
    assert _dates(body)[-1] == ["D:2020-08-09", "D:2020-08-10"]


def test_without_any_year_dates_stay_year_less() -> None:
    assert _dates("Police fired on 16 December.") == [["D:12-16"]]
