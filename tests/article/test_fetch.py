"""cards.article.fetch against a local HTTP server on 127.0.0.1: never the network. The
server is reached as an intranet server is, with private hosts allowed (the fixture
`private_hosts`); the address policy itself is tested in test_addresses.py."""

from __future__ import annotations

import gzip
import hashlib
import http.client
import os
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import cards
from cards.article import fetch as fetch_module
from cards.article.fetch import IMAGE_TYPES, Fetched, decode_page, fetch, fetch_image
from cards.errors import ArticleError, FetchError
from tests.conftest import FIXTURES

# A self-signed certificate for 127.0.0.1 with its key, made for these tests only
# (openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj /CN=127.0.0.1).
CERT = FIXTURES / "tls" / "self-signed.pem"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 24
PAGE = b"<!doctype html><title>Ferry</title><p>The ferry is back.</p>"
MB = 1024 * 1024


@dataclass(frozen=True)
class Reply:
    body: bytes = b""
    status: int = 200
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    length: bool = True  # send a Content-Length
    chunked: bool = False
    delay: float = 0.0  # seconds before the answer
    drip: float = 0.0  # seconds between bytes of the body
    drip_head: float = 0.0  # seconds between bytes of the status line and headers
    endless: bool = False  # after the body, send zeros until the client hangs up
    hang_up: bool = False  # close the connection without answering


class Site:
    """The routes a test sets (path with query -> Reply) and the requests the server saw."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.routes: dict[str, Reply] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stop = threading.Event()

    def url(self, path: str) -> str:
        return self.base + path


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        site: Site = self.server.site  # type: ignore[attr-defined]
        site.requests.append((self.path, dict(self.headers)))
        reply = site.routes.get(self.path, Reply(status=404, headers=()))
        if reply.hang_up or site.stop.wait(reply.delay):
            return
        try:
            if reply.drip_head:
                head = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n"
                for i in range(len(head)):
                    if site.stop.wait(reply.drip_head):
                        return
                    self.wfile.write(head[i : i + 1])
                    self.wfile.flush()
                self.wfile.write(reply.body)
                return
            if reply.chunked:
                self.protocol_version = "HTTP/1.1"
            self.send_response(reply.status)
            for name, value in reply.headers:
                self.send_header(name, value)
            if reply.chunked:
                self.send_header("Transfer-Encoding", "chunked")
                self.send_header("Connection", "close")
            elif reply.length:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self._body(reply, site)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading, as it should past the size limit

    def _body(self, reply: Reply, site: Site) -> None:
        pieces: Iterator[bytes] = iter([reply.body])
        if reply.drip:
            pieces = (reply.body[i : i + 1] for i in range(len(reply.body)))
        if reply.endless:
            pieces = iter(lambda: b"\x00" * 65536, b"")
        for piece in pieces:
            if site.stop.is_set():
                return
            if reply.chunked:
                piece = b"%x\r\n%s\r\n" % (len(piece), piece)
            self.wfile.write(piece)
            self.wfile.flush()
            site.stop.wait(reply.drip)
        if reply.chunked:
            self.wfile.write(b"0\r\n\r\n")


def serve(tls: bool) -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(CERT)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    site = Site(f"{'https' if tls else 'http'}://127.0.0.1:{port}")
    server.site = site  # type: ignore[attr-defined]
    # A short poll, or shutdown() waits half a second at the end of every test.
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield site
    site.stop.set()  # wakes handlers that sleep, so they do not outlive the test
    server.shutdown()
    server.server_close()


@pytest.fixture
def site(private_hosts: None) -> Iterator[Site]:
    yield from serve(tls=False)


@pytest.fixture
def tls_site(private_hosts: None) -> Iterator[Site]:
    yield from serve(tls=True)


def message(url: str, **options: object) -> str:
    with pytest.raises(FetchError) as info:
        fetch(url, **options)  # type: ignore[arg-type]
    return str(info.value)


# Success, headers, redirects


def test_page_is_fetched_with_its_charset(site: Site) -> None:
    site.routes["/story"] = Reply(PAGE, headers=(("Content-Type", "Text/HTML; Charset=UTF-8"),))
    assert fetch(site.url("/story")) == Fetched(site.url("/story"), "text/html", "utf-8", PAGE)


def test_requests_say_who_asks_and_what_for(site: Site) -> None:
    site.routes["/story"] = Reply(PAGE)
    site.routes["/pic"] = Reply(PNG, headers=(("Content-Type", "image/png"),))
    fetch(site.url("/story"))
    fetch(site.url("/pic"), IMAGE_TYPES, "image")
    (_, page), (_, image) = site.requests
    assert page["User-Agent"] == f"cards/{cards.__version__} (share cards from news articles)"
    assert page["Accept"] == "text/html,application/xhtml+xml"
    assert image["Accept"] == "image/png,image/jpeg,image/webp"
    # identity, not nothing: without Accept-Encoding a server may send any coding it likes
    assert page["Accept-Encoding"] == "identity"


def test_spaces_and_accents_in_the_address_are_percent_encoded(site: Site) -> None:
    site.routes["/caf%C3%A9%20menu?q=%C3%BC"] = Reply(PAGE)
    assert fetch(site.url("/café menu?q=ü")).body == PAGE


def test_redirect_chain_with_relative_and_absolute_locations(site: Site) -> None:
    site.routes["/a"] = Reply(status=301, headers=(("Location", "/b"),))
    site.routes["/b"] = Reply(status=303, headers=(("Location", "c?x=1"),))
    site.routes["/c?x=1"] = Reply(status=307, headers=(("Location", site.url("/final")),))
    site.routes["/final"] = Reply(PAGE)
    got = fetch(site.url("/a"))
    assert (got.url, got.body) == (site.url("/final"), PAGE)
    assert [path for path, _ in site.requests] == ["/a", "/b", "/c?x=1", "/final"]


def chain(site: Site, length: int) -> None:
    codes = (301, 302, 303, 307, 308)
    for n in range(1, length + 1):
        site.routes[f"/r{n}"] = Reply(status=codes[n % 5], headers=(("Location", f"/r{n - 1}"),))
    site.routes["/r0"] = Reply(PAGE)


def test_five_redirects_are_followed(site: Site) -> None:
    chain(site, 5)
    assert fetch(site.url("/r5")).url == site.url("/r0")


def test_six_redirects_are_too_many(site: Site) -> None:
    chain(site, 6)
    assert message(site.url("/r6")) == (
        f"{site.url('/r6')}: more than 5 redirects (the last went to {site.url('/r0')});"
        " save the page and pass the file"
    )


def test_redirect_to_a_file_url_is_refused(site: Site) -> None:
    site.routes["/sneaky"] = Reply(status=302, headers=(("Location", "file:///etc/passwd"),))
    assert message(site.url("/sneaky")) == (
        f"{site.url('/sneaky')}: it redirected to file:///etc/passwd, but only http and https"
        " addresses are read; save the page and pass the file"
    )


# Addresses


def test_ftp_is_refused() -> None:
    assert message("ftp://example.org/story.html") == (
        "ftp://example.org/story.html: only http and https addresses are read; save the page"
        " and pass the file"
    )


@pytest.mark.parametrize(("url", "problem"), [
    ("example.org/story", "not a valid address"),
    ("http:/example.org/story", "not a valid address"),
    ("http://127.0.0.1:99999/", "not a valid address (Port out of range 0-65535)"),
    ("http:///story", "not a valid address (no host name)"),
    ("http://news..example/", "not a valid address (a bad host name)"),
    ("http://[::1/", "not a valid address (Invalid IPv6 URL)"),
])  # fmt: skip
def test_malformed_address(url: str, problem: str) -> None:
    assert message(url) == f"{url}: {problem}; give the full address, such as https://example.org/story"


def test_unknown_host() -> None:
    assert message("http://cards-test.invalid/") == (
        "http://cards-test.invalid/: host cards-test.invalid not found; check the address"
    )


def test_unknown_host_even_when_the_resolver_answers_every_name(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A resolver that sends every name to one address (ISP "search" pages): here, ours.
    real = socket.getaddrinfo
    port = int(site.base.rsplit(":", 1)[1])
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: real("127.0.0.1", port))
    site.routes["/story"] = Reply(PAGE)
    assert fetch("http://news.example/story").body == PAGE  # the stand-in resolver works
    assert message("http://cards-test.invalid/") == (
        "http://cards-test.invalid/: host cards-test.invalid not found; check the address"
    )


@pytest.mark.parametrize(("code", "expected"), [
    (socket.EAI_NONAME, "host news.example not found; check the address"),
    (socket.EAI_AGAIN, "could not look up host news.example (Temporary failure in name"
                       " resolution); check your connection"),
])  # fmt: skip
def test_lookup_failures(monkeypatch: pytest.MonkeyPatch, code: int, expected: str) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(code, {socket.EAI_AGAIN: "Temporary failure in name resolution"}
                              .get(code, "Name or service not known"))

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    assert message("https://news.example/story") == f"https://news.example/story: {expected}"


def test_connection_refused(private_hosts: None) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    url = f"http://127.0.0.1:{port}/story"
    assert message(url) == f"{url}: connection refused by 127.0.0.1:{port}; check the address"


# Answers


def test_not_found(site: Site) -> None:
    assert message(site.url("/gone")) == (
        f"{site.url('/gone')}: the server answered 404 Not Found; check the address"
    )


def test_server_error(site: Site) -> None:
    site.routes["/story"] = Reply(status=503, headers=())
    assert message(site.url("/story")) == (
        f"{site.url('/story')}: the server answered 503 Service Unavailable; save the page and"
        " pass the file"
    )


def test_no_answer_in_time(site: Site) -> None:
    site.routes["/slow"] = Reply(PAGE, delay=3)
    started = time.monotonic()
    assert message(site.url("/slow"), timeout=0.5) == (
        f"{site.url('/slow')}: no answer within 0.5 s; try again, or save the page and pass"
        " the file"
    )
    assert time.monotonic() - started < 1


def test_no_tls_handshake_in_time(private_hosts: None) -> None:
    with socket.socket() as silent:  # accepts connections (the backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"https://127.0.0.1:{silent.getsockname()[1]}/"
        assert message(url, timeout=0.2) == (
            f"{url}: no answer within 0.2 s; try again, or save the page and pass the file"
        )


def test_time_limit_covers_the_whole_body(site: Site) -> None:
    # Each byte comes well within the limit; all of them together do not.
    site.routes["/drip"] = Reply(b"x" * 40, drip=0.05)
    started = time.monotonic()
    assert message(site.url("/drip"), timeout=0.3) == (
        f"{site.url('/drip')}: no answer within 0.3 s; try again, or save the page and pass"
        " the file"
    )
    assert time.monotonic() - started < 1


def test_time_limit_covers_the_status_line_and_headers(site: Site) -> None:
    # Each byte comes well within the limit; all 44 of them together do not.
    site.routes["/drip"] = Reply(PAGE, drip_head=0.05)
    started = time.monotonic()
    assert message(site.url("/drip"), timeout=0.3) == (
        f"{site.url('/drip')}: no answer within 0.3 s; try again, or save the page and pass"
        " the file"
    )
    assert time.monotonic() - started < 1


def test_hang_up_without_an_answer(site: Site) -> None:
    site.routes["/story"] = Reply(hang_up=True)
    assert message(site.url("/story")) == (
        f"{site.url('/story')}: the server sent a broken answer (Remote end closed connection"
        " without response); try again, or save the page and pass the file"
    )


def test_body_cut_short_of_its_length(site: Site) -> None:
    site.routes["/story"] = Reply(b"<html>", length=False, headers=(
        ("Content-Type", "text/html"), ("Content-Length", "100")))
    assert message(site.url("/story")) == (
        f"{site.url('/story')}: the server sent a broken answer (IncompleteRead(6 bytes read,"
        " 94 more expected)); try again, or save the page and pass the file"
    )


# Types


def test_not_a_web_page(site: Site) -> None:
    site.routes["/pic"] = Reply(PNG, headers=(("Content-Type", "image/png"),))
    assert message(site.url("/pic")) == (
        f"{site.url('/pic')}: not a web page (it is image/png); give the address of the"
        " article's page"
    )


def test_not_an_image(site: Site) -> None:
    site.routes["/story"] = Reply(PAGE)
    with pytest.raises(FetchError) as info:
        fetch_image(site.url("/story"), Path("cache"))
    assert str(info.value) == (
        f"{site.url('/story')}: not a PNG, JPEG or WebP image (it is text/html); give the"
        " address of a PNG, JPEG or WebP image"
    )
    assert not Path("cache").exists()


@pytest.mark.parametrize(("body", "accept", "content_type"), [
    (b"\xef\xbb\xbf\n  <!DOCTYPE HTML><p>Hi", fetch_module.PAGE_TYPES, "text/html"),
    (b"<html><p>Hi", fetch_module.PAGE_TYPES, "text/html"),
    (PNG, IMAGE_TYPES, "image/png"),
    (JPEG, IMAGE_TYPES, "image/jpeg"),
    (WEBP, IMAGE_TYPES, "image/webp"),
])  # fmt: skip
def test_missing_content_type_is_sniffed(
    site: Site, body: bytes, accept: tuple[str, ...], content_type: str
) -> None:
    site.routes["/x"] = Reply(body, headers=())
    assert fetch(site.url("/x"), accept).content_type == content_type


def test_missing_content_type_and_no_telling_bytes(site: Site) -> None:
    site.routes["/x"] = Reply(b"The ferry is back.", headers=())
    assert message(site.url("/x")) == (
        f"{site.url('/x')}: not a web page (the server did not say what it is, and it does"
        " not look like one); give the address of the article's page"
    )


# Size and compression


def test_too_large_by_content_length(site: Site) -> None:
    site.routes["/big"] = Reply(b"<html>", length=False, headers=(
        ("Content-Type", "text/html"), ("Content-Length", str(10 * MB + 1))))
    assert message(site.url("/big")) == (
        f"{site.url('/big')}: larger than 10 MB; save the page and pass the file"
    )


@pytest.mark.parametrize("chunked", [False, True], ids=["no length", "chunked"])
def test_too_large_without_content_length_stops_reading(
    site: Site, monkeypatch: pytest.MonkeyPatch, chunked: bool
) -> None:
    read: list[int] = []
    real = http.client.HTTPResponse.read1

    def counting(self: http.client.HTTPResponse, n: int = -1) -> bytes:
        data = real(self, n)
        read.append(len(data))
        return data

    monkeypatch.setattr(http.client.HTTPResponse, "read1", counting)
    site.routes["/endless"] = Reply(PAGE, length=False, chunked=chunked, endless=True)
    assert message(site.url("/endless"), max_bytes=4096) == (
        f"{site.url('/endless')}: larger than 4 KB; save the page and pass the file"
    )
    assert sum(read) == 4097


def test_gzip_body_is_inflated(site: Site) -> None:
    site.routes["/story"] = Reply(gzip.compress(PAGE), headers=(
        ("Content-Type", "text/html"), ("Content-Encoding", "gzip")))
    assert fetch(site.url("/story")).body == PAGE


def test_gzip_body_is_held_to_the_size_limit_once_inflated(site: Site) -> None:
    bomb = gzip.compress(b"<html>" + b" " * 100_000)
    assert len(bomb) < 1000
    site.routes["/bomb"] = Reply(bomb, headers=(
        ("Content-Type", "text/html"), ("Content-Encoding", "gzip")))
    assert message(site.url("/bomb"), max_bytes=1000) == (
        f"{site.url('/bomb')}: larger than 1000 bytes; save the page and pass the file"
    )


def test_damaged_gzip_body(site: Site) -> None:
    site.routes["/story"] = Reply(gzip.compress(PAGE)[:-12], headers=(
        ("Content-Type", "text/html"), ("Content-Encoding", "gzip")))
    assert message(site.url("/story")) == (
        f"{site.url('/story')}: the server sent a damaged gzip body; try again, or save the"
        " page and pass the file"
    )


def test_other_compression_is_refused(site: Site) -> None:
    site.routes["/story"] = Reply(PAGE, headers=(
        ("Content-Type", "text/html"), ("Content-Encoding", "br")))
    assert message(site.url("/story")) == (
        f"{site.url('/story')}: the server sent it compressed as br; save the page and pass"
        " the file"
    )


# TLS


def test_unverified_certificate(tls_site: Site) -> None:
    tls_site.routes["/story"] = Reply(PAGE)
    url = tls_site.url("/story")
    # OpenSSL 1.1 spells it "self signed", OpenSSL 3 "self-signed".
    assert message(url) in {
        f"{url}: the certificate could not be verified ({spelling} certificate); save the"
        " page and pass the file"
        for spelling in ("self-signed", "self signed")
    }


def test_https_with_a_trusted_certificate(
    tls_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = ssl.create_default_context(cafile=str(CERT))
    monkeypatch.setattr(fetch_module, "_tls_context", lambda: context)
    tls_site.routes["/story"] = Reply(PAGE)
    assert fetch(tls_site.url("/story")).body == PAGE


# Decoding


CAFE = "café – “quoted”"


def test_page_declared_utf8_but_written_in_windows_1252(site: Site) -> None:
    site.routes["/story"] = Reply(f"<p>{CAFE}</p>".encode("cp1252"))
    got = fetch(site.url("/story"))
    assert got.charset == "utf-8"
    assert decode_page(got.body, got.charset) == f"<p>{CAFE}</p>"


def test_page_with_only_a_meta_charset(site: Site) -> None:
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html;'
            ' charset=iso-8859-1"></head><p>Café, naïve</p>')
    site.routes["/story"] = Reply(page.encode("iso-8859-1"), headers=(
        ("Content-Type", "text/html"),))
    got = fetch(site.url("/story"))
    assert got.charset is None
    assert decode_page(got.body, got.charset) == page


@pytest.mark.parametrize(("body", "header", "text"), [
    ("привет".encode("koi8_r"), "koi8-r", "привет"),  # the header, when it decodes
    (b"\xef\xbb\xbfcaf\xc3\xa9", "iso-8859-1", "café"),  # a BOM settles it, as in browsers
    ("café".encode("utf-16"), None, "café"),
    ("<meta charset='windows-1251'>привет".encode("cp1251"), None,
     "<meta charset='windows-1251'>привет"),
    ("<meta charset=x-unknown>café".encode(), "x-nonsense", "<meta charset=x-unknown>café"),
    ("café".encode(), "base64", "café"),  # a codec, but no text encoding
    ("“quoted”".encode("cp1252"), "iso-8859-1", "“quoted”"),  # Latin-1 labels read as 1252
    ("café".encode(), None, "café"),
    ("<meta charset=utf-16>café".encode(), None, "<meta charset=utf-16>café"),
    # A UTF-8 page with one stray byte stays UTF-8 rather than turning into "cafÃ©".
    ("café, naïve, déjà vu".encode() + b"\x96", "utf-8", "café, naïve, déjà vu\ufffd"),
])  # fmt: skip
def test_decode_page(body: bytes, header: str | None, text: str) -> None:
    assert decode_page(body, header) == text


def test_decode_page_never_raises() -> None:
    assert len(decode_page(bytes(range(256)), "utf-8")) == 256


# Images and their cache


@pytest.mark.parametrize(("body", "content_type", "suffix"), [
    (PNG, "image/png", ".png"),
    (JPEG, "image/jpeg", ".jpg"),
    (WEBP, "image/webp", ".webp"),
    (WEBP, "image/jpeg", ".webp"),  # the bytes name the suffix, not the label
])  # fmt: skip
def test_image_is_saved_once_and_reused(
    site: Site, tmp_path: Path, body: bytes, content_type: str, suffix: str
) -> None:
    site.routes["/pic"] = Reply(body, headers=(("Content-Type", content_type),))
    url = site.url("/pic")
    first = fetch_image(url, tmp_path / "cache")
    assert first == tmp_path / "cache" / f"{hashlib.sha256(url.encode()).hexdigest()}{suffix}"
    assert first.read_bytes() == body
    assert fetch_image(url, tmp_path / "cache") == first
    assert len(site.requests) == 1
    assert [p.name for p in first.parent.iterdir()] == [first.name]  # no temporary left
    mask = os.umask(0)
    os.umask(mask)
    assert first.stat().st_mode & 0o777 == 0o666 & ~mask  # not a private 0600


def test_a_cached_image_older_than_a_day_is_fetched_again(site: Site, tmp_path: Path) -> None:
    site.routes["/pic"] = Reply(PNG, headers=(("Content-Type", "image/png"),))
    url = site.url("/pic")
    first = fetch_image(url, tmp_path / "cache")
    day_and_a_bit = time.time() - 25 * 3600
    os.utime(first, (day_and_a_bit, day_and_a_bit))
    assert fetch_image(url, tmp_path / "cache") == first
    assert len(site.requests) == 2  # asked again, and kept fresh
    assert fetch_image(url, tmp_path / "cache") == first
    assert len(site.requests) == 2


def test_a_cached_image_that_does_not_decode_is_fetched_again(site: Site, tmp_path: Path,
                                                               monkeypatch) -> None:
    """A download cut short on an earlier day stays in the cache; the card's picture is
    fetched again rather than failing until someone clears the cache."""
    from PIL import Image

    from cards import pipeline
    from cards.article.model import Article

    Image.new("RGB", (600, 400), (20, 90, 140)).save(tmp_path / "good.png")
    site.routes["/lead.png"] = Reply((tmp_path / "good.png").read_bytes(),
                                     headers=(("Content-Type", "image/png"),))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    url = site.url("/lead.png")
    cached = fetch_image(url)
    cached.write_bytes(cached.read_bytes()[:200])  # cut short
    monkeypatch.setattr(pipeline, "_FETCHED", {})
    article = Article("T", None, None, None, None, "en", ("Words.",), "story.md", image=url)
    assert pipeline.article_picture(article) == cached
    assert cached.stat().st_size == (tmp_path / "good.png").stat().st_size
    assert len(site.requests) == 2


def test_image_cache_follows_xdg_cache_home(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.routes["/pic"] = Reply(PNG, headers=(("Content-Type", "image/png"),))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert fetch_image(site.url("/pic")).parent == tmp_path / "xdg" / "cards" / "images"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # the XDG spec says to ignore it
    assert fetch_image(site.url("/pic")).parent == tmp_path / ".cache" / "cards" / "images"


def test_image_whose_bytes_are_not_what_the_label_says(site: Site) -> None:
    site.routes["/pic"] = Reply(PAGE, headers=(("Content-Type", "image/png"),))
    with pytest.raises(FetchError) as info:
        fetch_image(site.url("/pic"), Path("cache"))
    assert str(info.value) == (
        f"{site.url('/pic')}: not a PNG, JPEG or WebP image (the server said image/png, but"
        " the bytes are not one); give the address of a PNG, JPEG or WebP image"
    )


def test_image_cache_that_cannot_be_written(site: Site, tmp_path: Path) -> None:
    site.routes["/pic"] = Reply(PNG, headers=(("Content-Type", "image/png"),))
    (tmp_path / "cache").write_text("a file, not a folder")
    with pytest.raises(FetchError) as info:
        fetch_image(site.url("/pic"), tmp_path / "cache")
    assert str(info.value) == (
        f"{site.url('/pic')}: cannot save the image in {tmp_path / 'cache'} ({tmp_path / 'cache'}"
        " is a file, not a folder); make the folder writable or set XDG_CACHE_HOME"
    )


def test_image_too_large(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.routes["/pic"] = Reply(PNG, length=False, headers=(
        ("Content-Type", "image/png"), ("Content-Length", str(10 * MB + 1))))
    with pytest.raises(FetchError) as info:
        fetch_image(site.url("/pic"), Path("cache"))
    assert str(info.value) == (
        f"{site.url('/pic')}: larger than 10 MB; save the image and pass the file"
    )


def test_fetch_errors_are_article_errors() -> None:
    assert issubclass(FetchError, ArticleError)
