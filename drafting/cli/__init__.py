"""The ``drafting`` command line: thin commands over the library.

Every command parses its arguments, calls one library function and prints the
result, as a table or ``--format json``. Errors a user can fix are caught in one
place (:class:`drafting.cli.common.Group`), printed as one line on stderr, and
exit with code 2; checks that find problems exit with 1.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from drafting.cli import evidence, intake  # noqa: F401  (their commands join evidence_app)

# isort: split
from drafting.cli import curate  # noqa: F401  (after intake: listed after accept, as always)
from drafting.cli.check import check_command
from drafting.cli.common import (
    Format,
    FormatOption,
    console,
    current_dossier,
    emit_json,
    input_file,
    new_app,
    output_named,
)
from drafting.cli.localise import localise_command
from drafting.cli.new import new_command
from drafting.cli.options import evidence_app
from drafting.cli.review import review_command
from drafting.cli.serve import serve_command
from drafting.cli.users import users_app


class Style(StrEnum):
    """How citations appear in a rendered document."""

    footnotes = "footnotes"
    references = "references"
    background = "background"


class Repeat(StrEnum):
    """How a source cited again is given in a footnote."""

    short = "short"
    ibid = "ibid"
    full = "full"


app = new_app("Evidence-backed letters and motions for councillors.")
app.add_typer(evidence_app, name="evidence")
app.command("review")(review_command)
app.command("new")(new_command)
app.command("localise")(localise_command)
app.command("check")(check_command)
app.command("serve")(serve_command)
app.add_typer(users_app, name="users")


@app.callback()
def _global(
    ctx: typer.Context,
    dossier: Annotated[
        Path | None,
        typer.Option(
            "--dossier",
            "-d",
            help="Dossier folder (else $DRAFTING_DOSSIER, else the nearest "
            "folder with dossier.yaml at or above this one, else the bundled dossier).",
        ),
    ] = None,
) -> None:
    ctx.obj = dossier


@app.command("init")
def init_command(
    folder: Annotated[Path, typer.Argument(help="Folder for the new dossier (made if missing).")],
    title: Annotated[
        str | None, typer.Option(help="The dossier's title (default: the folder's name).")
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            help="Its short name, lower-case words joined by hyphens (default: from the title)."
        ),
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
    draft: Annotated[
        Path,
        typer.Argument(
            help="The draft file (.yaml), or a Word document with citations typed as [@fact-id].",
            callback=input_file("a draft (.yaml) or a Word document (.docx)", named_docx=True),
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The .docx to write (default: beside the draft); with "
            "--recipients, the folder to write into.",
        ),
    ] = None,
    citations: Annotated[
        Style | None,
        typer.Option(
            help="footnotes: real Word footnotes; references: numbered markers and a list of "
            "sources; background: no marks in the text, a Background and evidence section "
            "after it (motions). Default: the dossier's citations.style, else footnotes.",
            show_default=False,
        ),
    ] = None,
    repeats: Annotated[
        Repeat | None,
        typer.Option(
            help="A source cited again, in a footnote: short (Who, “Title” (n 3), para. 8), "
            "ibid (Ibid, para. 8 right after a note citing it alone; else short) or full. "
            "Default: the dossier's citations.repeats, else short.",
            show_default=False,
        ),
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also write a PDF through LibreOffice.")
    ] = False,
    force: Annotated[bool, typer.Option(help="Replace an existing output file.")] = False,
    allow_errors: Annotated[
        bool,
        typer.Option(
            "--allow-errors", help="Render even when review finds errors (they are still counted)."
        ),
    ] = False,
    allow_restricted: Annotated[
        bool,
        typer.Option(
            "--allow-restricted",
            help="Cite restricted sources (a document that stays inside the group): "
            "their citations are warnings, not errors.",
        ),
    ] = False,
    recipients: Annotated[
        Path | None,
        typer.Option(
            help="Mail merge: a CSV whose header names recipient fields (name, title, "
            "organisation, address ...) or any draft field by its dotted path; one document "
            "per row into the -o folder.",
            callback=input_file("a CSV file"),
        ),
    ] = None,
    name_template: Annotated[
        str,
        typer.Option(
            help="Mail merge: each file's name, from {row} (or {row:04}) and any {column}, "
            "as a CSV header names it."
        ),
    ] = "{row}-{name}",
    jobs: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Mail merge: processes to use (default: the cores)."),
    ] = None,
    skip_existing: Annotated[
        bool, typer.Option(help="Mail merge: leave files already written (resume a stopped run).")
    ] = False,
) -> None:
    """Review a draft, then render it to a finished Word document.

    A Word document (.docx) with citations typed as [@fact-id] becomes the same document
    with footnotes in their place (default output: NAME-rendered.docx).

    Refuses (exit code 1) when review finds errors, unless --allow-errors. With
    --recipients, renders one document per CSV row into the -o folder: a bad row is reported
    with its number and the others are still written (exit 1 if any failed).
    """
    if draft.suffix.lower() == ".docx":
        _render_word(
            ctx,
            draft,
            output,
            (_value(citations), _value(repeats)),
            pdf,
            force,
            allow_errors,
            recipients is not None,
        )
        return
    if recipients is not None:
        _merge(
            ctx,
            draft,
            recipients,
            output,
            (_value(citations), _value(repeats)),
            force,
            allow_errors,
            name_template,
            jobs,
            skip_existing,
        )
        return
    allow = (allow_errors, allow_restricted)
    _render_one(ctx, draft, output, (_value(citations), _value(repeats)), pdf, force, allow)


def _render_one(
    ctx: typer.Context,
    draft: Path,
    output: Path | None,
    style: tuple[Any, Any],
    pdf: bool,
    force: bool,
    allow: tuple[bool, bool],
) -> None:
    """Render one draft to one .docx (and a PDF), then say what review and check found.

    ``allow``: render despite review's errors; cite restricted sources.
    """
    from drafting.check import check, checked_kinds
    from drafting.errors import UsageError
    from drafting.render import render_draft

    if output is not None and output.is_dir():
        raise UsageError(
            f"--output: {output} is a folder; give the .docx file to write "
            "(a folder is for --recipients)"
        )
    output_named(output, (".docx",), "a Word document")
    target = output or draft.with_suffix(".docx")
    dossier = current_dossier(ctx, near=draft)
    result = render_draft(
        draft,
        dossier,
        out=target,
        style=style[0],
        repeats=style[1],
        force=force,
        allow_errors=allow[0],
        pdf=pdf,
        allow_restricted=allow[1],
    )
    _print_findings(result.review)
    typer.echo(result.summary())
    if result.loaded is not None and result.kind in checked_kinds():
        checked = check(result.loaded, dossier, review=result.review)
        typer.echo(checked.summary())
        for breach in checked.breaches:  # the review's findings are printed above
            if not breach.startswith("review:"):
                typer.echo(f"  {breach}")
    if result.pdf is not None:
        typer.echo(f"wrote {result.pdf}")


def _value(choice: StrEnum | None) -> Any:
    return choice.value if choice is not None else None


def _render_word(
    ctx: typer.Context,
    document: Path,
    output: Path | None,
    style: Any,
    pdf: bool,
    force: bool,
    allow_errors: bool,
    merge: bool,
) -> None:
    """``drafting render MY-LETTER.docx``: the Word draft with its citations as notes."""
    from drafting.docx.pdf import pdf_path, to_pdf
    from drafting.errors import UsageError
    from drafting.word import default_output, render_word

    if merge:
        raise UsageError(
            "--recipients merges a draft (.yaml); a Word document is rendered once",
            hint="Use Word's own mail merge on the rendered document",
        )
    if output is not None and output.is_dir():
        raise UsageError(f"--output: {output} is a folder; give the .docx file to write")
    output_named(output, (".docx",), "a Word document")
    target = output or default_output(document)
    if pdf:  # before any work: never replace a PDF without --force
        from evidence.fsio import refuse_overwrite

        refuse_overwrite(pdf_path(target), force=force, inputs=(document,))
    result = render_word(
        document,
        current_dossier(ctx, near=document),
        out=target,
        style=style[0],
        repeats=style[1],
        force=force,
        allow_errors=allow_errors,
    )
    _print_findings(result.review)
    typer.echo(result.summary())
    if pdf:
        typer.echo(f"wrote {to_pdf(result.path, force=force)}")


def _print_findings(review: Any) -> None:
    """Each error and warning of a render's review, one line each on stderr."""
    for finding in review.findings:
        if finding.severity != "info":
            where = f" {finding.place}:" if finding.place else ""
            typer.echo(
                f"drafting: {finding.severity}: {finding.code}:{where} {finding.message}", err=True
            )


def _merge(
    ctx: typer.Context,
    draft: Path,
    recipients: Path,
    output: Path | None,
    style: Any,
    force: bool,
    allow_errors: bool,
    name_template: str,
    jobs: int | None,
    skip_existing: bool,
) -> None:
    import sys
    from contextlib import nullcontext

    from drafting.errors import UsageError
    from drafting.merge import default_jobs, merge, read_rows, results_summary

    if output is None:
        raise UsageError("--recipients writes one document per row: give the folder with -o")
    if output.exists() and not output.is_dir():
        raise UsageError(f"--output: {output} is a file; with --recipients it is a folder")
    total = len(read_rows(recipients)[1])  # the file's mistakes first, as they always were
    bar: Any = nullcontext()  # off a terminal no bar is drawn, and rich is not loaded
    if sys.stderr.isatty():
        from rich.progress import Progress

        bar = Progress(transient=True)
    with bar:
        task = None if isinstance(bar, nullcontext) else bar.add_task("rendering", total=total)
        results = merge(
            draft,
            recipients,
            output,
            current_dossier(ctx, near=draft),
            pattern=name_template,
            skip_existing=skip_existing,
            force=force,
            style=style[0],
            repeats=style[1],
            allow_errors=allow_errors,
            jobs=jobs or default_jobs(),
            progress=None if task is None else lambda _: bar.advance(task),
        )
    for line in results_summary(results):
        typer.echo(line, err=line.startswith("row "))
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)


@app.command("amend")
def amend_command(
    ctx: typer.Context,
    original: Annotated[
        Path,
        typer.Argument(
            help="The motion as tabled (.yaml).", callback=input_file("a motion draft (.yaml)")
        ),
    ],
    amended: Annotated[
        Path,
        typer.Argument(
            help="The motion as you would have it (.yaml).",
            callback=input_file("a motion draft (.yaml)"),
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The amendment draft to write.", dir_okay=False)
    ] = Path("amendment.yaml"),
    force: Annotated[bool, typer.Option(help="Replace an existing amendment file.")] = False,
) -> None:
    """Write the amendment that turns ORIGINAL into AMENDED, clause by clause, in council form.

    The amendment is a draft (kind: amendment): render it like any other.
    """
    from drafting.amend_check import write_amendment
    from drafting.kinds.amendment import Instruction, wording

    output_named(output, (".yaml", ".yml"), "a draft (YAML)")
    data = write_amendment(
        original, amended, output, force=force, dossier=current_dossier(ctx, near=original)
    )
    for n, ins in enumerate(data["instructions"], 1):
        typer.echo(f"{n}. {wording(Instruction.model_validate(ins))}")
    typer.echo(
        f"wrote {output}: {len(data['instructions'])} instruction(s); it applies back to "
        "the amended text exactly"
    )


templates_app = new_app("The templates a dossier can use, each checked against its kind.")
app.add_typer(templates_app, name="templates")


@templates_app.command("list")
def templates_list_command(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """List the dossier's own and the shipped templates, their kind and whether each fits it.

    Exit code 1 when a template has unknown or missing fields, or cannot be read.
    """
    from drafting.templates import list_templates

    checks = list_templates(current_dossier(ctx))
    if fmt is Format.json:
        emit_json([_template_record(c) for c in checks])
    else:
        from rich.table import Table

        table = Table("name", "kind", "from", "fields", "state", "file")
        for c in checks:
            table.add_row(
                c.name,
                c.kind or "?",
                c.origin,
                str(len({f for used in c.parts.values() for f in used})),
                c.summary(),
                str(c.path),
            )
        console().print(table)
    if not all(c.ok for c in checks):
        raise typer.Exit(1)


@templates_app.command("show")
def templates_show_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A template's name (letter) or a .docx path.")],
    kind: Annotated[
        str | None,
        typer.Option(
            help="Check it as this kind (default: its own name's, or the one it fits best)."
        ),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Show a template's fields, part by part, and any that are unknown or missing for its kind.

    Exit code 1 when a field is unknown or missing, or the template cannot be read.
    """
    from drafting.templates import show_template

    check = show_template(current_dossier(ctx), name, kind)
    if fmt is Format.json:
        emit_json(_template_record(check))
    else:
        out = console()
        out.print(f"{check.name} ({check.origin}, {check.path}): kind {check.kind or '?'}")
        unknown = set(check.unknown)
        for part, used in check.parts.items():
            out.print(f"  {part}:")
            for f in used:
                mark = "  UNKNOWN to this kind" if (part, f) in unknown else ""
                out.print(f"    {f}{mark}", markup=False, highlight=False)
        for f in check.missing:
            out.print(
                f"  MISSING: {f} (the kind's text and citations there would be lost)", markup=False
            )
        out.print(check.summary(), markup=False)
    if not check.ok:
        raise typer.Exit(1)


def _template_record(check: Any) -> dict[str, Any]:
    return {
        "name": check.name,
        "path": str(check.path),
        "from": check.origin,
        "kind": check.kind,
        "ok": check.ok,
        "parts": check.parts,
        "unknown": [{"part": p, "field": f} for p, f in check.unknown],
        "missing": list(check.missing),
        "error": check.error,
    }
