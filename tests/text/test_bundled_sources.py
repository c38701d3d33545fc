"""The bundled library: the anchor article verbatim, seven digests that are ours and citable."""

import re
from pathlib import Path

import pytest

from compare.model.locations import bundled_dir
from compare.text.frontmatter import split_front_matter
from compare.text.sources import bundled_sources

ROOT = Path(__file__).resolve().parents[2]
SAVED_PAGE = ROOT.parent / "shared" / "anchor" / "color-revolution-in-kazakhstan-2022.page.txt"
ANCHOR = "diplomat-color-revolution"
DIGESTS = {"kz-presidency", "kremlin-csto", "rights-report", "wire-chronology",
           "encyclopedia-overview", "power-struggle", "ru-media"}


def _words(text: str) -> list[str]:
    return text.split()


def _body(path: Path) -> str:
    return split_front_matter(path.read_text(encoding="utf-8"))[1]


@pytest.mark.skipif(not SAVED_PAGE.exists(), reason="the saved page (../shared/anchor) is not beside the checkout")
def test_anchor_body_is_verbatim() -> None:
    """Every word of the body, in order, as on the saved page from the byline to 'About the authors'."""
    page = SAVED_PAGE.read_text(encoding="utf-8")
    start = page.index("By Konstantin Strigunov and Dr. Andrei Manoilo")
    end = page.index("- Advertisement -", start)
    anchor = next(s for s in bundled_sources() if s.id == ANCHOR)
    assert _words(anchor.text) == _words(page[start:end])


def test_eight_sources_anchor_first() -> None:
    ids = [s.id for s in bundled_sources()]
    assert ids[0] == ANCHOR
    assert set(ids) == DIGESTS | {ANCHOR}


def test_anchor_front_matter() -> None:
    meta = bundled_sources()[0].meta
    assert meta.kind == "article" and meta.outlet == "Diplomat Magazine"
    assert "Strigunov" in meta.author and "Manoilo" in meta.author
    assert meta.url.startswith("http") and meta.provenance


@pytest.mark.parametrize("source_id", sorted(DIGESTS))
def test_digest_front_matter_and_length(source_id: str) -> None:
    source = next(s for s in bundled_sources() if s.id == source_id)
    meta = source.meta
    assert meta.is_digest and meta.note and meta.provenance and meta.license
    assert meta.title and meta.published and meta.url.startswith("http")
    assert len(meta.references) >= 3
    for ref in meta.references:
        assert ref.title and ref.outlet and re.fullmatch(r"\d{4}-\d{2}-\d{2}", ref.date) and ref.url.startswith("http")
    words = len(_body(Path(str(bundled_dir() / f"{source_id}.md"))).split())
    assert 500 <= words <= 1200, words
    assert meta.language == ("ru" if source_id == "ru-media" else "en")


def test_russian_account_is_in_russian() -> None:
    text = next(s for s in bundled_sources() if s.id == "ru-media").text
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    letters = sum(1 for ch in text if ch.isalpha())
    assert cyrillic / letters > 0.9


def _runs(text: str, n: int) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.parametrize("source_id", sorted(DIGESTS))
def test_no_digest_shares_ten_words_with_the_anchor(source_id: str) -> None:
    by_id = {s.id: s for s in bundled_sources()}
    shared = _runs(by_id[source_id].text, 10) & _runs(by_id[ANCHOR].text, 10)
    assert not shared, [" ".join(r) for r in sorted(shared)[:3]]


def test_digests_disagree_on_figures() -> None:
    """The record differs on tolls and detentions; the accounts must show it."""
    texts = {s.id: s.text for s in bundled_sources()}
    tolls = {fig for t in texts.values() for fig in ("225", "227", "230", "232", "238") if fig in t}
    assert len(tolls) >= 3
    troops = [sid for sid, t in texts.items() if "2,030" in t or "2 030" in t or "2030" in t]
    assert troops and any("2,500" in t or "5 to 7 thousand" in t for t in texts.values())
