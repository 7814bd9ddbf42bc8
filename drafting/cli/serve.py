"""``drafting serve``: the toolkit in a browser, for one person, or a group office's accounts."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Annotated

import typer

from drafting.cli.common import current_dossier


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _wildcard(host: str) -> bool:
    return host in ("0.0.0.0", "::", "")


PortOption = Annotated[
    int, typer.Option(min=0, max=65535, help="The port to listen on (default: a free one).")
]
HostOption = Annotated[
    str,
    typer.Option(
        help="The address to listen on: this computer only (127.0.0.1); another "
        "(0.0.0.0: every address) only with --users."
    ),
]
UsersOption = Annotated[
    Path | None,
    typer.Option(
        "--users",
        help="The accounts file ('drafting users add' makes it): people sign in by name and "
        "password, each with a role, in place of the printed key.",
        dir_okay=False,
    ),
]
ProxiesOption = Annotated[
    str | None,
    typer.Option(
        help="Addresses of reverse proxies (commas between) whose X-Forwarded-For and "
        "X-Forwarded-Proto are believed (default: this computer's, 127.0.0.1 and ::1).",
    ),
]


def serve_command(
    ctx: typer.Context,
    port: PortOption = 0,
    host: HostOption = "127.0.0.1",
    users: UsersOption = None,
    forwarded_allow_ips: ProxiesOption = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the address; do not open a browser.")
    ] = False,
) -> None:
    """Serve the dossier's pages to a browser: sources, facts, search, drafts, review.

    The first line printed is the address to open. Without --users it carries a key: only
    a browser that opened it gets in, and it listens on this computer only. With --users,
    people sign in with the accounts of that file. Stop it with Ctrl-C.
    """
    import webbrowser

    import uvicorn

    from drafting.errors import UsageError
    from drafting.web.app import create_app
    from drafting.web.guard import new_key

    if users is None and not _loopback(host):
        raise UsageError(
            f"--host {host}: without accounts the server listens on this computer only",
            hint="For a group office give --users FILE, the accounts made with 'drafting users "
            "add NAME --role ROLE'; else use 127.0.0.1 (the default)",
        )
    dossier = current_dossier(ctx)
    key = None if users is not None else new_key()
    app = create_app(dossier.root, key, users=users, found_by=dossier.found_by)
    sock = _listen(host, port)
    bound = sock.getsockname()[1]
    shown = "127.0.0.1" if _wildcard(host) else f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}/" + (f"?key={key}" if key else "")
    typer.echo(url)
    typer.echo(f"serving {dossier.config.title!r} ({dossier.root}); Ctrl-C stops it", err=True)
    if users is not None:
        _warn_accounts(users, host)
    if not no_browser:
        webbrowser.open(url)
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, forwarded_allow_ips=forwarded_allow_ips
    )
    uvicorn.Server(config).run(sockets=[sock])


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host`` and ``port`` (0: a free one) for uvicorn to serve on."""
    from drafting.errors import UsageError

    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror}",
            hint="Another program may be using that port: leave --port out to take a free one",
        ) from None
    return sock


def _warn_accounts(users: Path, host: str) -> None:
    """Say on stderr what a group office's server should know: who signs in, and how."""
    from drafting.web.users import exposure, read_users

    count = len(read_users(users).users)
    typer.echo(f"{count} account(s) of {users} may sign in", err=True)
    if _wildcard(host):
        typer.echo(
            "listening on every address of this computer: others open it by its name or address",
            err=True,
        )
    if not _loopback(host):
        typer.echo(
            "warning: plain HTTP: passwords and pages cross the network readable; serve it "
            "behind a reverse proxy with TLS (README: In a browser)",
            err=True,
        )
    warning = exposure(users)
    if warning:
        typer.echo(f"warning: {warning}", err=True)
