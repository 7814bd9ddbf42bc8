"""``drafting serve``: the toolkit in a browser, for one person on this computer."""

from __future__ import annotations

import ipaddress
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


def serve_command(
    ctx: typer.Context,
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="The port to listen on (default: a free one).")
    ] = 0,
    host: Annotated[
        str, typer.Option(help="The address to listen on: this computer only (127.0.0.1).")
    ] = "127.0.0.1",
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the address; do not open a browser.")
    ] = False,
) -> None:
    """Serve the dossier's pages to a browser: sources, facts, search, drafts, review.

    The first line printed is the address to open, with a key in it: only a browser that
    opened it gets in. It listens on this computer only; stop it with Ctrl-C.
    """
    import socket
    import webbrowser

    import uvicorn

    from drafting.errors import UsageError
    from drafting.web.app import create_app
    from drafting.web.guard import new_key

    if not _loopback(host):
        raise UsageError(
            f"--host {host}: the server listens on this computer only, for now",
            hint="Use 127.0.0.1 (the default); for a group office, run it behind a reverse "
            "proxy on the same machine",
        )
    dossier = current_dossier(ctx)
    key = new_key()
    app = create_app(dossier.root, key)
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror}",
            hint="Another program may be using that port: leave --port out to take a free one",
        ) from None
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}/?key={key}"
    typer.echo(url)
    typer.echo(f"serving {dossier.config.title!r} ({dossier.root}); Ctrl-C stops it", err=True)
    if not no_browser:
        webbrowser.open(url)
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
