"""The address policy (cards.article.addresses) as the fetcher applies it: every refused
address is refused before any connection is made, on the first request and on every
redirect, and the connection goes to the address that was checked.

No test here sends anything anywhere but to its own server on 127.0.0.1: the refused
addresses are only resolved (numeric hosts resolve without asking anyone), and the
fixture `no_connection` fails a test that would open a socket to one."""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Callable, Iterator

import pytest

from cards.article import addresses, pinned
from cards.article import fetch as fetch_module
from cards.article.addresses import allow_private_hosts, private_hosts_allowed, refusal
from cards.article.fetch import IMAGE_TYPES, fetch
from cards.errors import FetchError
from tests.article.test_fetch import CERT, PAGE, Reply, Site, serve

ALLOW = ('cards fetches only public addresses (pass "allow_private_hosts" for an intranet'
         " server)")
NEVER = "cards never fetches from one; save the page and pass the file"
PUBLIC = "93.184.216.34"  # a global address, only ever named to the policy: never connected to


@pytest.fixture
def site() -> Iterator[Site]:
    """The tests' server, with private hosts refused as they are by default."""
    yield from serve(tls=False)


@pytest.fixture
def tls_site(private_hosts: None) -> Iterator[Site]:
    yield from serve(tls=True)


@pytest.fixture
def no_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test at any attempt to connect, however it is made."""

    def refuse(*args: object, **kwargs: object) -> None:
        pytest.fail(f"a connection was attempted: {args}")

    monkeypatch.setattr(pinned, "open_socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def resolver(monkeypatch: pytest.MonkeyPatch, names: dict[str, list[str]]) -> list[str]:
    """Make `names` resolve to the addresses given (every other host as it does), and
    return the list of hosts looked up, in order."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list[object]:
        asked.append(host)
        if host not in names:
            return real(host, port, *args, **kwargs)  # type: ignore[arg-type]
        return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (ip, port)) for ip in names[host]]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def message(url: str, *args: object) -> str:
    with pytest.raises(FetchError) as info:
        fetch(url, *args)  # type: ignore[arg-type]
    return str(info.value)


# Every spelling of a refused address, refused before connecting


@pytest.mark.parametrize(("host", "what", "fix"), [
    ("127.0.0.1", "127.0.0.1 is a loopback address", ALLOW),
    ("127.8.9.10", "127.8.9.10 is a loopback address", ALLOW),
    ("10.1.2.3", "10.1.2.3 is a private address", ALLOW),
    ("172.16.0.1", "172.16.0.1 is a private address", ALLOW),
    ("192.168.1.1", "192.168.1.1 is a private address", ALLOW),
    ("100.64.0.1", "100.64.0.1 is a carrier-grade NAT address", ALLOW),
    ("169.254.169.254", "169.254.169.254 is a link-local address", NEVER),
    ("0.0.0.0", "0.0.0.0 is an unspecified address", NEVER),
    ("224.0.0.1", "224.0.0.1 is a multicast address", NEVER),
    ("240.0.0.1", "240.0.0.1 is a reserved address", NEVER),
    ("255.255.255.255", "255.255.255.255 is a broadcast address", NEVER),
    ("2130706433", "2130706433 resolves to 127.0.0.1, a loopback address", ALLOW),
    ("0x7f000001", "0x7f000001 resolves to 127.0.0.1, a loopback address", ALLOW),
    ("0x7f.1", "0x7f.1 resolves to 127.0.0.1, a loopback address", ALLOW),
    ("0177.0.0.1", "0177.0.0.1 resolves to 127.0.0.1, a loopback address", ALLOW),
    ("127.1", "127.1 resolves to 127.0.0.1, a loopback address", ALLOW),
    ("0xa.1", "0xa.1 resolves to 10.0.0.1, a private address", ALLOW),
    ("[::1]", "::1 is a loopback address", ALLOW),
    ("[::ffff:127.0.0.1]", "::ffff:127.0.0.1 is a loopback address", ALLOW),
    ("[::ffff:7f00:1]", "::ffff:7f00:1 is a loopback address", ALLOW),
    ("[::ffff:169.254.169.254]", "::ffff:169.254.169.254 is a link-local address", NEVER),
    ("[::127.0.0.1]", "::127.0.0.1 is a loopback address", ALLOW),
    ("[64:ff9b::10.0.0.1]", "64:ff9b::10.0.0.1 is a private address", ALLOW),
    ("[fe80::1]", "fe80::1 is a link-local address", NEVER),
    ("[fc00::1]", "fc00::1 is a private address", ALLOW),
    ("[fd12:3456::1]", "fd12:3456::1 is a private address", ALLOW),
    ("[::]", ":: is an unspecified address", NEVER),
    ("[ff02::1]", "ff02::1 is a multicast address", NEVER),
])  # fmt: skip
def test_refused_before_any_connection(
    site: Site, no_connection: None, host: str, what: str, fix: str
) -> None:
    # The port is the tests' server's: had anything been sent to 127.0.0.1, it would show.
    url = f"http://{host}:{site.base.rsplit(':', 1)[1]}/story"
    site.routes["/story"] = Reply(PAGE)
    assert message(url) == f"{url}: refused: {what}; {fix}"
    assert site.requests == []


def test_images_are_refused_alike(site: Site, no_connection: None) -> None:
    url = site.url("/pic.png")
    assert message(url, IMAGE_TYPES, "image") == (
        f"{url}: refused: 127.0.0.1 is a loopback address; {ALLOW}"
    )


def test_a_name_is_refused_if_any_of_its_addresses_is(
    monkeypatch: pytest.MonkeyPatch, no_connection: None
) -> None:
    """One public address does not vouch for the name: a connection could be steered to
    the other."""
    resolver(monkeypatch, {"mixed.test": [PUBLIC, "10.0.0.7"]})
    assert message("https://mixed.test/story") == (
        f"https://mixed.test/story: refused: mixed.test resolves to 10.0.0.7, a private"
        f" address; {ALLOW}"
    )


def test_link_local_stays_refused_with_private_hosts_allowed(
    private_hosts: None, no_connection: None
) -> None:
    """The option is for intranet servers; cloud instance credentials live on link-local
    169.254.169.254, and no web page is served from multicast, broadcast or reserved
    addresses."""
    url = "http://169.254.169.254/latest/meta-data/"
    assert message(url) == f"{url}: refused: 169.254.169.254 is a link-local address; {NEVER}"
    assert message("http://[ff02::1]/", IMAGE_TYPES, "image") == (
        "http://[ff02::1]/: refused: ff02::1 is a multicast address; cards never fetches from"
        " one; save the image and pass the file"
    )


# Redirects


@pytest.fixture
def internet(site: Site, monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    """A stand-in for the internet: "public.test" resolves to a public address, so the
    policy, which is left as it is by default (private hosts refused), allows it; the
    socket layer below the policy then carries the connection to the tests' server on
    127.0.0.1 instead of that address. Returns the addresses connections were asked for."""
    resolver(monkeypatch, {"public.test": [PUBLIC]})
    port = int(site.base.rsplit(":", 1)[1])
    asked: list[tuple[object, ...]] = []
    real: Callable[..., socket.socket] = pinned.open_socket

    def to_the_test_server(found: list[addresses.Address], timeout: float) -> socket.socket:
        asked.extend(sockaddr for _, _, _, sockaddr in found)
        return real([(socket.AF_INET, socket.SOCK_STREAM, 6, ("127.0.0.1", port))], timeout)

    monkeypatch.setattr(pinned, "open_socket", to_the_test_server)
    return asked


def test_the_stand_in_internet_serves_a_public_name(
    site: Site, internet: list[tuple[object, ...]]
) -> None:
    site.routes["/story"] = Reply(PAGE)
    assert fetch("http://public.test/story").body == PAGE
    assert internet == [(PUBLIC, 80)]
    assert site.requests[0][1]["Host"] == "public.test"  # the name, not the address


@pytest.mark.parametrize(("location", "what"), [
    ("http://127.0.0.1:{port}/admin", "127.0.0.1 is a loopback address"),
    ("http://2130706433:{port}/admin", "2130706433 resolves to 127.0.0.1, a loopback address"),
    ("http://[::ffff:10.0.0.1]/admin", "::ffff:10.0.0.1 is a private address"),
])  # fmt: skip
def test_a_redirect_to_a_refused_address_is_refused(
    site: Site, internet: list[tuple[object, ...]], location: str, what: str
) -> None:
    """The first hop passes the policy with private hosts refused; the redirect goes
    through the same policy and is refused before its connection: the server sees only
    the first request, and no second connection is asked for."""
    target = location.format(port=site.base.rsplit(":", 1)[1])
    site.routes["/story"] = Reply(status=302, headers=(("Location", target),))
    site.routes["/admin"] = Reply(PAGE)
    assert message("http://public.test/story") == (
        f"http://public.test/story: it redirected to {target}; refused: {what}; {ALLOW}"
    )
    assert [path for path, _ in site.requests] == ["/story"]
    assert internet == [(PUBLIC, 80)]


def test_an_image_redirected_to_a_private_name_is_refused(
    site: Site, internet: list[tuple[object, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    resolver(monkeypatch, {"public.test": [PUBLIC], "cms.intranet.test": ["192.168.4.20"]})
    site.routes["/pic.png"] = Reply(status=301, headers=(
        ("Location", "http://cms.intranet.test/pic.png"),))
    assert message("http://public.test/pic.png", IMAGE_TYPES, "image") == (
        "http://public.test/pic.png: it redirected to http://cms.intranet.test/pic.png;"
        " refused: cms.intranet.test resolves to 192.168.4.20, a private address;"
        f" {ALLOW}"
    )
    assert internet == [(PUBLIC, 80)]


# The connection goes where the check looked


def test_the_connection_goes_to_the_checked_address_without_a_second_lookup(
    site: Site, private_hosts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name that answers a second lookup differently (DNS rebinding) is not asked
    again: the connection uses the address the policy checked."""
    port = int(site.base.rsplit(":", 1)[1])
    answers = iter([("127.0.0.1", port)])

    def getaddrinfo(host: str, *args: object, **kwargs: object) -> list[object]:
        ip, at = next(answers)  # a second lookup would raise StopIteration
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, at))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    site.routes["/story"] = Reply(PAGE)
    assert fetch("http://rebinding.test/story").body == PAGE
    assert site.requests[0][1]["Host"] == "rebinding.test"


def test_the_certificate_is_checked_against_the_host_name(
    tls_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Connecting to the address keeps TLS on the name: the tests' certificate is for
    127.0.0.1, so a name that resolves there does not match it."""
    context = ssl.create_default_context(cafile=str(CERT))
    monkeypatch.setattr(fetch_module, "_tls_context", lambda: context)
    port = int(tls_site.base.rsplit(":", 1)[1])
    tls_site.routes["/story"] = Reply(PAGE)
    assert fetch(tls_site.url("/story")).body == PAGE  # by address, the certificate fits
    resolver(monkeypatch, {"news.test": ["127.0.0.1"]})
    url = f"https://news.test:{port}/story"
    assert message(url) == (
        f"{url}: the certificate could not be verified (Hostname mismatch, certificate is"
        " not valid for 'news.test'); save the page and pass the file"
    )


# The policy itself


@pytest.mark.parametrize("ip", [
    "8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808",
    "100.63.255.255", "100.128.0.0", "172.32.0.1",
])  # fmt: skip
def test_public_addresses_pass(ip: str) -> None:
    assert refusal(ipaddress.ip_address(ip)) is None


def test_private_hosts_allowed_by_the_option_or_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert not private_hosts_allowed()
    monkeypatch.setenv("CARDS_ALLOW_PRIVATE_HOSTS", "1")
    assert private_hosts_allowed()
    monkeypatch.setenv("CARDS_ALLOW_PRIVATE_HOSTS", "0")
    assert not private_hosts_allowed()
    allow_private_hosts(True)
    assert private_hosts_allowed()
    allow_private_hosts(False)  # the option, once given, outweighs the environment
    monkeypatch.setenv("CARDS_ALLOW_PRIVATE_HOSTS", "1")
    assert not private_hosts_allowed()
