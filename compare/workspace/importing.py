"""From an imported document (file, URL or pasted text) to a workspace Source.

Fetching and converting happen here, before the workspace is touched, so a
bad file or an unreachable server changes nothing. Markdown keeps its own
front matter; other formats get metadata from what the document says about
itself, an id that is unique in the workspace, and a provenance line saying
where and when it came from, so every pair exported later stays citable.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from compare import importers
from compare.importers import ImportedDocument, SourceImportError
from compare.importers.guess import guess_language, guess_title
from compare.model.errors import SourceError
from compare.model.records import Source
from compare.model.rules import slug
from compare.text.frontmatter import MAX_FIELD_LENGTH, split_front_matter
from compare.text.sources import build_source, source_from_text
from compare.workspace.codec import checked_meta

_PASSED_ON = ("title", "author", "outlet", "published", "url", "language", "kind", "note", "license")
_URL_START = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# "example.com/page" or "www.example.com" count as addresses; "report.pdf" stays a file name.
_HOST = r"(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}"
_BARE_HOST = re.compile(rf"^(?:{_HOST}(?::\d+)?/\S*|www\.{_HOST})$")



@dataclass(frozen=True, slots=True)
class Incoming:
    """A converted document waiting to be added, with where it came from."""

    document: ImportedDocument
    name: str  # a file name: decides Markdown parsing and default titles
    origin: str  # the path or address, for provenance and the sources table


def unique_id(base: str, taken: Collection[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def looks_like_url(ref: str) -> bool:
    """An address rather than a path (a file that exists always wins)."""
    return bool(_URL_START.match(ref)) or (bool(_BARE_HOST.match(ref)) and not Path(ref).exists())


def _guarded(load: Callable[[], ImportedDocument]) -> ImportedDocument:
    try:
        return load()
    except SourceImportError as exc:
        raise SourceError(str(exc)) from None


def fetch_file(path: str | Path) -> Incoming:
    doc = _guarded(lambda: importers.import_path(path))
    return Incoming(doc, Path(path).name, str(Path(path).resolve()))


def fetch_url(url: str, **options: Any) -> Incoming:
    """Fetch an address; `options` go to compare.importers.import_url (timeout, opener)."""
    doc = _guarded(lambda: importers.import_url(url, **options))
    final = str(doc.meta.get("url") or url)
    name = unquote(PurePosixPath(urlsplit(final).path).name) or urlsplit(final).hostname or "page"
    typed = url.strip()
    return Incoming(doc, name, typed if _URL_START.match(typed) else f"https://{typed}")


def fetch_text(text: str, *, title: str = "Pasted text", **citation: str) -> Incoming:
    doc = _guarded(lambda: importers.import_text(text, title=title, **citation))
    return Incoming(doc, f"{title}.txt", "pasted text")


def fetch(ref: str) -> Incoming:
    """A file path or a web address, as typed on the command line."""
    return fetch_url(ref) if looks_like_url(ref) else fetch_file(ref)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v).strip() for v in value if str(v).strip())
    return str(value).strip()


def _shortened(key: str, value: str) -> str:
    limit = MAX_FIELD_LENGTH.get(key, MAX_FIELD_LENGTH["*"])
    return value if len(value) <= limit else value[:limit - 1].rstrip() + "…"


def _is_file_name(title: str, name: str) -> bool:
    """A title that is only the file's name, as converters fall back to."""
    return title.strip().casefold() in {Path(name).stem.casefold(), Path(name).name.casefold()}


def to_source(incoming: Incoming, *, taken: Collection[str], today: str | None = None) -> Source:
    """Build the Source for an incoming document, with an id not in `taken`."""
    doc = incoming.document
    today = today or _dt.date.today().isoformat()
    provenance = f"Imported from {incoming.origin} on {today}"
    label = Path(incoming.name).name
    try:
        if doc.fmt == "markdown":
            source = source_from_text(doc.markdown, name=incoming.name, markup=True)
            meta = replace(source.meta, id=unique_id(source.meta.id, taken),
                           provenance=source.meta.provenance or provenance)
            if meta == source.meta:
                return source
            body_start = split_front_matter(doc.markdown)[2]
            return build_source(meta, doc.markdown[body_start:], markup=True, markdown=doc.markdown)
        # What a page or document says about itself is not hand-written front
        # matter: an over-long field is shortened, not a reason to refuse the text.
        given = {key: _shortened(key, _text(doc.meta.get(key))) for key in _PASSED_ON}
        # A plain text or document without metadata still says a lot about itself.
        given["language"] = given["language"] or guess_language(doc.markdown) or ""
        named = doc.meta.get("provenance") == "pasted"  # the analyst typed that title
        heading = None if named else guess_title(doc.markdown)
        title = (given["title"] if given["title"] and (named or not _is_file_name(given["title"], incoming.name))
                 else heading or given["title"] or Path(incoming.name).stem or "Untitled")
        title = _shortened("title", title)
        base = slug(title) or slug(Path(incoming.name).stem) or "source"
        meta = checked_meta({**given, "title": title, "id": unique_id(base, taken),
                             "kind": given["kind"] or "article", "provenance": provenance})
        return build_source(meta, doc.markdown, markup=True, markdown=doc.markdown)
    except SourceError as exc:
        raise SourceError(f"{label}: {exc}") from None
