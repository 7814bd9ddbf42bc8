"""``drafting review FILE``: the evidence list and findings as a table, JSON, Markdown or CSV."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from drafting.cli.common import (
    console,
    current_dossier,
    emit_json,
    fits_terminal,
    input_file,
    output_named,
)

if TYPE_CHECKING:
    from drafting.findings import Review
    from evidence.dossier import Dossier


class FailOn(StrEnum):
    """The severity from which review's exit code is 1."""

    error = "error"
    warning = "warning"
    info = "info"


class ReviewFormat(StrEnum):
    """How ``drafting review`` prints its report."""

    table = "table"
    json = "json"
    md = "md"
    csv = "csv"
    html = "html"


def review_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="A draft (.yaml) or a rendered .docx.",
            callback=input_file(
                "a draft (.yaml) or a rendered Word document (.docx)", documents=True
            ),
        ),
    ],
    fmt: Annotated[
        ReviewFormat,
        typer.Option(
            "--format", "-f", help="table, json, md, csv or html (one self-contained page)."
        ),
    ] = ReviewFormat.table,
    annex: Annotated[
        Path | None,
        typer.Option(help="Also write an 'Evidence relied on' Word document here.", dir_okay=False),
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing annex file.")] = False,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            metavar="CODE",
            help="Leave out findings of this code (repeatable; a "
            "dossier can set review: {ignore: [...]} in dossier.yaml).",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on", help="Exit 1 on findings of this severity or worse (default: error)."
        ),
    ] = FailOn.error,
) -> None:
    """List every citation with its evidence, then what the document claims beyond it.

    Exit code 0 when review finds nothing at --fail-on severity (errors by default), 1 when
    it does, 2 for bad input.
    """
    from drafting.review import review_file

    dossier = current_dossier(ctx, near=file)
    if annex is not None:
        from evidence.fsio import refuse_overwrite

        output_named(annex, (".docx",), "a Word document", "--annex")
        refuse_overwrite(annex, force=force, inputs=(file,))  # before any work
    review = review_file(file, dossier, tuple(ignore or ()))
    if annex is not None:
        from drafting.review.annex import write_annex

        write_annex(review, annex, dossier, force=force)
    _print_review(review, fmt, dossier)
    if annex is not None:
        typer.echo(f"wrote {annex}", err=True)
    raise typer.Exit(1 if review.fails(fail_on.value) else 0)


def _print_review(review: Review, fmt: ReviewFormat, dossier: Dossier) -> None:
    """The review in the format asked for (a table only where one fits)."""
    from drafting.review.formats import (
        HEADERS,
        as_csv,
        as_data,
        as_markdown,
        as_rows,
        as_table,
        citation_rows,
    )

    if fmt is ReviewFormat.table and not fits_terminal(HEADERS, citation_rows(review)):
        typer.echo(as_rows(review))  # a pipe, a file, a narrow terminal: plain rows
    elif fmt is ReviewFormat.table:
        console().print(as_table(review))
    elif fmt is ReviewFormat.json:
        emit_json(as_data(review))
    elif fmt is ReviewFormat.html:
        from drafting.report import review_page

        typer.echo(review_page(review, dossier.load()), nl=False)
    else:
        typer.echo(as_markdown(review) if fmt is ReviewFormat.md else as_csv(review), nl=False)
