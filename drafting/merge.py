"""Mail merge: one draft, one document per row of a CSV of recipients.

The CSV's header names what each column fills: a field of the recipient (``name``,
``honorific``, ``title``, ``organisation``, ``address``: the draft's ``recipient``, a
question's ``to``, an FOI request's ``authority``), or any field of the draft by its dotted
path (``subject``, ``meeting.date``, ``recipient.address``). A column naming no field is an
error before anything is written. A list field takes its items separated by ``;``.

The register is loaded and the template compiled once per process; each row is validated,
reviewed, rendered and written atomically on its own, so a bad row is reported with its
number and the others are still written. ``skip_existing`` resumes a run that was stopped.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
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
from evidence.dossier import Dossier, open_dossier, slug_for
from evidence.errors import UserError
from evidence.fsio import read_input, write_atomic
from evidence.yamlio import YamlDoc, validate

#: The most a recipients file may hold.
MAX_BYTES = 16 * 2**20
MAX_ROWS = 100_000
#: Rows each extra process must have to pay for its start (loading the register, compiling
#: the template: about half a second).
MIN_ROWS_PER_JOB = 25
Status = Literal["written", "skipped", "failed"]


@dataclass(frozen=True)
class RowResult:
    """What became of one row."""

    row: int  # 1 for the first row after the header
    out: Path | None
    status: Status
    message: str = ""


def recipient_field(kind: Kind[Any]) -> str | None:
    """The draft's field holding the recipient (the first of type Recipient)."""
    for name, info in kind.model.model_fields.items():
        if info.annotation is Recipient:
            return name
    return None


def _known(model: type[BaseModel], path: tuple[str, ...]) -> bool:
    field = model.model_fields.get(path[0])
    if field is None:
        return False
    if len(path) == 1:
        return True
    inner = field.annotation
    return isinstance(inner, type) and issubclass(inner, BaseModel) and _known(inner, path[1:])


def column_paths(kind: Kind[Any], columns: list[str], source: Path) -> dict[str, tuple[str, ...]]:
    """Each column's field path in the draft.

    Raises:
        UsageError: a column names no field of this kind of draft.
    """
    recipient = recipient_field(kind)
    out: dict[str, tuple[str, ...]] = {}
    for column in columns:
        name = column.strip()
        if recipient and name in Recipient.model_fields:
            out[column] = (recipient, name)
        elif _known(kind.model, tuple(name.split("."))) and name != "kind":
            out[column] = tuple(name.split("."))
        else:
            fields = [*(f"{recipient}.{f}" for f in Recipient.model_fields if recipient),
                      *kind.model.model_fields]
            from evidence.suggest import did_you_mean

            raise UsageError(f"column {column!r} names no field of a {kind.name}", path=source,
                             line=1, hint=did_you_mean(name, [*Recipient.model_fields, *fields]))
    return out


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a recipients CSV (bounded in size and rows).

    Raises:
        UsageError: not a CSV with a header and at least one row, or too large.
    """
    data = read_input(path, limit=MAX_BYTES, what="CSV file", error=UsageError,
                      hint="Split it into smaller files")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError("is not UTF-8 text", path=path,
                         hint="Save the spreadsheet as 'CSV UTF-8'") from None
    reader = csv.DictReader(text.splitlines())
    columns = [c for c in (reader.fieldnames or []) if c is not None]
    if not columns or not any(c.strip() for c in columns):
        raise UsageError("has no header row naming the fields", path=path,
                         hint="The first line names each column: name,title,organisation,...")
    rows = []
    for number, row in enumerate(reader, 1):
        if number > MAX_ROWS:
            raise UsageError(f"has over {MAX_ROWS:,} rows; split it", path=path)
        if None in row:
            raise UsageError(f"row {number} has more cells than the header", path=path,
                             line=number + 1)
        rows.append({k: (v or "").strip() for k, v in row.items()})
    if not rows:
        raise UsageError("has a header but no rows", path=path)
    return columns, rows


def _is_list(model: type[BaseModel], path: tuple[str, ...]) -> bool:
    field = model.model_fields[path[0]]
    if len(path) > 1 and isinstance(field.annotation, type) and \
            issubclass(field.annotation, BaseModel):
        return _is_list(field.annotation, path[1:])
    return "tuple" in str(field.annotation) or "list" in str(field.annotation)


def row_data(kind: Kind[Any], base: dict[str, Any], paths: dict[str, tuple[str, ...]],
             row: dict[str, str]) -> dict[str, Any]:
    """The draft's data with this row's cells filled in.

    The recipient is the row's own: when the file has recipient columns, the draft's
    recipient is replaced, not patched (a row with only a title is not addressed to the
    draft's named person). Elsewhere an empty cell leaves the draft's value.
    """
    data = copy.deepcopy(base)
    recipient = recipient_field(kind)
    if recipient and any(p[0] == recipient for p in paths.values()):
        data[recipient] = {}
    for column, path in paths.items():
        value: Any = row.get(column, "")
        if value == "":
            continue
        if _is_list(kind.model, path):
            value = [v.strip() for v in value.split(";") if v.strip()]
        target = data
        for key in path[:-1]:
            target = target.setdefault(key, {}) if isinstance(target.get(key), dict | None) \
                else target
        target[path[-1]] = value
    return data


_FIELD = re.compile(r"\{(\w+)\}")


def out_name(pattern: str, number: int, row: dict[str, str]) -> str:
    """A file name from ``pattern``.

    ``{row}`` is the row number (001), any other ``{column}`` a cell; the result is made
    safe for every filesystem.
    """
    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        return f"{number:03d}" if key == "row" else row.get(key, "")

    stem = slug_for(_FIELD.sub(fill, pattern)) or f"{number:03d}"
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
    style: CitationStyle
    allow_errors: bool
    today: dt.date | None


_SESSION: tuple[_Job, RenderSession, LoadedDraft, dict[str, tuple[str, ...]]] | None = None


def _session(job: _Job, columns: list[str]) -> tuple[RenderSession, LoadedDraft,
                                                     dict[str, tuple[str, ...]]]:
    """This process's session: register loaded and template compiled once."""
    global _SESSION
    if _SESSION is None or _SESSION[0] != job:
        loaded = load_draft(job.draft)
        session = RenderSession(open_dossier(job.dossier))
        _SESSION = (job, session, loaded, column_paths(loaded.kind, columns, job.draft))
    return _SESSION[1], _SESSION[2], _SESSION[3]


def _one(job: _Job, columns: list[str], number: int, row: dict[str, str],
         name: str) -> RowResult:
    out = job.outdir / name
    if out.exists() and job.skip_existing:
        return RowResult(number, out, "skipped", "exists")
    if out.exists() and not job.force:
        return RowResult(number, out, "failed", f"{out} already exists (use --force or "
                                                 "--skip-existing)")
    session, loaded, paths = _session(job, columns)
    try:
        data = row_data(loaded.kind, loaded.doc.data, paths, row)
        doc = YamlDoc(loaded.doc.path, data, loaded.doc.lines)
        draft = LoadedDraft(loaded.kind, validate(doc, loaded.kind.model), doc)
        rendered = session.render(draft, style=job.style, allow_errors=job.allow_errors,
                                  today=job.today)
        write_atomic(out, rendered.data, force=job.force, inputs=(job.draft,))
    except (UserError, DraftingError) as exc:
        return RowResult(number, None, "failed", str(getattr(exc, "message", exc)))
    return RowResult(number, out, "written",
                     f"{rendered.citations} citation(s); review: {rendered.review.summary()}")


def _chunk(job: _Job, columns: list[str],
           items: list[tuple[int, dict[str, str], str]]) -> list[RowResult]:
    return [_one(job, columns, n, row, name) for n, row, name in items]


def merge(draft: Path, recipients: Path, outdir: Path, dossier: Dossier, *,
          pattern: str = "{row}-{name}", skip_existing: bool = False, force: bool = False,
          style: CitationStyle = "footnotes", allow_errors: bool = False, jobs: int = 1,
          today: dt.date | None = None,
          progress: Callable[[RowResult], None] | None = None) -> list[RowResult]:
    """Render ``draft`` once per row of ``recipients`` into ``outdir``.

    Raises:
        UsageError: the recipients file or its columns are wrong, two rows would write the
            same file, or ``outdir`` cannot be made (nothing is written then).
    """
    loaded = load_draft(draft)
    columns, rows = read_rows(recipients)
    column_paths(loaded.kind, columns, recipients)  # every column checked before any work
    names = [out_name(pattern, n, row) for n, row in enumerate(rows, 1)]
    seen: dict[str, int] = {}
    for n, name in enumerate(names, 1):
        if name in seen:
            raise UsageError(f"rows {seen[name]} and {n} would both be written to {name}",
                             path=recipients, hint="Put {row} in --name-template")
        seen[name] = n
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot make the output folder ({exc.strerror})",
                         path=outdir) from None
    job = _Job(draft.resolve(), dossier.root, outdir, pattern, skip_existing, force, style,
               allow_errors, today)
    items = [(n, row, names[n - 1]) for n, row in enumerate(rows, 1)]
    results: list[RowResult] = []
    if jobs <= 1 or len(items) < MIN_ROWS_PER_JOB * jobs:  # a process costs a register load
        for n, row, name in items:
            result = _one(job, columns, n, row, name)
            results.append(result)
            if progress:
                progress(result)
        return results
    size = max(1, min(50, len(items) // (jobs * 4)))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    context = None
    if "fork" in multiprocessing.get_all_start_methods():
        # Workers forked from here inherit the session: the register loaded, the template
        # compiled and its frame built once, not once per worker.
        session, loaded, _ = _session(job, columns)
        session.template(loaded).frame()
        context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for batch in pool.map(_chunk, [job] * len(chunks), [columns] * len(chunks), chunks):
            for result in batch:
                results.append(result)
                if progress:
                    progress(result)
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
    yield (f"{counts['written']} written, {counts['skipped']} skipped (already there), "
           f"{counts['failed']} failed, of {len(results)} row(s)")
