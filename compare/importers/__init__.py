"""Import layer: file, bytes, pasted text or URL -> :class:`ImportedDocument`.

Everything here is stdlib plus the document libraries (pypdf, python-docx,
charset-normalizer), with no Qt and no dependency on the rest of
``compare``, so it can be tested alone.  Every failure a user can cause —
wrong format, broken file, unreachable server — surfaces as one
:class:`SourceImportError` with a one-line message; nothing else escapes.
"""

from __future__ import annotations

import http.client
import os
import re
import stat
import threading
import time
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Literal, Protocol
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urlsplit
from urllib.request import HTTPHandler, HTTPRedirectHandler, HTTPSHandler, Request, build_opener

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
        data = read_regular_file(file, name, max_bytes)
    except FileNotFoundError:
        raise fail(name, "file not found") from None
    except PermissionError:
        raise fail(name, "permission denied") from None
    except OSError as exc:
        raise fail(name, f"could not read the file ({exc.strerror or exc})") from None
    return import_bytes(data, name=name, max_bytes=max_bytes)


def read_regular_file(file: Path, name: str, max_bytes: int) -> bytes:
    """The bytes of a regular file, refusing FIFOs, devices and sockets before reading.

    Opening a FIFO for reading blocks until a writer appears (forever, for a
    user who typed the wrong path) and a device can stream without end, so the
    file is opened non-blocking and checked to be a regular file first.
    """
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise fail(name, "is not a regular file (a pipe, device or socket cannot be imported)")
        if info.st_size > max_bytes:
            raise _too_large(name, info.st_size, max_bytes)
        return handle.read(max_bytes + 1)  # the file may grow meanwhile


PASTE_FIELDS = ("author", "outlet", "published", "url", "language")  # citation fields a paste may carry


def import_text(text: str, *, title: str = "Pasted text", **citation: str) -> ImportedDocument:
    """Import pasted plain text (its Markdown-looking line starts are escaped); `citation`
    holds what the analyst typed of PASTE_FIELDS, so a paste is as citable as a file."""
    text = clean_text(normalize_newlines(text))
    title = " ".join(clean_text(title).split()) or "Pasted text"
    if not text.strip():
        raise fail(title, "the text is empty")
    given = {k: " ".join(clean_text(str(v)).split()) for k, v in citation.items() if k in PASTE_FIELDS and v}
    return ImportedDocument(_plain_to_markdown(text), {"title": title, **given, "provenance": "pasted"},
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
    if not any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc") for ch in markdown):
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
               opener: Opener | None = None, deadline: float | None = None) -> ImportedDocument:
    """Fetch an http(s) address and import the page or document it serves.

    ``timeout`` bounds connecting and each read; ``deadline`` (default four
    times that, minimum a minute) bounds the whole exchange, from the request
    to the last byte, so a server trickling its headers or its body cannot
    hang the import.  The body is streamed and abandoned as soon as it
    exceeds ``max_bytes``; one shorter than its Content-Length is refused as
    cut short.  ``opener`` replaces urllib's default opener (tests, proxies);
    it needs an ``open(request, timeout=...)``.
    """
    target = _checked_url(url)
    label = _short(target)
    request = Request(target, headers={
        "User-Agent": _USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "identity",
    })
    clock = _Deadline(max(60.0, 4 * timeout) if deadline is None else deadline)
    if opener is None:
        opener = build_opener(_HttpOnlyRedirects(), _DeadlineHTTPHandler(clock), _DeadlineHTTPSHandler(clock))
    try:
        with clock, opener.open(request, timeout=timeout) as response:
            status = getattr(response, "status", 200) or 200
            if not 200 <= status < 300:
                raise fail(label, f"the server answered {status} {_reason(getattr(response, 'reason', ''))}")
            headers = response.headers
            final_url = response.geturl() or target
            kind, charset = _kind_for_response(headers, final_url, label)
            length = headers.get("Content-Length", "")
            declared = int(length) if length.strip().isdigit() and len(length.strip()) < 19 else None
            if declared is not None and declared > max_bytes:
                raise _too_large_url(label, max_bytes, declared)
            data = _read_limited(response, label, max_bytes, clock)
            encoding = (headers.get("Content-Encoding") or "").strip().lower()
            if clock.expired:
                raise _too_slow(label, clock)
            if declared is not None and len(data) < declared:
                raise fail(label, f"the download was cut short ({format_size(len(data))} of "
                                  f"{format_size(declared)})")
    except SourceImportError:
        raise
    except Exception as exc:
        if isinstance(exc, HTTPError):
            exc.close()  # it holds the response and its socket
        if clock.expired:
            raise _too_slow(label, clock) from None
        raise _url_error(label, exc, timeout) from None

    if encoding in {"gzip", "x-gzip", "deflate"}:
        data = _decompress(data, label, max_bytes)
    if not data.strip():
        raise fail(label, "the server sent an empty page")
    kind = _sniffed(kind, data)
    if kind == "ext":
        kind = _kind_for(data, _url_file_name(final_url), max_bytes)
    doc = _convert(data, name=label, kind=kind, base_url=final_url, charset=charset)
    meta = dict(doc.meta)
    meta.setdefault("url", final_url)
    fetched = datetime.now(UTC).replace(microsecond=0).isoformat()
    meta["provenance"] = f"url: {final_url} (fetched {fetched})"
    return ImportedDocument(doc.markdown, meta, "url")


def _url_error(label: str, exc: Exception, timeout: float) -> SourceImportError:
    """One line for whatever urllib or http.client raised."""
    if isinstance(exc, HTTPError):
        return fail(label, f"the server answered {exc.code} {_reason(exc.reason) or 'error'}")
    if isinstance(exc, URLError):
        return fail(label, _network_reason(exc.reason, timeout))
    if isinstance(exc, (TimeoutError, OSError)):
        return fail(label, _network_reason(exc, timeout))
    if isinstance(exc, ValueError):
        return fail(label, "not a valid web address")
    return fail(label, f"the server sent an invalid response ({type(exc).__name__})")


def _reason(reason: object) -> str:
    """A server's reason phrase, safe for a terminal: no escapes or controls, not too long."""
    text = " ".join(clean_text(str(reason or "")).split())
    return text if len(text) <= 80 else text[:79] + "…"


def _too_slow(label: str, clock: _Deadline) -> SourceImportError:
    return fail(label, f"the download took too long (more than {clock.seconds:g} s)")


class _Deadline:
    """One deadline for a whole HTTP exchange, enforced on its sockets.

    Socket timeouts bound each read, not their sum: a server that sends a
    header byte every few seconds never trips them.  When the deadline
    passes, a timer shuts the exchange's sockets down, so the read blocked
    in http.client returns at once; the caller then sees ``expired``.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[object] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self.started = time.monotonic()
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()

    def passed(self) -> bool:
        return self.expired or time.monotonic() - getattr(self, "started", time.monotonic()) > self.seconds

    def register(self, sock: object) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shutdown(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shutdown(sock)

    @staticmethod
    def _shutdown(sock: object) -> None:
        import contextlib
        import socket

        with contextlib.suppress(OSError):  # already closed: nothing left to stop
            sock.shutdown(socket.SHUT_RDWR)  # type: ignore[attr-defined]


def _deadline_connection(base: type, clock: _Deadline) -> type:
    class _Connection(base):
        def connect(self) -> None:
            super().connect()
            clock.register(self.sock)

    return _Connection


class _DeadlineHTTPHandler(HTTPHandler):
    def __init__(self, clock: _Deadline) -> None:
        super().__init__()
        self._connection = _deadline_connection(http.client.HTTPConnection, clock)

    def http_open(self, req):
        return self.do_open(self._connection, req)  # type: ignore[arg-type]


class _DeadlineHTTPSHandler(HTTPSHandler):
    def __init__(self, clock: _Deadline) -> None:
        super().__init__()
        self._connection = _deadline_connection(http.client.HTTPSConnection, clock)

    def https_open(self, req):
        return self.do_open(self._connection, req, context=self._context)  # type: ignore[arg-type, attr-defined]


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
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. "http://[::1:bad/": an unclosed IPv6 literal
        raise fail(label, "not a valid web address") from None
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


def _sniffed(kind: str, data: bytes) -> str:
    """Trust the bytes over a text Content-Type: a PDF served as text/html is a PDF."""
    if kind in {"html", "text", "markdown"}:
        if data[:1024].lstrip().startswith(b"%PDF-"):
            return "pdf"
        if data.startswith(_DOCX_MAGIC):
            return "docx"
    return kind


def _too_large_url(label: str, limit: int, size: int | None = None) -> SourceImportError:
    size_text = f"{format_size(size)}; " if size else ""
    return fail(label, f"the download is too large ({size_text}the limit is {format_size(limit)})")


def _read_limited(response, label: str, max_bytes: int, clock: _Deadline) -> bytes:
    """Stream the body, stopping as soon as it passes ``max_bytes`` or the deadline."""
    read = getattr(response, "read1", None) or response.read
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = read(65_536)
        if clock.passed():
            raise _too_slow(label, clock)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise _too_large_url(label, max_bytes)
        chunks.append(chunk)


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
