"""HTTP(S) connections to addresses the policy already checked (cards.article.addresses):
no second lookup between the check and the connection, so a name cannot answer one
address to the check and another to the connection. The Host header, TLS's server name
and the certificate check keep the host name of the address.

A module of its own because it subclasses http.client's connections, and http.client and
ssl take 50 ms to import: the fetcher imports this only when it connects.
"""

from __future__ import annotations

import http.client
import socket
import ssl

from cards.article.addresses import Address


class PinnedHTTP(http.client.HTTPConnection):
    """A connection to `host` made to the first of `addresses` that answers."""

    def __init__(self, host: str, port: int | None, addresses: list[Address],
                 timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self) -> None:
        self.sock = open_socket(self.addresses, self.timeout)


class PinnedHTTPS(PinnedHTTP):
    default_port = http.client.HTTPS_PORT

    def __init__(self, host: str, port: int | None, addresses: list[Address],
                 timeout: float, context: ssl.SSLContext) -> None:
        super().__init__(host, port, addresses, timeout)
        self.context = context

    def connect(self) -> None:
        super().connect()
        self.sock = self.context.wrap_socket(self.sock, server_hostname=self.host)


def open_socket(addresses: list[Address], timeout: float | None) -> socket.socket:
    """A socket connected to the first of `addresses` that accepts, tried in the
    resolver's order as socket.create_connection does, but without resolving again."""
    error: OSError = ConnectionRefusedError("no address to connect to")
    for family, kind, proto, sockaddr in addresses:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(timeout)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as http.client does
            sock.connect(sockaddr)
        except OSError as e:
            sock.close()
            error = e
            continue
        return sock
    raise error
