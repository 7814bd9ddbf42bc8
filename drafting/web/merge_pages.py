"""Mail merge in the browser: a CSV uploaded, one letter per row, a progress bar, a zip.

The merge is :func:`drafting.merge.merge`, as ``drafting render --recipients`` runs it, on
the draft as saved, in a thread of the server (one row at a time, so the pages stay
quick); the page asks for its progress twice a second (htmx) until it is done, then offers
the letters as one zip and lists the rows that failed, each with its reason. A merge's
files live in a folder of its own under the system's temporary folder, named by a random
token; a finished merge's folder is removed an hour after it ends, when another starts.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from drafting.web.draft_pages import draft_path
from drafting.web.pagekit import download, page
from drafting.web.workspace import Workspace
from evidence.errors import UserError

#: The largest recipients file taken (as `drafting render --recipients` bounds it).
MAX_CSV = 5 * 2**20
#: How long a finished merge's letters stay to download, in seconds.
KEEP_SECONDS = 3600
_TOKEN = re.compile(r"[0-9a-f]{32}")


@dataclass
class Job:
    """One merge: how far it is, what became of each row, and where its letters are."""

    folder: Path
    draft: str
    total: int
    done: int = 0
    rows: list[Any] = field(default_factory=list)
    problem: str | None = None
    finished: float | None = None

    @property
    def written(self) -> int:
        """How many letters were written."""
        return sum(r.status == "written" for r in self.rows)


_JOBS: dict[str, Job] = {}
_LOCK = threading.Lock()


def _workspace(request: Request) -> Workspace:
    workspace: Workspace = request.app.state.workspace
    return workspace


def _sweep() -> None:
    """Forget merges that ended over :data:`KEEP_SECONDS` ago, and remove their files."""
    with _LOCK:
        old = [
            k for k, j in _JOBS.items() if j.finished and time.time() - j.finished > KEEP_SECONDS
        ]
        for token in old:
            shutil.rmtree(_JOBS.pop(token).folder, ignore_errors=True)


async def start(request: Request) -> Response:
    """Start merging the saved draft with the uploaded recipients; show its progress."""
    from drafting.recipients import read_rows

    workspace = _workspace(request)
    path = draft_path(workspace, request.path_params["name"])
    if not path.exists():
        raise UserError(f"save {path.name} first: the merge uses the draft as saved")
    async with request.form(max_files=1, max_fields=5) as form:
        upload = form.get("recipients")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise UserError("no recipients file was chosen", hint="Choose a .csv file")
        data = await upload.read(MAX_CSV + 1)
    if len(data) > MAX_CSV:
        raise UserError(f"the recipients file is over {MAX_CSV // 2**20} MB")
    _sweep()
    folder = Path(tempfile.mkdtemp(prefix="drafting-merge-"))
    csv = folder / "recipients.csv"
    csv.write_bytes(data)
    try:
        _, rows = read_rows(csv)
    except UserError as exc:  # named as the user named the file, not by where it was kept
        shutil.rmtree(folder, ignore_errors=True)
        raise UserError(exc.message, hint=exc.hint, path=upload.filename, line=exc.line) from None
    token = secrets.token_hex(16)
    job = Job(folder, path.name, len(rows))
    with _LOCK:
        _JOBS[token] = job
    threading.Thread(target=_run, args=(job, workspace, path, csv), daemon=True).start()
    return _shown(request, token, job)


def _shown(request: Request, token: str, job: Job) -> Response:
    """The progress as htmx swaps it in, or as a page of its own without htmx."""
    whole = request.headers.get("hx-request") != "true"
    return page(request, "merge.html" if whole else "merge_progress.html", token=token, job=job)


def _run(job: Job, workspace: Workspace, draft: Path, csv: Path) -> None:
    """The merge itself, in its thread; every outcome is kept on ``job``."""
    from drafting.merge import merge

    def progress(row: Any) -> None:
        job.rows.append(row)
        job.done += 1

    try:
        merge(draft, csv, job.folder / "letters", workspace.dossier, progress=progress)
        with zipfile.ZipFile(job.folder / "letters.zip", "w", zipfile.ZIP_STORED) as out:
            for row in job.rows:
                if row.status == "written" and row.out is not None:
                    out.write(row.out, row.out.name)
    except UserError as exc:
        job.problem = str(exc).replace(str(job.folder), "the upload")
    except Exception:  # logged whole; the page says one line
        import logging

        logging.getLogger("drafting.web").exception("a merge of %s failed", job.draft)
        job.problem = "the merge stopped on an error of its own: the server's log has it"
    finally:
        job.finished = time.time()


def _job(request: Request) -> tuple[str, Job]:
    token = request.path_params["job"]
    job = _JOBS.get(token) if _TOKEN.fullmatch(token) else None
    if job is None:
        raise HTTPException(404, "No such merge here (a merge is kept an hour after it ends).")
    return token, job


def progress(request: Request) -> Response:
    """How far the merge is (htmx asks again until it is done)."""
    token, job = _job(request)
    return _shown(request, token, job)


def letters(request: Request) -> Response:
    """The merge's letters, one zip."""
    _, job = _job(request)
    zipped = job.folder / "letters.zip"
    if job.finished is None or not zipped.exists():
        raise HTTPException(404, "The letters are not ready.")
    stem = Path(job.draft).stem
    return download(zipped.read_bytes(), "application/zip", f"{stem}-letters.zip")


ROUTES = [
    ("/drafts/{name}/merge", start, ["POST"]),
    ("/jobs/{job}", progress, ["GET"]),
    ("/jobs/{job}/letters.zip", letters, ["GET"]),
]
