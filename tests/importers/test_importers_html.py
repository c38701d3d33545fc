"""HTML pages: article extraction, Markdown structure, metadata, nothing remote."""

from __future__ import annotations

import markdown

from compare.importers import import_bytes
from compare.importers.html import declared_charset, html_to_markdown, looks_like_html

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Drought aid | The Daily</title>
  <meta property="og:title" content="Government announces drought aid">
  <meta name="author" content="Ann Smith">
  <meta property="og:site_name" content="The Daily">
  <meta property="article:published_time" content="2024-03-01T10:00:00Z">
  <link rel="canonical" href="/news/drought-aid">
  <script>document.write("TRACKER-SCRIPT")</script>
  <style>p { color: red } .STYLE-RULE {}</style>
</head>
<body>
  <nav><a href="/">Home</a> <a href="/news">NAV-LINK</a></nav>
  <header><div class="logo">HEADER-LOGO</div></header>
  <aside>ASIDE-PROMO</aside>
  <article>
    <h2>What was announced</h2>
    <p>The government announced <b>new measures</b> on Wednesday.<br>A second line.</p>
    <p>1. This paragraph starts like a list but is not one.</p>
    <p>#hashtag at the start</p>
    <img src="http://images.example.com/tracker.png" alt="IMAGE-ALT">
    <figure><img src="https://cdn.example.com/photo.jpg"><figcaption>A dry field.</figcaption></figure>
    <ul><li>First point<li>Second point<ul><li>Nested point</ul></li><li>Third point</ul>
    <ol><li>Ordered one</li></ol>
    <blockquote><p>"The situation is serious," the minister said.</p></blockquote>
    <pre>code line
    indented line</pre>
    <table><tr><th>Region<th>Rain</tr><tr><td>South<td>-50%</tr></table>
    <p hidden>HIDDEN-TEXT</p>
    <div style="display: none">INVISIBLE-TEXT</div>
    <p>Escaped markup: &lt;script&gt;alert(1)&lt;/script&gt; stays text.</p>
    <iframe src="https://ads.example.com">IFRAME-TEXT</iframe>
    <noscript>NOSCRIPT-TEXT</noscript>
    <form><input value="FORM-VALUE"><button>FORM-BUTTON</button></form>
  </article>
  <footer>FOOTER-TEXT</footer>
</body>
</html>
"""


def test_article_text_and_structure() -> None:
    text, _meta = html_to_markdown(PAGE, base_url="https://daily.example.com/news/123")
    assert text.split("\n\n")[:4] == [
        "## What was announced",
        "The government announced new measures on Wednesday.\nA second line.",
        "1\\. This paragraph starts like a list but is not one.",
        "\\#hashtag at the start",
    ]
    assert "A dry field." in text
    assert "- First point\n- Second point\n- Nested point\n- Third point\n- Ordered one" in text
    assert '> "The situation is serious," the minister said.' in text
    assert "    code line\n        indented line" in text
    assert "Region | Rain\n\nSouth | -50%" in text


def test_chrome_scripts_images_and_hidden_content_are_dropped() -> None:
    text, _meta = html_to_markdown(PAGE)
    for marker in ("TRACKER-SCRIPT", "STYLE-RULE", "NAV-LINK", "HEADER-LOGO", "ASIDE-PROMO", "IMAGE-ALT",
                   "HIDDEN-TEXT", "INVISIBLE-TEXT", "IFRAME-TEXT", "NOSCRIPT-TEXT", "FORM-VALUE",
                   "FORM-BUTTON", "FOOTER-TEXT", "http://", "https://", "<img", "tracker.png"):
        assert marker not in text, marker


def test_escaped_markup_in_page_text_never_becomes_html() -> None:
    text, _meta = html_to_markdown(PAGE)
    assert "Escaped markup: &lt;script>alert(1)&lt;/script> stays text." in text
    rendered = markdown.markdown(text)
    assert "<script" not in rendered
    assert "<img" not in rendered


def test_metadata() -> None:
    _text, meta = html_to_markdown(PAGE, base_url="https://daily.example.com/news/123")
    assert meta == {
        "title": "Government announces drought aid",
        "author": "Ann Smith",
        "outlet": "The Daily",
        "published": "2024-03-01T10:00:00+00:00",
        "url": "https://daily.example.com/news/drought-aid",
        "language": "en",
    }


def test_metadata_fallbacks() -> None:
    page = """<html lang="ru"><head><title> Plain   title </title>
    <meta property="og:url" content="https://example.org/a">
    <meta property="article:author" content="https://example.org/authors/x"></head>
    <body><h1>Heading</h1><p>Text <time datetime="2023-05-06">May 6</time></p></body></html>"""
    text, meta = html_to_markdown(page)
    assert meta == {"title": "Plain title", "url": "https://example.org/a", "language": "ru",
                    "published": "2023-05-06"}
    assert text == "## Heading\n\nText May 6"


def test_title_falls_back_to_h1() -> None:
    _text, meta = html_to_markdown("<h1>Only a heading</h1><p>Body</p>")
    assert meta["title"] == "Only a heading"


def test_without_article_the_densest_paragraph_container_wins() -> None:
    page = """<body><div id="menu"><p>Menu</p></div>
    <div id="story"><p>""" + "Long story text. " * 20 + """</p><p>More story.</p></div>
    <div id="related"><p>Related link</p></div></body>"""
    text, _meta = html_to_markdown(page)
    assert text.startswith("Long story text.")
    assert text.endswith("More story.")
    assert "Menu" not in text
    assert "Related" not in text


def test_main_is_used_when_there_is_no_article() -> None:
    text, _meta = html_to_markdown("<body><p>Outside</p><main><p>Inside main</p></main></body>")
    assert text == "Inside main"


def test_unclosed_tags_and_entities() -> None:
    text, _meta = html_to_markdown("<p>One &amp; only<p>Two &eacute;t&eacute;<div>Three")
    assert text == "One &amp; only\n\nTwo été\n\nThree".replace("&amp;", "&")


def test_import_bytes_html_with_meta_charset() -> None:
    page = ('<html><head><meta charset="windows-1251"><title>Новости</title></head>'
            "<body><p>Привет</p></body></html>")
    doc = import_bytes(page.encode("cp1251"), name="page.htm")
    assert doc.fmt == "html"
    assert doc.markdown == "Привет"
    assert doc.meta["title"] == "Новости"


def test_page_without_text_is_refused() -> None:
    import pytest

    from compare.importers import SourceImportError

    with pytest.raises(SourceImportError, match="no readable text"):
        import_bytes(b"<html><body><script>x()</script><img src='http://a/b'></body></html>", name="e.html")


def test_deep_nesting_does_not_overflow_the_stack() -> None:
    page = "<div>" * 5000 + "<p>deep</p><script>SECRET</script>" + "</div>" * 5000
    text, _meta = html_to_markdown(page)
    assert text == "deep"


def test_helpers() -> None:
    meta = b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
    assert declared_charset(meta) == "koi8-r"
    assert declared_charset(b"<p>none</p>") is None
    assert looks_like_html("  <!doctype html><p>x")
    assert not looks_like_html("a < b")


# --- hostile pages: their text stays text ----------------------------------------------------


def test_markdown_syntax_in_page_text_stays_literal() -> None:
    from compare.text.render import render_markdown

    prose = r"See ![md](url), [a link](http://x), *stars*, _under_, `code` and a back\slash."
    markdown_text, _ = html_to_markdown(f"<html><body><p>{prose}</p><h2>*Title* [x]</h2></body></html>")
    text, _ = render_markdown(markdown_text)
    assert text.split("\n\n") == [prose, "*Title* [x]"]


def test_an_unclosed_comment_hides_the_rest_of_the_page() -> None:
    markdown_text, _ = html_to_markdown("<html><body><p>Visible text.</p><!-- draft <p>never shown</p>")
    assert markdown_text == "Visible text."


def test_an_unknown_marked_section_does_not_end_the_page() -> None:
    markdown_text, _ = html_to_markdown("<body><p>Before.</p><![if !supportLists]> <p>After.</p></body>")
    assert markdown_text.split("\n\n") == ["Before.", "After."]


def test_the_visible_byline_gives_the_author_when_no_meta_tag_does():
    page = ("<html><head><title>Unrest</title><meta property='og:site_name' content='Steppe Daily'></head>"
            "<body><article><h1>Unrest</h1><p class='article-byline'>By Jane Roe | 6 January 2022</p>"
            "<time datetime='2022-01-06T10:00'>6 Jan</time><p>Body text of the report.</p></article></body></html>")
    _markdown, meta = html_to_markdown(page)
    assert (meta["author"], meta["outlet"]) == ("Jane Roe", "Steppe Daily")
    assert str(meta["published"]).startswith("2022-01-06")
    tagged = page.replace("<head>", "<head><meta name='author' content='Desk Editor'>")
    assert html_to_markdown(tagged)[1]["author"] == "Desk Editor"  # a meta tag still wins
