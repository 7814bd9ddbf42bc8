"""``drafting evidence add | accept | rehash``: what changes a dossier's evidence."""

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
)

if TYPE_CHECKING:
    from rich.console import Console

    from evidence.add import Document
    from evidence.candidates import Candidate
    from evidence.describe import Given, Question
    from evidence.intake import Accepted, Added
    from evidence.sources import SourceMeta


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


def _prompt(question: Question) -> Any:
    """Ask at the terminal until the question's check takes the answer; blank takes its offer."""

    def proc(raw: str) -> Any:
        try:
            return question.answer(raw)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None

    shown = f" [{question.offered}]" if question.offered else ""
    return typer.prompt(f"{question.label}{shown}", default="", show_default=False, value_proc=proc)


def print_candidate(n: int, cand: Candidate, out: Console | None = None) -> None:
    """A candidate fact as add and curate list it: handle, quote, date, topics, relations."""
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
            help="The document: .txt, .md, .docx, .pdf, a spreadsheet (.xlsx, .csv: "
            "each cell citable), or an .html page (reduced to its article text).",
            callback=input_file(
                "a document: .txt, .md, .docx, .pdf, .xlsx, .csv or .html",
                documents=True,
                pdf=True,
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
    request: Annotated[
        Path | None,
        typer.Option(
            help="The FOI request it answers: the draft's path from the dossier's folder "
            "(drafts/foi-x.yaml). Implies --kind foi-response."
        ),
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
    the source it repeats, so it is not counted as corroboration. A reply to an FOI
    request names it with --request (a draft of kind foi in the dossier).
    """
    from evidence.add import read_document
    from evidence.describe import Given
    from evidence.intake import AlreadyAdded, add_document, copies_of
    from evidence.records import added_record
    from evidence.sources import require_slug

    if source_id is not None:
        require_slug(source_id, "--id")
    dossier = current_dossier(ctx)
    dossier.refuse_bundled("evidence add")
    if request is not None:
        from drafting.kinds import foi_request

        request_path = foi_request(dossier.root, request)
    given = Given(
        title=title,
        description=description,
        kind=kind.value if kind else None,
        publisher=publisher,
        authors=tuple(a.strip() for name in author or () for a in name.split(";") if a.strip()),
        date=date_option(date, "--date"),
        url=url,
        source_id=source_id,
        request=request_path if request is not None else None,
    )
    register = dossier.load()
    with ocr_progress(file.name) as progress:
        document = read_document(file, dossier.reads, progress)
    try:
        copies_of(document, register)
        meta = _interview(document, given, set(register.sources), no_input)
        added = add_document(dossier, document, meta, id_given=source_id is not None)
    except AlreadyAdded as exc:
        typer.echo(str(exc))
        raise typer.Exit(1) from None
    if fmt is Format.json:
        emit_json(added_record(added))
    else:
        _print_added(added)


def _interview(document: Document, given: Given, taken: set[str], no_input: bool) -> SourceMeta:
    """The document's description: asked at the terminal, or with --no-input nothing asked."""
    from drafting.errors import UsageError
    from evidence.describe import interview

    try:
        return interview(document, given, taken, (lambda _: None) if no_input else _prompt)
    except (typer.Abort, EOFError):
        raise UsageError(
            "the input ended before every question was answered; nothing was added",
            hint="Give the values as options, or use --no-input",
        ) from None


def _print_added(added: Added) -> None:
    """What ``evidence add`` added, what it could not read, what is unknown, and candidates."""
    meta, source, offered = added.meta, added.source, added.document.offered
    seg = source.segmentation
    typer.echo(
        f"added {meta.id}: {added.document.keep_as} ({len(seg.citable)} citable paragraphs, "
        f"{len(seg.excluded)} not citable: "
        f"{', '.join(sorted({p.excluded or '' for p in seg.excluded})) or 'none'})"
    )
    if source.ocr_pages:
        typer.echo(f"read by OCR: {_pages(source.ocr_pages)} (scanned, no text layer)")
    if source.unreadable:
        typer.echo(f"{source.unreadable_note()}: nothing on them can be cited")
    if added.copies:
        first = added.copies[0]
        typer.echo(
            f"it repeats {first.source} ({first.share:.0%} of the text): "
            f"recorded as duplicate_of {first.source}, not counted as separate "
            "corroboration"
        )
    if added.unknown:
        typer.echo(
            f"unknown: {', '.join(added.unknown)}"
            + (
                f" (the document offers: date {offered.date.iso()}, {offered.date_evidence})"
                if offered.date and meta.date.value is None
                else ""
            )
        )
    out = console()  # one for the list: a console per candidate costs more than its lines
    for n, cand in enumerate(added.candidates, 1):
        print_candidate(n, cand, out)
    found = added.candidates
    typer.echo(
        f"{len(found)} candidate fact(s); make one a fact with: drafting evidence "
        f"accept {found[0].handle if found else meta.id + ':1.1'} --id FACT-ID"
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
    from evidence.intake import Edits, accept_candidate, check_request

    aliases = tuple(alias or ())
    check_request(fact_id, measure, aliases)
    figure_option(figure, unit)  # a figure or its unit that does not read: refused first
    edits = Edits(
        statement=statement,
        kind=kind.value if kind else None,
        topics=tuple(topic) if topic else None,
        as_at=as_at,
        measure=measure,
        event=event,
        disputed=disputed,
        figure=figure,
        unit=unit,
    )
    ask = None if no_input or not _interactive() else _ask_aliases
    accepted = accept_candidate(
        current_dossier(ctx), handle, fact_id, edits, aliases=aliases, ask=ask
    )
    _print_accepted(accepted)


def _print_accepted(accepted: Accepted) -> None:
    """The fact added and where it verified; what it declared of its measure."""
    check = accepted.check
    typer.echo(
        f"added fact {accepted.fact_id} ({accepted.entry['kind']}): verified at "
        f"{check.source_id}, {check.locator.detail() if check.locator else ''}"
    )
    changed = accepted.changed_measure
    if changed is not None:
        typer.echo(
            f"measure {changed.id}: {'declared' if accepted.before is None else 'aliases added'}: "
            f"{', '.join(accepted.names_added)}"
        )
    if accepted.already_named:  # the same words as one of its names: nothing to add
        typer.echo(
            f"measure {accepted.entry['measure']}: already named so (its words match): "
            f"{', '.join(accepted.already_named)}"
        )


def _interactive() -> bool:
    """Whether a person is at the terminal to answer (standard input is one)."""
    import sys

    return sys.stdin.isatty()


def _ask_aliases(question: Question) -> tuple[str, ...]:
    """Other names of the measure, asked at the terminal; none if the input ends."""
    try:
        return tuple(_prompt(question))
    except (typer.Abort, EOFError):
        return ()
