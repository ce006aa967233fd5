"""The one address policy for every request the fetcher makes (pages, pictures, each
redirect): a host is resolved once, every address it resolves to is checked, and the
connection goes to an address that was checked, never to a second lookup's answer.

Addresses are checked after resolution rather than by reading the host name, because the
resolver turns every numeric spelling (2130706433, 0x7f.1, 0177.0.0.1, 127.1) into the
address it stands for; and a name may resolve to anything, and resolve differently a
moment later (DNS rebinding), hence the pinned connection.

Loopback and private addresses (an intranet CMS) may be allowed for the process with
`allow_private_hosts(True)` or CARDS_ALLOW_PRIVATE_HOSTS=1; forked workers inherit it.
Link-local (where clouds serve their instance credentials), multicast, broadcast, reserved
and unspecified addresses never hold a web server to read, so nothing allows them.
"""

from __future__ import annotations

import ipaddress
import os

ENVIRONMENT = "CARDS_ALLOW_PRIVATE_HOSTS"
_ON = frozenset({"1", "true", "yes", "on"})

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")

_allowed: bool | None = None  # None: the environment decides


def allow_private_hosts(allow: bool = True) -> None:
    """Let (or stop) this process, and the workers it forks from now on, fetch from
    loopback and private addresses."""
    global _allowed
    _allowed = allow


def private_hosts_allowed() -> bool:
    """Whether loopback and private addresses may be fetched: as `allow_private_hosts`
    set it, or else as CARDS_ALLOW_PRIVATE_HOSTS says (1, true, yes or on)."""
    if _allowed is not None:
        return _allowed
    return os.environ.get(ENVIRONMENT, "").strip().lower() in _ON


class Refused(Exception):  # noqa: N818 - a verdict, worded by the fetcher
    """A host resolved to an address the policy refuses. `what` says which and what kind
    ("127.0.0.1 is a loopback address"); `allowable` whether allowing private hosts
    would let it through."""

    def __init__(self, what: str, allowable: bool) -> None:
        super().__init__(what)
        self.what, self.allowable = what, allowable


Address = tuple[int, int, int, tuple[object, ...]]  # family, type, proto, sockaddr


def resolve(host: str, port: int) -> list[Address]:
    """Every address `host` resolves to, each checked; raises `Refused` if any is refused
    (a name with one public and one private address could be steered to either), and
    socket.gaierror if the name does not resolve."""
    import socket  # lazy: keeps start-up fast

    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    allowed = private_hosts_allowed()
    addresses: list[Address] = []
    for family, kind, proto, _, sockaddr in found:
        ip = _ip(str(sockaddr[0]))
        verdict = refusal(ip)
        if verdict is not None and not (allowed and verdict[1]):
            name, allowable = verdict
            article = "an" if name[0] in "aeiou" else "a"
            what = (f"{host} is {article} {name} address" if _same(host, ip)
                    else f"{host} resolves to {_shown(ip)}, {article} {name} address")
            raise Refused(what, allowable)
        addresses.append((family, kind, proto, tuple(sockaddr)))
    return addresses


def refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> tuple[str, bool] | None:
    """The kind of address `ip` is, if it is not a public one, and whether allowing
    private hosts lets it be fetched; None for a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded(ip)
        if embedded is not None:
            inner = refusal(embedded)
            # ::ffff:a.b.c.d is a.b.c.d on the wire, and so is 64:ff9b::a.b.c.d through a
            # NAT64 gateway (an IPv6-only network's DNS64 gives those for public sites):
            # the IPv4 address decides, whatever ipaddress makes of the IPv6 prefix.
            if inner is not None or ip.ipv4_mapped is not None or ip in _NAT64:
                return inner
    checks = (
        ("unspecified", ip.is_unspecified, False),
        ("loopback", ip.is_loopback, True),
        ("link-local", ip.is_link_local, False),
        ("multicast", ip.is_multicast, False),
        ("broadcast", ip == ipaddress.IPv4Address("255.255.255.255"), False),
        # RFC 6598 shared space is neither private nor global to ipaddress; carriers and
        # some intranets (VPN meshes) use it.
        ("carrier-grade NAT", ip in ipaddress.IPv4Network("100.64.0.0/10"), True),
        ("reserved", ip.is_reserved, False),
        ("private", ip.is_private or not ip.is_global
         or (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local), True),
    )
    return next(((name, allowable) for name, hit, allowable in checks if hit), None)


def _embedded(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries to, if any: mapped (::ffff:a.b.c.d),
    compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d), 6to4 and Teredo."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    low = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if int(ip) >> 32 == 0 and int(ip) > 1:  # ::a.b.c.d, not :: or ::1
        return low
    if ip in _NAT64:
        return low
    if ip.sixtofour is not None:
        return ip.sixtofour
    return ip.teredo[1] if ip.teredo is not None else None


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(text.partition("%")[0])  # fe80::1%eth0: the scope aside


def _shown(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """The address as people write it: ::ffff:127.0.0.1 rather than ::ffff:7f00:1."""
    mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
    return f"::ffff:{mapped}" if mapped is not None else str(ip)


def _same(host: str, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether the host was written as the address itself, in its usual spelling."""
    try:
        return ipaddress.ip_address(host) == ip
    except ValueError:
        return False
