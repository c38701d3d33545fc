"""The alignment engine: scores, selection, symmetry, evidence, the anchor's hand-checked cases."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.engine.align import Corpus, align
from compare.engine.scoring import score_matrix, select
from compare.text.segment import sentence_spans
from compare.text.sources import bundled_sources, source_from_text

STORY_A = """Protests began in Zhanaozen on 2 January after the price of liquefied gas doubled.

On 5 January the government of Kazakhstan resigned and a state of emergency was declared in Almaty.

President Tokayev asked the CSTO for help; about 2,030 peacekeepers arrived.

The weather in the capital was unusually cold for the season, and schools stayed closed.
"""
STORY_B = """Tokaev requested assistance from the Collective Security Treaty Organization, which sent 2,030 troops.

Demonstrations started in Janaozen on January 2 when LPG prices doubled overnight.

The cabinet stepped down on Jan. 5 and emergency rule was imposed on Alma-Ata.
"""


def _sources():
    return (source_from_text(STORY_A, name="story-a.md"), source_from_text(STORY_B, name="story-b.md"))


def _pairs(result) -> set[tuple[int, int]]:
    return {(lk.left.index, lk.right.index) for lk in result.links}


def test_reordered_paraphrased_accounts_link_crosswise() -> None:
    a, b = _sources()
    result = align(a, [b], threshold=30)
    assert _pairs(result) == {(0, 1), (1, 2), (2, 0)}
    assert [p.index for p in result.unmatched(a.id)] == [3]


def test_scores_are_bounded_and_deterministic() -> None:
    a, b = _sources()
    first = align(a, [b], threshold=0)
    second = align(a, [b], threshold=0)
    assert first.candidates == second.candidates
    assert all(0 <= lk.score <= 100 for lk in first.candidates)


def test_alignment_is_symmetric_in_its_pairs() -> None:
    a, b = _sources()
    forward = {(lk.left.key, lk.right.key, lk.score) for lk in align(a, [b], threshold=20).links}
    backward = {(lk.right.key, lk.left.key, lk.score) for lk in align(b, [a], threshold=20).links}
    assert forward == backward


def test_evidence_names_shared_anchors_in_both_spellings() -> None:
    a, b = _sources()
    link = next(lk for lk in align(a, [b], threshold=20).links if lk.left.index == 2)
    assert "Tokayev ≈ Tokaev" in link.evidence.anchors
    assert "2,030" in link.evidence.anchors
    s, e = link.evidence.left_span
    assert a.text[s:e] == link.left.text[: e - s] or link.left.start <= s < e <= link.left.end


def test_threshold_is_a_filter_over_candidates() -> None:
    a, b = _sources()
    result = align(a, [b], threshold=0)
    high = result.with_threshold(60)
    assert set(high.links) <= set(result.links)
    assert all(lk.score >= 60 for lk in high.links)


def test_score_matrix_is_weighted_overlap() -> None:
    strong = [1] * 40 + [2] * 40
    m = score_matrix([strong, [3]], [strong, [1] * 40 + [5] * 40, [4]], workers=1)
    assert m[0, 0] > m[0, 1] > m[0, 2] == 0
    assert m[1].tolist() == [0, 0, 0]
    assert 95 < m[0, 0] <= 100


def test_little_shared_evidence_scores_low_even_when_passages_are_tiny() -> None:
    m = score_matrix([[7]], [[7]], workers=1)
    assert m[0, 0] < 20


def test_selection_keeps_best_and_close_only() -> None:
    scores = np.array([[90.0, 85.0, 40.0], [30.0, 20.0, 70.0]])
    assert select(scores, margin=10, floor=15) == [(0, 0), (0, 1), (1, 2)]


@pytest.fixture(scope="module")
def bundled():
    sources = {s.id: s for s in bundled_sources()}
    return sources, Corpus(list(sources.values()))


def _resignation_paragraph(anchor):
    return next(p for p in anchor.paragraphs if "resignation of the cabinet (on January 5)" in p.text)


def _is_csto_passage(text: str) -> bool:
    """A passage mainly about the CSTO: most of its sentences name it."""
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    about = [t for t in sentences if "CSTO" in t or "ОДКБ" in t]
    return bool(about) and len(about) * 2 >= len(sentences)


@pytest.mark.parametrize(("other", "stepping_down"), [
    ("kz-presidency", "accepted the resignation of Prime Minister Askar Mamin's government"),
    ("ru-media", "принял отставку кабинета Аскара Мамина"),
])
def test_cabinet_resignation_links_to_government_stepping_down_not_csto(bundled, other, stepping_down) -> None:
    """Hand-checked on the anchor article: its 5 January paragraph."""
    sources, corpus = bundled
    anchor = sources["diplomat-color-revolution"]
    result = align(anchor, [sources[other]], corpus=corpus)
    linked = [lk.right.text for lk in result.links if lk.left == _resignation_paragraph(anchor)]
    assert any(stepping_down in t for t in linked), linked
    assert not any(_is_csto_passage(t) for t in linked), linked


def test_in_the_chronology_the_resignation_outscores_any_csto_day(bundled) -> None:
    sources, corpus = bundled
    anchor = sources["diplomat-color-revolution"]
    result = align(anchor, [sources["wire-chronology"]], corpus=corpus)
    scores = {lk.right.text: lk.score for lk in result.links if lk.left == _resignation_paragraph(anchor)}
    resignation = max(v for t, v in scores.items() if "accepts the government's resignation" in t)
    assert all(v < resignation for t, v in scores.items() if _is_csto_passage(t))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=120),
                min_size=1, max_size=5),
       st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=120),
                min_size=1, max_size=5))
def test_arbitrary_unicode_never_crashes_and_stays_symmetric(left: list[str], right: list[str]) -> None:
    try:
        a = source_from_text("\n\n".join(left), name="left.txt")
        b = source_from_text("\n\n".join(right), name="right.txt")
    except ValueError:
        return
    b = replace(b, meta=replace(b.meta, id="right"))
    forward = {(lk.left.key, lk.right.key) for lk in align(a, [b], threshold=0, workers=1).links}
    backward = {(lk.right.key, lk.left.key) for lk in align(b, [a], threshold=0, workers=1).links}
    assert forward == backward


def test_the_same_day_takes_the_date_before_it() -> None:
    source = source_from_text("---\npublished: 2020-08-20\n---\nThe count ended on 9 August. "
                              "Riot police dispersed the crowds the same day. Strikes began the next day.",
                              name="minsk.md")
    bags = Corpus([source]).sentence_bags[source.id]
    assert "D:2020-08-09" in bags[1] and "D:2020-08-10" in bags[2]


def test_evidence_shows_where_figures_disagree() -> None:
    a = source_from_text("Tokayev said 20,000 terrorists attacked Almaty on 5 January 2022.", name="a.md")
    b = source_from_text("On January 5 Tokaev put the attackers in Almaty at 6,000, not 20 thousand "
                         "as claimed, and 225 died.", name="b.md")
    c = source_from_text("Tokaev spoke of attackers in Almaty on 5 January.", name="c.md")
    link = align(a, [b], threshold=0).links[0]
    assert link.evidence.left_figures == ()
    # 6,000 attackers contradicts nothing in a (a's 20,000 is named in b too); 225 dead has no counterpart kind
    assert link.evidence.right_figures == ("6,000",)
    assert "figures differ" not in link.evidence.summary()
    d = source_from_text("Tokayev said 30,000 terrorists attacked Almaty on 5 January 2022.", name="d.md")
    link = align(d, [a], threshold=0).links[0]
    assert (link.evidence.left_figures, link.evidence.right_figures) == (("30,000",), ("20,000",))
    assert "figures differ: 30,000 vs 20,000" in link.evidence.summary()
    assert align(a, [c], threshold=0).links[0].evidence.right_figures == ()


def _scores(result) -> dict[tuple[str, str], float]:
    return {(lk.left.key, lk.right.key): lk.score for lk in result.candidates}


def test_a_pair_scores_the_same_whatever_else_is_loaded() -> None:
    """The analyst's reading of a score must not shift when an unrelated account is imported."""
    sources = {s.id: s for s in bundled_sources()}
    anchor, digest = sources["diplomat-color-revolution"], sources["kremlin-csto"]
    alone = align(anchor, [digest])
    crowded = align(anchor, [digest, sources["ru-media"]], corpus=Corpus(list(sources.values())))
    mine = {k: v for k, v in _scores(crowded).items() if k[1].startswith("kremlin-csto:")}
    assert mine == _scores(alone)


def test_a_corpus_built_on_other_contents_of_the_same_ids_is_not_reused() -> None:
    a, b = _sources()
    stale = Corpus([a, b])
    edited = source_from_text(STORY_B.replace("2,030 troops", "2,030 troops. Schools reopened on 17 January"),
                              name="story-b.md")
    assert edited.id == b.id and edited.text != b.text
    assert _scores(align(a, [edited], corpus=stale)) == _scores(align(a, [edited]))


def test_adding_a_source_does_not_extract_the_others_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from compare.engine import extraction

    a, b = _sources()
    Corpus([a, b])
    calls: list[str] = []
    real = extraction._sentence_bags
    monkeypatch.setattr(extraction, "_sentence_bags", lambda s, t: calls.append(s.id) or real(s, t))
    third = source_from_text("On 6 January the CSTO agreed to send peacekeepers.", name="third.md")
    Corpus([a, b, third])
    assert calls == [third.id]
    edited = source_from_text(STORY_A + "\nSchools reopened on 17 January.\n", name="story-a.md")
    Corpus([edited, b])
    assert calls == [third.id, edited.id]  # new contents under an old id are read again


def test_a_cross_language_link_says_how_close_its_meaning_is() -> None:
    english = source_from_text("---\ntitle: E\nlanguage: en\n---\n\nPresident Tokayev asked the CSTO to send "
                               "peacekeepers on 5 January 2022.\n", name="e.md")
    russian = source_from_text("---\ntitle: R\nlanguage: ru\n---\n\nПрезидент Токаев 5 января 2022 года попросил "
                               "ОДКБ направить миротворцев.\n", name="r.md")
    (link,) = align(english, [russian]).links
    assert link.evidence.meaning > 0.5 and link.evidence.summary().startswith("meaning ")
    assert link.swapped().evidence.meaning == link.evidence.meaning


def test_an_unlisted_name_meets_its_transliteration_across_languages() -> None:
    """Names no alias table lists (another event) still count across scripts, through their skeletons."""
    from compare.engine.corpus import Corpus as _Corpus
    from compare.engine.scoring import pair_scores

    english = source_from_text("---\ntitle: E\nlanguage: en\n---\n\nVarfolomeev met Kuznetsova in Berdichev.\n",
                               name="e.md")
    russian = source_from_text("---\ntitle: R\nlanguage: ru\n---\n\nВарфоломеев встретился с Кузнецовой в Бердичеве.\n",
                               name="r.md")
    unrelated = source_from_text("---\ntitle: U\nlanguage: ru\n---\n\nПогода в Вологде была холодной.\n", name="u.md")
    corpus = _Corpus([english, russian, unrelated], "sentence")
    met = pair_scores(corpus.pair(english.id, russian.id), english, russian, "sentence")
    missed = pair_scores(corpus.pair(english.id, unrelated.id), english, unrelated, "sentence")
    assert met[0, 0] > 0 and missed[0, 0] == 0


def test_a_long_block_cut_into_windows_pools_each_windows_own_sentences() -> None:
    """A block cut into sentence windows: each window's best sentence cosine comes from its own sentences."""
    from compare.engine.signals import PassageVectors, _best_sentence_cosine

    body = " ".join(f"Sentence number {k} tells one more thing about the events of that week." for k in range(12))
    long = source_from_text(f"---\ntitle: L\n---\n\n{body}\n", name="long.md")
    short = source_from_text("---\ntitle: S\n---\n\nOne sentence.\n", name="short.md")
    assert len(long.paragraphs) > 1 and len({p.block for p in long.paragraphs}) == 1
    n = len(long.sentences)
    cosines = np.linspace(0.1, 0.9, n)[:, None].astype(np.float32)  # sentence k's cosine with the one sentence
    lv = PassageVectors(np.zeros((len(long.paragraphs), 1), np.float32), cosines)
    rv = PassageVectors(np.zeros((1, 1), np.float32), np.ones((1, 1), np.float32))
    best = _best_sentence_cosine(long, short, lv, rv)[:, 0]
    expected = [max(cosines[s.index, 0] for s in long.sentences if s.paragraph == p.index) for p in long.paragraphs]
    assert np.allclose(best, expected)
