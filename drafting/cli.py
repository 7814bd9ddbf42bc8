"""The ``drafting`` command line: thin commands over the library.

Every command parses its arguments, calls one library function and prints the
result, as a table or ``--format json``. Errors a user can fix are caught in one
place (:class:`drafting.cli_common.Group`), printed as one line on stderr, and
exit with code 2; checks that find problems exit with 1.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from drafting.cli_common import current_dossier, new_app
from drafting.cli_evidence import evidence_app
from drafting.cli_review import review_command


class Style(StrEnum):
    """How citations appear in a rendered document."""

    footnotes = "footnotes"
    references = "references"


app = new_app("Evidence-backed letters and motions for councillors.")
app.add_typer(evidence_app, name="evidence")
app.command("review")(review_command)
new_app_group = new_app("Start a new draft (letters now).")
app.add_typer(new_app_group, name="new")


@app.callback()
def _global(
    ctx: typer.Context,
    dossier: Annotated[Path | None, typer.Option(
        "--dossier", "-d", help="Dossier folder (else $DRAFTING_DOSSIER, else the nearest "
        "folder with dossier.yaml at or above this one, else the bundled dossier).")] = None,
) -> None:
    ctx.obj = dossier


@app.command("init")
def init_command(
    folder: Annotated[Path, typer.Argument(help="Folder for the new dossier (made if missing).")],
    title: Annotated[str | None, typer.Option(help="The dossier's title.")] = None,
) -> None:
    """Make a new, empty dossier with the standard layout."""
    from evidence.dossier import init_dossier

    made = init_dossier(folder, title=title)
    typer.echo(f"made dossier {made.config.name!r} in {made.root}")


def main() -> None:
    """Console-script entry point."""
    app(prog_name="drafting")


@app.command("render")
def render_command(
    ctx: typer.Context,
    draft: Annotated[Path, typer.Argument(help="The draft file (.yaml).", exists=True,
                                          dir_okay=False, readable=True)],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="The .docx to write (default: beside the draft).",
        dir_okay=False)] = None,
    citations: Annotated[Style, typer.Option(
        help="footnotes: real Word footnotes; references: numbered markers and a list.")
    ] = Style.footnotes,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write a PDF through LibreOffice.")
                   ] = False,
    force: Annotated[bool, typer.Option(help="Replace an existing output file.")] = False,
    allow_errors: Annotated[bool, typer.Option(
        "--allow-errors", help="Render even when review finds errors (they are still counted).")
    ] = False,
) -> None:
    """Review a draft (letters now), then render it to a finished Word document.

    Refuses (exit code 1) when review finds errors, unless --allow-errors.
    """
    from drafting.pdf import to_pdf
    from drafting.pipeline import render_draft

    result = render_draft(draft, current_dossier(ctx), out=output, style=citations.value,
                          force=force, allow_errors=allow_errors)
    for warning in result.warnings:
        typer.echo(f"drafting: warning: {warning}", err=True)
    typer.echo(result.summary())
    if pdf:
        typer.echo(f"wrote {to_pdf(result.path)}")


@new_app_group.command("letter")
def new_letter_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="The draft file to write.",
                                         dir_okay=False)] = Path("letter.yaml"),
    answers: Annotated[Path | None, typer.Option(
        help="YAML with senders, recipient and subject, instead of prompts.", exists=True,
        dir_okay=False)] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing draft file.")] = False,
) -> None:
    """Write a letter draft from answers or prompts, suggesting relevant facts."""
    from drafting.newdraft import LetterAnswers, letter_draft_text
    from evidence.fsio import write_atomic
    from evidence.yamlio import YamlDoc, read_yaml, validate

    register = current_dossier(ctx).load()
    if answers is not None:
        given = validate(read_yaml(answers), LetterAnswers)
    else:
        def ask(text: str, required: bool = True) -> str | None:
            value = typer.prompt(text, default="" if not required else None, show_default=False)
            return value.strip() or None

        sender = {"name": ask("Your name (e.g. Cllr Jane Birch)"),
                  "role": ask("Your role (blank for none)", False),
                  "ward": ask("Your ward (blank for none)", False)}
        recipient = {"name": ask("Recipient's name (blank for 'Dear Sir or Madam')", False),
                     "title": ask("Recipient's title or office (blank for none)", False),
                     "organisation": ask("Recipient's organisation (blank for none)", False)}
        data = {"senders": [{k: v for k, v in sender.items() if v}],
                "recipient": {k: v for k, v in recipient.items() if v},
                "subject": ask("Subject")}
        given = validate(YamlDoc(Path("<prompts>"), data, {}), LetterAnswers)
    write_atomic(output, letter_draft_text(given, register), force=force)
    typer.echo(f"wrote {output}; edit its body, then: drafting render {output}")
