"""HTML page -> article text as Markdown, plus page metadata.

Built on the stdlib ``html.parser`` only, so importing a page never pulls in
a browser engine and never fetches anything: images, scripts, frames and
styles are dropped, and the output is text.  The page is parsed into a
small tree (with the implicit-close rules that matter for real pages), the
article container is chosen (``<article>``, ``<main>``, else the element
holding the most paragraph text), and that subtree is rendered as Markdown.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from ._common import escape_inline, escape_line, join_blocks, primary_language

__all__ = ["declared_charset", "html_to_markdown", "looks_like_html"]

_VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"
    }
)
# Removed with their whole subtree: chrome, code, embedded and remote media.
_DROP = frozenset(
    {
        "script", "style", "nav", "header", "footer", "aside", "form", "iframe", "noscript", "img",
        "svg", "math", "template", "button", "select", "textarea", "object", "embed", "canvas",
        "video", "audio", "picture", "source", "map", "head", "title", "meta", "link", "input",
        "dialog", "frameset", "frame"
    }
)
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "main", "body", "html", "ul", "ol", "li", "dl", "dt",
        "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "blockquote", "pre",
        "figure", "figcaption", "address", "details", "summary", "hr", "center", "fieldset",
        "legend", "hgroup", "search"
    }
) | _HEADINGS
# Start tags that implicitly close an open <p>.
_CLOSES_P = _BLOCKS - {"td", "th", "tr", "thead", "tbody", "tfoot", "caption"}
# Start tags that close an open sibling of the same kind, up to a boundary.
_SIBLING_CLOSE = {
    "li": ({"li"}, {"ul", "ol", "menu"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "option": ({"option"}, {"select", "datalist"}),
}
_MAX_DEPTH = 200  # keeps the recursive walks far from Python's stack limit
_WS = re.compile(r"[ \t\n\r\f\v\u200b]+")


@dataclass(eq=False, slots=True)
class _Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """Builds a forgiving element tree from tag soup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#document")
        self.stack: list[_Node] = [self.root]
        self._ignore_cdata: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CLOSES_P:
            self._close_open("p", boundary={"td", "th", "table", "button"})
        if tag in _SIBLING_CLOSE:
            targets, boundary = _SIBLING_CLOSE[tag]
            for target in targets:
                self._close_open(target, boundary=boundary)
        node = _Node(tag, {k: v or "" for k, v in attrs})
        if len(self.stack) >= _MAX_DEPTH:
            # Too deep to keep: its text joins the current element, except
            # script/style text, which must never reach the output.
            if tag in {"script", "style"}:
                self._ignore_cdata = tag
            return
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._ignore_cdata:
            self._ignore_cdata = None
            return
        if tag in {"html", "body"}:
            return  # trailing content after </body> still belongs to the page
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """``<![word ...>`` that is not CDATA is a bogus comment, as browsers read it.

        Python 3.11's parser raises AssertionError there, which ended the
        parse and dropped the rest of the page.
        """
        try:
            return super().parse_marked_section(i, bool(report))
        except AssertionError:
            return self.parse_bogus_comment(i, bool(report))

    def close(self) -> None:
        """A comment still open at the end hides the rest of the page (as in a browser)."""
        if self.rawdata.startswith("<!--"):
            self.rawdata = ""
        super().close()

    def handle_data(self, data: str) -> None:
        if self._ignore_cdata:
            return
        children = self.stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)

    def _close_open(self, tag: str, *, boundary: set[str]) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            name = self.stack[i].tag
            if name == tag:
                del self.stack[i:]
                return
            if name in boundary:
                return


def _parse(text: str) -> _Node:
    builder = _TreeBuilder()
    try:
        builder.feed(text)
        builder.close()
    except Exception:  # keep whatever parsed: tag soup must never fail an import
        pass
    return builder.root


def _walk(node: _Node, *, skip_dropped: bool = False):
    """Yield elements depth-first (iteratively; trees can be deep)."""
    pending = [node]
    while pending:
        current = pending.pop()
        yield current
        for child in reversed(current.children):
            if isinstance(child, _Node) and not (skip_dropped and _is_dropped(child)):
                pending.append(child)


def _is_dropped(node: _Node) -> bool:
    if node.tag in _DROP or "hidden" in node.attrs:
        return True
    if node.attrs.get("aria-hidden", "").lower() == "true":
        return True
    style = node.attrs.get("style", "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _text(node: _Node, *, raw: bool = False) -> str:
    """Visible text of a subtree; whitespace collapsed unless ``raw``."""
    parts: list[str] = []
    pending: list[_Node | str] = [node]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            parts.append(item)
        elif item.tag == "br":
            parts.append("\n")
        elif item is node or not _is_dropped(item):
            pending.extend(reversed(item.children))
    joined = "".join(parts)
    return joined if raw else _WS.sub(" ", joined).strip()


# --- metadata ----------------------------------------------------------------


_BYLINE_HINTS = ("byline", "author")


def _is_byline(attrs: dict[str, str]) -> bool:
    """A visible byline: rel=author, itemprop=author, or a class naming a byline or author."""
    if "author" in attrs.get("rel", "").lower().split() or attrs.get("itemprop", "").lower() == "author":
        return True
    classes = attrs.get("class", "").lower()
    return any(hint in classes for hint in _BYLINE_HINTS)


def _byline_author(text: str) -> str:
    """The names of a byline: "By Jane Roe and John Doe | 5 January 2022" -> "Jane Roe and John Doe"."""
    text = _WS.sub(" ", text).strip()
    text = re.sub(r"^(by|автор[ы]?:?)\s+", "", text, flags=re.IGNORECASE)
    text = re.split(r"\s*[|•·—–]\s*|,\s*(?=\d)|\s+\d{1,2}\s+\w+\s+\d{4}", text)[0].strip(" ,;")
    return text if 0 < len(text) <= 120 else ""


def _iso_date(value: str) -> str | None:
    """Normalise a page date to ISO 8601, or None if it is not a date."""
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _metadata(root: _Node, base_url: str | None) -> dict[str, object]:
    metas: dict[str, str] = {}
    canonical = lang = title_tag = h1 = time_dt = byline = ""
    for node in _walk(root):
        tag, attrs = node.tag, node.attrs
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
                   or attrs.get("http-equiv") or "").strip().lower()
            content = _WS.sub(" ", attrs.get("content", "")).strip()
            if key and content:
                metas.setdefault(key, content)
        elif tag == "link" and "canonical" in attrs.get("rel", "").lower().split():
            canonical = canonical or attrs.get("href", "").strip()
        elif tag == "html" and not lang:
            lang = attrs.get("lang", "") or attrs.get("xml:lang", "")
        elif tag == "title" and not title_tag:
            title_tag = _text(node)
        elif tag == "h1" and not h1:
            h1 = _text(node)
        elif tag == "time" and not time_dt and attrs.get("datetime"):
            time_dt = attrs["datetime"]
        elif not byline and _is_byline(attrs):
            byline = _text(node)

    meta: dict[str, object] = {}
    title = metas.get("og:title") or title_tag or h1
    if title:
        meta["title"] = title
    for key in ("author", "article:author", "dc.creator", "byl"):
        author = metas.get(key, "")
        if author and not urlsplit(author).scheme.startswith("http"):
            meta["author"] = re.sub(r"^by\s+", "", author, flags=re.IGNORECASE)
            break
    if "author" not in meta and byline:  # the byline the page shows, when no meta tag names one
        author = _byline_author(byline)
        if author:
            meta["author"] = author
    outlet = metas.get("og:site_name") or metas.get("application-name") or metas.get("publisher")
    if outlet:
        meta["outlet"] = outlet
    for raw in (metas.get("article:published_time"), metas.get("datepublished"),
                metas.get("dc.date"), metas.get("date"), metas.get("pubdate"), time_dt):
        published = _iso_date(raw or "")
        if published:
            meta["published"] = published
            break
    for raw in (canonical, metas.get("og:url", ""), base_url or ""):
        url = urljoin(base_url or "", raw.strip()) if raw else ""
        if urlsplit(url).scheme in {"http", "https"}:
            meta["url"] = url
            break
    language = primary_language((lang or metas.get("content-language", "")).split(",")[0])
    if language:
        meta["language"] = language
    return meta


# --- content -----------------------------------------------------------------


def _main_container(root: _Node) -> _Node:
    """Pick the element that holds the article text."""
    for wanted in ("article", "main"):
        found = [n for n in _walk(root, skip_dropped=True) if n.tag == wanted]
        found = [n for n in found if _text(n)]
        if found:
            return max(found, key=lambda n: len(_text(n)))
    scores: dict[int, float] = {}
    nodes: dict[int, _Node] = {}
    parents: dict[int, _Node] = {}
    for node in _walk(root, skip_dropped=True):
        for child in node.children:
            if isinstance(child, _Node):
                parents[id(child)] = node
        if node.tag == "p":
            length = len(_text(node))
            parent = parents.get(id(node))
            grand = parents.get(id(parent)) if parent is not None else None
            for ancestor, share in ((parent, 1.0), (grand, 0.5)):
                if ancestor is not None:
                    scores[id(ancestor)] = scores.get(id(ancestor), 0.0) + share * length
                    nodes[id(ancestor)] = ancestor
    if scores:
        best = max(scores, key=scores.__getitem__)
        if scores[best] > 0:
            return nodes[best]
    for node in _walk(root):
        if node.tag == "body":
            return node
    return root


class _Renderer:
    """Turns an element subtree into Markdown blocks.

    Inline text accumulates until a block boundary; ``_prefix`` is the block
    marker ("## ", "- ") owed to the text being accumulated, so a list item
    whose text is interrupted by a nested list still gets its bullet.
    """

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self._inline: list[str] = []
        self._prefix = ""

    def render(self, node: _Node) -> list[str]:
        self._visit(node)
        self._flush()
        return self.blocks

    def _flush(self) -> None:
        raw = "".join(self._inline)
        prefix, self._prefix = self._prefix, ""
        self._inline.clear()
        lines = [_WS.sub(" ", line).strip() for line in raw.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            return
        if prefix == "## ":
            self.blocks.append("## " + escape_inline(" ".join(lines)))
        else:
            self.blocks.append(prefix + "\n".join(escape_line(line) for line in lines))

    def _visit(self, node: _Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                self._inline.append(child)
            elif child.tag == "br":
                self._inline.append("\n")
            elif not _is_dropped(child):
                self._element(child)

    def _element(self, node: _Node) -> None:
        tag = node.tag
        if tag not in _BLOCKS:
            self._visit(node)
            return
        self._flush()
        if tag in _HEADINGS or tag in {"li", "dt"}:
            self._prefix = "## " if tag in _HEADINGS else "- "
            self._visit(node)
        elif tag == "tr":
            cells = [_text(c) for c in node.children if isinstance(c, _Node)
                     and c.tag in {"td", "th"} and not _is_dropped(c)]
            row = " | ".join(c for c in cells if c)
            if row:
                self.blocks.append(escape_line(row))
        elif tag == "pre":
            # Indented, not fenced: the app's renderer (Python-Markdown
            # without extensions) knows only indented code blocks.
            code = _text(node, raw=True).strip("\n").replace("\t", "    ")
            if code.strip():
                self.blocks.append("\n".join(f"    {line}" for line in code.split("\n")))
        elif tag == "blockquote":
            inner = _Renderer().render(node)
            if inner:
                quoted = "\n>\n".join(
                    "\n".join(f"> {line}" if line else ">" for line in block.split("\n"))
                    for block in inner
                )
                self.blocks.append(quoted)
        else:
            self._visit(node)
        self._flush()


def html_to_markdown(text: str, *, base_url: str | None = None) -> tuple[str, dict[str, object]]:
    """Convert an HTML page to ``(markdown, meta)``.

    ``base_url`` (the address the page came from) resolves a relative
    canonical link.  The Markdown may be empty for a page without text.
    """
    root = _parse(text)
    meta = _metadata(root, base_url)
    blocks = _Renderer().render(_main_container(root))
    return join_blocks(blocks), meta


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)


def declared_charset(data: bytes) -> str | None:
    """The charset named by ``<meta charset>`` near the top of a page."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def looks_like_html(text: str) -> bool:
    """True when text starts like an HTML document (for sniffing)."""
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or (
        head.startswith("<") and ("<body" in head or "<head" in head)
    )
