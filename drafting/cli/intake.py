"""``drafting evidence add | accept | curate | rehash``: what changes a dossier's evidence."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drafting.cli.common import (
    Format,
    FormatOption,
    console,
    current_dossier,
    emit_json,
    input_file,
    ocr_progress,
)
from drafting.cli.options import (
    Kind,
    SourceKindChoice,
    date_option,
    evidence_app,
    figure_option,
    unit_option,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from evidence.add import Copy, Document
    from evidence.candidates import Candidate
    from evidence.register import Register


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
    with dossier.editing("evidence rehash"):
        old, new = rehash(dossier.manifest_path, source_id, dossier.reads)
    typer.echo(
        f"{source_id}: sha256 {new} recorded" + (f" (was {old})" if old and old != new else "")
    )
    register = dossier.load()
    citing = [r for r in register.reports if any(c.source_id == source_id for c in r.checks)]
    failing = [r.fact.id for r in citing if not r.ok]
    typer.echo(
        f"{len(citing)} fact(s) cite it: "
        + (
            "all verified"
            if not failing
            else f"{len(failing)} fail ({', '.join(failing)}); see `drafting evidence verify`"
        )
    )
    if failing:
        raise typer.Exit(1)


def _prompt(label: str, offered: str | None, check: Callable[[str], Any]) -> Any:
    """Ask at the terminal until ``check`` takes the answer; blank takes ``offered``."""

    def proc(raw: str) -> Any:
        try:
            return check(raw.strip() or offered or "")
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None

    shown = f" [{offered}]" if offered else ""
    return typer.prompt(f"{label}{shown}", default="", show_default=False, value_proc=proc)


def _copies_or_exit(file: Path, document: Document, register: Register) -> list[Copy]:
    """The sources ``document`` repeats; exit 1 when one holds the very same text."""
    from evidence.add import find_copies

    copies = find_copies(document.text, register.sources)
    if copies and copies[0].identical:
        typer.echo(
            f"{file} is already in the dossier as {copies[0].source} (the same text); "
            "nothing was added"
        )
        raise typer.Exit(1)
    return copies


def _candidate_records(found: list[Candidate]) -> list[dict[str, object]]:
    return [
        {
            "handle": c.handle,
            "source": c.source,
            "paragraph": c.paragraph,
            "sentence": c.sentence,
            "quote": c.quote,
            "statement": c.statement,
            "kind": c.kind,
            "why": list(c.why),
            "topics": list(c.topics),
            "as_at": c.as_at.iso() if c.as_at else None,
            "as_at_from": c.as_at_from,
            "as_at_precision": c.as_at.precision if c.as_at else None,
            "people": list(c.people),
            "figure": c.figure.model_dump(exclude_defaults=True) if c.figure else None,
            "relations": [{"fact": r.fact, "how": r.how, "detail": r.detail} for r in c.relations],
        }
        for c in found
    ]


def _print_candidate(n: int, cand: Candidate, out: Console | None = None) -> None:
    from rich.text import Text

    out = out or console()
    out.print(
        Text(f"{n}. {cand.handle}  {cand.kind}  ({', '.join(cand.why) or 'chosen'})", style="bold")
    )
    out.print(Text(f"   “{cand.quote}”"))
    date = (
        f"{cand.as_at.iso()} ({cand.as_at.precision}, from {cand.as_at_from})"
        if cand.as_at
        else "unknown"
    )
    figure = f"; figure: {cand.figure.label()}" if cand.figure else ""
    out.print(
        Text(
            f"   as at {date}; topics: {', '.join(cand.topics) or 'none'}; people: "
            f"{', '.join(cand.people) or 'none'}{figure}",
            style="dim",
        )
    )
    for rel in cand.relations:
        out.print(
            Text(
                f"   {rel.how} {rel.fact}: {rel.detail}",
                style="red" if rel.how == "conflicts" else "green",
            )
        )


@evidence_app.command("add")
def add_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="The document: .txt, .md, .docx, .pdf, or an "
            ".html page (reduced to its article text).",
            callback=input_file(
                "a document: .txt, .md, .docx, .pdf or .html", documents=True, pdf=True
            ),
        ),
    ],
    title: Annotated[str | None, typer.Option(help="Its title, as it states it.")] = None,
    description: Annotated[
        str | None, typer.Option(help="Your own neutral label for it (default: its title).")
    ] = None,
    kind: Annotated[SourceKindChoice | None, typer.Option(help="What kind of document.")] = None,
    publisher: Annotated[str | None, typer.Option(help="Who published it.")] = None,
    author: Annotated[list[str] | None, typer.Option(help="An author (repeatable).")] = None,
    date: Annotated[str | None, typer.Option(help="Its date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    url: Annotated[str | None, typer.Option(help="Where it was published.")] = None,
    source_id: Annotated[
        str | None, typer.Option("--id", help="Its id (default: from the title).")
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Ask nothing: what is not given stays unknown.")
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Add a document to the dossier's sources, then list its candidate facts.

    The document is copied into the sources folder and described in the manifest with its
    sha256. What is not given is asked for; a date or byline printed in the document is
    offered, never assumed, and with --no-input what is not given stays unknown. A document
    the dossier already has (the same text, or nearly: a mirror or an agency copy) is
    reported: the same text is not added (exit 1); a near copy is recorded as duplicate_of
    the source it repeats, so it is not counted as corroboration.
    """
    from drafting.errors import UsageError
    from evidence.add import add_source, read_document
    from evidence.candidates import candidates
    from evidence.describe import Given, describe
    from evidence.sources import require_slug

    if source_id is not None:
        require_slug(source_id, "--id")
    dossier = current_dossier(ctx)
    dossier.refuse_bundled("evidence add")
    given = Given(
        title=title,
        description=description,
        kind=kind.value if kind else None,
        publisher=publisher,
        authors=tuple(a.strip() for name in author or () for a in name.split(";") if a.strip()),
        date=date_option(date, "--date"),
        url=url,
        source_id=source_id,
    )
    register = dossier.load()
    with ocr_progress(file.name) as progress:
        document = read_document(file, dossier.reads, progress)
    copies = _copies_or_exit(file, document, register)
    try:
        meta = describe(document, given, set(register.sources), None if no_input else _prompt)
    except (typer.Abort, EOFError):
        raise UsageError(
            "the input ended before every question was answered; nothing was added",
            hint="Give the values as options, or use --no-input",
        ) from None
    with dossier.editing("evidence add"):
        register = dossier.load()  # as it is now: another command may have added meanwhile
        copies = _copies_or_exit(file, document, register)
        meta = meta.model_copy(update={"duplicate_of": copies[0].source if copies else None})
        meta = add_source(dossier, document, meta, id_given=source_id is not None)
    new_id, offered = meta.id, document.offered
    register = dossier.load()
    source = register.sources[new_id]
    found = candidates(source.meta, source.segmentation, register)
    seg = source.segmentation
    if fmt is Format.json:
        emit_json(
            {
                "source": new_id,
                "file": document.keep_as,
                "sha256": document.sha256,
                "duplicate_of": meta.duplicate_of,
                "copies": [{"source": c.source, "share": round(c.share, 3)} for c in copies],
                "offered": {
                    "title": offered.title,
                    "authors": list(offered.authors),
                    "date": offered.date.iso() if offered.date else None,
                    "date_evidence": offered.date_evidence,
                    "publisher": offered.publisher,
                    "url": offered.url,
                },
                "paragraphs": len(seg.citable),
                "excluded": [
                    {"reason": p.excluded, "text": seg.text[p.start : p.end][:80]}
                    for p in seg.excluded
                ],
                "ocr_pages": list(source.ocr_pages),
                "unreadable_pages": list(source.unreadable),
                "unreadable": source.unreadable_note(),
                "candidates": _candidate_records(found),
            }
        )
        return
    typer.echo(
        f"added {new_id}: {document.keep_as} ({len(seg.citable)} citable paragraphs, "
        f"{len(seg.excluded)} not citable: "
        f"{', '.join(sorted({p.excluded or '' for p in seg.excluded})) or 'none'})"
    )
    if source.ocr_pages:
        typer.echo(f"read by OCR: {_pages(source.ocr_pages)} (scanned, no text layer)")
    if source.unreadable:
        typer.echo(f"{source.unreadable_note()}: nothing on them can be cited")
    if copies:
        typer.echo(
            f"it repeats {copies[0].source} ({copies[0].share:.0%} of the text): "
            f"recorded as duplicate_of {copies[0].source}, not counted as separate "
            "corroboration"
        )
    unknown = [
        name
        for name, value in (
            ("publisher", meta.publisher),
            ("author", meta.authors),
            ("date", meta.date.value),
            ("url", meta.url),
        )
        if not value
    ]
    if unknown:
        typer.echo(
            f"unknown: {', '.join(unknown)}"
            + (
                f" (the document offers: date {offered.date.iso()}, {offered.date_evidence})"
                if offered.date and meta.date.value is None
                else ""
            )
        )
    out = console()  # one for the list: a console per candidate costs more than its lines
    for n, cand in enumerate(found, 1):
        _print_candidate(n, cand, out)
    typer.echo(
        f"{len(found)} candidate fact(s); make one a fact with: drafting evidence "
        f"accept {found[0].handle if found else new_id + ':1.1'} --id FACT-ID"
    )


def _pages(numbers: tuple[int, ...]) -> str:
    """``page 3`` or ``pages 1, 2, 5``."""
    return f"page{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}"


@evidence_app.command("accept")
def accept_command(
    ctx: typer.Context,
    handle: Annotated[
        str,
        typer.Argument(
            metavar="SOURCE:PARAGRAPH.SENTENCE",
            help="The sentence to cite, as add and search print it.",
        ),
    ],
    fact_id: Annotated[str, typer.Option("--id", help="The new fact's id.")],
    statement: Annotated[
        str | None, typer.Option(help="The fact's neutral one-line statement.")
    ] = None,
    kind: Annotated[Kind | None, typer.Option(help="The fact's kind.")] = None,
    topic: Annotated[list[str] | None, typer.Option(help="A topic (repeatable).")] = None,
    as_at: Annotated[str | None, typer.Option(help="The date it is true as at.")] = None,
    measure: Annotated[
        str | None,
        typer.Option(help="What it is a value of (its figure is then the one the quote is about)."),
    ] = None,
    figure: Annotated[
        str | None,
        typer.Option(
            help="Its figure as written (£480,000, 40%, 1.2m, more than 200), not the quote's."
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(help="Its figure's unit (£, per cent, or what it counts: children)."),
    ] = None,
    alias: Annotated[
        list[str] | None,
        typer.Option(
            help="Another name sources give the measure (repeatable); asked for at a terminal."
        ),
    ] = None,
    no_input: Annotated[bool, typer.Option("--no-input", help="Ask nothing.")] = False,
    event: Annotated[
        str | None,
        typer.Option(help="The event it dates (facts about one event should agree on its date)."),
    ] = None,
    disputed: Annotated[str | None, typer.Option(help="Why it is disputed, if it is.")] = None,
) -> None:
    """Make a register fact of one sentence of a source, verified on the spot.

    The fact is added at the end of facts.yaml; the rest of the file (comments, order,
    layout) is not touched. If it does not verify, facts.yaml is left as it was. A measure
    is declared under measures: where facts.yaml has that list, with any --alias; at a
    terminal, other names for it are asked for.
    """
    from drafting.errors import UsageError
    from evidence.candidates import accept, candidate_at, fact_entry
    from evidence.sources import require_slug

    require_slug(fact_id, "--id")
    if measure is not None:
        require_slug(measure, "--measure")
    if alias and measure is None:
        raise UsageError("--alias names a measure: give --measure too")
    given = figure_option(figure, unit)
    dossier = current_dossier(ctx)
    with dossier.editing("evidence accept"):
        register = dossier.load()
        if fact_id in register.facts:
            raise UsageError(f"--id: {fact_id!r} is already a fact of the register")
        cand = candidate_at(register, handle)
        entry = fact_entry(
            cand,
            fact_id,
            statement=statement,
            kind=kind.value if kind else None,
            topics=tuple(topic) if topic else None,
            as_at=date_option(as_at, "--as-at"),
            measure=measure,
            event=event,
            disputed=disputed,
            figure=given,
            unit=None if unit is None or given else unit_option(unit),
        )
        aliases = tuple(alias or ()) or _ask_aliases(register, cand, measure, no_input)
        before = register.measures.get(measure or "")
        register = accept(dossier.facts_path, entry, dossier.load, aliases)
    check = register.report(fact_id).checks[0]
    typer.echo(
        f"added fact {fact_id} ({entry['kind']}): verified at {check.source_id}, "
        f"{check.locator.detail() if check.locator else ''}"
    )
    after = register.measures.get(measure or "")
    if after is not None and after != before:
        added = [p for p in after.phrases if before is None or p not in before.phrases]
        typer.echo(
            f"measure {after.id}: {'declared' if before is None else 'aliases added'}: "
            f"{', '.join(added)}"
        )
    kept = [a for a in aliases if after is not None and " ".join(a.split()) not in after.phrases]
    if kept:  # the same words as one of its names: nothing to add
        typer.echo(f"measure {measure}: already named so (its words match): {', '.join(kept)}")


def _interactive() -> bool:
    """Whether a person is at the terminal to answer (standard input is one)."""
    import sys

    return sys.stdin.isatty()


def _ask_aliases(
    register: Register, cand: Candidate, measure: str | None, no_input: bool
) -> tuple[str, ...]:
    """At a terminal, other names of the measure, offering the words the quote counts."""
    from evidence.headfigure import head_figure
    from evidence.measures import counted_phrase

    if measure is None or no_input or not _interactive():
        return ()
    head = head_figure(cand.quote)
    seen = counted_phrase(cand.quote, head) if head is not None else None
    known = register.measures.get(measure)
    if seen and known and seen.lower() in {p.lower() for p in known.phrases}:
        seen = None
    try:
        answer = _prompt(
            f"Other names sources give {measure} (comma-separated; - for none)", seen, str
        )
    except (typer.Abort, EOFError):
        return ()
    return tuple(a.strip() for a in str(answer).split(",") if a.strip() not in ("", "-"))


@evidence_app.command("curate")
def curate_command(
    ctx: typer.Context,
    source_id: Annotated[str, typer.Argument(metavar="SOURCE", help="The source's id.")],
) -> None:
    """Walk a source's candidate facts one by one: accept, edit, skip or quit.

    Accepting asks for the fact's id (an id is proposed); editing asks for the statement,
    kind and topics first. Each accepted fact is verified and written to facts.yaml at once,
    so quitting keeps what was accepted. Needs a terminal (or answers on standard input).
    """
    from drafting.errors import UsageError
    from evidence.candidates import accept, candidates, fact_entry
    from evidence.dossier import slug_for
    from evidence.errors import UserError
    from evidence.register import FACT_KINDS
    from evidence.suggest import did_you_mean

    dossier = current_dossier(ctx)
    dossier.refuse_bundled("evidence curate")
    register = dossier.load()
    if source_id not in register.sources:
        raise UsageError(
            f"no source {source_id!r} in the dossier",
            hint=did_you_mean(source_id, register.sources),
        )
    source = register.sources[source_id]
    quoted = {
        c.quote for f in register.facts.values() for c in f.citations if c.source == source_id
    }
    found = [
        c for c in candidates(source.meta, source.segmentation, register) if c.quote not in quoted
    ]
    accepted = 0
    try:
        for n, cand in enumerate(found, 1):
            _print_candidate(n, cand)
            choice = (
                typer.prompt(
                    "   [a]ccept, [e]dit, [s]kip or [q]uit", default="s", show_default=False
                )
                .strip()
                .lower()[:1]
            )
            if choice == "q":
                break
            if choice not in ("a", "e"):
                continue
            statement, kind, topics = cand.statement, cand.kind, cand.topics
            if choice == "e":
                statement = typer.prompt("   statement", default=statement)
                kind = typer.prompt(f"   kind ({', '.join(FACT_KINDS)})", default=kind)
                while kind not in FACT_KINDS:
                    kind = typer.prompt(
                        f"   kind, one of {', '.join(FACT_KINDS)}", default=cand.kind
                    )
                topics = tuple(
                    t.strip()
                    for t in typer.prompt(
                        "   topics (comma-separated)", default=", ".join(topics)
                    ).split(",")
                    if t.strip()
                )
            proposed = slug_for(" ".join(statement.split()[:6]))
            while True:
                fact_id = typer.prompt("   fact id", default=proposed).strip()
                if fact_id in register.facts:
                    typer.echo(f"   {fact_id!r} is taken; choose another")
                    continue
                try:
                    with dossier.editing("evidence curate"):
                        register = accept(
                            dossier.facts_path,
                            fact_entry(
                                cand, fact_id, statement=statement, kind=kind, topics=topics
                            ),
                            dossier.load,
                        )
                except UserError as exc:
                    typer.echo(f"   not added: {exc}")
                    break
                accepted += 1
                typer.echo(f"   added fact {fact_id}")
                break
    except typer.Abort:
        typer.echo("")  # input ended: what was accepted is kept
    typer.echo(f"{accepted} fact(s) added from {source_id}; {len(found)} candidate(s) shown")
