"""What stands between the network and the desk, as one ASGI middleware, in order: the
Host header (a page on another site cannot reach a loopback desk by DNS rebinding), a
request limit per client, the token (for a desk bound beyond loopback), CSRF on every
state-changing request, and the headers every response carries (a strict
Content-Security-Policy first)."""

from __future__ import annotations

import ipaddress
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

from msgspec import Struct, field

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

# The page's scripts, styles and pictures are its own; nothing is framed, posted or
# fetched elsewhere. Cards are shown from the desk's own addresses and from blob: URLs
# (a picture chosen, previewed before it is sent).
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:;"
       " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
TOKEN_COOKIE = "cards_token"
CSRF_HEADER = "x-cards-csrf"
_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]", "::1")


def is_loopback(host: str) -> bool:
    """Whether binding to `host` keeps the desk on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Bucket(Struct):
    """A client's requests: `rate` a second on average, `burst` at once."""

    tokens: float
    stamp: float


class Guard(Struct):
    """The desk's rules. `token` is required of every request when set (always, for a
    desk bound beyond loopback); `hosts` are the Host names the desk answers to (empty:
    any, for a desk on a shared machine reached by its address); `csrf` is the secret
    the page sends back with each change."""

    token: str | None
    hosts: tuple[str, ...]
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    # A grid of 5 designs × 5 sizes is 50 requests (each card, then its picture): a
    # client may ask for six such grids at once, and one a second for as long as it likes.
    rate: float = 50.0  # requests a second, per client, on average
    burst: int = 300  # at once
    buckets: dict[str, Bucket] = field(default_factory=dict)

    def host_allowed(self, host: str) -> bool:
        if not self.hosts:
            return True
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name.lower() in self.hosts

    def take(self, client: str, now: float) -> bool:
        """Whether `client` may make a request now (a token bucket)."""
        bucket = self.buckets.get(client)
        if bucket is None:
            if len(self.buckets) > 10_000:  # forget the quiet ones, not the busy
                self.buckets = {k: b for k, b in self.buckets.items() if now - b.stamp < 60}
            bucket = self.buckets[client] = Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.stamp) * self.rate)
        bucket.stamp = now
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True

    def token_given(self, headers: dict[str, str], query: str) -> str | None:
        """The token a request carries: its cookie, an Authorization header, or ?token=."""
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 - a cookie header cards cannot read carries none
            cookie = SimpleCookie()
        if TOKEN_COOKIE in cookie:
            return cookie[TOKEN_COOKIE].value
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip()
        values = parse_qs(query).get("token")
        return values[0] if values else None

    def same_origin(self, headers: dict[str, str]) -> bool:
        """Whether a browser says the request comes from the desk's own page."""
        site = headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            return False
        origin = headers.get("origin")
        if origin is not None and origin != "null":
            return urlsplit(origin).netloc.lower() == headers.get("host", "").lower()
        return origin is None


def guarded(app: App, guard: Guard, clock: Callable[[], float] = time.monotonic) -> App:
    """`app` behind `guard`'s rules."""

    async def guarded_app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        method = scope.get("method", "GET")
        query = scope.get("query_string", b"").decode("latin-1")
        client = (scope.get("client") or ("?", 0))[0]
        if not guard.host_allowed(headers.get("host", "")):
            await _refuse(send, 421, "this desk does not answer to that host name;"
                          " open it at the address cards serve printed")
            return
        if not guard.take(client, clock()):
            await _refuse(send, 429, "too many requests from this address; wait a moment",
                          retry=True)
            return
        if guard.token is not None:
            given = guard.token_given(headers, query)
            if given is None or not secrets.compare_digest(given.encode(), guard.token.encode()):
                await _refuse(send, 403, "this desk needs its token: open the address with"
                              " ?token= that cards serve printed")
                return
            if "token=" in query and method == "GET" and scope.get("path") == "/":
                # The token goes into a cookie, and out of the address bar (and history).
                cookie = f"{TOKEN_COOKIE}={guard.token}; Path=/; HttpOnly; SameSite=Strict"
                await send({"type": "http.response.start", "status": 303, "headers": [
                    (b"location", b"/"), (b"set-cookie", cookie.encode()),
                    (b"content-length", b"0"), *HEADERS]})
                await send({"type": "http.response.body", "body": b""})
                return
        if method not in _SAFE_METHODS:
            sent = headers.get(CSRF_HEADER, "")
            if not (guard.same_origin(headers)
                    and secrets.compare_digest(sent.encode(), guard.csrf.encode())):
                await _refuse(send, 403, "refused: this request did not come from the desk's"
                              " own page (its CSRF check failed); reload the page")
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await app(scope, receive, send_with_headers)

    return guarded_app


async def _refuse(send: Send, status: int, why: str, retry: bool = False) -> None:
    body = (why + "\n").encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"),
               (b"content-length", str(len(body)).encode()), *HEADERS]
    if retry:
        headers.append((b"retry-after", b"1"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def host_names(host: str) -> tuple[str, ...]:
    """The Host names a desk bound to `host` answers to: loopback's names for a desk on
    loopback; for one bound to a named address, that name too; none (any) for a
    wildcard address, which is reached by whatever name the machine has."""
    if is_loopback(host):
        return _LOOPBACK_NAMES
    if host in ("0.0.0.0", "::", ""):
        return ()
    return (*_LOOPBACK_NAMES, host.lower(), f"[{host.lower()}]")
