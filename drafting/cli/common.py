"""What every command group shares: the error handler, output formats, the current dossier."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from evidence.errors import UserError

if TYPE_CHECKING:
    from rich.console import Console

    from evidence.dossier import Dossier


class Group(TyperGroup):
    """Turns a :class:`UserError` raised anywhere below into one line and its exit code."""

    def invoke(self, ctx: Any) -> Any:
        """Run the command, turning a user error into its message and exit code."""
        try:
            return super().invoke(ctx)
        except UserError as exc:
            typer.echo(f"drafting: error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:  # the user's filesystem, wherever the library did not say
            from evidence.fsio import os_error

            where = Path(exc.filename) if exc.filename else Path()
            typer.echo(f"drafting: error: {os_error(exc, where, 'cannot read or write')}",
                       err=True)
            raise typer.Exit(2) from None


class Format(StrEnum):
    """Output formats every listing command offers."""

    table = "table"
    json = "json"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="table or json.")]


def new_app(help_text: str) -> typer.Typer:
    """A command group with the shared error handling.

    Help and usage errors are plain text (``rich_markup_mode=None``): drawing them with rich
    costs about 0.2 s of every ``--help``, three times the start-up it decorates.
    """
    return typer.Typer(cls=Group, no_args_is_help=True, add_completion=False,
                       pretty_exceptions_enable=False, help=help_text, rich_markup_mode=None)


def current_dossier(ctx: typer.Context) -> Dossier:
    """The dossier named by ``--dossier``, the environment, the folder, or the bundled one."""
    from evidence.dossier import find_dossier

    root = ctx.find_root().obj
    return find_dossier(root if isinstance(root, Path) else None)


def emit_json(data: Any) -> None:
    """Print ``data`` as indented JSON on stdout."""
    import json

    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def console() -> Console:
    """A rich console on stdout; in a pipe it is wide, so tables are not squeezed."""
    import sys

    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)
