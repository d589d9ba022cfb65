"""`convenor serve`: the same app in a web browser, through textual-serve.

Each browser tab that opens the page starts its own `convenor` process on the
database this command opened (passed in the environment as CONVENOR_DB, so
no shell ever parses the URL and no password shows in the process list).

The server binds to loopback unless told otherwise (--allow-remote), and
accepts the app's websocket only from its own page, so another web site open
in the same browser cannot drive the app or read what it shows.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import os
import shlex
import socket
import sys
from urllib.parse import urlsplit

from tui.cli import EXIT_BAD_INPUT, EXIT_FAILED, CliError

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def port_number(value: str) -> int:
    """An argparse type: a TCP port from 1 to 65535."""
    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f'"{value}" is not a port number (give one from 1 to 65535)')
    return port


def add_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """The `serve` subcommand (called by tui.cli.build_parser)."""
    p = sub.add_parser("serve", parents=[db], help="open the same app in a web browser (this machine only by default)")
    p.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                   help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=port_number, default=8000, metavar="PORT", help="port to listen on (default: 8000)")
    p.add_argument("--allow-remote", action="store_true",
                   help="allow an address other machines can reach (the app has no login of its own)")
    p.add_argument("--public-url", metavar="URL",
                   help="the address browsers use when a reverse proxy is in front, e.g. https://convenor.example.org")


# ------------------------------------------------------------------ checks


def _addresses(host: str, port: int) -> list[tuple]:
    """What the server will bind: getaddrinfo's answers for ``host``."""
    if not host.strip():
        raise CliError("--host needs an address, such as 127.0.0.1.", EXIT_BAD_INPUT)
    try:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError):
        raise CliError(f'"{host}" is not an address or a name this machine can find.', EXIT_BAD_INPUT) from None


def is_loopback(addresses: list[tuple]) -> bool:
    """True when every address is this machine's loopback (127.0.0.0/8, ::1)."""
    def loop(sockaddr: tuple) -> bool:
        return ipaddress.ip_address(str(sockaddr[0]).split("%")[0]).is_loopback

    return bool(addresses) and all(loop(info[4]) for info in addresses)


def check_port_free(host: str, addresses: list[tuple], port: int) -> None:
    """Refuse, in one sentence, an address and port the server could not listen on."""
    for family, kind, proto, _name, sockaddr in addresses:
        with socket.socket(family, kind, proto) as probe:
            # As asyncio's server does: reuse a port left in TIME_WAIT, never one in use.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind(sockaddr)
            except OSError as exc:
                raise CliError(*_bind_failure(host, port, exc)) from None


def _bind_failure(host: str, port: int, exc: OSError) -> tuple[str, int]:
    if exc.errno == errno.EADDRINUSE:
        return (f"Port {port} on {host} is already in use; stop what is using it or choose another port "
                f"with --port.", EXIT_FAILED)
    if exc.errno == errno.EACCES:
        return f"This account may not listen on port {port}; choose a port above 1023 with --port.", EXIT_FAILED
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"{host} is not an address of this machine; give one of its own with --host.", EXIT_BAD_INPUT
    return f"Cannot listen on {host} port {port}: {(exc.strerror or str(exc)).rstrip('.')}.", EXIT_FAILED


def page_url(host: str, port: int, public_url: str | None) -> str:
    """The address of the page (and, with ws: for http:, of its websocket)."""
    if public_url is None:
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}"
    parts = urlsplit(public_url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment \
            or any(c.isspace() or c in "\"'<>\\" for c in public_url):
        raise CliError(f'--public-url "{public_url}" is not an http:// or https:// address '
                       "such as https://convenor.example.org.", EXIT_BAD_INPUT)
    return public_url.rstrip("/")


def allowed_origins(url: str, port: int, loopback: bool) -> frozenset[str]:
    """The origins whose pages may open the app's websocket: the page's own."""
    parts = urlsplit(url)
    origins = {f"{parts.scheme}://{parts.netloc}".lower()}
    if loopback:
        origins |= {f"http://{name}:{port}" for name in LOOPBACK_NAMES}
    return frozenset(origins)


def served_command() -> str:
    """The shell command textual-serve runs for each browser: this Python's `convenor`.

    The database is not on it: it goes in the environment (see run_serve)."""
    return shlex.join([sys.executable, "-m", "tui.cli"])


# ------------------------------------------------------------------ the server


def _make_server(page: str, host: str, port: int, origins: frozenset[str]):
    import logging

    from aiohttp import web
    from textual_serve.server import Server

    class ConvenorServer(Server):
        def initialize_logging(self) -> None:
            # Plain lines on stderr; no rich tracebacks with local variables (they would
            # show the environment, database URL included).
            logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S",
                                stream=sys.stderr)

        async def on_startup(self, app) -> None:
            print(f"Convenor is open at {page} (press Ctrl+C to stop).", flush=True)

        async def handle_websocket(self, request):
            origin = request.headers.get("Origin")
            if origin is not None and origin.lower() not in origins:
                logging.getLogger("textual-serve").warning("Refused a connection from a page at %s.", origin)
                raise web.HTTPForbidden(text="This page may not open Convenor.")
            return await super().handle_websocket(request)

    return ConvenorServer(served_command(), host=host, port=port, title="Convenor", public_url=page)


def _open_database(args: argparse.Namespace) -> str:
    """Open (and migrate) the database once, here; the URL every browser's app uses."""
    from models.db import open_database, resolve_url

    # A refusal is one sentence from tui.cli.main: exit 2 for a bad URL, 1 otherwise.
    url = resolve_url(getattr(args, "db", None))
    open_database(url).dispose()
    return url


def run_serve(args: argparse.Namespace) -> int:
    from models.locations import ENV_VAR

    addresses = _addresses(args.host, args.port)
    loopback = is_loopback(addresses)
    if not loopback and not args.allow_remote:
        raise CliError(f"{args.host} can be reached from other machines and the app has no login; serve on "
                       "127.0.0.1 behind a reverse proxy with sign-in (see docs/operations.md), or add "
                       "--allow-remote if you mean it.", EXIT_BAD_INPUT)
    page = page_url(args.host, args.port, args.public_url)
    check_port_free(args.host, addresses, args.port)
    url = _open_database(args)
    if not loopback:
        print(f"convenor: warning: serving on {args.host} port {args.port} with no login of its own: anyone "
              "who can reach it can read and change the partnership's records, which are personal data.",
              file=sys.stderr, flush=True)
    os.environ[ENV_VAR] = url  # what each browser's `convenor` opens, whatever the shell would make of it
    server = _make_server(page, args.host, args.port, allowed_origins(page, args.port, loopback))
    try:
        server.serve()
    except OSError as exc:  # taken between the check and the start
        message, code = _bind_failure(args.host, args.port, exc)
        raise CliError(message, code) from None
    print("convenor: stopped serving.", file=sys.stderr)
    return 0
