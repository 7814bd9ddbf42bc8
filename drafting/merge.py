"""Mail merge: one draft, one document per row of a CSV of recipients.

What the CSV's columns fill, each row's draft and each letter's file name are worked out
by :mod:`drafting.recipients`; a column naming no field, two columns filling one, a name
template naming neither ``{row}`` nor a column, or two rows writing one file is an error
before anything is written.

The register is loaded and the template compiled once per process; each row is validated,
reviewed, rendered and written atomically on its own, so a bad row is reported with its
number and the others are still written. ``skip_existing`` resumes a run that was stopped.
What rows have in common is worked out once and each letter is still exactly what it is
made alone (``tests/test_merge_speed.py``): the review of the prose is kept by the prose (a
row that changes a cited field gets its own), the citations by the prose, and a letter is
made of the last letters' parts and body pieces where it is the same as they are
(:mod:`drafting.docx.shared`, :mod:`drafting.docx.reuse`). With ``jobs``, the first letter
is made before the workers are forked, so that they start with all that done.

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
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from drafting.errors import DraftingError, UsageError
from drafting.kinds import LoadedDraft, load_draft
from drafting.notes import CitationStyle
from drafting.recipients import (
    column_choices,
    column_paths,
    name_template,
    out_name,
    read_rows,
    recipient_field,
    row_data,
)
from drafting.render import RenderSession
from evidence.batch import Writer, synced, terminate_raises, whole_zip
from evidence.dossier import Dossier, open_dossier
from evidence.errors import UserError
from evidence.fsio import sweep_temporaries
from evidence.house import Repeats
from evidence.yamlio import YamlDoc, validate

__all__ = [
    "RowResult",
    "column_choices",
    "column_paths",
    "default_jobs",
    "merge",
    "name_template",
    "out_name",
    "read_rows",
    "recipient_field",
    "results_summary",
    "row_data",
]

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
        process.writer.turns = context.Lock()  # the workers create their files in turn
    frozen = context is not None and not gc.get_freeze_count()
    if frozen:  # the workers' collections then leave the pages they share with this alone
        gc.freeze()
    try:
        size = max(1, min(50, len(items) // (jobs * 4)))
        _pooled(
            job,
            columns,
            [items[i : i + size] for i in range(0, len(items), size)],
            jobs,
            context,
            done,
        )
    finally:
        if frozen:
            gc.unfreeze()
        if context is not None:
            _session(job, columns).writer.turns = None
    return sorted(results, key=lambda r: r.row)


def _pooled(
    job: _Job,
    columns: list[str],
    chunks: list[list[tuple[int, dict[str, str], str]]],
    jobs: int,
    context: Any,
    done: Callable[[RowResult], None],
) -> None:
    """The chunks of rows made by ``jobs`` processes, each result handed to ``done``."""
    if not chunks:
        return
    from concurrent.futures import ProcessPoolExecutor  # only when rows are shared out

    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
    try:
        for batch in pool.map(_chunk, [job] * len(chunks), [columns] * len(chunks), chunks):
            for result in batch:
                done(result)
    finally:  # stopped: the chunks not yet begun are dropped, those under way finish
        pool.shutdown(wait=True, cancel_futures=True)


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
