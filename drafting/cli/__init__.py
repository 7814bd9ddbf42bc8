"""The ``drafting`` command line: thin commands over the library.

Every command parses its arguments, calls one library function and prints the
result, as a table or ``--format json``. Errors a user can fix are caught in one
place (:class:`drafting.cli.common.Group`), printed as one line on stderr, and
exit with code 2; checks that find problems exit with 1.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from drafting.cli.common import current_dossier, new_app
from drafting.cli.evidence import evidence_app
from drafting.cli.new import new_command
from drafting.cli.review import review_command


class Style(StrEnum):
    """How citations appear in a rendered document."""

    footnotes = "footnotes"
    references = "references"


app = new_app("Evidence-backed letters and motions for councillors.")
app.add_typer(evidence_app, name="evidence")
app.command("review")(review_command)
app.command("new")(new_command)


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
    title: Annotated[str | None, typer.Option(
        help="The dossier's title (default: the folder's name).")] = None,
    name: Annotated[str | None, typer.Option(
        help="Its short name, lower-case words joined by hyphens (default: from the title).")
    ] = None,
) -> None:
    """Make a new, empty dossier with the standard layout (all or nothing)."""
    from evidence.dossier import init_dossier

    made = init_dossier(folder, title=title, name=name)
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
    """Review a draft, then render it to a finished Word document.

    Refuses (exit code 1) when review finds errors, unless --allow-errors.
    """
    from drafting.docx.pdf import pdf_path, to_pdf
    from drafting.render import render_draft

    target = output or draft.with_suffix(".docx")
    if pdf:  # before any work: never replace a PDF without --force
        from evidence.fsio import refuse_overwrite

        refuse_overwrite(pdf_path(target), force=force, inputs=(draft,))
    result = render_draft(draft, current_dossier(ctx), out=target, style=citations.value,
                          force=force, allow_errors=allow_errors)
    for finding in result.review.findings:
        if finding.severity != "info":
            where = f" {finding.place}:" if finding.place else ""
            typer.echo(f"drafting: {finding.severity}: {finding.code}:{where} {finding.message}",
                       err=True)
    typer.echo(result.summary())
    if pdf:
        typer.echo(f"wrote {to_pdf(result.path, force=force)}")


@app.command("amend")
def amend_command(
    ctx: typer.Context,
    original: Annotated[Path, typer.Argument(help="The motion as tabled (.yaml).", exists=True,
                                             dir_okay=False)],
    amended: Annotated[Path, typer.Argument(help="The motion as you would have it (.yaml).",
                                            exists=True, dir_okay=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The amendment draft to write.",
                                         dir_okay=False)] = Path("amendment.yaml"),
    force: Annotated[bool, typer.Option(help="Replace an existing amendment file.")] = False,
) -> None:
    """Write the amendment that turns ORIGINAL into AMENDED, clause by clause, in council form.

    The amendment is a draft (kind: amendment): render it like any other.
    """
    import yaml

    from drafting.amend import amendment_data
    from drafting.errors import DraftingError
    from drafting.kinds import load_draft
    from drafting.kinds.amendment import Instruction, wording
    from drafting.kinds.motion import MotionDraft
    from evidence.fsio import refuse_overwrite, write_atomic

    refuse_overwrite(output, force=force, inputs=(original, amended))
    drafts = [load_draft(p) for p in (original, amended)]
    for loaded in drafts:
        if not isinstance(loaded.draft, MotionDraft):
            raise DraftingError(f"is a {loaded.kind.name}, not a motion", path=loaded.path,
                                hint="drafting amend compares two versions of a motion")
    data = amendment_data(drafts[0].draft, drafts[1].draft)  # type: ignore[arg-type]
    text = (f"# Amendment made by 'drafting amend {original} {amended}'.\n"
            f"# Render it with: drafting render {output}\n"
            + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88))
    write_atomic(output, text, force=force, inputs=(original, amended))
    for n, ins in enumerate(data["instructions"], 1):
        typer.echo(f"{n}. {wording(Instruction.model_validate(ins))}")
    typer.echo(f"wrote {output}: {len(data['instructions'])} instruction(s); it applies back to "
               "the amended text exactly")
