"""Hostile front matter and Markdown: one SourceError or a sound rendering, never a traceback.

Inputs are generated here (no committed bomb files); none of these tests
times anything, they check what comes out.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare.importers import import_bytes
from compare.model.errors import SourceError
from compare.text.render import MAX_NESTING, render_markdown
from compare.text.sources import source_from_text

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _load(front: str, body: str = "Body text.") -> object:
    return source_from_text(f"---\n{front}\n---\n{body}\n", name="typo.md")


@pytest.mark.parametrize("front", ["date: 2022-02-30", "published: 2022-01-05 25:00:00",
                                   "date: 2022-01-05T10:00:00+99:00", "date: 0000-01-01"])
def test_impossible_dates_are_a_located_error(front: str) -> None:
    with pytest.raises(SourceError, match=r"broken front matter \(line 2\): impossible date or time"):
        _load(front)


def test_a_real_date_still_reads_as_a_date() -> None:
    assert _load("date: 2022-01-05T10:00:00+06:00").meta.published == "2022-01-05"


def test_a_five_thousand_digit_number_is_kept_as_text() -> None:
    digits = "9" * 5000
    assert _load(f"note: {digits}").meta.note == digits
    with pytest.raises(SourceError, match=r"front matter field 'title' is too long \(5,000 characters"):
        _load(f"title: {digits}")


@pytest.mark.parametrize("language", ['"../../x"', "en/../../etc", "e", '"en us"', "1234"])
def test_a_language_must_be_a_language_code(language: str) -> None:
    with pytest.raises(SourceError, match="front matter 'language' must be a language code"):
        _load(f"language: {language}")


def test_language_tags_still_load() -> None:
    assert _load("language: ru-RU").meta.language == "ru-ru"


def test_a_ten_megabyte_title_is_refused_in_front_matter_and_shortened_from_a_page() -> None:
    from compare.workspace import importing

    with pytest.raises(SourceError, match="'title' is too long"):
        _load("title: " + "t" * 10_000_000)
    page = f"<html><head><title>{'t' * 100_000}</title></head><body><p>Body text.</p></body></html>"
    doc = import_bytes(page.encode(), name="page.html")
    source = importing.to_source(importing.Incoming(doc, "page.html", "page.html"), taken=set())
    assert len(source.meta.title) == 1000 and source.meta.title.endswith("…")


@pytest.mark.parametrize("body", ["\u200b", "\u200b\ufeff \u2060\n\n\u200d", "&#8203;"])
def test_only_invisible_characters_is_no_text(body: str) -> None:
    with pytest.raises(SourceError, match=r"no text|no readable text"):
        source_from_text(body, name="zw.md")
    if "&" not in body:  # in a .txt an entity is literal text
        with pytest.raises(SourceError, match="no readable text"):
            import_bytes(body.encode(), name="zw.txt")


@pytest.mark.parametrize("front", ["x: " + "[" * 5000 + "]" * 5000, "x: " + "{a: " * 3000,
                                   "".join("  " * i + "k:\n" for i in range(1500))])
def test_yaml_nested_thousands_deep_is_refused(front: str) -> None:
    with pytest.raises(SourceError, match="broken front matter"):
        _load(front)


@pytest.mark.parametrize("body", [
    "".join("    " * i + "- item\n" for i in range(1000)),  # lists nested by indentation
    "1. " * 1000 + "x\n",
    "> " * 1000 + "x\n",
    "".join(">" * i + " x\n" for i in range(1, 400)),
])
def test_markdown_nested_past_the_limit_is_refused(body: str) -> None:
    with pytest.raises(SourceError, match="nested too deeply"):
        render_markdown(body)


def test_nesting_up_to_the_limit_renders() -> None:
    text, blocks = render_markdown("".join("    " * i + f"- level {i}\n" for i in range(MAX_NESTING // 2)))
    assert text.count("level") == MAX_NESTING // 2 and all(b.kind == "item" for b in blocks)


def test_a_flood_of_unclosed_brackets_is_refused_but_citations_are_fine() -> None:
    with pytest.raises(SourceError, match=r"unclosed '\['"):
        render_markdown("[" * 100_000)
    text, _ = render_markdown(" ".join(f"claim [{n}]" for n in range(5000)))
    assert text.count("[") == 5000


def test_a_flood_of_brackets_in_a_file_is_one_clear_import_error() -> None:
    with pytest.raises(SourceError, match=r"^flood\.md: .*unclosed '\['"):
        from compare.workspace import importing

        importing.to_source(importing.Incoming(import_bytes(b"[" * 100_000, name="flood.md"), "flood.md",
                                               "file"), taken=set())


def test_a_long_line_without_spaces_renders_in_one_block() -> None:
    text, blocks = render_markdown("a" * 2_000_000)
    assert len(text) == 2_000_000 and len(blocks) == 1


@pytest.mark.parametrize("body", ["**<p></p>*", "<script></script><![i>", "*a<p>b</p>c*", "<em><p>x</p></em>y",
                                  "<![if !supportLists]>x<![endif]>"])
def test_inline_html_that_crashed_the_renderer(body: str) -> None:
    text, blocks = render_markdown(body)
    for block in blocks:
        assert 0 <= block.start <= block.end <= len(text)
        assert all(0 <= s <= e <= block.end - block.start for s, e, _ in block.marks)


MARKDOWN_SOUP = st.lists(st.sampled_from(
    ["*", "**", "_", "`", "[", "]", "(", ")", "!", "<p>", "</p>", "<em>", "</em>", "<script>", "</script>",
     "<![i>", "<![CDATA[", "]]>", "<!--", "-->", "<div>", "</div>", "<br>", "&amp;", "&#0;", "&#xD800;", "> ",
     "- ", "1. ", "    ", "\n", "\n\n", "# ", "text", " ", "<a href='x'>", "</a>", "<pre>", "</pre>", "\t"]),
    max_size=40).map("".join)


@FAST
@given(body=st.one_of(MARKDOWN_SOUP, st.text(max_size=200)))
def test_rendering_never_crashes_and_offsets_stay_inside(body: str) -> None:
    try:
        text, blocks = render_markdown(body)
    except SourceError:
        return
    text.encode("utf-8")
    for block in blocks:
        assert 0 <= block.start <= block.end <= len(text)
        assert all(0 <= s <= e <= block.end - block.start for s, e, _ in block.marks)
