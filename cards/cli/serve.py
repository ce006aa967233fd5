"""`cards serve`: the desk in a browser, a local web page over the same pipeline."""

from __future__ import annotations

import secrets
import shutil
import signal
import socket
import sys

import click

from cards.cli.command import Command
from cards.errors import CardsError


@click.command(cls=Command)
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="The address to listen on. Anything but loopback needs the token.")
@click.option("--port", default=8040, show_default=True, type=click.IntRange(0, 65535),
              metavar="PORT",
              help="The port (0: any free one).")
@click.option("--token", metavar="TEXT",
              help="The token every request must carry [default: none on loopback; a new"
              " one, printed, on any other address]. Set it in cards.toml's [serve] table"
              " or CARDS_TOKEN to keep one address for the desk.")
@click.option("--brand", "brands", multiple=True, metavar="FILE",
              help="A brand kit the page may choose, repeatable [default: ./templates/"
              "brand.toml, applied when present].")
@click.option("--jobs", "-j", "workers", type=click.IntRange(1, 64), metavar="N",
              help="Worker processes that draw the cards [default: the machine's cores].")
@click.option("--open", "open_", is_flag=True, help="Open the page in the web browser.")
def serve(host: str, port: int, token: str | None, brands: tuple[str, ...],
          workers: int | None, open_: bool) -> None:
    """Start the desk: a web page to paste a story, pick a quote, see every design live,
    download the cards and copy the command that makes each again.

    It listens on 127.0.0.1 (this machine only) unless --host says otherwise; on any
    other address every request must carry a token, which is printed with the page's
    address. Stories fetched by URL pass the same address policy as `cards render`.
    Ctrl-C stops it, and removes what was uploaded.

    \b
    Examples:
      cards serve --open
      cards serve --host 0.0.0.0 --port 8040 --brand brand/kit.toml
    """
    try:
        import uvicorn

        from cards.serve.app import Workers, make_app, private_folder
    except ImportError as e:
        raise CardsError(f"cards serve needs its web server ({e.name} is not installed);"
                         " install it with: pip install 'cards[serve]'") from None
    from cards.design.brand import load_brand
    from cards.design.catalog import available_templates
    from cards.jobs.pool import warm_pool
    from cards.serve.desk import Desk
    from cards.serve.guard import Guard, host_names, is_loopback

    for kit in brands:
        load_brand(kit)  # a kit that cannot be used is said now, not on the page
    if token is not None and len(token) < 16:
        raise click.UsageError("--token: use at least 16 characters (or leave it out for a"
                               " new one)")
    if token is None and not is_loopback(host):
        token = secrets.token_urlsafe(24)
    sock = _bound(host, port)
    address = sock.getsockname()
    shown_host = f"[{address[0]}]" if ":" in address[0] else address[0]
    if address[0] in ("0.0.0.0", "::"):
        shown_host = socket.gethostname()
    url = f"http://{shown_host}:{address[1]}/" + (f"?token={token}" if token else "")
    names = sorted({e.name for e in available_templates()},
                   key=lambda n: (n not in _BUNDLED_ORDER, _BUNDLED_ORDER.index(n)
                                  if n in _BUNDLED_ORDER else 0, n))
    folder = private_folder()
    pool = Workers(lambda: warm_pool(workers))
    try:
        pool.get()  # the workers warm up while the server starts
        app = make_app(Desk(folder, brands, tuple(names)), Guard(token, host_names(host)), pool)
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")

        class Server(uvicorn.Server):
            async def startup(self, sockets: list[socket.socket] | None = None) -> None:
                await super().startup(sockets)
                # Said once the server is up and Ctrl-C is its to handle: a Ctrl-C a
                # moment sooner reached Python's own handler, which can raise it inside
                # a callback that swallows it, and the desk went on running.
                click.echo(f"cards serve: the desk is at {url}", err=True)
                click.echo("Ctrl-C stops it (what was uploaded is removed).", err=True)
                if open_:
                    import threading

                    threading.Timer(0.5, click.launch, (url,)).start()

        server = Server(config)
        # A service manager's SIGTERM stops it as Ctrl-C does: uvicorn finishes the
        # requests under way, then raises the signal again, which ends the process here
        # (through the clean-up below) rather than at once.
        signal.signal(signal.SIGTERM, _terminated)
        server.run(sockets=[sock])
    finally:
        pool.close()
        sock.close()
        shutil.rmtree(folder, ignore_errors=True)


def _terminated(signum: int, frame: object) -> None:
    sys.exit(128 + signum)


# The bundled designs in the order the page lists them: the everyday one first.
_BUNDLED_ORDER = ("classic", "bold", "minimal", "night", "photo")


def _bound(host: str, port: int) -> socket.socket:
    """A listening socket, or one line saying why there is none."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as e:
        reason = e.strerror or str(e)
        hint = "; choose another with --port" if e.errno == 98 else ""
        raise CardsError(f"--host {host} --port {port}: cannot listen there: {reason}"
                         f"{hint}") from None
    sock.set_inheritable(True)
    return sock
