"""URL import against a real local HTTP server (127.0.0.1, in a thread)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from compare.importers import SourceImportError, import_url

PAGE = ("<html lang='en'><head><title>Local page</title></head><body>"
        "<article><p>Served locally.</p><img src='http://example.invalid/x.png'></article></body></html>")
STOP = threading.Event()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean

    def _send(self, status: int, body: bytes, content_type: str | None, length: bool = True) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        routes = {
            "/page": (200, PAGE.encode(), "text/html; charset=utf-8"),
            "/ru.txt": (200, "Привет, мир. Это проверка.".encode("cp1251"),
                        "text/plain; charset=windows-1251"),
            "/notes.md": (200, b"# Title\n\nBody", "text/plain"),
            "/image": (200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
            "/empty": (200, b"", "text/html"),
            "/untyped.txt": (200, b"plain words", None),
            "/declared-big": (200, b"x" * 5000, "text/plain"),
        }
        if self.path in routes:
            self._send(*routes[self.path])
        elif self.path == "/missing":
            self._send(404, b"<p>nothing here</p>", "text/html")
        elif self.path == "/broken":
            self._send(500, b"oops", "text/plain")
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/page")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/to-ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/file.txt")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/slow":
            STOP.wait(3)  # much longer than the client's timeout; teardown cuts it short
            self._send(200, b"too late", "text/plain")
        elif self.path == "/drip-headers":
            # A header line every 0.1 s: each read is quick, the whole never ends.
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for _ in range(100):
                if STOP.is_set():
                    return
                self.wfile.write(b"X-Drip: 1\r\n")
                self.wfile.flush()
                STOP.wait(0.1)
        elif self.path == "/short":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"only the first words arrive")
            self.close_connection = True
        elif self.path == "/pdf-as-html":
            from tests.importers.test_importers_documents import make_pdf

            self._send(200, make_pdf([["A PDF served as a web page."]]), "text/html")
        elif self.path == "/ansi":
            self.wfile.write(b"HTTP/1.1 503 \x1b[31mRED\x1b[0m\x07 busy\r\nContent-Length: 0\r\n\r\n")
        elif self.path == "/stream":
            # No Content-Length: the client must count and stop by itself.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(200):
                self.wfile.write(b"y" * 1024)
        else:
            self._send(400, b"bad", "text/plain")


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (timeout, size limit) breaks the pipe: expected here


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    STOP.clear()
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        STOP.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy from the environment must not intercept requests to the local server."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def test_html_page(server: str) -> None:
    doc = import_url(server + "/page")
    assert doc.fmt == "url"
    assert doc.markdown == "Served locally."
    assert doc.meta["title"] == "Local page"
    assert doc.meta["language"] == "en"
    assert doc.meta["url"] == server + "/page"
    assert str(doc.meta["provenance"]).startswith(f"url: {server}/page (fetched ")


def test_redirect_records_the_final_address(server: str) -> None:
    assert import_url(server + "/redirect").meta["url"] == server + "/page"


def test_redirect_off_the_web_is_refused(server: str) -> None:
    expected = r"/to-ftp: the server redirected to a non-web address \(ftp:\)$"
    with pytest.raises(SourceImportError, match=expected):
        import_url(server + "/to-ftp")


def test_text_uses_the_declared_charset(server: str) -> None:
    assert import_url(server + "/ru.txt").markdown == "Привет, мир. Это проверка."


def test_markdown_served_as_text_plain(server: str) -> None:
    assert import_url(server + "/notes.md").markdown == "# Title\n\nBody"


def test_missing_content_type_falls_back_to_the_extension(server: str) -> None:
    assert import_url(server + "/untyped.txt").markdown == "plain words"


@pytest.mark.parametrize(
    ("path", "status"), [("/missing", "404 Not Found"), ("/broken", "500 Internal Server Error")]
)
def test_http_error_status(server: str, path: str, status: str) -> None:
    with pytest.raises(SourceImportError, match=f"^{server}{path}: the server answered {status}$"):
        import_url(server + path)


def test_timeout(server: str) -> None:
    with pytest.raises(SourceImportError, match=r"the server did not respond within 0\.3 s$"):
        import_url(server + "/slow", timeout=0.3)


def test_streamed_body_over_the_limit_is_abandoned(server: str) -> None:
    with pytest.raises(SourceImportError, match=r"the download is too large \(the limit is 10 kB\)$"):
        import_url(server + "/stream", max_bytes=10_000)


def test_declared_length_over_the_limit_is_refused_up_front(server: str) -> None:
    with pytest.raises(SourceImportError, match=r"too large \(5 kB; the limit is 1 kB\)"):
        import_url(server + "/declared-big", max_bytes=1000)


def test_non_text_content_type(server: str) -> None:
    with pytest.raises(SourceImportError, match="unsupported content type image/png"):
        import_url(server + "/image")


def test_empty_body(server: str) -> None:
    with pytest.raises(SourceImportError, match="empty page"):
        import_url(server + "/empty")


def test_connection_refused() -> None:
    import socket

    with socket.socket() as sock:  # find a free port, then leave it closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    expected = r"^http://127\.0\.0\.1:\d+/: (the connection was refused|could not)"
    with pytest.raises(SourceImportError, match=expected):
        import_url(f"http://127.0.0.1:{port}/", timeout=2)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/file.txt", r"^ftp://example\.com/file\.txt: ftp: addresses are not supported"),
        ("file:///etc/passwd", "file: addresses are not supported"),
        ("javascript:alert(1)", "javascript: addresses are not supported"),
        ("not a url", r"^not a url: not a web address"),
        ("", r"^The web address is empty$"),
        ("http://", "no host name"),
        ("http://example.com:99999/", "bad port number"),
        ("/relative/path", "not a web address"),
    ],
)
def test_bad_addresses(url: str, message: str) -> None:
    with pytest.raises(SourceImportError, match=message):
        import_url(url)


def test_bare_host_gets_https_and_custom_opener_is_used() -> None:
    seen: list[str] = []

    class _Response:
        status = 200
        headers = {"Content-Type": "text/plain"}  # noqa: RUF012 - a fake, never mutated

        def __enter__(self) -> _Response:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

        def geturl(self) -> str:
            return seen[0]

        def __init__(self) -> None:
            self._chunks = [b"Fetched ", b"through the opener.", b""]

        def read(self, size: int = -1) -> bytes:
            return self._chunks.pop(0)

    class _Opener:
        def open(self, request, timeout: float = 0):
            seen.append(request.full_url)
            return _Response()

    doc = import_url("example.com/story", opener=_Opener())
    assert seen == ["https://example.com/story"]
    assert doc.markdown == "Fetched through the opener."
    assert doc.meta["url"] == "https://example.com/story"


# --- hostile servers: one deadline, nothing silently accepted ----------------------------------


def test_a_server_dripping_its_headers_meets_the_one_deadline(server: str) -> None:
    with pytest.raises(SourceImportError, match=r"the download took too long \(more than 0\.6 s\)$"):
        import_url(server + "/drip-headers", timeout=5, deadline=0.6)


def test_a_body_shorter_than_its_content_length_is_refused(server: str) -> None:
    with pytest.raises(SourceImportError, match=r"the download was cut short \(27 bytes of 1 kB\)$"):
        import_url(server + "/short")


def test_pdf_bytes_served_as_html_are_read_as_pdf(server: str) -> None:
    doc = import_url(server + "/pdf-as-html")
    assert doc.markdown == "A PDF served as a web page."


def test_escape_sequences_in_a_reason_phrase_never_reach_the_message(server: str) -> None:
    with pytest.raises(SourceImportError) as info:
        import_url(server + "/ansi")
    message = str(info.value)
    assert message.endswith("the server answered 503 [31mRED[0m busy")
    assert not any(ch < " " for ch in message)


@pytest.mark.parametrize("url", ["http://[::1:bad/", "https://[zz]/", "http://[::1"])
def test_a_broken_ipv6_literal_is_a_clear_error(url: str) -> None:
    with pytest.raises(SourceImportError, match="not a valid web address"):
        import_url(url)
