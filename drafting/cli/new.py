"""``drafting new KIND``: a new draft from prompts or an answers file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drafting.cli.common import current_dossier

if TYPE_CHECKING:
    from drafting.kinds.base import Question


def _prompt(question: Question, again: bool) -> Any:
    """Ask one question at the terminal, asking again until the answer is acceptable."""
    from dataclasses import replace

    from drafting.new import check_answer

    if again:
        question = replace(question, required=False,
                           prompt=f"Another? {question.prompt} (blank to finish)")

    def proc(raw: str) -> Any:
        try:
            return check_answer(question, raw)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None

    return typer.prompt(question.prompt, default=None if question.required else "",
                        show_default=False, value_proc=proc)


def new_command(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="The kind of document: letter.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="The draft file to write (default: KIND.yaml).",
        dir_okay=False)] = None,
    answers: Annotated[Path | None, typer.Option(
        help="YAML answers with the draft's own field names; whatever it lacks is asked.",
        exists=True, dir_okay=False)] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing draft file.")] = False,
) -> None:
    """Write a new draft from answers or prompts, listing the facts most relevant to it."""
    from drafting.kinds import get_kind
    from drafting.new import ask_missing, check_answers, draft_text, new_draft
    from evidence.fsio import refuse_overwrite, write_atomic
    from evidence.yamlio import YamlDoc, read_yaml

    chosen = get_kind(kind)
    out = output or Path(f"{chosen.name}.yaml")
    inputs = (answers,) if answers else ()
    refuse_overwrite(out, force=force, inputs=inputs)  # before asking anything
    register = current_dossier(ctx).load()
    doc = read_yaml(answers) if answers else YamlDoc(Path("<prompts>"), {}, {})
    if not isinstance(doc.data, dict):
        from drafting.errors import DraftingError

        raise DraftingError("answers must be a YAML mapping of the draft's fields",
                            path=doc.path, line=1)
    check_answers(chosen, doc)
    filled = ask_missing(chosen, doc.data, _prompt, optional=answers is None)
    draft = new_draft(chosen, YamlDoc(doc.path, filled, doc.lines))
    write_atomic(out, draft_text(chosen, draft, register), force=force, inputs=inputs)
    typer.echo(f"wrote {out}; replace its placeholder text, then: drafting render {out}")
