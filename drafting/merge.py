"""Mail merge: one draft, one document per row of a CSV of recipients.

The CSV's header names what each column fills: a field of the recipient (``name``,
``honorific``, ``title``, ``organisation``, ``address``: the draft's ``recipient``, a
question's ``to``, an FOI request's ``authority``), or any field of the draft by its dotted
path (``subject``, ``meeting.date``, ``recipient.address``). A column naming no field, or
two columns filling one, is an error before anything is written. A list field takes its
items separated by ``;`` or by line breaks in the cell (Alt+Enter in Excel); elsewhere a
line break is a space. The file is read by :func:`evidence.csvio.read_table`: comma,
semicolon or tab separated, UTF-8 or UTF-16, each cell bounded and free of control characters.

The register is loaded and the template compiled once per process; each row is validated,
reviewed, rendered and written atomically on its own, so a bad row is reported with its
number and the others are still written. ``skip_existing`` resumes a run that was stopped.

Durability is per batch, not per letter. Each letter is written to a temporary file and
renamed into place, so a file under its final name is always whole while the machine stays
up, whatever kills the process (SIGKILL included: only a temporary ``.NAME.PID.*.tmp`` may
be left, swept by the next run). The files and the folder are fsynced once, at the end of
the batch, and also on the way out when the merge is stopped by an exception, SIGINT
(Ctrl-C) or SIGTERM (the signals are held off while the sync runs; SIGTERM then ends the
process as it would have). A power cut or kernel crash is another matter: letters renamed
since the batch began, not yet synced, may afterwards be missing or empty (ext4's default
``data=ordered`` with delayed allocation can commit a rename before the data), and, where
the filesystem does not order data before metadata (ext4 ``data=writeback``, some network
filesystems), cut short or holding stale blocks. Letters of a batch that finished are
durable. ``skip_existing`` therefore skips only a file that reads as a whole ``.docx`` (a
zip whose directory reads); one cut short is reported as failed, to delete or ``force``.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import multiprocessing
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from drafting.errors import DraftingError, UsageError
from drafting.kinds import LoadedDraft, load_draft
from drafting.kinds.base import Kind
from drafting.models import Recipient
from drafting.notes import CitationStyle
from drafting.render import RenderSession
from evidence.batch import Writer, synced, terminate_raises, whole_zip
from evidence.csvio import read_table
from evidence.dossier import Dossier, open_dossier, slug_for
from evidence.errors import UserError
from evidence.fsio import sweep_temporaries
from evidence.house import Repeats
from evidence.yamlio import YamlDoc, validate

#: The most a recipients file may hold.
MAX_BYTES = 16 * 2**20
MAX_ROWS = 100_000
#: Rows each extra process must have to pay for its start (loading the register, compiling
#: the template: about half a second).
MIN_ROWS_PER_JOB = 25
#: Rows made here, before the workers start, until one is written (so that they start warm).
WARM_ROWS = 8
Status = Literal["written", "skipped", "failed"]


@dataclass(frozen=True)
class RowResult:
    """What became of one row."""

    row: int  # 1 for the first row after the header
    out: Path | None
    status: Status
    message: str = ""


@functools.cache
def recipient_field(kind: Kind[Any]) -> str | None:
    """The draft's field holding the recipient (the first of type Recipient)."""
    for name, info in kind.model.model_fields.items():
        if info.annotation is Recipient:
            return name
    return None


def _leaves(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    """The dotted path of every field a cell can fill (a model's fields, not the model)."""
    for name, info in model.model_fields.items():
        inner = info.annotation
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            yield from _leaves(inner, f"{prefix}{name}.")
        elif f"{prefix}{name}" != "kind":
            yield f"{prefix}{name}"


def column_choices(kind: Kind[Any]) -> list[str]:
    """Every name a column may have: the recipient's fields, then the draft's by path."""
    recipient = recipient_field(kind)
    return [*(Recipient.model_fields if recipient else ()), *_leaves(kind.model)]


def column_paths(kind: Kind[Any], columns: list[str], source: Path) -> dict[str, tuple[str, ...]]:
    """Each column's field path in the draft.

    Raises:
        UsageError: a column names no field of this kind of draft, or two fill one field.
    """
    recipient = recipient_field(kind)
    choices = column_choices(kind)
    out: dict[str, tuple[str, ...]] = {}
    for column in columns:
        name = column.strip()
        if name not in choices:
            from evidence.suggest import did_you_mean

            hint = (
                f"A {kind.name} has no recipient"
                if name in Recipient.model_fields
                else did_you_mean(name, [c for c in choices if c != name])
            )
            raise UsageError(
                f"column {column!r} names no field of a {kind.name}", path=source, line=1, hint=hint
            )
        path = (
            (recipient, name)
            if recipient and name in Recipient.model_fields
            else tuple(name.split("."))
        )
        twin = next((c for c, p in out.items() if p == path), None)
        if twin is not None:
            raise UsageError(
                f"columns {twin!r} and {column!r} both fill {'.'.join(path)} "
                f"(columns {columns.index(twin) + 1} and "
                f"{columns.index(column) + 1})",
                path=source,
                line=1,
                hint="Keep one of them",
            )
        out[column] = path
    return out


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a recipients CSV (see :func:`evidence.csvio.read_table`).

    Raises:
        CsvError: not a CSV with a header and at least one row, too large, or a header
            cell, row or cell refused.
    """
    table = read_table(path, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    columns = list(table.header)
    return columns, [
        {c: v.strip() for c, v in zip(columns, row.cells, strict=True)} for row in table.rows
    ]


@functools.cache
def _is_list(model: type[BaseModel], path: tuple[str, ...]) -> bool:
    field = model.model_fields[path[0]]
    if (
        len(path) > 1
        and isinstance(field.annotation, type)
        and issubclass(field.annotation, BaseModel)
    ):
        return _is_list(field.annotation, path[1:])
    return "tuple" in str(field.annotation) or "list" in str(field.annotation)


def row_data(
    kind: Kind[Any], base: dict[str, Any], paths: dict[str, tuple[str, ...]], row: dict[str, str]
) -> dict[str, Any]:
    """The draft's data with this row's cells filled in.

    The recipient is the row's own: when the file has recipient columns, the draft's
    recipient is replaced, not patched (a row with only a title is not addressed to the
    draft's named person). Elsewhere an empty cell leaves the draft's value.
    """
    data = dict(base)  # the draft's own data is shared, never changed: what a row changes is
    made = {id(data)}  # a copy of each dict on the way to it
    recipient = recipient_field(kind)
    if recipient and any(p[0] == recipient for p in paths.values()):
        data[recipient] = {}
        made.add(id(data[recipient]))
    for column, path in paths.items():
        value: Any = row.get(column, "")
        if value == "":
            continue
        if _is_list(kind.model, path):  # items separated by ";" or a line break
            value = [v.strip() for v in re.split("[;\n]", value) if v.strip()]
        else:
            value = re.sub(r"\s*\n\s*", " ", value)
        target = data
        for key in path[:-1]:
            inner = target.get(key)
            if isinstance(inner, dict) and id(inner) not in made:
                target[key] = inner = dict(inner)
                made.add(id(inner))
            target = target.setdefault(key, {}) if isinstance(inner, dict | None) else target
            made.add(id(target))
        target[path[-1]] = value
    return data


#: The widest a field of a name template may be padded: a file name is cut at 120 anyway.
MAX_WIDTH = 120
#: A name template parsed: its literal text, then a field (``row`` or a column) and its spec.
Template = tuple[tuple[str, str | None, str], ...]


def _template_error(pattern: str, problem: str, hint: str) -> UsageError:
    return UsageError(f"--name-template {pattern!r}: {problem}", hint=hint)


def _checked_spec(pattern: str, field: str, spec: str) -> None:
    """A field's format spec, checked to format its kind of value, and not too wide."""
    if any(len(n) > 3 or int(n) > MAX_WIDTH for n in re.findall(r"\d+", spec)):
        raise _template_error(
            pattern,
            f"{{{field}:{spec}}} is wider than a file name",
            f"Keep widths to {MAX_WIDTH} characters or fewer",
        )
    sample: int | str = 1 if field == "row" else ""
    try:
        format(sample, spec)
    except ValueError:
        kind, example = (
            ("a number format", "{row:03} for 001")
            if field == "row"
            else ("a text format", f"{{{field}:.20}} for its first 20 characters")
        )
        raise _template_error(
            pattern, f"{{{field}:{spec}}} is not {kind}", f"Write {example}, or {{{field}}}"
        ) from None


def name_template(pattern: str, columns: list[str]) -> Template:
    """``pattern`` (``--name-template``) parsed as Python's str.format reads it.

    Every field must be ``{row}`` (the row number, ``001``; a format spec such as
    ``{row:04}`` pads it differently) or a column of the CSV, written exactly; a column may
    take a text format spec (``{name:.20}``).

    Raises:
        UsageError: a field naming neither (with the closest column), a conversion
            (``!r``), a spec its value cannot take, or a brace out of place.
    """
    from string import Formatter

    from evidence.suggest import nearest

    try:
        parts = list(Formatter().parse(pattern))
    except ValueError as exc:
        raise _template_error(
            pattern,
            str(exc).replace("'", "“", 1).replace("'", "”", 1),
            "Write {{ or }} for a brace itself",
        ) from None
    out = []
    choices = ["row", *columns]
    for literal, field, spec, conversion in parts:
        if field is not None and field not in choices:
            close = nearest(field, choices, limit=1, scorer="spelling")
            raise _template_error(
                pattern,
                f"{{{field}}} is neither {{row}} nor a column of the recipients",
                (f"Did you mean {{{close[0]}}}? " if close else "")
                + f"The columns: {', '.join(columns)}",
            )
        if field is not None and conversion:
            raise _template_error(
                pattern,
                f"{{{field}!{conversion}}}: a conversion is not supported",
                f"Write {{{field}}}",
            )
        if field is not None and spec:
            _checked_spec(pattern, field, spec)
        out.append((literal, field, spec or ""))
    return tuple(out)


def out_name(template: Template, number: int, row: dict[str, str]) -> str:
    """A file name from a parsed name template (:func:`name_template`).

    ``{row}`` is the row number (001), any other ``{column}`` a cell; the result is made
    safe for every filesystem.
    """
    text = ""
    for literal, field, spec in template:
        text += literal
        if field == "row":
            text += format(number, spec) if spec else f"{number:03d}"
        elif field is not None:
            text += format(row.get(field, ""), spec)
    stem = slug_for(text) or f"{number:03d}"
    return f"{stem[:120]}.docx"


# --- rendering ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    draft: Path
    dossier: Path
    outdir: Path
    pattern: str
    skip_existing: bool
    force: bool
    style: CitationStyle | None
    repeats: Repeats | None
    allow_errors: bool
    today: dt.date | None


@dataclass(frozen=True)
class _Session:
    """A process's part of a merge: what it loaded once, and how it writes."""

    job: _Job
    render: RenderSession
    loaded: LoadedDraft
    paths: dict[str, tuple[str, ...]]
    writer: Writer


_SESSION: _Session | None = None


def _session(job: _Job, columns: list[str]) -> _Session:
    """This process's session: register loaded and template compiled once."""
    global _SESSION
    if _SESSION is None or _SESSION.job != job:
        loaded = load_draft(job.draft)
        _SESSION = _Session(
            job,
            RenderSession(open_dossier(job.dossier)),
            loaded,
            column_paths(loaded.kind, columns, job.draft),
            Writer(force=job.force, inputs=(job.draft,)),
        )
    return _SESSION


def _one(job: _Job, columns: list[str], number: int, row: dict[str, str], name: str) -> RowResult:
    out = job.outdir / name
    if out.exists() and job.skip_existing:
        if not whole_zip(out):
            return RowResult(
                number,
                out,
                "failed",
                f"{out} exists but is not a whole .docx "
                "(cut short by a crash?): delete it, or use --force",
            )
        return RowResult(number, out, "skipped", "exists")
    if out.exists() and not job.force:
        return RowResult(
            number, out, "failed", f"{out} already exists (use --force or --skip-existing)"
        )
    process = _session(job, columns)
    loaded = process.loaded
    try:
        data = row_data(loaded.kind, loaded.doc.data, process.paths, row)
        doc = YamlDoc(loaded.doc.path, data, loaded.doc.lines)
        draft = LoadedDraft(loaded.kind, validate(doc, loaded.kind.model), doc)
        rendered = process.render.render(
            draft,
            style=job.style,
            repeats=job.repeats,
            allow_errors=job.allow_errors,
            today=job.today,
        )
        process.writer.write(out, rendered.data)
    except (UserError, DraftingError) as exc:
        return RowResult(number, None, "failed", str(getattr(exc, "message", exc)))
    return RowResult(
        number,
        out,
        "written",
        f"{rendered.citations} citation(s); review: {rendered.review.summary()}",
    )


def _chunk(
    job: _Job, columns: list[str], items: list[tuple[int, dict[str, str], str]]
) -> list[RowResult]:
    return [_one(job, columns, n, row, name) for n, row, name in items]


def merge(
    draft: Path,
    recipients: Path,
    outdir: Path,
    dossier: Dossier,
    *,
    pattern: str = "{row}-{name}",
    skip_existing: bool = False,
    force: bool = False,
    style: CitationStyle | None = None,
    repeats: Repeats | None = None,
    allow_errors: bool = False,
    jobs: int = 1,
    today: dt.date | None = None,
    progress: Callable[[RowResult], None] | None = None,
) -> list[RowResult]:
    """Render ``draft`` once per row of ``recipients`` into ``outdir``.

    Raises:
        UsageError: the recipients file or its columns are wrong, the name template names
            something else (see :func:`name_template`), two rows would write the same file,
            or ``outdir`` cannot be made (nothing is written then).
    """
    loaded = load_draft(draft)
    columns, rows = read_rows(recipients)
    column_paths(loaded.kind, columns, recipients)  # every column checked before any work
    template = name_template(pattern, columns)
    names = [out_name(template, n, row) for n, row in enumerate(rows, 1)]
    seen: dict[str, int] = {}
    for n, name in enumerate(names, 1):
        if name in seen:
            raise UsageError(
                f"rows {seen[name]} and {n} would both be written to {name}",
                path=recipients,
                hint="Put {row} in --name-template (or a column that differs in every row)",
            )
        seen[name] = n
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot make the output folder ({exc.strerror})", path=outdir) from None
    job = _Job(
        draft.resolve(),
        dossier.root,
        outdir,
        pattern,
        skip_existing,
        force,
        style,
        repeats,
        allow_errors,
        today,
    )
    items = [(n, row, names[n - 1]) for n, row in enumerate(rows, 1)]
    sweep_temporaries(outdir)  # what a killed run left, once for the batch
    with terminate_raises(), synced([outdir / name for name in names]):
        return _run(job, columns, items, jobs, progress)


def _run(
    job: _Job,
    columns: list[str],
    items: list[tuple[int, dict[str, str], str]],
    jobs: int,
    progress: Callable[[RowResult], None] | None,
) -> list[RowResult]:
    """Every row rendered and written, in this process or shared among ``jobs``."""
    results: list[RowResult] = []

    def done(result: RowResult) -> None:
        results.append(result)
        if progress:
            progress(result)

    if jobs <= 1 or len(items) < MIN_ROWS_PER_JOB * jobs:  # a process costs a register load
        for n, row, name in items:
            done(_one(job, columns, n, row, name))
        return results
    context = None
    if "fork" in multiprocessing.get_all_start_methods():
        # Workers forked from here inherit the session: the register loaded, the template
        # compiled and its frame built once, not once per worker; and, from a first letter
        # made here, the review of the prose, its citations and the body to reuse.
        process = _session(job, columns)
        process.render.template(process.loaded).frame()
        while items and len(results) < WARM_ROWS and "written" not in (r.status for r in results):
            done(_one(job, columns, *items.pop(0)))
        context = multiprocessing.get_context("fork")
        gc.freeze()  # the workers' collections then leave the pages they share with this alone
    size = max(1, min(50, len(items) // (jobs * 4)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
    try:
        for batch in pool.map(_chunk, [job] * len(chunks), [columns] * len(chunks), chunks):
            for result in batch:
                done(result)
    finally:  # stopped: the chunks not yet begun are dropped, those under way finish
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
    return sorted(results, key=lambda r: r.row)


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def results_summary(results: list[RowResult]) -> Iterator[str]:
    """One line per failed row, then the counts."""
    for r in results:
        if r.status == "failed":
            yield f"row {r.row}: {r.message}"
    counts = {s: sum(r.status == s for r in results) for s in ("written", "skipped", "failed")}
    yield (
        f"{counts['written']} written, {counts['skipped']} skipped (already there), "
        f"{counts['failed']} failed, of {len(results)} row(s)"
    )
