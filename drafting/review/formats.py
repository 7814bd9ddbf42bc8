"""A review as a table (drawn, or plain rows), JSON, a page (Markdown), or rows (CSV).

Each returns a value (a rich renderable, a dict, text); printing is the caller's.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from drafting.findings import SEVERITIES, Review

if TYPE_CHECKING:
    from rich.console import Group

_COLOURS = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def as_table(review: Review) -> Group:
    """The citation list as a table, then each finding with its excerpt and hint (rich)."""
    from rich.console import Group
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    table = Table(
        "no.",
        "fact",
        "kind",
        "source",
        "locator",
        "corr.",
        "status",
        title=f"Citations in {review.path}",
        title_justify="left",
    )
    for c in review.citations:
        fact = escape(c.fact_id or "(added by hand)")
        if c.statement:
            fact += f"\n{escape(c.statement)}\n[italic]“{escape(c.quote or '')}”[/italic]"
        source = escape(f"{c.source}\n{c.publisher} publisher, {c.date}") if c.source else ""
        status = c.status if c.status == "verified" else f"[bold red]{escape(c.status)}[/]"
        table.add_row(
            escape(c.marker),
            fact,
            c.kind or "",
            source,
            escape(c.locator or ""),
            escape(c.corroboration or ""),
            status,
        )
    lines: list[Any] = [table]
    for f in review.findings:
        where = f" {f.place}:" if f.place else ""
        lines.append(
            Text.from_markup(
                f"[{_COLOURS[f.severity]}]{f.severity}[/] [dim]{f.code}[/]"
                f"{escape(where)} {escape(f.message)}"
            )
        )
        if f.excerpt:
            lines.append(Text.from_markup(f"    [dim]“{escape(f.excerpt)}”[/dim]"))
        if f.hint:
            lines.append(Text(f"    hint: {f.hint}"))
    lines.append(
        Text(f"review of {review.path}: {len(review.citations)} citation(s); {review.summary()}")
    )
    if review.what != "draft":
        lines.append(Text(f"read as {review.read_as}", style="dim"))
    lines.append(Text(f"evidence: dossier {review.dossier}", style="dim"))
    return Group(*lines)


HEADERS = ("no.", "fact", "kind", "source", "locator", "corr.", "status")


def citation_rows(review: Review) -> list[tuple[str, ...]]:
    """The citation list's rows, as :func:`as_table` shows them, in plain words."""
    rows: list[tuple[str, ...]] = []
    for c in review.citations:
        fact = c.fact_id or "(added by hand)"
        if c.statement:
            fact += f"\n{c.statement}\n“{c.quote or ''}”"
        source = f"{c.source}\n{c.publisher} publisher, {c.date}" if c.source else ""
        rows.append(
            (c.marker, fact, c.kind or "", source, c.locator or "", c.corroboration or "", c.status)
        )
    return rows


def as_rows(review: Review) -> str:
    """:func:`as_table`'s words without the drawing, for a pipe or a file.

    The citations as plain rows (:func:`evidence.csvio.plain_rows`), then each finding with
    its excerpt and hint.
    """
    from evidence.csvio import plain_rows

    lines = [f"Citations in {review.path}", plain_rows(HEADERS, citation_rows(review))]
    for f in review.findings:
        where = f" {f.place}:" if f.place else ""
        lines.append(f"{f.severity} {f.code}{where} {f.message}")
        if f.excerpt:
            lines.append(f"    “{f.excerpt}”")
        if f.hint:
            lines.append(f"    hint: {f.hint}")
    lines.append(
        f"review of {review.path}: {len(review.citations)} citation(s); {review.summary()}"
    )
    if review.what != "draft":
        lines.append(f"read as {review.read_as}")
    lines.append(f"evidence: dossier {review.dossier}")
    return "\n".join(lines)


def as_data(review: Review) -> dict[str, Any]:
    """The review as JSON-ready data: file, dossier, summary, citations, findings."""
    return {
        "file": str(review.path),
        "reviewed": review.what,
        "dossier": review.dossier,
        "summary": {s: review.count(s) for s in SEVERITIES},
        "citations": [dataclasses.asdict(c) for c in review.citations],
        "findings": [dataclasses.asdict(f) for f in review.findings],
    }


def _cell(value: Any) -> str:
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def as_markdown(review: Review) -> str:
    """The citation list as a table, then the findings as a list."""
    lines = [
        f"# Review of {review.path.name}",
        "",
        f"{review.summary()}.",
        "",
        f"Evidence: dossier {review.dossier}." if review.dossier else "",
        f"Read as {review.read_as}." if review.what != "draft" else "",
        "",
        "## Citations",
        "",
        "| No. | Fact | Statement | Quote | Source | Locator | Corroboration | Kind | Status |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for c in review.citations:
        source = f"{c.source}; {c.publisher} publisher; {c.date}" if c.source else None
        lines.append(
            "| "
            + " | ".join(
                _cell(v)
                for v in (
                    c.marker,
                    c.fact_id or "(added by hand)",
                    c.statement,
                    f"“{c.quote}”" if c.quote else None,
                    source,
                    c.locator,
                    c.corroboration,
                    c.kind,
                    c.status,
                )
            )
            + " |"
        )
    lines += ["", "## Findings", ""]
    for f in review.findings:
        where = f" ({f.place})" if f.place else ""
        lines.append(f"- **{f.severity}** `{f.code}`{where}: {f.message}")
        if f.excerpt:
            lines.append(f"  > {f.excerpt}")
        if f.hint:
            lines.append(f"  *{f.hint}*")
    if not review.findings:
        lines.append("None.")
    return "\n".join(lines) + "\n"


CSV_COLUMNS = (
    "section",
    "severity",
    "code",
    "marker",
    "place",
    "fact_id",
    "statement",
    "quote",
    "source",
    "publisher",
    "date",
    "locator",
    "corroboration",
    "kind",
    "status",
    "message",
    "excerpt",
    "hint",
)


def as_csv(review: Review) -> str:
    """One row per citation, then one per finding (``section`` says which).

    A cell a spreadsheet would run as a formula starts with ``'``
    (:func:`evidence.csvio.safe_cell`).
    """
    records = [{"section": "citation", **dataclasses.asdict(c)} for c in review.citations] + [
        {"section": "finding", **dataclasses.asdict(f)} for f in review.findings
    ]
    from evidence.csvio import to_csv

    return to_csv(CSV_COLUMNS, ([r.get(k) for k in CSV_COLUMNS] for r in records))
