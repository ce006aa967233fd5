"""Reading web pages and images over HTTP(S), with a one-line error for every failure.
Every request, each redirect included, goes only to an address the one address policy
allows (cards.article.addresses), and to the very address it checked.

http.client rather than urllib, so that redirects and the time limit are ours: urllib
follows redirects to any scheme it has a handler for, and limits each socket operation
rather than the request. http.client and ssl take 50 ms to import, so they wait until used.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import time
import zlib
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, quote, urljoin, urlsplit

from msgspec import Struct

from cards._version import __version__
from cards.article.addresses import Refused, resolve
from cards.article.encoding import BOMS
from cards.article.limits import article_limit
from cards.errors import FetchError, OutputError, named
from cards.files import write_atomic

if TYPE_CHECKING:
    import http.client
    import socket
    import ssl

    from _typeshed import WriteableBuffer

PAGE_TYPES = ("text/html", "application/xhtml+xml")
IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp")

_MB = 1024 * 1024
_FULL = "give the full address, such as https://example.org/story"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}
_KINDS = {  # for "not a web page (it is …)": what was wanted, and where to find it
    "page": ("a web page", "give the address of the article's page"),
    "image": ("a PNG, JPEG or WebP image", "give the address of a PNG, JPEG or WebP image"),
}
# Left alone when the request line is percent-encoded: reserved characters and "%" (already
# encoded). Spaces and non-ASCII become UTF-8 escapes, as a browser sends them.
_SAFE = "/?%:@!$&'()*+,;=~[]"
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_MAGIC = ((b"\x89png\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
          (b"<!doctype html", "text/html"), (b"<html", "text/html"))  # compared in lower case
class Fetched(Struct, frozen=True):
    url: str  # the final URL, after redirects
    content_type: str  # media type only, lower-case, e.g. "text/html"
    charset: str | None  # from the Content-Type header, if any
    body: bytes


def fetch(
    url: str,
    accept: tuple[str, ...] = PAGE_TYPES,
    what: str = "page",
    *,
    timeout: float = 10.0,
    max_bytes: int | None = None,
    max_redirects: int = 5,
) -> Fetched:
    """GET an http(s) URL, following redirects, and return the body if its type is one
    of `accept`. `what` ("page" or "image") names the thing in error messages. The whole
    request, redirects included, gets `timeout` seconds; the body at most `max_bytes`."""
    import http.client  # lazy: keeps start-up fast

    max_bytes = article_limit() if max_bytes is None else max_bytes

    given = url.strip()
    kind, where_else = _KINDS.get(what, (f"a {what}", f"give the address of a {what}"))
    save = f"save the {what} and pass the file"

    def fail(problem: str) -> FetchError:
        return FetchError(f"{given}: {problem}")

    if "://" not in given:
        raise fail(f"not a valid address; {_FULL}")
    if not _web(given):
        raise fail(f"only http and https addresses are read; {save}")
    deadline = time.monotonic() + timeout
    current, redirects = given, 0
    while True:
        conn: http.client.HTTPConnection | None = None
        resp: http.client.HTTPResponse | None = None
        try:
            parts = urlsplit(current)
            conn = _connection(parts, deadline)
            resp = _send(conn, parts, accept, deadline)
            location = resp.getheader("Location")
            if resp.status in _REDIRECTS and location:
                current = urljoin(current, location.strip())
                redirects += 1
                if redirects > max_redirects:
                    raise fail(f"more than {max_redirects} redirects (the last went to"
                               f" {current}); {save}")
                if not _web(current):
                    raise fail(f"it redirected to {current}, but only http and https"
                               f" addresses are read; {save}")
                continue
            if not 200 <= resp.status < 300:
                hint = "check the address" if resp.status in (404, 410) else save
                reason = resp.reason.strip() or http.client.responses.get(resp.status, "")
                raise fail(f"the server answered {resp.status} {reason}".rstrip() + f"; {hint}")
            declared = (resp.getheader("Content-Type") or "").split(";")[0].strip().lower()
            if declared and declared not in accept:
                raise fail(f"not {kind} (it is {declared}); {where_else}")
            too_large = fail(f"larger than {_size(max_bytes)}; {save}")
            if resp.length is not None and resp.length > max_bytes:
                raise too_large
            # Accept-Encoding: identity is sent, yet some servers compress anyway.
            encoding = (resp.getheader("Content-Encoding") or "identity").strip().lower()
            if encoding not in ("identity", "gzip", "x-gzip"):
                raise fail(f"the server sent it compressed as {encoding}; {save}")
            body = _read(resp, max_bytes)
            if body is not None and encoding != "identity":
                body = _gunzip(body, max_bytes)
            if body is None:
                raise too_large
            content_type = declared or _sniff(body)
            if content_type not in accept:
                problem = f"it is {content_type}" if content_type else (
                    "the server did not say what it is, and it does not look like one")
                raise fail(f"not {kind} ({problem}); {where_else}")
            return Fetched(current, content_type, resp.msg.get_content_charset() or None, body)
        except Refused as e:
            hop = "" if current == given else f"it redirected to {current}; "
            fix = (f"cards fetches only public addresses (pass {named('allow_private_hosts')}"
                   " for an intranet server)" if e.allowable else f"cards never fetches from"
                   f" one; {save}")
            raise fail(f"{hop}refused: {e.what}; {fix}") from None
        except (OSError, EOFError, zlib.error, http.client.HTTPException) as e:
            raise fail(_failure(e, parts, timeout, save)) from None
        except ValueError as e:  # no host, a port out of range, a name IDNA cannot encode
            detail = "a bad host name" if isinstance(e, UnicodeError) else e
            raise fail(f"not a valid address ({detail}); {_FULL}") from None
        finally:
            for part in (resp, conn):
                if part is not None:
                    part.close()


def _connection(parts: SplitResult, deadline: float) -> http.client.HTTPConnection:
    """A connection to the URL's host, at an address the policy allows (raises `Refused`
    before connecting otherwise)."""
    import socket  # lazy: keeps start-up fast

    from cards.article.pinned import PinnedHTTP, PinnedHTTPS  # lazy: imports http.client

    host, port = parts.hostname, parts.port  # port raises ValueError when out of range
    if not host:
        raise ValueError("no host name")
    # RFC 6761: .invalid never resolves. Some resolvers answer every name with an address
    # of their own (ISP search pages), so they are not asked.
    if host.rstrip(".") == "invalid" or host.rstrip(".").endswith(".invalid"):
        raise socket.gaierror(socket.EAI_NONAME, "reserved name")
    secure = parts.scheme.lower() == "https"
    addresses = resolve(host, port or (443 if secure else 80))
    if secure:
        return PinnedHTTPS(host, port, addresses, _left(deadline), _tls_context())
    return PinnedHTTP(host, port, addresses, _left(deadline))


def _failure(error: Exception, parts: SplitResult, timeout: float, save: str) -> str:
    """What went wrong on the network, and what to do, for the error message."""
    import gzip  # lazy: keeps start-up fast
    import http.client  # lazy: keeps start-up fast
    import socket  # lazy: keeps start-up fast
    import ssl  # lazy: keeps start-up fast

    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    hostport = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    if isinstance(error, socket.gaierror):
        if error.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None)):
            return f"host {host} not found; check the address"
        return f"could not look up host {host} ({error.strerror}); check your connection"
    if isinstance(error, ConnectionRefusedError):
        return f"connection refused by {hostport}; check the address"
    if isinstance(error, TimeoutError):
        return f"no answer within {timeout:g} s; try again, or {save}"
    if isinstance(error, ssl.SSLCertVerificationError):
        reason = (error.verify_message or error.reason or str(error)).rstrip(".")
        return f"the certificate could not be verified ({reason}); {save}"
    if isinstance(error, ssl.SSLError):
        return f"the secure connection failed ({error.reason or error}); {save}"
    if isinstance(error, http.client.InvalidURL):  # a control character in the host name
        return f"not a valid address ({error}); {_FULL}"
    if isinstance(error, http.client.HTTPException):  # before OSError: RemoteDisconnected is both
        detail = str(error) or type(error).__name__
        return f"the server sent a broken answer ({detail}); try again, or {save}"
    if not isinstance(error, OSError) or isinstance(error, gzip.BadGzipFile):  # or zlib, EOF
        return f"the server sent a damaged gzip body; try again, or {save}"
    return f"the connection to {hostport} failed ({error.strerror or error}); try again, or {save}"


def _web(url: str) -> bool:
    return url.partition("://")[0].lower() in ("http", "https") and "://" in url


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


@cache
def _tls_context() -> ssl.SSLContext:
    import ssl  # lazy: keeps start-up fast

    return ssl.create_default_context()  # loading the CA store takes a few milliseconds


@cache
def _user_agent() -> str:
    return f"cards/{__version__} (share cards from news articles)"


def _send(conn: http.client.HTTPConnection, parts: SplitResult, accept: tuple[str, ...],
          deadline: float) -> http.client.HTTPResponse:
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    # http.client's own Accept-Encoding: identity stays: with no Accept-Encoding at all,
    # a server may send any coding it likes (RFC 9110, 12.5.3).
    conn.putrequest("GET", quote(target, safe=_SAFE))
    conn.putheader("User-Agent", _user_agent())
    conn.putheader("Accept", ",".join(accept))
    conn.endheaders()
    # getresponse() reads the answer from conn.sock.makefile(): make that a file whose
    # every read waits only for the time left.
    sock = conn.sock
    conn.sock = SimpleNamespace(close=sock.close,
                                makefile=lambda mode: io.BufferedReader(_Deadline(sock, deadline)))
    return conn.getresponse()


class _Deadline(io.RawIOBase):
    """A socket's reading end on which every wait ends at the deadline. A plain socket
    timeout restarts with each read: a server sending a byte a second would never end."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        super().__init__()
        self.sock, self.deadline = sock, deadline
        self.file = sock.makefile("rb", buffering=0)  # keeps the socket open until closed

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int | None:
        self.sock.settimeout(_left(self.deadline))
        return self.file.readinto(buffer)

    def close(self) -> None:
        self.file.close()
        super().close()


def _read(resp: http.client.HTTPResponse, limit: int) -> bytes | None:
    """The body, or None once it passes `limit`: never more than limit + 1 bytes are read."""
    import http.client  # lazy: keeps start-up fast

    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = resp.read1(min(64 * 1024, limit + 1 - size))
        if not chunk:
            if resp.length:  # read1 does not notice a body cut short of Content-Length
                raise http.client.IncompleteRead(b"".join(chunks), resp.length)
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    return None


def _gunzip(data: bytes, limit: int) -> bytes | None:
    """The inflated body, or None if it inflates past `limit` (a small gzip can hold
    gigabytes of zeros)."""
    import gzip  # lazy: keeps start-up fast

    with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
        body = f.read(limit + 1)
    return body if len(body) <= limit else None


def _sniff(body: bytes) -> str:
    """The media type the first bytes show, or "" (WHATWG MIME Sniffing, in brief)."""
    if body[:4] == b"RIFF" and body[8:12] == b"WEBP":
        return "image/webp"
    head = body.removeprefix(b"\xef\xbb\xbf").lstrip()[:14].lower()
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)), "")


def _size(n: int) -> str:
    for unit, scale in (("MB", _MB), ("KB", 1024)):
        if n >= scale:
            return f"{round(n / scale, 1):g} {unit}"
    return f"{n} bytes"


def decode_page(body: bytes, header_charset: str | None) -> str:
    """A page's text. A byte order mark settles the encoding (as in browsers, even over
    the header); otherwise the first of the header's charset, a <meta> charset in the
    first 4 KB, UTF-8 and Windows-1252 that decodes cleanly. Never raises."""
    return _decoded(body, header_charset, detect=False)[0]


def decode_saved_page(body: bytes) -> tuple[str, str | None]:
    """A saved page's text, as `decode_page` reads it, except that a page that is not
    UTF-8 and declares no character set that fits has its encoding detected rather than
    taken for Windows-1252; with a note that says so, or None."""
    return _decoded(body, None, detect=True)


def _decoded(body: bytes, header_charset: str | None, detect: bool) -> tuple[str, str | None]:
    bom = next((name for mark, name in BOMS if body.startswith(mark)), None)
    match = _META_CHARSET.search(body[:4096])
    meta = match.group(1).decode("ascii") if match else None
    if meta and meta.lower().startswith("utf-16"):
        meta = "utf-8"  # a <meta> readable as ASCII is not UTF-16, whatever it says
    labels = (bom, header_charset, meta, "utf-8")
    for codec in dict.fromkeys(filter(None, map(_codec, labels))):  # each tried once
        try:
            return body.decode(codec), None
        except UnicodeError:
            if codec == "utf-8" and _mostly_utf8(body):
                return body.decode("utf-8", "replace"), None
        except LookupError:
            continue  # a name codecs knows that is no text encoding, such as "base64"
    if detect:
        from cards.article.encoding import detect_encoding, detected_note  # lazy: rare

        found = detect_encoding(body)
        if found:
            return body.decode(found, "replace"), detected_note(found)
    return body.decode("cp1252", "replace"), None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    # Browsers read Latin-1 labels as Windows-1252 (WHATWG Encoding), and pages rely on it:
    # its curly quotes and dashes sit where Latin-1 has unused control codes.
    return "cp1252" if name == "iso8859-1" else name


def _mostly_utf8(body: bytes) -> bool:
    """Whether text that is not valid UTF-8 still has more good UTF-8 characters than bad
    bytes: a UTF-8 page with a stray byte, not a Windows-1252 page wrongly declared."""
    text = body.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return non_ascii - bad > bad


# How long a fetched image is kept before it is asked for again: a picture a newsroom
# replaces (a corrected photo) reaches its cards within a day.
CACHE_MAX_AGE = 24 * 3600.0


def fetch_image(url: str, cache: Path | None = None, *, timeout: float = 10.0,
                refresh: bool = False) -> Path:
    """The image at `url` as a file in the cache folder, fetched the first time and again
    once it is older than `CACHE_MAX_AGE` (or with `refresh`, for a cached file that
    turned out not to decode). The file is named by the SHA-256 of the URL and the
    suffix its bytes show."""
    given = url.strip()
    folder = cache if cache is not None else _cache_folder()
    stem = hashlib.sha256(given.encode("utf-8")).hexdigest()
    for suffix in _SUFFIXES.values():
        cached = folder / f"{stem}{suffix}"
        if cached.is_file():
            if not refresh and time.time() - cached.stat().st_mtime < CACHE_MAX_AGE:
                return cached
            cached.unlink(missing_ok=True)
    got = fetch(given, IMAGE_TYPES, "image", timeout=timeout)
    kind = _sniff(got.body)
    if kind not in _SUFFIXES:  # checked here, or a mislabelled file would stay cached
        raise FetchError(
            f"{given}: not {_KINDS['image'][0]} (the server said {got.content_type}, but the"
            f" bytes are not one); {_KINDS['image'][1]}"
        )
    path = folder / f"{stem}{_SUFFIXES[kind]}"
    try:
        write_atomic(path, got.body)  # a reader sees the whole image or none
    except OutputError as e:
        raise FetchError(
            f"{given}: cannot save the image in {folder} ({e.reason}); make the folder"
            " writable or set XDG_CACHE_HOME"
        ) from None
    return path


def _cache_folder() -> Path:
    # The XDG spec says a relative XDG_CACHE_HOME is to be ignored.
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "cards" / "images"
