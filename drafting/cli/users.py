"""``drafting users``: the accounts of ``drafting serve --users`` (add, list, remove).

The file is ``users.yaml`` in the dossier's folder unless ``--users`` names another. A
password is asked twice on the terminal, never shown, or read from the first line of
standard input with ``--password-stdin``; only its argon2 hash is written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from drafting.cli.common import Format, FormatOption, current_dossier, emit_json, new_app
from drafting.web.roles import MAY, Role

users_app = new_app("The accounts of 'drafting serve --users': names, roles, passwords (hashed).")

UsersOption = Annotated[
    Path | None,
    typer.Option(
        "--users",
        help="The accounts file (default: users.yaml in the dossier's folder).",
        dir_okay=False,
    ),
]
ROLES = "; ".join(f"{role}: {what}" for role, what in MAY.items())


def _file(ctx: typer.Context, given: Path | None, command: str) -> Path:
    """The users file: ``--users``, else the dossier's (never the bundled dossier's)."""
    if given is not None:
        return given
    dossier = current_dossier(ctx)
    dossier.refuse_bundled(command)
    return dossier.root / "users.yaml"


def _password(from_stdin: bool) -> str:
    """The new password: a line of standard input, or asked twice without echo."""
    if from_stdin:
        line = sys.stdin.readline()
        return line.removesuffix("\n").removesuffix("\r")
    password: str = typer.prompt(
        "Password", hide_input=True, confirmation_prompt="Password again", err=True
    )
    return password


@users_app.command("add")
def add_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The account's name (lower-case, as signed in).")],
    role: Annotated[Role, typer.Option(help=f"What the account may do ({ROLES}).")],
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help="Read the password from standard input's first line."
        ),
    ] = False,
    keep_password: Annotated[
        bool,
        typer.Option(
            "--keep-password", help="Change an account's role only; no password is asked."
        ),
    ] = False,
    users: UsersOption = None,
) -> None:
    """Add an account, or give one a new role and password (the password asked twice).

    Example: drafting users add alice --role drafter
    """
    from drafting.errors import UsageError
    from drafting.web.useredit import set_account
    from drafting.web.users import check_name, exposure

    if keep_password and password_stdin:
        raise UsageError("--keep-password asks for no password: leave out --password-stdin")
    path = _file(ctx, users, "users add")
    check_name(name)
    password = None if keep_password else _password(password_stdin)
    added = set_account(path, name, role, password)
    typer.echo(f"{'added' if added else 'changed'} {name} ({role}) in {path}")
    warning = exposure(path)
    if warning:
        typer.echo(f"warning: {warning}", err=True)


@users_app.command("list")
def list_command(
    ctx: typer.Context, users: UsersOption = None, fmt: FormatOption = Format.table
) -> None:
    """List the accounts and their roles (never a hash).

    Example: drafting users list
    """
    from drafting.cli.common import show_table
    from drafting.web.users import read_users

    path = _file(ctx, users, "users list")
    found = read_users(path).users
    if fmt is Format.json:
        emit_json([{"name": a.name, "role": a.role.value} for a in found])
    elif found:
        show_table(["name", "role"], [[a.name, a.role.value] for a in found])
    else:
        typer.echo(f"no accounts in {path}", err=True)


@users_app.command("remove")
def remove_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The account to remove.")],
    users: UsersOption = None,
) -> None:
    """Remove an account: its sessions end at their next request.

    Example: drafting users remove alice
    """
    from drafting.web.useredit import remove_account

    path = _file(ctx, users, "users remove")
    account = remove_account(path, name)
    typer.echo(f"removed {account.name} ({account.role}) from {path}")
