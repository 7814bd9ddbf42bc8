"""``drafting check DRAFT``: a council paper's standing orders, or an FOI request's timing."""

from __future__ import annotations

import datetime as dt
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
)
from drafting.cli.new import ExtendedOption, RefusedOption, RepliedOption

if TYPE_CHECKING:
    from drafting.council.rules import CheckResult


def check_command(
    ctx: typer.Context,
    draft: Annotated[
        Path,
        typer.Argument(
            help="A motion, amendment, question, FOI request or FOI review draft (.yaml).",
            callback=input_file("a motion, amendment, question or FOI draft (.yaml)"),
        ),
    ],
    council: Annotated[
        str | None,
        typer.Option(
            help="The council profile (councils/NAME.yaml; default: the draft's council)."
        ),
    ] = None,
    submitted: Annotated[
        str | None,
        typer.Option(
            help="When it will be submitted (an FOI request: received), 'YYYY-MM-DD HH:MM' "
            "(default: now)."
        ),
    ] = None,
    replied: RepliedOption = None,
    refused: RefusedOption = None,
    extended: ExtendedOption = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Check a motion, amendment, question or FOI request before sending it.

    The last moment to submit (an FOI request: the date the answer is due), worked day by
    day; whether it has passed; words against the limit; signatories; required sections;
    the evidence review. Exit 1 on any breach.

    An FOI request: whether the reply came in time (--replied, else the date of the
    dossier's foi-response source whose 'request' is this draft), or is overdue; and the
    sections it refused under (the reply's text, --refused). Exit 1 when late, overdue or
    refused.
    """
    from drafting.check import check
    from drafting.kinds import load_draft
    from drafting.kinds.foi_reply import ReplyOptions

    when = _submitted(submitted)
    result = check(
        load_draft(draft),
        current_dossier(ctx, near=draft),
        council=council,
        submitted=when,
        reply=ReplyOptions(replied, refused, extended),
    )
    if fmt is Format.json:
        emit_json(result.data())
    else:
        _print_check(draft, result)
    raise typer.Exit(result.exit_code)


def _submitted(submitted: str | None) -> dt.datetime | None:
    """``--submitted`` read as 'YYYY-MM-DD HH:MM' (None: now).

    Raises:
        UsageError: it is not a date and time in that form.
    """
    from drafting.errors import UsageError

    if submitted is None:
        return None
    try:
        return dt.datetime.strptime(submitted.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise UsageError(
            f"--submitted {submitted!r} is not a date and time",
            hint="Write it as 'YYYY-MM-DD HH:MM', e.g. '2019-09-06 09:30'",
        ) from None


def _print_check(draft: Path, result: CheckResult) -> None:
    """The deadline day by day, notes, breaches, the review's findings, and the summary."""
    out = console()
    out.print(
        f"{draft}: {result.kind}, checked against {result.profile.title} ({result.chosen})",
        markup=False,
    )
    if result.deadline is not None:
        out.print(f"deadline: {result.deadline.rule}", markup=False)
        for day in result.deadline.trail:
            out.print(f"  {day.line()}", markup=False)
    for note in result.notes:
        out.print(f"note: {note}", markup=False)
    if result.reply is not None:
        _print_reply(result.reply)
    for breach in result.breaches:
        out.print(f"BREACH: {breach}", markup=False, style="bold red")
    for finding in result.review.findings:
        if finding.severity != "info":
            out.print(
                f"  {finding.severity} {finding.code} {finding.place}: {finding.message}",
                markup=False,
            )
    out.print(result.summary(), markup=False)


#: The most days after an FOI answer's due date printed one by one (--format json has all).
_DAYS_SHOWN = 15


def _print_reply(reply: Any) -> None:
    """An FOI reply: the days it was late, its notes, each ground with what to argue."""
    out = console()
    if reply.late_days:
        out.print(f"after the due date, {reply.due:%a} {reply.due.day} {reply.due:%b %Y}:")
        shown = reply.late_days
        if len(shown) > _DAYS_SHOWN:  # overdue for years: the count, not every day of it
            shown = [*shown[: _DAYS_SHOWN - 2], None, shown[-1]]
        for day in shown:
            line = f"... {len(reply.late_days) - _DAYS_SHOWN + 1} days more ..."
            out.print(f"  {day.line() if day is not None else line}", markup=False)
    out.print(f"reply: {reply.verdict()}", markup=False)
    for note in reply.notes:
        out.print(f"note: {note}", markup=False)
    for ground in reply.grounds:
        out.print(f"refused under {ground.cited}: {ground.name}", markup=False)
        for point in ground.points():
            out.print(f"  - {point}", markup=False)
