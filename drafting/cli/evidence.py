"""``drafting evidence ...``: the dossier's sources and its fact register."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from drafting.cli.common import Format, FormatOption, console, current_dossier, emit_json, new_app

if TYPE_CHECKING:
    from evidence.dates import PartialDate
    from evidence.register import FactReport, Register

evidence_app = new_app("The dossier's sources and fact register.")


class Kind(StrEnum):
    """Kinds of fact (mirrors evidence.register.FACT_KINDS)."""

    official_finding = "official-finding"
    statistic = "statistic"
    event = "event"
    statement = "statement"
    claim = "claim"


@evidence_app.command("sources")
def sources_command(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """List the sources with their metadata and citable / non-citable sizes."""
    from rich.table import Table

    from evidence.records import source_record

    register = current_dossier(ctx).load()
    records = [source_record(s) for s in register.sources.values()]
    if fmt is Format.json:
        emit_json(records)
        return
    table = Table("id", "kind", "date", "title", "author(s)", "publisher", "paras",
                  "citable", "not citable", "file")
    for rec, src in zip(records, register.sources.values(), strict=True):
        table.add_row(rec["id"], rec["kind"], src.meta.date.label(), src.meta.label,
                      ", ".join(rec["authors"]) or "unknown", rec["publisher"] or "unknown",
                      str(rec["paragraphs"]), str(rec["citable_chars"]),
                      str(rec["excluded_chars"]), "CHANGED" if rec["changed"] else "unchanged")
    console().print(table)


def _known_topic(register: Register, topic: str | None) -> None:
    from drafting.errors import UsageError
    from evidence.suggest import did_you_mean

    if topic is not None and topic not in register.topics:
        raise UsageError(f"unknown topic {topic!r}", hint=did_you_mean(topic, register.topics)
                         + f" Topics: {', '.join(register.topics)}")


@evidence_app.command("list")
def list_command(
    ctx: typer.Context,
    topic: Annotated[str | None, typer.Option(help="Only facts with this topic.")] = None,
    kind: Annotated[Kind | None, typer.Option(help="Only facts of this kind.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List the facts, optionally by topic and kind."""
    from rich.table import Table

    from evidence.records import fact_record

    register = current_dossier(ctx).load()
    _known_topic(register, topic)
    facts = register.select(topic=topic, kind=kind.value if kind else None)
    reports = [register.report(f.id) for f in facts]
    if fmt is Format.json:
        emit_json([fact_record(register, r) for r in reports])
        return
    table = Table("id", "kind", "as at", "statement", "corroboration", "status")
    for rep in reports:
        fact = rep.fact
        table.add_row(fact.id, fact.kind, fact.as_at.iso() if fact.as_at else "",
                      fact.statement, rep.corroboration.label()
                      + (" (all partisan)" if rep.partisan_only else ""), rep.status)
    console().print(table)
    console().print(f"{len(reports)} fact(s)")


def _print_fact(register: Register, rep: FactReport) -> None:
    from rich.text import Text

    from evidence.verify import context

    out = console()
    fact = rep.fact
    out.print(Text(fact.id, style="bold"))
    out.print(Text(fact.statement))
    who = ", ".join(register.name_of(w) for w in fact.attributed_to) or "-"
    out.print(Text(f"kind: {fact.kind}   as at: {fact.as_at.long() if fact.as_at else 'unknown'}"
                   f"   attributed to: {who}   topics: {', '.join(fact.topics) or '-'}"))
    for n, check in enumerate(rep.checks, 1):
        src = register.sources[check.source_id]
        out.print(Text(f"\n[{n}] {src.meta.label} ({src.meta.kind}, {src.meta.date.label()})"
                       f" - {check.status}", style="bold"))
        if check.locator is not None:
            before, quote, after = context(src, check.locator)
            out.print(Text("    ") + Text(before) + Text(quote, style="bold yellow")
                      + Text(after))
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
    from rich.text import Text

    from evidence.records import check_record

    dossier = current_dossier(ctx)
    register = dossier.load()
    problems = [(rep.fact.id, c) for rep in register.reports for c in rep.checks if not c.ok]
    changed = [s for s in register.sources.values() if s.stale]
    total = sum(len(r.checks) for r in register.reports)
    if fmt is Format.json:
        emit_json({"dossier": str(dossier.root), "ok": not problems and not changed,
                   "facts": len(register.facts), "citations": total, "changed_sources": [
                       {"id": s.id, "file": s.meta.file, "recorded_sha256": s.meta.sha256,
                        "sha256": s.sha256, "fix": f"drafting evidence rehash {s.id}"}
                       for s in changed],
                   "problems": [{"fact": fid, **check_record(c)} for fid, c in problems]})
    else:
        out = console()
        for fid, check in problems:
            out.print(Text(f"{fid}: {check.status}: {check.reason}", style="bold red"))
            out.print(Text(f"    quote:   {check.quote}"))
            if check.near is not None:
                out.print(Text(f"    closest: {check.near.passage}  "
                               f"({check.near.locator.label() if check.near.locator else ''}, "
                               f"{check.near.score:.0f}% alike)"))
                out.print(Text(f"    diff:    {check.near.diff}", style="cyan"))
        for source in changed:
            out.print(Text(f"source {source.id}: {source.hash_problem()}", style="bold red"))
        verdict = "all verified" if not problems and not changed else (
            f"{len(problems)} problem(s), {len(changed)} changed source(s)")
        out.print(f"{len(register.facts)} facts, {total} citations, "
                  f"{len(register.sources)} sources ({dossier.found_by}): {verdict}")
    if problems or changed:
        raise typer.Exit(1)


@evidence_app.command("rehash")
def rehash_command(
    ctx: typer.Context,
    source_id: Annotated[str, typer.Argument(metavar="SOURCE", help="The source's id.")],
) -> None:
    """Record a source file's current sha256 in the manifest, then re-verify its facts.

    Use it after adding a source by hand, or after checking that a changed file's facts
    still hold. Only that line of the manifest changes.
    """
    from evidence.sources import rehash

    dossier = current_dossier(ctx)
    old, new = rehash(dossier.manifest_path, source_id)
    typer.echo(f"{source_id}: sha256 {new} recorded" + (f" (was {old})" if old and old != new
                                                          else ""))
    register = dossier.load()
    citing = [r for r in register.reports if any(c.source_id == source_id for c in r.checks)]
    failing = [r.fact.id for r in citing if not r.ok]
    typer.echo(f"{len(citing)} fact(s) cite it: " + (
        "all verified" if not failing else f"{len(failing)} fail ({', '.join(failing)}); "
        "see `drafting evidence verify`"))
    if failing:
        raise typer.Exit(1)


class SourceKindChoice(StrEnum):
    """Kinds of source (mirrors evidence.sources.SourceKind)."""

    news = "news"
    blog = "blog"
    letter = "letter"
    press_release = "press-release"
    report = "report"
    motion = "motion"
    minutes = "minutes"
    statement = "statement"
    other = "other"


def _date_option(value: str | None, option: str) -> PartialDate | None:
    from drafting.errors import UsageError
    from evidence.dates import PartialDate

    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


@evidence_app.command("search")
def search_command(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help='Words to find; "a phrase" in quotes; word* for '
                                              "a prefix.")],
    limit: Annotated[int, typer.Option(min=1, max=200, help="At most this many hits.")] = 20,
    source: Annotated[str | None, typer.Option(help="Only this source (its id).")] = None,
    kind: Annotated[SourceKindChoice | None, typer.Option(help="Only sources of this kind.")]
    = None,
    since: Annotated[str | None, typer.Option(help="Only sources dated on or after YYYY, "
                                                   "YYYY-MM or YYYY-MM-DD (undated ones "
                                                   "are left out).")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Search every citable passage of the dossier's sources (SQLite FTS5, BM25 ranking).

    Each hit shows the matched words, its locator and source, and the facts quoting that
    passage; a passage no fact quotes yet is marked "not cited yet" (make one with
    `drafting evidence accept`). The index is brought up to date before every search.
    """
    from rich.text import Text

    from drafting.errors import UsageError
    from evidence.search import HIT_END, HIT_START
    from evidence.suggest import did_you_mean

    dossier = current_dossier(ctx)
    after = _date_option(since, "--since")
    index = dossier.index()
    try:
        if source is not None:
            known = [r[0] for r in index.db.execute("SELECT id FROM sources ORDER BY id")]
            if source not in known:
                raise UsageError(f"--source: no source {source!r} in the dossier",
                                 hint=did_you_mean(source, known))
        try:
            hits = index.search(query, limit=limit, source=source,
                                kind=kind.value if kind else None, since=after)
        except ValueError as exc:
            raise UsageError(f"{exc} (got {query!r})") from None
        facts = index.search_facts(query, limit=5)
    finally:
        index.close()
    if fmt is Format.json:
        emit_json({"query": query, "hits": [
            {"source": h.source, "paragraph": h.paragraph, "locator": h.locator,
             "snippet": h.snippet.replace(HIT_START, "**").replace(HIT_END, "**"),
             "text": h.text, "title": h.label, "publisher": h.publisher, "kind": h.kind,
             "date": h.date, "facts": list(h.facts), "cited": h.cited, "score": round(h.score, 3)}
            for h in hits],
            "facts": [{"id": f.fact, "statement": f.statement, "score": round(f.score, 3)}
                      for f in facts]})
        return
    out = console()
    for n, hit in enumerate(hits, 1):
        line = Text(f"{n}. ")
        for i, piece in enumerate(hit.snippet.replace(HIT_END, HIT_START).split(HIT_START)):
            line.append(piece, style="bold yellow" if i % 2 else "")
        out.print(line)
        cited = (f"quoted by {', '.join(hit.facts)}" if hit.facts
                 else "not cited yet: `drafting evidence accept` can make a fact of it")
        out.print(Text(f"   {hit.locator} · {hit.label} · {hit.publisher or 'publisher unknown'}"
                       f" · {hit.date} · {cited}", style="dim"))
    if facts:
        out.print(Text("facts: " + "; ".join(f"{f.fact}" for f in facts), style="cyan"))
    out.print(f"{len(hits)} passage(s) for {query!r}" + (" (the limit)" if len(hits) == limit
                                                         else ""))
