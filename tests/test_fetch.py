"""fetch_url against a real local HTTP server; refusals checked without any connection."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from jiance.ingest import fetch
from jiance.ingest.fetch import fetch_url
from jiance.model import JianceError

PAGE = "<html><head><meta charset='utf-8'><title>测试页</title></head><body><p>正文内容。</p></body></html>"
GBK_PAGE = "<html><head><meta charset=gbk><title>国标页面</title></head><body><p>中文内容。</p></body></html>"
FEED = "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>动态</title></channel></rss>"


class Handler(BaseHTTPRequestHandler):
    """Endpoints for every case fetch_url must handle."""

    def log_message(self, *args: object) -> None:  # keep pytest output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self._send(302, b"", "text/plain", {"Location": location})

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        self.server.seen.append((self.path, self.headers.get("User-Agent"), self.headers.get("Host")))
        if self.path == "/page.html":
            self._send(200, PAGE.encode("utf-8"), "text/html; charset=utf-8")
        elif self.path == "/gbk.html":
            self._send(200, GBK_PAGE.encode("gbk"), "text/html")
        elif self.path == "/feed.xml":
            self._send(200, FEED.encode("utf-8"), "application/rss+xml")
        elif self.path == "/r1":
            self._redirect("/r2")
        elif self.path == "/r2":
            self._redirect(f"http://127.0.0.1:{self.server.server_port}/page.html")
        elif self.path == "/loop":
            self._redirect("/loop")
        elif self.path == "/to-private":
            self._redirect("http://10.0.0.1/secret")
        elif self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()  # no Content-Length: the limit must hold while streaming
            try:
                for _ in range(50):
                    self.wfile.write(b"x" * 65536)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(200, b"late", "text/plain")
        else:
            self._send(404, "没有".encode(), "text/plain; charset=utf-8")


class QuietServer(ThreadingHTTPServer):
    """Clients that stop reading (size limit, timeout) are expected; no tracebacks for them."""

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadingHTTPServer]:
    srv = QuietServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def base(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def no_remote(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Fail the test if any request leaves for a non-loopback address."""
    sent: list[str] = []
    original = httpx.HTTPTransport.handle_request

    def guarded(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        assert request.url.host == "127.0.0.1", f"connection attempted to {request.url}"
        return original(self, request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", guarded)
    return sent


def test_html_page_with_allow_private(base: str, server: ThreadingHTTPServer, no_remote: list[str]) -> None:
    result = fetch_url(f"{base}/page.html", allow_private=True)
    assert result.status == 200
    assert result.encoding == "utf-8"
    assert result.content_type.startswith("text/html")
    assert result.data.decode("utf-8") == PAGE
    path, agent, host = server.seen[-1]
    assert path == "/page.html" and agent.startswith("jiance/")
    assert host == f"127.0.0.1:{server.server_port}"


def test_gbk_page_without_charset_header(base: str) -> None:
    result = fetch_url(f"{base}/gbk.html", allow_private=True)
    assert result.encoding is None
    assert result.data.decode("gbk") == GBK_PAGE


def test_gbk_page_reads_through_read_html(base: str) -> None:
    from jiance.ingest.html import read_html

    data = (
        "<html><head><meta charset=gbk><title>国标测试标题_测试网</title></head><body>"
        "<h1>国标测试标题</h1><p>这是一段用国标编码保存的正文，里面有足够多的汉字和标点，"
        "用来确认读取时按页面声明的编码解码，而不是把字节当成乱码。</p>"
        "<p>第二段同样是正文，说明段落按行保留，标点符号也都完整无缺。</p></body></html>"
    ).encode("gbk")
    doc = read_html(data, "gbk.html")
    assert doc.title == "国标测试标题"
    assert "国标编码保存的正文" in doc.text
    assert doc.encoding == "gb18030"


def test_feed(base: str) -> None:
    result = fetch_url(f"{base}/feed.xml", allow_private=True)
    assert result.content_type == "application/rss+xml"
    assert b"<rss" in result.data


def test_redirect_chain(base: str) -> None:
    result = fetch_url(f"{base}/r1", allow_private=True)
    assert result.url == f"{base}/r1"
    assert result.final_url == f"{base}/page.html"
    assert result.data.decode("utf-8") == PAGE


def test_redirect_loop(base: str) -> None:
    with pytest.raises(JianceError, match=r"/loop: too many redirects \(more than 3\)"):
        fetch_url(f"{base}/loop", allow_private=True, max_redirects=3)


def test_redirect_chain_longer_than_limit(base: str) -> None:
    with pytest.raises(JianceError, match="too many redirects"):
        fetch_url(f"{base}/r1", allow_private=True, max_redirects=1)


def test_too_large_streamed_body(base: str) -> None:
    with pytest.raises(JianceError, match=r"/big: too large: more than 100000 bytes"):
        fetch_url(f"{base}/big", allow_private=True, max_bytes=100_000)


def test_too_large_declared_length(base: str) -> None:
    with pytest.raises(JianceError, match="too large"):
        fetch_url(f"{base}/page.html", allow_private=True, max_bytes=10)


def test_timeout(base: str) -> None:
    started = time.monotonic()
    with pytest.raises(JianceError) as err:
        fetch_url(f"{base}/slow", allow_private=True, timeout=0.3)
    assert str(err.value) == f"{base}/slow: timed out after 0.3 s"
    assert time.monotonic() - started < 1.4


def test_http_404(base: str) -> None:
    with pytest.raises(JianceError) as err:
        fetch_url(f"{base}/missing", allow_private=True)
    assert str(err.value) == f"{base}/missing: HTTP 404"


def test_loopback_refused_by_default(base: str, no_remote: list[str]) -> None:
    with pytest.raises(JianceError) as err:
        fetch_url(f"{base}/page.html")
    assert str(err.value) == (
        f"{base}/page.html: refused: 127.0.0.1 resolves to private or loopback address 127.0.0.1 "
        "(pass --allow-private to allow)"
    )
    assert no_remote == []


@pytest.mark.parametrize(
    "url, kind",
    [
        ("http://localhost/x", "private or loopback"),
        ("http://[::1]/x", "private or loopback"),
        ("http://0.0.0.0/x", "unspecified"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://10.0.0.1/x", "private or loopback"),
        ("https://192.168.1.1/x", "private or loopback"),
        ("http://[::ffff:127.0.0.1]/x", "private or loopback"),
        ("http://224.0.0.1/x", "multicast"),
        ("http://240.0.0.1/x", "reserved"),
    ],
)
def test_private_addresses_refused_without_connection(url: str, kind: str, no_remote: list[str]) -> None:
    with pytest.raises(JianceError, match=rf"refused: .* resolves to {kind} address .*--allow-private"):
        fetch_url(url)
    assert no_remote == []


def test_every_resolved_address_is_checked(monkeypatch: pytest.MonkeyPatch, no_remote: list[str]) -> None:
    def fake_getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list:
        return [
            (2, 1, 6, "", ("93.184.216.34", port)),
            (2, 1, 6, "", ("10.1.2.3", port)),
        ]

    monkeypatch.setattr(fetch.socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(JianceError, match="refused: mixed.example resolves to private or loopback address 10.1.2.3"):
        fetch_url("http://mixed.example/")
    assert no_remote == []


def test_redirect_to_private_address_rechecked(
    base: str, monkeypatch: pytest.MonkeyPatch, no_remote: list[str]
) -> None:
    original = fetch.forbidden_reason

    def allow_only_test_server(ip):  # the local test server stands in for a public site
        return None if str(ip) == "127.0.0.1" else original(ip)

    monkeypatch.setattr(fetch, "forbidden_reason", allow_only_test_server)
    with pytest.raises(JianceError, match=r"/to-private: refused: 10.0.0.1 resolves to private"):
        fetch_url(f"{base}/to-private")
    assert all("127.0.0.1" in sent for sent in no_remote)


def test_connects_to_checked_ip_not_a_second_lookup(
    base: str, server: ThreadingHTTPServer, monkeypatch: pytest.MonkeyPatch, no_remote: list[str]
) -> None:
    calls: list[str] = []

    def fake_getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list:
        calls.append(host)
        return [(2, 1, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(fetch.socket, "getaddrinfo", fake_getaddrinfo)
    result = fetch_url(f"http://news.example:{server.server_port}/page.html", allow_private=True)
    assert result.status == 200
    assert [c for c in calls if c != "127.0.0.1"] == ["news.example"]  # one DNS lookup, by us
    assert server.seen[-1][2] == f"news.example:{server.server_port}"  # Host header kept


def test_only_http_and_https(no_remote: list[str]) -> None:
    for url in ("ftp://example.com/x", "file:///etc/passwd", "gopher://x/"):
        with pytest.raises(JianceError, match="only http and https"):
            fetch_url(url)
    assert no_remote == []
