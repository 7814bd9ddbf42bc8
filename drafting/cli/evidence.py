"""``drafting evidence ...``: the dossier's sources and its fact register."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drafting.cli.common import (
    Format,
    FormatOption,
    console,
    current_dossier,
    emit_json,
    output_named,
    show_table,
)
from drafting.cli.options import Kind, SourceKindChoice, date_option, evidence_app

if TYPE_CHECKING:
    from evidence.dossier import Dossier
    from evidence.records import Verification
    from evidence.register import FactReport, Register
    from evidence.search import FactHit, Results
    from evidence.sources import Source
    from evidence.timeline import Entry, Gap


@evidence_app.command("sources")
def sources_command(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """List the sources with their metadata and citable / non-citable sizes."""
    from evidence.records import source_record

    register = current_dossier(ctx).load()
    records = [source_record(s) for s in register.sources.values()]
    if fmt is Format.json:
        emit_json(records)
        return
    show_table(
        _SOURCE_COLUMNS,
        [
            _source_row(rec, src)
            for rec, src in zip(records, register.sources.values(), strict=True)
        ],
    )
    for src in register.sources.values():
        if src.unreadable:
            typer.echo(f"{src.id}: {src.unreadable_note()}")


_SOURCE_COLUMNS = (
    "id",
    "kind",
    "date",
    "title",
    "author(s)",
    "publisher",
    "paras",
    "citable",
    "not citable",
    "file",
)


def _source_row(rec: dict[str, Any], src: Source) -> tuple[str, ...]:
    return (
        rec["id"],
        rec["kind"],
        src.meta.date.label(),
        src.meta.label,
        ", ".join(rec["authors"]) or "unknown",
        rec["publisher"] or "unknown",
        str(rec["paragraphs"]),
        str(rec["citable_chars"]),
        str(rec["excluded_chars"]),
        "CHANGED" if rec["changed"] else "unchanged",
    )


def _known_topic(register: Register, topic: str | None) -> None:
    if topic is not None and topic not in register.topics:
        from drafting.errors import UsageError
        from evidence.suggest import did_you_mean

        raise UsageError(
            f"unknown topic {topic!r}",
            hint=did_you_mean(topic, register.topics) + f" Topics: {', '.join(register.topics)}",
        )


@evidence_app.command("list")
def list_command(
    ctx: typer.Context,
    topic: Annotated[str | None, typer.Option(help="Only facts with this topic.")] = None,
    kind: Annotated[Kind | None, typer.Option(help="Only facts of this kind.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List the facts, optionally by topic and kind."""
    from evidence.records import fact_record

    register = current_dossier(ctx).load()
    _known_topic(register, topic)
    facts = register.select(topic=topic, kind=kind.value if kind else None)
    reports = [register.report(f.id) for f in facts]
    if fmt is Format.json:
        emit_json([fact_record(register, r) for r in reports])
        return
    show_table(
        ("id", "kind", "as at", "statement", "corroboration", "status"),
        [
            (
                rep.fact.id,
                rep.fact.kind,
                rep.fact.as_at.iso() if rep.fact.as_at else "",
                rep.fact.statement,
                rep.corroboration.label() + (" (all partisan)" if rep.partisan_only else ""),
                rep.status,
            )
            for rep in reports
        ],
    )
    typer.echo(f"{len(reports)} fact(s)")


def _print_fact(register: Register, rep: FactReport) -> None:
    from rich.text import Text

    from evidence.verify import context

    out = console()
    fact = rep.fact
    out.print(Text(fact.id, style="bold"))
    out.print(Text(fact.statement))
    who = ", ".join(register.name_of(w) for w in fact.attributed_to) or "-"
    out.print(
        Text(
            f"kind: {fact.kind}   as at: {fact.as_at.long() if fact.as_at else 'unknown'}"
            f"   attributed to: {who}   topics: {', '.join(fact.topics) or '-'}"
        )
    )
    for n, check in enumerate(rep.checks, 1):
        src = register.sources[check.source_id]
        out.print(
            Text(
                f"\n[{n}] {src.meta.label} ({src.meta.kind}, {src.meta.date.label()})"
                f" - {check.status}",
                style="bold",
            )
        )
        if check.locator is not None:
            before, quote, after = context(src, check.locator)
            out.print(Text("    ") + Text(before) + Text(quote, style="bold yellow") + Text(after))
            out.print(Text(f"    {check.locator.detail()} of {src.meta.file}", style="dim"))
        else:
            out.print(Text(f"    quote: {check.quote}"))
            out.print(Text(f"    {check.reason}", style="red"))
    if rep.also_quoted_in:
        out.print(Text(f"\nalso quoted verbatim in: {', '.join(rep.also_quoted_in)}"))
    partisan = " (all partisan)" if rep.partisan_only else ""
    out.print(Text(f"\ncorroboration: {rep.corroboration.label()}{partisan}"))
    for v in rep.variants:
        out.print(Text(f"variant in {v.source_id}: ") + Text(v.diff, style="cyan"))


@evidence_app.command("show")
def show_command(
    ctx: typer.Context,
    fact_id: Annotated[str, typer.Argument(metavar="ID", help="The fact's id.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Show one fact: statement, quotes in context, sources, corroboration, variants."""
    from drafting.errors import UsageError
    from evidence.records import fact_record
    from evidence.suggest import did_you_mean

    register = current_dossier(ctx).load()
    if fact_id not in register.facts:
        raise UsageError(f"unknown fact {fact_id!r}", hint=did_you_mean(fact_id, register.facts))
    rep = register.report(fact_id)
    if fmt is Format.json:
        emit_json(fact_record(register, rep))
        return
    _print_fact(register, rep)


@evidence_app.command("verify")
def verify_command(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """Check every quote against its source; exit 1 and report if any fails."""
    from evidence.records import verification, verify_record

    dossier = current_dossier(ctx)
    register = dossier.load()
    found = verification(register)
    if fmt is Format.json:
        emit_json(verify_record(dossier, register))
    else:
        _print_verification(found)
        verdict = (
            "all verified"
            if found.ok
            else f"{len(found.problems)} problem(s), {len(found.changed)} changed source(s)"
        )
        console().print(
            f"{len(register.facts)} facts, {found.citations} citations, "
            f"{len(register.sources)} sources ({dossier.found_by}): {verdict}"
        )
    if not found.ok:
        raise typer.Exit(1)


def _print_verification(found: Verification) -> None:
    """Each failed check with the closest passage, each changed source, each unread page."""
    from rich.text import Text

    out = console()
    for fid, check in found.problems:
        out.print(Text(f"{fid}: {check.status}: {check.reason}", style="bold red"))
        out.print(Text(f"    quote:   {check.quote}"))
        if check.near is not None:
            out.print(
                Text(
                    f"    closest: {check.near.passage}  "
                    f"({check.near.locator.label() if check.near.locator else ''}, "
                    f"{check.near.score:.0f}% alike)"
                )
            )
            out.print(Text(f"    diff:    {check.near.diff}", style="cyan"))
    for source in found.changed:
        out.print(Text(f"source {source.id}: {source.hash_problem()}", style="bold red"))
    for source in found.unread:
        out.print(Text(f"source {source.id}: {source.unreadable_note()}", style="yellow"))
    for fid, check, others in found.ambiguous:
        where = check.locator.label() if check.locator else ""
        out.print(
            Text(
                f"{fid}: “{check.quote}” is located at {where}, but {', '.join(others)} "
                "hold it too; quote its row from the heading to the figure to name one cell",
                style="yellow",
            )
        )


@evidence_app.command("search")
def search_command(
    ctx: typer.Context,
    query: Annotated[
        str, typer.Argument(help='Words to find; "a phrase" in quotes; word* for a prefix.')
    ],
    limit: Annotated[int, typer.Option(min=1, max=200, help="At most this many hits.")] = 20,
    source: Annotated[str | None, typer.Option(help="Only this source (its id).")] = None,
    kind: Annotated[
        SourceKindChoice | None, typer.Option(help="Only sources of this kind.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Only sources dated on or after YYYY, "
            "YYYY-MM or YYYY-MM-DD (undated ones "
            "are left out)."
        ),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Search every citable passage of the dossier's sources (SQLite FTS5, BM25 ranking).

    Each hit shows the matched words, its locator and source, and the facts quoting that
    passage; a passage no fact quotes yet is marked "not cited yet" (make one with
    `drafting evidence accept`). The index is brought up to date before every search.
    """
    from drafting.errors import UsageError
    from evidence.errors import SearchError
    from evidence.records import search_record

    dossier = current_dossier(ctx)
    after = date_option(since, "--since")
    try:
        hits, facts = dossier.search(
            query, limit=limit, source=source, kind=kind.value if kind else None, since=after
        )
    except SearchError as exc:
        prefix = "--source: " if exc.field == "source" else ""
        raise UsageError(prefix + exc.message, hint=exc.hint) from None
    if fmt is Format.json:
        emit_json(search_record(query, hits, facts))
        return
    _print_hits(query, hits, facts, limit)


def _print_hits(query: str, hits: Results, facts: list[FactHit], limit: int) -> None:
    """Each passage with its matched words marked, where it is, and who quotes it."""
    from rich.text import Text

    from evidence.search import HIT_END, HIT_START, MAX_SCORED

    out = console()
    for n, hit in enumerate(hits, 1):
        line = Text(f"{n}. ")
        for i, piece in enumerate(hit.snippet.replace(HIT_END, HIT_START).split(HIT_START)):
            line.append(piece, style="bold yellow" if i % 2 else "")
        out.print(line)
        cited = (
            f"quoted by {', '.join(hit.facts)}"
            if hit.facts
            else "not cited yet: `drafting evidence accept` can make a fact of it"
        )
        out.print(
            Text(
                f"   {hit.locator} · {hit.label} · {hit.publisher or 'publisher unknown'}"
                f" · {hit.date} · {cited}",
                style="dim",
            )
        )
    if facts:
        out.print(Text("facts: " + "; ".join(f"{f.fact}" for f in facts), style="cyan"))
    out.print(
        f"{len(hits)} passage(s) for {query!r}" + (" (the limit)" if len(hits) == limit else "")
    )
    if hits.capped:
        out.print(
            f"so many passages match that the best were chosen among the "
            f"{MAX_SCORED:,} most recently indexed: add words to narrow it"
        )


class ConflictFormat(StrEnum):
    """How `evidence conflicts` prints."""

    table = "table"
    json = "json"
    md = "md"


@evidence_app.command("conflicts")
def conflicts_command(
    ctx: typer.Context,
    fmt: Annotated[
        ConflictFormat, typer.Option("--format", "-f", help="table, json or md.")
    ] = ConflictFormat.table,
) -> None:
    """Groups of facts that disagree; exit 1 when there is any.

    Values of one measure at about the same time, dates of one event, titles of one
    person. Each group shows the facts, their sources and quotes, which sources are independent,
    and the likely confusion where one is common (an inspection's date against its report's;
    an annual rate against a one-year figure).
    """
    from evidence.conflicts import conflict_groups
    from evidence.records import conflict_records, conflicts_markdown

    groups = conflict_groups(current_dossier(ctx).load())
    if fmt is ConflictFormat.json:
        emit_json(conflict_records(groups))
    elif fmt is ConflictFormat.md:
        typer.echo(conflicts_markdown(groups))
    else:
        from rich.text import Text

        out = console()
        for g in groups:
            out.print(Text(g.summary, style="bold red"))
            if g.note:
                out.print(Text(f"  likely confusion: {g.note}", style="yellow"))
            for m in g.members:
                out.print(Text(f"  {m.fact}: {m.shown}", style="bold"))
                for s, p, q in m.sources:
                    out.print(Text(f"    {s} ({p or 'publisher unknown'}): “{q}”"))
            out.print(Text(f"  sources: {g.independent}", style="dim"))
        out.print(f"{len(groups)} conflict group(s)")
    if groups:
        raise typer.Exit(1)


class TimelineFormat(StrEnum):
    """How `evidence timeline` prints or writes."""

    table = "table"
    md = "md"
    json = "json"
    docx = "docx"
    html = "html"


@evidence_app.command("timeline")
def timeline_command(
    ctx: typer.Context,
    topic: Annotated[str | None, typer.Option(help="Only facts with this topic.")] = None,
    fmt: Annotated[
        TimelineFormat,
        typer.Option("--format", "-f", help="table, md, json; docx or html need --output."),
    ] = TimelineFormat.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The file to write (docx, html).", dir_okay=False),
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing output file.")] = False,
) -> None:
    """The facts in date order, each date to its own precision.

    The source's date is shown apart, conflicts are marked, gaps of a year or more shown,
    undated facts come last. --format docx renders a briefing annex through the template
    pipeline (the dossier's templates/timeline.docx, else the shipped one).
    """
    from drafting.errors import UsageError
    from evidence.records import timeline_markdown, timeline_records
    from evidence.timeline import Entry, timeline

    dossier = current_dossier(ctx)
    register = dossier.load()
    _known_topic(register, topic)
    items = timeline(register, topic)
    if fmt in (TimelineFormat.docx, TimelineFormat.html):
        output_named(
            output,
            (".docx",) if fmt is TimelineFormat.docx else (".html", ".htm"),
            "a Word document" if fmt is TimelineFormat.docx else "a web page",
        )
        if output is None:
            raise UsageError(f"--format {fmt.value} writes a file: give --output FILE.{fmt.value}")
        _write_timeline(fmt, items, output, dossier, register, topic=topic, force=force)
        typer.echo(f"wrote {output}: {sum(isinstance(i, Entry) for i in items)} fact(s)")
        return
    if fmt is TimelineFormat.json:
        emit_json(timeline_records(items))
        return
    if fmt is TimelineFormat.md:
        typer.echo(timeline_markdown(items))
        return
    _print_timeline(items)


def _write_timeline(
    fmt: TimelineFormat,
    items: list[Entry | Gap],
    output: Path,
    dossier: Dossier,
    register: Register,
    *,
    topic: str | None,
    force: bool,
) -> None:
    """The chronology as a Word annex (the template pipeline) or a web page, at ``output``."""
    if fmt is TimelineFormat.docx:
        from drafting.timeline import write_timeline

        write_timeline(items, output, dossier, topic=topic, force=force)
    else:
        from drafting.report import timeline_page
        from evidence.fsio import write_atomic

        write_atomic(output, timeline_page(register, items, dossier.config.title), force=force)


def _print_timeline(items: list[Entry | Gap]) -> None:
    """The chronology a line a fact, gaps marked, conflicts named."""
    from rich.text import Text

    from evidence.timeline import Entry, Gap

    out = console()
    for i in items:
        if isinstance(i, Gap):
            out.print(Text(f"{'':20}  … {i.label}", style="dim italic"))
            continue
        line = Text(f"{i.label:20}  ", style="bold")
        line.append(i.statement)
        line.append(f"  [{i.fact}; published {i.published}]", style="dim")
        if i.conflict:
            line.append(f"  CONFLICT: {i.conflict}", style="bold red")
        out.print(line)
    out.print(f"{sum(isinstance(i, Entry) for i in items)} fact(s)")


@evidence_app.command("report")
def report_command(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The .html file to write.", dir_okay=False)
    ],
    force: Annotated[bool, typer.Option(help="Replace an existing file.")] = False,
) -> None:
    """Write the dossier as one self-contained HTML page for a group meeting.

    Sources; facts by topic with each quote highlighted in its paragraph and its
    corroboration; conflict groups side by side; the chronology drawn as a timeline. No
    network, script or external file is needed to open it.
    """
    from drafting.report import report_page
    from evidence.fsio import refuse_overwrite, write_atomic

    dossier = current_dossier(ctx)
    output_named(output, (".html", ".htm"), "a web page")
    refuse_overwrite(output, force=force)
    register = dossier.load()
    write_atomic(output, report_page(register, dossier.config.title), force=force)
    typer.echo(f"wrote {output}: {len(register.facts)} facts, {len(register.sources)} sources")


class ExportFormat(StrEnum):
    """What `evidence export` writes."""

    csl_json = "csl-json"
    csv = "csv"
    md = "md"


@evidence_app.command("export")
def export_command(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="csl-json (the sources, for Zotero or pandoc), csv (the facts) or md.",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file (default: standard output).", dir_okay=False
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing output file.")] = False,
) -> None:
    """Export the sources as CSL-JSON, the facts as CSV, or both as Markdown.

    CSL-JSON carries only what the manifest knows: an unknown date, author or publisher is
    left out, never guessed. pandoc reads it: pandoc --citeproc --bibliography sources.json.
    """
    import json

    from evidence.export import csl_json, facts_csv, markdown
    from evidence.fsio import refuse_overwrite, write_atomic

    dossier = current_dossier(ctx)
    if output is not None:
        refuse_overwrite(output, force=force)
    register = dossier.load()
    if fmt is ExportFormat.csl_json:
        text = json.dumps(csl_json(register), indent=2, ensure_ascii=False) + "\n"
    elif fmt is ExportFormat.csv:
        text = facts_csv(register)
    else:
        text = markdown(register, dossier.config.title)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text, force=force)
        typer.echo(f"wrote {output}", err=True)
