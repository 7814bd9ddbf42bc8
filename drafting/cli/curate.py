"""``drafting evidence curate``: a source's candidate facts walked at the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from drafting.cli.common import current_dossier
from drafting.cli.intake import print_candidate
from drafting.cli.options import evidence_app

if TYPE_CHECKING:
    from evidence.candidates import Candidate
    from evidence.dossier import Dossier
    from evidence.intake import Edits
    from evidence.register import Register


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
    from evidence.intake import open_candidates

    dossier = current_dossier(ctx)
    dossier.refuse_bundled("evidence curate")
    register = dossier.load()
    found = open_candidates(register, source_id)
    accepted = 0
    try:
        for n, cand in enumerate(found, 1):
            print_candidate(n, cand)
            choice = (
                typer.prompt(
                    "   [a]ccept, [e]dit, [s]kip or [q]uit", default="s", show_default=False
                )
                .strip()
                .lower()[:1]
            )
            if choice == "q":
                break
            if choice in ("a", "e"):
                register, added = _curate_one(dossier, register, cand, edit=choice == "e")
                accepted += added
    except typer.Abort:
        typer.echo("")  # input ended: what was accepted is kept
    typer.echo(f"{accepted} fact(s) added from {source_id}; {len(found)} candidate(s) shown")


def _curate_one(
    dossier: Dossier, register: Register, cand: Candidate, *, edit: bool
) -> tuple[Register, int]:
    """Accept one candidate, edited first if ``edit``: the register after, and 1 if added."""
    from evidence.errors import UserError
    from evidence.intake import Edits, accept_listed, proposed_id

    edits = _edited(cand) if edit else Edits(cand.statement, cand.kind, cand.topics)
    proposed = proposed_id(edits.statement or cand.statement)
    while True:
        fact_id = typer.prompt("   fact id", default=proposed).strip()
        if fact_id not in register.facts:
            break
        typer.echo(f"   {fact_id!r} is taken; choose another")
    try:
        register = accept_listed(dossier, cand, fact_id, edits)
    except UserError as exc:
        typer.echo(f"   not added: {exc}")
        return register, 0
    typer.echo(f"   added fact {fact_id}")
    return register, 1


def _edited(cand: Candidate) -> Edits:
    """The candidate's statement, kind and topics, each asked with the proposal offered."""
    from evidence.intake import Edits
    from evidence.register import FACT_KINDS

    statement = typer.prompt("   statement", default=cand.statement)
    kind = typer.prompt(f"   kind ({', '.join(FACT_KINDS)})", default=cand.kind)
    while kind not in FACT_KINDS:
        kind = typer.prompt(f"   kind, one of {', '.join(FACT_KINDS)}", default=cand.kind)
    typed = typer.prompt("   topics (comma-separated)", default=", ".join(cand.topics))
    return Edits(statement, kind, tuple(t.strip() for t in typed.split(",") if t.strip()))
