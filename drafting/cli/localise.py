"""``drafting localise MODEL``: a model motion as this council's draft, its facts cited."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drafting.cli.common import current_dossier, input_file, output_named

if TYPE_CHECKING:
    from drafting.localise import ClauseEvidence
    from evidence.register import Register
    from evidence.yamlio import YamlDoc

MODEL_SUFFIXES = (".txt", ".md", ".docx", ".html", ".htm")


def localise_command(
    ctx: typer.Context,
    model: Annotated[
        Path,
        typer.Argument(
            help="The model motion: .txt, .md, .docx or .html.",
            callback=input_file("a model motion (.txt, .md, .docx or .html)", documents=True),
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="The draft to write (default: MODEL.yaml).", dir_okay=False
        ),
    ] = None,
    council: Annotated[
        str | None,
        typer.Option(help="The council profile (councils/NAME.yaml): its name and headings."),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            help="YAML: the motion's fields (meeting, proposer ...) and cite: {clause 2: [id]}.",
            callback=input_file("an answers file (.yaml)"),
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing draft file.")] = False,
) -> None:
    """Make a model motion this council's draft: sections read, facts offered, cited as picked.

    Each clause that states something is listed with the register's facts that support it
    or give a local or later figure; at a terminal you pick which to cite, else `cite:`
    in --answers does. With neither, the draft is still written: review flags every
    clause and figure left uncited.
    """
    from drafting.cli.new import read_answers
    from drafting.errors import UsageError
    from drafting.localise import check_model, chosen_in, cite, draft_data, evidence_for
    from drafting.modeltext import read_model
    from evidence.add import read_document
    from evidence.fsio import refuse_overwrite

    if model.suffix.lower() not in MODEL_SUFFIXES:
        raise UsageError(
            f"{model}: a model motion is read from {', '.join(MODEL_SUFFIXES)}, "
            f"not {model.suffix or 'a file without a suffix'}",
            hint="Save it as text (.txt) and localise that",
        )
    output_named(output, (".yaml", ".yml"), "a draft (YAML)")
    out = output or model.with_suffix(".yaml")
    inputs = tuple(p for p in (model, answers) if p is not None)
    refuse_overwrite(out, force=force, inputs=inputs)
    dossier = current_dossier(ctx, near=out)
    register = dossier.load()
    doc = read_answers(answers)
    header = {k: v for k, v in doc.data.items() if k != "cite"}
    required: tuple[str, ...] = ()
    if council or "council" in header:
        from drafting.council.profiles import find_profile

        profile, _ = find_profile(
            dossier, council or str(header["council"]), option="--council" if council else None
        )
        if council:
            header["council"] = profile.title
        required = profile.required_sections
    parsed = read_model(read_document(model).text)
    check_model(parsed, model)
    terminal = _terminal()
    if terminal:
        known = {"title": parsed.title, "proposer": parsed.proposer, "seconder": parsed.seconder}
        for key, value in known.items():
            if value and key not in header:
                header[key] = value if key == "title" else {"name": value}
        header = _asked(header, register)
    data = draft_data(parsed, header, required, path=model)
    draft = _validated(data, model, doc)
    clauses = evidence_for(draft, register)
    given = doc.data.get("cite") or {}
    if not isinstance(given, dict):
        raise UsageError(
            "cite: should map clauses to fact ids", path=doc.path, line=doc.line_of(("cite",))
        )
    chosen = chosen_in(given, clauses, lambda i: i in register.facts, doc)
    if terminal and not given:
        chosen = _picked(clauses)
    for clause in clauses:
        if clause.label in chosen:
            cite(data, clause.loc, chosen[clause.label])
    _validated(data, model, doc)
    _write(out, data, clauses, chosen, model, force, inputs, register, parsed.notes)


def _terminal() -> bool:
    """Whether someone is at a terminal to pick facts and fill in the header."""
    return sys.stdin.isatty()


def _asked(header: dict[str, Any], register: Register) -> dict[str, Any]:
    """The header's required fields completed at the terminal (the clauses are the model's)."""
    from drafting.cli.new import _prompter, asked
    from drafting.kinds.motion import Motion

    return asked(Motion(), header, _prompter(register, ("sections",)), optional=False)


def _validated(data: dict[str, Any], model: Path, doc: YamlDoc) -> Any:
    from drafting.kinds.motion import MotionDraft
    from evidence.yamlio import YamlDoc, validate

    return validate(YamlDoc(doc.path if doc.data else model, data, doc.lines), MotionDraft)


def _picked(clauses: list[ClauseEvidence]) -> dict[str, list[str]]:
    """The facts picked at the terminal, clause by clause."""
    from drafting.cli.new import _choices

    chosen: dict[str, list[str]] = {}
    for clause in clauses:
        if not clause.suggestions:
            continue
        typer.echo(f"\n{clause.label}: {clause.text}")
        for n, s in enumerate(clause.suggestions, 1):
            typer.echo(f"    [{n}] {s.fact_id}: {s.statement}\n        ({s.why})")
        count = len(clause.suggestions)
        numbers = typer.prompt(
            f"  Cite which? (1-{count}; several as 1 3; blank for none)",
            default="",
            show_default=False,
            value_proc=partial(_choices, count=count),
        )
        if numbers:
            chosen[clause.label] = [clause.suggestions[n - 1].fact_id for n in numbers]
    return chosen


def _write(
    out: Path,
    data: dict[str, Any],
    clauses: list[ClauseEvidence],
    chosen: dict[str, list[str]],
    model: Path,
    force: bool,
    inputs: tuple[Path, ...],
    register: Register,
    notes: list[str],
) -> None:
    """Write the draft with the facts offered as comments; print them and its review."""
    import yaml

    from drafting.kinds import load_draft
    from drafting.review import review_draft
    from evidence.fsio import write_atomic

    offered = [
        f"#   {c.label}: " + "; ".join(f"{s.fact_id} ({s.why})" for s in c.suggestions)
        for c in clauses
        if c.suggestions and c.label not in chosen
    ]
    lines = [
        f"# A motion localised by 'drafting localise' from {model.name}. Check every clause,",
        "# fill in what says TBC, then: drafting review THIS-FILE.yaml",
    ]
    if notes:
        lines += ["#", "# The model's notes to whoever adopts it (not part of the motion):"]
        lines += [f"#   {' '.join(n.split())}" for n in notes]
    if offered:
        lines += ["#", "# Facts the register offers for clauses left uncited (cite as [@id]):"]
        lines += offered
    text = "\n".join(lines) + "\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    write_atomic(out, text, force=force, inputs=inputs)
    cited = sum(len(v) for v in chosen.values())
    typer.echo(f"wrote {out}: {len(clauses)} clause(s) state something; {cited} citation(s) put in")
    for note in notes:
        typer.echo(f"  left out the model's note: {' '.join(note.split())}")
    for line in offered:
        typer.echo("  offered " + line.removeprefix("#   "))
    review = review_draft(load_draft(out), register, drafting=True)
    typer.echo(f"review: {review.summary()}")
    for finding in review.findings:
        typer.echo(f"  {finding.severity} {finding.code} {finding.place}: {finding.message}")
        if finding.hint:
            typer.echo(f"    hint: {finding.hint}")
    typer.echo(f"next: edit {out}, then: drafting review {out}")
