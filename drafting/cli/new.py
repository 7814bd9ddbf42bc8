"""``drafting new KIND``: a new draft from prompts or an answers file."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drafting.cli.common import current_dossier, input_file, output_named

if TYPE_CHECKING:
    from drafting.kinds.base import Kind, Question
    from evidence.register import Register
    from evidence.yamlio import YamlDoc

_SUGGESTED = 3

RepliedOption = Annotated[
    str | None,
    typer.Option(
        help="An FOI request: the date of the reply, YYYY-MM-DD (default: the date of the "
        "dossier's foi-response source whose 'request' is the request's draft)."
    ),
]
RefusedOption = Annotated[
    str | None,
    typer.Option(
        help="An FOI request: the sections the reply refused under, e.g. 12,40 (besides "
        "those its text cites)."
    ),
]
ExtendedOption = Annotated[
    bool,
    typer.Option(
        "--extended",
        help="An FOI request: the reply took more time to consider the public interest (s.10(3)).",
    ),
]


def _ask(question: Question, *, default: str | None = None) -> Any:
    """One answer, asked again until it is acceptable."""
    from drafting.new import check_answer

    def proc(raw: str) -> Any:
        try:
            return check_answer(question, raw)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None

    return typer.prompt(
        question.prompt,
        default=default if not question.required else None,
        show_default=False,
        value_proc=proc,
    )


def _suggest(register: Register, text: str) -> list[str]:
    """Print the facts most relevant to ``text``, numbered; return their ids."""
    from evidence.lookup import suggest_facts

    facts = suggest_facts(register, text, limit=_SUGGESTED)
    for n, fact in enumerate(facts, 1):
        quote = fact.citations[0].quote
        short = quote if len(quote) <= 90 else quote[:87].rsplit(" ", 1)[0] + " ..."
        typer.echo(f"    [{n}] {fact.id}: {fact.statement}\n        “{short}”")
    return [f.id for f in facts]


def _clauses(question: Question, register: Register, first: int) -> list[str]:
    """Clauses under one heading, one at a time, numbered from ``first`` as the motion will.

    A blank line ends the section.
    """
    from dataclasses import replace

    from drafting.new import cite_in

    clauses: list[str] = []
    typer.echo(f"{question.prompt} ... (one clause at a time; a blank line ends the section)")
    while True:
        clause = _ask(
            replace(
                question, required=False, kind="text", prompt=f"  clause {first + len(clauses)}"
            ),
            default="",
        )
        if clause is None:
            return clauses
        ids = _suggest(register, clause)
        if ids:
            several = "; several as 1 3" if len(ids) > 1 else ""
            chosen = typer.prompt(
                f"  Cite which of them? (1-{len(ids)}{several}; blank for none)",
                default="",
                show_default=False,
                value_proc=partial(_choices, count=len(ids)),
            )
            if chosen:
                clause = cite_in(clause, *(ids[n - 1] for n in chosen))
        clauses.append(clause)


def _choices(raw: str, count: int) -> list[int]:
    from drafting.new import chosen_numbers

    try:
        return chosen_numbers(raw, count)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _prompter(register: Register, skip: tuple[str, ...] = ()) -> Any:
    """The ``ask`` callback for :func:`drafting.new.ask_missing`, at the terminal.

    Questions under a field in ``skip`` are not asked (the dossier sets its letterhead).
    """
    from dataclasses import replace

    clauses = 0  # numbered through the whole motion, as the document numbers them

    def ask(question: Question, again: bool) -> Any:
        nonlocal clauses
        if question.path[0] in skip:
            return None
        if question.kind == "section":
            typed = _clauses(question, register, clauses + 1)
            clauses += len(typed)
            return typed
        if again:
            question = replace(
                question, required=False, prompt=f"Another? {question.prompt} (blank to finish)"
            )
        value = _ask(question, default="")
        if question.path[-1] in ("title", "subject") and value:
            typer.echo("  Facts that may be relevant:")
            _suggest(register, value)
        return value

    return ask


def _filled(chosen: Kind[Any], doc: YamlDoc, answers: Path | None, ask: Any) -> dict[str, Any]:
    """The answers given, completed at the terminal (or every one missing named at once).

    Raises:
        UsageError: answers are missing and there is no terminal to ask at, or the input
            ended before every question was answered.
    """
    from drafting.errors import UsageError
    from drafting.new import missing_answers

    if answers is not None and not sys.stdin.isatty():
        missing = missing_answers(chosen, doc.data)
        if missing:
            raise UsageError(
                "the answers lack "
                + "; ".join(f"{'.'.join(map(str, q.path))} ({q.prompt})" for q in missing),
                path=answers,
                hint="There is no terminal to ask at: add them to the answers file",
            )
    return asked(chosen, doc.data, ask, optional=answers is None or sys.stdin.isatty())


def asked(chosen: Kind[Any], given: dict[str, Any], ask: Any, *, optional: bool) -> dict[str, Any]:
    """``given`` completed at the terminal (:func:`drafting.new.ask_missing`).

    Raises:
        UsageError: the input ended before every question was answered.
    """
    from drafting.errors import UsageError
    from drafting.new import ask_missing

    try:
        return ask_missing(chosen, given, ask, optional=optional)
    except typer.Abort:
        raise UsageError(
            "the input ended before every question was answered; nothing was written",
            hint="Give the answers in a file with --answers",
        ) from None


def read_answers(answers: Path | None) -> YamlDoc:
    """An answers file read (none: nothing given yet, to be asked at the terminal).

    Raises:
        DraftingError: it is not a YAML mapping of fields (and the errors of reading YAML).
    """
    from drafting.errors import DraftingError
    from evidence.yamlio import YamlDoc, read_yaml

    doc = read_yaml(answers) if answers else YamlDoc(Path("<prompts>"), {}, {})
    if not isinstance(doc.data, dict):
        raise DraftingError(
            "answers must be a YAML mapping of the draft's fields", path=doc.path, line=1
        )
    return doc


def new_command(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="The kind of document: letter or motion.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="The draft file to write (default: KIND.yaml).", dir_okay=False
        ),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            help="YAML answers with the draft's own field names; whatever it lacks is asked.",
            callback=input_file("an answers file (.yaml)"),
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing draft file.")] = False,
    request: Annotated[
        Path | None,
        typer.Option(
            help="foi-review: the FOI request's draft (.yaml) whose reply is to be reviewed.",
            callback=input_file("an FOI request draft (.yaml)"),
        ),
    ] = None,
    replied: RepliedOption = None,
    refused: RefusedOption = None,
    extended: ExtendedOption = False,
) -> None:
    """Write a new draft from answers or prompts, suggesting the facts most relevant to it.

    With --answers and no terminal, every missing answer is listed in one error (exit 2).

    foi-review --request REQUEST.yaml: a request for internal review of how the FOI request
    was answered: lateness (s.10) and each section it was refused under, with the points
    to make (the reply's date and grounds as for `drafting check --replied`).
    """
    from drafting.kinds.foi_reply import ReplyOptions

    options = ReplyOptions(replied, refused, extended)
    if request is not None or options.given:
        _new_review(ctx, kind, request, (output, answers, force), options)
        return
    from drafting.kinds import get_kind, load_draft
    from drafting.new import check_answers, draft_text, new_draft
    from drafting.review import review_draft
    from evidence.fsio import refuse_overwrite, write_atomic
    from evidence.yamlio import YamlDoc

    chosen = get_kind(kind)
    output_named(output, (".yaml", ".yml"), "a draft (YAML)")
    out = output or Path(f"{chosen.name}.yaml")
    inputs = (answers,) if answers else ()
    refuse_overwrite(out, force=force, inputs=inputs)  # before asking anything
    dossier = current_dossier(ctx, near=out)
    register = dossier.load()
    skip = ("letterhead",) if dossier.config.letterhead else ()
    doc = read_answers(answers)
    check_answers(chosen, doc)
    filled = _filled(chosen, doc, answers, _prompter(register, skip))
    draft = new_draft(chosen, YamlDoc(doc.path, filled, doc.lines))
    write_atomic(out, draft_text(chosen, draft, register), force=force, inputs=inputs)
    review = review_draft(load_draft(out), register, drafting=True)
    _written(out, review)


def _written(out: Path, review: Any) -> None:
    """What was written, what its review found, and what to do next."""
    typer.echo(f"wrote {out}; review: {review.summary()}")
    for finding in review.findings:
        typer.echo(f"  {finding.severity} {finding.code} {finding.place}: {finding.message}")
    typer.echo(f"next: edit {out} as you need, then: drafting render {out}")


def _new_review(
    ctx: typer.Context,
    kind: str,
    request: Path | None,
    given: tuple[Path | None, Path | None, bool],
    options: Any,
) -> None:
    """``drafting new foi-review --request REQUEST.yaml``: the review drafted from the reply.

    ``given`` is ``--output``, ``--answers`` and ``--force``.

    Raises:
        UsageError: the options are not for this kind, or --request is not an FOI request.
    """
    from drafting.errors import UsageError
    from drafting.kinds import get_kind, load_draft
    from drafting.kinds.foi import FoiDraft
    from drafting.kinds.foi_reply import reply_for, review_data
    from drafting.new import draft_text
    from drafting.review import review_draft
    from evidence.fsio import refuse_overwrite, write_atomic
    from evidence.yamlio import YamlDoc, validate

    output, answers, force = given
    chosen = get_kind(kind)
    if chosen.name != "foi-review" or request is None or answers is not None:
        raise UsageError(
            "--request, --replied, --refused and --extended go with "
            "'drafting new foi-review --request REQUEST.yaml' (and no --answers)",
            hint="Give the FOI request's draft with --request",
        )
    output_named(output, (".yaml", ".yml"), "a draft (YAML)")
    out = output or Path(f"{chosen.name}.yaml")
    refuse_overwrite(out, force=force, inputs=(request,))
    loaded = load_draft(request)
    if not isinstance(loaded.draft, FoiDraft):
        raise UsageError(
            f"--request: {request} is a {loaded.kind.name} draft, not an FOI request",
            hint="Give the draft of the FOI request (kind: foi) whose reply is reviewed",
        )
    dossier = current_dossier(ctx, near=request)
    reply = reply_for(loaded.draft, request, dossier, options)
    if reply is None:
        raise UsageError(
            "the request has no date, so its reply cannot be timed",
            path=request,
            hint="Give date: (the day it was received) in the draft",
        )
    data = review_data(loaded.draft, request, reply)
    draft = validate(YamlDoc(request, data, {}), chosen.model)
    register = dossier.load()
    write_atomic(out, draft_text(chosen, draft, register), force=force, inputs=(request,))
    _written(out, review_draft(load_draft(out), register, drafting=True))
