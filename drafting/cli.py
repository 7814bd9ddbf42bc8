"""The ``drafting`` command line: thin commands over the library.

Every command parses its arguments, calls one library function and prints the
result, as a table or ``--format json``. Errors a user can fix are caught in one
place (:class:`drafting.cli_common.Group`), printed as one line on stderr, and
exit with code 2; checks that find problems exit with 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drafting.cli_common import new_app
from drafting.cli_evidence import evidence_app

app = new_app("Evidence-backed letters and motions for councillors.")
app.add_typer(evidence_app, name="evidence")


@app.callback()
def _global(
    ctx: typer.Context,
    dossier: Annotated[Path | None, typer.Option(
        "--dossier", "-d", help="Dossier folder (else $DRAFTING_DOSSIER, else the nearest "
        "folder with dossier.yaml at or above this one, else the bundled dossier).")] = None,
) -> None:
    ctx.obj = dossier


@app.command("init")
def init_command(
    folder: Annotated[Path, typer.Argument(help="Folder for the new dossier (made if missing).")],
    title: Annotated[str | None, typer.Option(help="The dossier's title.")] = None,
) -> None:
    """Make a new, empty dossier with the standard layout."""
    from evidence.dossier import init_dossier

    made = init_dossier(folder, title=title)
    typer.echo(f"made dossier {made.config.name!r} in {made.root}")


def main() -> None:
    """Console-script entry point."""
    app(prog_name="drafting")
