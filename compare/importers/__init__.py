"""Import layer: file, bytes, pasted text or URL -> :class:`ImportedDocument`.

Everything here is stdlib plus the document libraries (pypdf, python-docx,
charset-normalizer), with no Qt and no dependency on the rest of
``compare``, so it can be tested alone.  Every failure a user can cause —
wrong format, broken file, unreachable server — surfaces as one
:class:`SourceImportError` with a one-line message; nothing else escapes.
"""

from __future__ import annotations

import os
import re
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Literal, Protocol
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urlsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener

from ._common import SourceImportError, clean_text, escape_line, fail, format_size
from .documents import docx_to_markdown, pdf_to_markdown
from .encoding import decode_bytes, looks_binary, normalize_newlines
from .html import declared_charset, html_to_markdown, looks_like_html

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "ImportFormat",
    "ImportedDocument",
    "SourceImportError",
    "import_bytes",
    "import_path",
    "import_text",
    "import_url",
]

ImportFormat = Literal["markdown", "text", "html", "pdf", "docx", "url"]


@dataclass(frozen=True, slots=True)
class ImportedDocument:
    """An imported body as Markdown plus what the source says about itself.

    ``meta`` may hold: title, author, outlet, published (ISO 8601 string),
    url, language, provenance (a short human-readable origin such as
    ``"file: report.pdf"``).  Keys are present only when known.
    """

    markdown: str
    meta: dict[str, object]
    fmt: ImportFormat


_MARKDOWN_EXT = (".md", ".markdown")
_TEXT_EXT = (".txt", ".text")
_HTML_EXT = (".html", ".htm", ".xhtml")
SUPPORTED_EXTENSIONS: tuple[str, ...] = (
    *_MARKDOWN_EXT, *_TEXT_EXT, *_HTML_EXT, ".pdf", ".docx"
)
"""Lower-case file extensions (with the dot) that import as documents."""

# Known formats we refuse, with advice; anything else is sniffed.
_UNSUPPORTED = {
    ".doc": "old Word .doc files are not supported (save it as .docx)",
    ".rtf": "RTF files are not supported (save it as .docx or .txt)",
    ".odt": "OpenDocument files are not supported (save it as .docx)",
    ".pages": "Pages files are not supported (export it as .docx or PDF)",
    ".epub": "EPUB books are not supported",
    **{ext: "spreadsheets are not supported" for ext in (".xls", ".xlsx", ".ods", ".csv")},
    **{ext: "presentations are not supported" for ext in (".ppt", ".pptx", ".odp", ".key")},
    **{ext: "images are not supported (the text must be a document)"
       for ext in (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".svg",
                   ".heic")},
    **{ext: "archives are not supported" for ext in (".zip", ".gz", ".tar", ".7z", ".rar")},
}
_DOCX_MAGIC = b"PK\x03\x04"


# --- bytes and files -------------------------------------------------------------


def import_bytes(data: bytes, *, name: str, max_bytes: int = 50_000_000) -> ImportedDocument:
    """Import a file's content; ``name`` (a file name) picks the format.

    The extension decides, but content is sniffed: a ``.pdf`` that is not a
    PDF is refused rather than shown as garbage, and an unknown extension is
    recognised as PDF, DOCX, HTML or text by its bytes.
    """
    name = _display_name(name)
    data = bytes(data)  # accept bytearray / memoryview too
    kind = _kind_for(data, name, max_bytes)
    doc = _convert(data, name=name, kind=kind)
    if kind == "markdown":
        return doc
    return ImportedDocument(doc.markdown, {**doc.meta, "provenance": f"file: {name}"}, doc.fmt)


def import_path(path: str | os.PathLike[str], *, max_bytes: int = 50_000_000) -> ImportedDocument:
    """Read and import a file, refusing it early if it is over ``max_bytes``."""
    file = Path(path)
    name = _display_name(file.name or str(file))
    try:
        if file.is_dir():
            raise fail(name, "is a folder, not a file")
        size = file.stat().st_size
        if size > max_bytes:
            raise _too_large(name, size, max_bytes)
        with file.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may grow meanwhile
    except FileNotFoundError:
        raise fail(name, "file not found") from None
    except PermissionError:
        raise fail(name, "permission denied") from None
    except OSError as exc:
        raise fail(name, f"could not read the file ({exc.strerror or exc})") from None
    return import_bytes(data, name=name, max_bytes=max_bytes)


def import_text(text: str, *, title: str = "Pasted text") -> ImportedDocument:
    """Import pasted plain text (its Markdown-looking line starts are escaped)."""
    text = clean_text(normalize_newlines(text))
    title = " ".join(clean_text(title).split()) or "Pasted text"
    if not text.strip():
        raise fail(title, "the text is empty")
    return ImportedDocument(_plain_to_markdown(text), {"title": title, "provenance": "pasted"},
                            "text")


def _display_name(name: str) -> str:
    """The base name, for messages (a full path would make them long)."""
    base = re.split(r"[\\/]", str(name).rstrip("\\/"))[-1]
    return base or "file"


def _too_large(name: str, size: int, limit: int) -> SourceImportError:
    return fail(name, f"the file is too large ({format_size(size)}; "
                      f"the limit is {format_size(limit)})")


def _kind_for(data: bytes, name: str, max_bytes: int) -> str:
    """Choose the converter from extension and content, or refuse."""
    if len(data) > max_bytes:
        raise _too_large(name, len(data), max_bytes)
    if not data.strip():
        raise fail(name, "the file is empty")
    ext = PurePosixPath(name.lower()).suffix
    if ext == ".pdf" or ext == ".docx":
        kind = ext[1:]
        magic = b"%PDF-" in data[:1024] if kind == "pdf" else data.startswith(
            (_DOCX_MAGIC, b"\xd0\xcf\x11\xe0"))
        if not magic:
            looks = "binary" if looks_binary(data) else "like plain text"
            raise fail(name, f"not a {kind.upper()} file (it looks {looks})")
        return kind
    if ext in _UNSUPPORTED:
        raise fail(name, _UNSUPPORTED[ext])
    if ext in _MARKDOWN_EXT:
        return "markdown"
    if ext in _HTML_EXT:
        return "html"
    if ext in _TEXT_EXT:
        return "text"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(_DOCX_MAGIC):
        return "docx"
    if looks_binary(data):
        what = f"{ext} files are" if ext else "this file type is"
        raise fail(name, f"{what} not supported (it looks binary)")
    return "sniff"


def _convert(data: bytes, *, name: str, kind: str, base_url: str | None = None,
             charset: str | None = None) -> ImportedDocument:
    """Run the converter for ``kind`` on checked bytes; the result is :func:`clean_text`."""
    doc = _convert_raw(data, name=name, kind=kind, base_url=base_url, charset=charset)
    markdown = clean_text(doc.markdown)
    if not markdown.strip():
        raise fail(name, "the file has no readable text")
    meta = {k: clean_text(v) if isinstance(v, str) else v for k, v in doc.meta.items()}
    return ImportedDocument(markdown, meta, doc.fmt)


def _convert_raw(data: bytes, *, name: str, kind: str, base_url: str | None = None,
                 charset: str | None = None) -> ImportedDocument:
    """Run the converter for ``kind`` on checked bytes."""
    if kind == "pdf":
        markdown, meta = pdf_to_markdown(data, name=name)
        return ImportedDocument(markdown, meta, "pdf")
    if kind == "docx":
        markdown, meta = docx_to_markdown(data, name=name)
        if not markdown.strip():
            raise fail(name, "the document is empty")
        return ImportedDocument(markdown, meta, "docx")

    declared = charset or (declared_charset(data) if kind in {"html", "sniff"} else None)
    text = decode_bytes(data, name=name, declared=declared)
    if not text.strip():
        raise fail(name, "the file is empty")
    if kind == "sniff":
        kind = "html" if looks_like_html(text) else "text"
    if kind == "markdown":
        return ImportedDocument(text, {}, "markdown")
    if kind == "html":
        markdown, meta = html_to_markdown(text, base_url=base_url)
        if not markdown.strip():
            raise fail(name, "the page has no readable text")
        return ImportedDocument(markdown, meta, "html")
    return ImportedDocument(_plain_to_markdown(text), {}, "text")


def _plain_to_markdown(text: str) -> str:
    """Keep blank-line paragraphs; escape line starts Markdown would misread."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        line = escape_line(line)
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)


# --- URLs --------------------------------------------------------------------------


class Opener(Protocol):
    """What :func:`import_url` needs from an opener (``OpenerDirector`` fits)."""

    def open(self, fullurl: Request, data: bytes | None = ..., timeout: float = ...):
        ...


class _HttpOnlyRedirects(HTTPRedirectHandler):
    """Follow redirects, but never off http/https (e.g. to ftp:// or file://)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        scheme = urlsplit(newurl).scheme.lower()
        if scheme not in {"http", "https"}:
            raise fail(_short(req.full_url), f"the server redirected to a non-web address ({scheme}:)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_USER_AGENT = "Parallax/0.1 (source importer)"
_ACCEPT = ("text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,text/markdown;q=0.8,"
           "application/pdf;q=0.7,*/*;q=0.1")
_HOST_ONLY = re.compile(r"(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?::\d+)?(?:[/?#]\S*)?")
_CONTENT_KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/plain": "text",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
_UNTYPED = {"", "application/octet-stream", "binary/octet-stream", "application/unknown"}


def import_url(url: str, *, timeout: float = 15.0, max_bytes: int = 20_000_000,
               opener: Opener | None = None) -> ImportedDocument:
    """Fetch an http(s) address and import the page or document it serves.

    ``timeout`` bounds connecting and each read; the whole download is also
    capped (at four times that, minimum a minute) so a server trickling
    bytes cannot hang the import.  The body is streamed and abandoned as
    soon as it exceeds ``max_bytes``.  ``opener`` replaces urllib's default
    opener (tests, proxies); it needs an ``open(request, timeout=...)``.
    """
    target = _checked_url(url)
    label = _short(target)
    request = Request(target, headers={
        "User-Agent": _USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "identity",
    })
    if opener is None:
        opener = build_opener(_HttpOnlyRedirects())
    try:
        with opener.open(request, timeout=timeout) as response:
            status = getattr(response, "status", 200) or 200
            if not 200 <= status < 300:
                raise fail(label, f"the server answered {status} {getattr(response, 'reason', '')}")
            headers = response.headers
            final_url = response.geturl() or target
            kind, charset = _kind_for_response(headers, final_url, label)
            length = headers.get("Content-Length", "")
            if length.strip().isdigit() and int(length) > max_bytes:
                raise _too_large_url(label, max_bytes, int(length))
            data = _read_limited(response, label, max_bytes, timeout)
            encoding = (headers.get("Content-Encoding") or "").strip().lower()
    except SourceImportError:
        raise
    except HTTPError as exc:
        reason = str(exc.reason or "").strip() or "error"
        raise fail(label, f"the server answered {exc.code} {reason}") from None
    except URLError as exc:
        raise fail(label, _network_reason(exc.reason, timeout)) from None
    except (TimeoutError, OSError) as exc:
        raise fail(label, _network_reason(exc, timeout)) from None
    except ValueError:
        raise fail(label, "not a valid web address") from None
    except Exception as exc:  # http.client's errors for malformed responses
        raise fail(label, f"the server sent an invalid response ({type(exc).__name__})") from None

    if encoding in {"gzip", "x-gzip", "deflate"}:
        data = _decompress(data, label, max_bytes)
    if not data.strip():
        raise fail(label, "the server sent an empty page")
    if kind == "ext":
        kind = _kind_for(data, _url_file_name(final_url), max_bytes)
    doc = _convert(data, name=label, kind=kind, base_url=final_url, charset=charset)
    meta = dict(doc.meta)
    meta.setdefault("url", final_url)
    fetched = datetime.now(UTC).replace(microsecond=0).isoformat()
    meta["provenance"] = f"url: {final_url} (fetched {fetched})"
    return ImportedDocument(doc.markdown, meta, "url")


def _checked_url(url: str) -> str:
    """Validate (and complete a bare ``example.com/...``) an http(s) address."""
    text = str(url).strip()
    if not text:
        raise SourceImportError("The web address is empty")
    label = _short(text)
    if _HOST_ONLY.fullmatch(text):
        text = "https://" + text
    if any(ch.isspace() for ch in text):
        raise fail(label, "not a web address (it contains spaces)")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if not scheme or not re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme):
        raise fail(label, "not a web address (it should start with http:// or https://)")
    if scheme not in {"http", "https"}:
        raise fail(label, f"{scheme}: addresses are not supported (only http:// and https://)")
    try:
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise fail(label, "not a valid web address (bad port number)") from None
    if not parts.hostname:
        raise fail(label, "not a valid web address (no host name)")
    return text


def _short(url: str) -> str:
    return url if len(url) <= 100 else url[:97] + "…"


def _url_file_name(url: str) -> str:
    return unquote(PurePosixPath(urlsplit(url).path).name) or "page"


def _kind_for_response(headers, url: str, label: str) -> tuple[str, str | None]:
    """Map Content-Type to a converter kind, refusing non-text media early."""
    raw = headers.get("Content-Type") or ""
    ctype = raw.split(";")[0].strip().lower()
    match = re.search(r"""charset\s*=\s*["']?([^"';\s]+)""", raw, re.IGNORECASE)
    charset = match.group(1) if match else None
    ext = PurePosixPath(urlsplit(url).path.lower()).suffix
    if ctype == "text/plain" and ext in _MARKDOWN_EXT:
        return "markdown", charset
    if ctype in _CONTENT_KINDS:
        return _CONTENT_KINDS[ctype], charset
    if ctype in _UNTYPED:
        return "ext", charset
    if ctype.startswith("text/") or ctype.endswith(("+xml", "/xml", "/json")):
        return "text", charset
    raise fail(label, f"unsupported content type {ctype} (expected a web page, text, PDF or DOCX)")


def _too_large_url(label: str, limit: int, size: int | None = None) -> SourceImportError:
    size_text = f"{format_size(size)}; " if size else ""
    return fail(label, f"the download is too large ({size_text}the limit is {format_size(limit)})")


def _read_limited(response, label: str, max_bytes: int, timeout: float) -> bytes:
    """Stream the body, stopping as soon as it passes ``max_bytes``."""
    read = getattr(response, "read1", None) or response.read
    deadline = time.monotonic() + max(60.0, 4 * timeout)
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = read(65_536)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise _too_large_url(label, max_bytes)
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise fail(label, "the download took too long")


def _decompress(data: bytes, label: str, max_bytes: int) -> bytes:
    """Undo gzip/deflate a server applied despite ``Accept-Encoding: identity``."""
    for wbits in (zlib.MAX_WBITS | 32, -zlib.MAX_WBITS):
        inflater = zlib.decompressobj(wbits)
        try:
            out = inflater.decompress(data, max_bytes + 1)
        except zlib.error:
            continue
        if len(out) > max_bytes or inflater.unconsumed_tail:
            raise _too_large_url(label, max_bytes)
        return out
    raise fail(label, "the server sent a damaged compressed response")


def _network_reason(reason: object, timeout: float) -> str:
    """A user-readable reason for a failed connection."""
    import socket
    import ssl

    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return f"the server did not respond within {timeout:g} s"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return "the secure connection failed (certificate problem)"
    if isinstance(reason, ssl.SSLError):
        return "the secure connection failed"
    if isinstance(reason, socket.gaierror):
        return "could not find the server (check the address)"
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused"
    if isinstance(reason, ConnectionResetError):
        return "the connection was reset"
    detail = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return f"could not connect ({detail})"
