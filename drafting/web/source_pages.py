"""Adding a source in the browser: upload, the questions ``evidence add`` asks, candidates.

The same library as the command line (:mod:`evidence.describe`, :mod:`evidence.intake`):
an uploaded file is kept in the dossier's cache folder under a random token (the user's
file name is cut to a plain base name, in a folder of its own), read as ``evidence add``
reads it, and its questions shown with the values the document offers filled in, to keep
or change: nothing is recorded that the page did not show. The answers are checked by the
questions' own checks; the source is added under the dossier's lock (a copy the dossier has
meanwhile is still caught), and its candidate facts listed, each accepted with one click,
its statement, id, kind, date and measure editable first, verified before it is written.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from drafting.web.pagekit import page, plain_name
from drafting.web.workspace import Workspace
from evidence.errors import UserError

#: The largest document uploaded (a long report as a PDF).
MAX_UPLOAD = 50 * 2**20
#: An upload's token.
_TOKEN = re.compile(r"[0-9a-f]{32}")
#: Uploads not added within this many seconds are swept away by the next upload.
KEEP_SECONDS = 24 * 3600


def _workspace(request: Request) -> Workspace:
    workspace: Workspace = request.app.state.workspace
    return workspace


def _uploads(workspace: Workspace) -> Path:
    from evidence.fsio import cache_dir

    return cache_dir(workspace.dossier.root) / "uploads"


def _uploaded(workspace: Workspace, token: str) -> Path:
    """The file kept under ``token``.

    Raises:
        HTTPException: 404, no such upload (a token mistyped, or swept away).
    """
    folder = _uploads(workspace) / token
    files = sorted(folder.iterdir()) if _TOKEN.fullmatch(token) and folder.is_dir() else []
    if len(files) != 1:
        raise HTTPException(404, "That upload is no longer here: upload the document again.")
    return files[0]


def add_form(request: Request) -> Response:
    """The form to upload a document, or paste a text, to add."""
    return page(request, "add.html")


async def upload(request: Request) -> Response:
    """Keep the uploaded (or pasted) document, read it, and ask what it does not say."""
    workspace = _workspace(request)
    async with request.form(max_files=1, max_fields=5, max_part_size=4 * 2**20) as form:
        sent, pasted = form.get("document"), str(form.get("text") or "")
        name = str(form.get("name") or "")
        if isinstance(sent, UploadFile) and sent.filename:
            name, data = sent.filename, await sent.read(MAX_UPLOAD + 1)
        elif pasted.strip():
            data = pasted.replace("\r\n", "\n").encode("utf-8")
            name = name.strip() or "pasted.txt"
            name = name if "." in name else name + ".txt"
        else:
            raise UserError(
                "no document was chosen or pasted", hint="Choose a file, or paste a text"
            )
    if len(data) > MAX_UPLOAD:
        raise UserError(f"the document is over {MAX_UPLOAD // 2**20} MB")
    safe = plain_name(name, "document")
    token = secrets.token_hex(16)
    folder = _uploads(workspace) / token
    await run_in_threadpool(_keep, folder, safe, data)
    try:
        return await _describe_form(request, token, {}, {})
    except UserError:  # not a document it can read, or one the dossier has: not kept
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _keep(folder: Path, name: str, data: bytes) -> None:
    """Write the upload in a folder of its own; sweep away uploads left for a day."""
    from evidence.fsio import make_cache_dir

    make_cache_dir(folder.parent)
    for old in folder.parent.iterdir():
        if old.is_dir() and time.time() - old.stat().st_mtime > KEEP_SECONDS:
            shutil.rmtree(old, ignore_errors=True)
    folder.mkdir()
    (folder / name).write_bytes(data)


def _read(workspace: Workspace, token: str) -> Any:
    from evidence.add import read_document

    return read_document(_uploaded(workspace, token), workspace.dossier.reads)


async def _describe_form(
    request: Request,
    token: str,
    answers: dict[str, str],
    problems: dict[str, str],
    status: int = 200,
) -> Response:
    from evidence.describe import Given, questions
    from evidence.intake import copies_of

    workspace = _workspace(request)

    def read() -> tuple[Any, Any]:
        document = _read(workspace, token)
        return document, copies_of(document, workspace.register())

    document, copies = await run_in_threadpool(read)
    return page(
        request,
        "describe.html",
        status,
        token=token,
        document=document,
        copies=copies,
        questions=questions(document, Given()),
        answers=answers,
        problems=problems,
    )


async def add(request: Request) -> Response:
    """Add the uploaded document as the answers describe it; then its candidate facts."""
    from evidence.describe import AnswerError, Given, describe
    from evidence.intake import add_document
    from evidence.sources import require_slug

    workspace = _workspace(request)
    async with request.form(max_fields=40) as form:
        answers = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    token = answers.pop("token", "")
    answers.pop("csrf_token", None)
    source_id = answers.pop("id", "").strip() or None

    def added() -> str:
        if source_id is not None:
            require_slug(source_id, "id")
        document = _read(workspace, token)
        meta = describe(
            document, Given(source_id=source_id), set(workspace.register().sources), answers
        )
        done = add_document(workspace.dossier, document, meta, id_given=source_id is not None)
        shutil.rmtree(_uploaded(workspace, token).parent, ignore_errors=True)
        return done.meta.id

    try:
        sid = await run_in_threadpool(added)
    except AnswerError as exc:
        return await _describe_form(request, token, answers, {exc.question: exc.message}, 400)
    except UserError as exc:
        if "id" in exc.message.split(":")[0]:
            return await _describe_form(request, token, answers, {"id": exc.message}, 400)
        raise
    return RedirectResponse(f"/sources/{sid}/candidates", status_code=303)


def candidates(request: Request) -> Response:
    """A source's candidate facts no fact quotes yet, each ready to accept."""
    from evidence.intake import open_candidates, proposed_id

    register = _workspace(request).register()
    source_id = request.path_params["source_id"]
    found = open_candidates(register, source_id)
    from evidence.register import KIND_LABELS

    return page(
        request,
        "candidates.html",
        source=register.sources[source_id],
        found=[(c, proposed_id(c.statement)) for c in found],
        kinds=list(KIND_LABELS),
    )


async def accept(request: Request) -> Response:
    """Make a fact of one candidate, as proposed or as edited; verified before written."""
    from evidence.intake import Edits, accept_candidate

    workspace = _workspace(request)
    source_id = request.path_params["source_id"]
    async with request.form(max_fields=20) as form:
        given = {k: str(v).strip() for k, v in form.multi_items() if isinstance(v, str)}
    handle, fact_id = given.get("handle", ""), given.get("id", "")
    if not handle.startswith(f"{source_id}:"):
        raise HTTPException(404, f"{handle!r} is not a sentence of {source_id!r}.")
    edits = Edits(
        statement=given.get("statement") or None,
        kind=given.get("kind") or None,
        as_at=given.get("as_at") or None,
        measure=given.get("measure") or None,
    )
    accepted = await run_in_threadpool(
        lambda: accept_candidate(
            workspace.dossier,
            handle,
            fact_id,
            edits,
            quote=given.get("quote") or None,
            unquoted=True,
        )
    )
    return RedirectResponse(f"/facts/{accepted.fact_id}", status_code=303)


ROUTES = [
    ("/sources/add", add_form, ["GET"]),
    ("/sources/add", upload, ["POST"]),
    ("/sources/add/describe", add, ["POST"]),
    ("/sources/{source_id}/candidates", candidates, ["GET"]),
    ("/sources/{source_id}/accept", accept, ["POST"]),
]
