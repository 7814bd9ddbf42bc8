"""``drafting review FILE``: the evidence list and findings as a table, JSON, Markdown or CSV."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from drafting.cli.common import console, current_dossier, emit_json
from drafting.findings import Review


class ReviewFormat(StrEnum):
    """How ``drafting review`` prints its report."""

    table = "table"
    json = "json"
    md = "md"
    csv = "csv"


_COLOURS = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def review_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A draft (.yaml) or a rendered .docx.",
                                         exists=True, dir_okay=False, readable=True)],
    fmt: Annotated[ReviewFormat, typer.Option("--format", "-f",
                                              help="table, json, md or csv.")
                   ] = ReviewFormat.table,
    annex: Annotated[Path | None, typer.Option(
        help="Also write an 'Evidence relied on' Word document here.", dir_okay=False)] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing annex file.")] = False,
) -> None:
    """List every citation with its evidence, then what the document claims beyond it.

    Exit code 0 when review finds no errors, 1 when it does, 2 for bad input.
    """
    from drafting.review import review_file
    from drafting.review.formats import as_csv, as_data, as_markdown

    dossier = current_dossier(ctx)
    if annex is not None:
        from evidence.fsio import refuse_overwrite

        refuse_overwrite(annex, force=force, inputs=(file,))  # before any work
    review = review_file(file, dossier)
    if annex is not None:
        from drafting.review.annex import write_annex

        write_annex(review, annex, dossier, force=force)
    if fmt is ReviewFormat.table:
        _table(review)
    elif fmt is ReviewFormat.json:
        emit_json(as_data(review))
    else:
        typer.echo(as_markdown(review) if fmt is ReviewFormat.md else as_csv(review), nl=False)
    if annex is not None:
        typer.echo(f"wrote {annex}", err=True)
    raise typer.Exit(review.exit_code)


def _table(review: Review) -> None:
    from rich.markup import escape
    from rich.table import Table

    out = console()
    table = Table("no.", "fact", "kind", "source", "locator", "corr.", "status",
                  title=f"Citations in {review.path}", title_justify="left")
    for c in review.citations:
        fact = escape(c.fact_id or "(added by hand)")
        if c.statement:
            fact += f"\n{escape(c.statement)}\n[italic]“{escape(c.quote or '')}”[/italic]"
        source = escape(f"{c.source}\n{c.publisher} publisher, {c.date}") if c.source else ""
        status = c.status if c.status == "verified" else f"[bold red]{escape(c.status)}[/]"
        table.add_row(escape(c.marker), fact, c.kind or "", source, escape(c.locator or ""),
                      escape(c.corroboration or ""), status)
    out.print(table)
    for f in review.findings:
        where = f" {f.place}:" if f.place else ""
        out.print(f"[{_COLOURS[f.severity]}]{f.severity}[/] [dim]{f.code}[/]{escape(where)} "
                  f"{escape(f.message)}")
        if f.excerpt:
            out.print(f"    [dim]“{escape(f.excerpt)}”[/dim]")
        if f.hint:
            out.print(f"    hint: {escape(f.hint)}")
    out.print(f"review of {escape(str(review.path))}: {len(review.citations)} citation(s); "
              f"{review.summary()}")
    out.print(f"[dim]evidence: dossier {escape(review.dossier)}[/dim]")


