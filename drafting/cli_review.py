"""``drafting review FILE``: the evidence list and findings as a table, JSON, Markdown or CSV."""

from __future__ import annotations

import csv
import dataclasses
import io
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from drafting.cli_common import console, current_dossier, emit_json
from drafting.findings import SEVERITIES, Review


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

    dossier = current_dossier(ctx)
    review = review_file(file, dossier)
    if annex is not None:
        from drafting.annex import write_annex

        write_annex(review, annex, dossier, force=force)
    {ReviewFormat.table: _table, ReviewFormat.json: _json, ReviewFormat.md: _markdown,
     ReviewFormat.csv: _csv}[fmt](review)
    if annex is not None:
        typer.echo(f"wrote {annex}", err=True)
    raise typer.Exit(review.exit_code)


def _json(review: Review) -> None:
    emit_json({"file": str(review.path), "reviewed": review.what,
               "summary": {s: review.count(s) for s in SEVERITIES},
               "citations": [dataclasses.asdict(c) for c in review.citations],
               "findings": [dataclasses.asdict(f) for f in review.findings]})


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
                      "" if c.corroboration is None else str(c.corroboration), status)
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


def _cell(value: Any) -> str:
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def _markdown(review: Review) -> None:
    lines = [f"# Review of {review.path.name}", "", f"{review.summary()}.", "",
             "## Citations", "",
             "| No. | Fact | Statement | Quote | Source | Locator | Corroboration | Kind "
             "| Status |",
             "|---|---|---|---|---|---|---|---|---|"]
    for c in review.citations:
        source = f"{c.source}; {c.publisher} publisher; {c.date}" if c.source else None
        lines.append("| " + " | ".join(_cell(v) for v in (
            c.marker, c.fact_id or "(added by hand)", c.statement,
            f"“{c.quote}”" if c.quote else None, source, c.locator, c.corroboration, c.kind,
            c.status)) + " |")
    lines += ["", "## Findings", ""]
    for f in review.findings or []:
        where = f" ({f.place})" if f.place else ""
        lines.append(f"- **{f.severity}** `{f.code}`{where}: {f.message}")
        if f.excerpt:
            lines.append(f"  > {f.excerpt}")
        if f.hint:
            lines.append(f"  *{f.hint}*")
    if not review.findings:
        lines.append("None.")
    typer.echo("\n".join(lines))


_CSV_COLUMNS = ("section", "severity", "code", "marker", "place", "fact_id", "statement",
                "quote", "source", "publisher", "date", "locator", "corroboration", "kind",
                "status", "message", "excerpt", "hint")


def _csv(review: Review) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for c in review.citations:
        writer.writerow({"section": "citation", **dataclasses.asdict(c)})
    for f in review.findings:
        writer.writerow({"section": "finding", **dataclasses.asdict(f)})
    typer.echo(buffer.getvalue(), nl=False)
