"""Drafts in the browser: list, start, edit with a live review, render; review a Word file.

Drafts are the YAML files of the dossier's ``drafts/`` folder, the same files the command
line reads, so a user can move between the two. A draft is named by its file name alone,
checked against :data:`NAME` and looked up inside that folder: no other path is reachable.

Two people editing one draft never lose each other's work. The editor carries the version
it was opened at (a hash of the file's bytes); saving checks it, under the dossier's lock,
against the file as it is now, and refuses a stale one, giving the text back to copy.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from drafting.web.pagekit import download, page, plain_name
from drafting.web.workspace import Workspace
from evidence.errors import UserError

#: A draft's file name: letters, digits, spaces, dots, dashes; ``.yaml`` or ``.yml``.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,98}\.ya?ml")
#: The most text a draft may hold, and the largest .docx reviewed (bytes).
MAX_TEXT = 2 * 2**20
MAX_UPLOAD = 20 * 2**20
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _workspace(request: Request) -> Workspace:
    workspace: Workspace = request.app.state.workspace
    return workspace


def draft_path(workspace: Workspace, name: str) -> Path:
    """The file of the draft called ``name``, inside the drafts folder.

    Raises:
        HTTPException: 404, the name is not a draft's (a path, another extension).
    """
    if not NAME.fullmatch(name) or name.strip() != name:
        raise HTTPException(404, f"{name!r} is not the name of a draft (NAME.yaml).")
    path = workspace.drafts / name
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise HTTPException(404, f"{name!r} is not a draft file.")
    return path


def version(path: Path) -> str:
    """The version of the file at ``path`` (a hash of its bytes; ``new`` if there is none)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "new"


def drafts(request: Request) -> Response:
    """The dossier's drafts, newest first, and a form to start one."""
    from drafting.kinds import KINDS

    folder = _workspace(request).drafts
    found = (
        sorted(
            (p for p in folder.iterdir() if p.is_file() and NAME.fullmatch(p.name)),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        if folder.is_dir()
        else []
    )
    return page(request, "drafts.html", drafts=found, kinds=list(KINDS))


async def _form(request: Request) -> dict[str, Any]:
    """The form's text fields (a file sent with them is closed unread)."""
    async with request.form(max_files=1, max_fields=400) as form:
        return {k: v for k, v in form.multi_items() if isinstance(v, str)}


def _text(form: dict[str, Any]) -> str:
    text = form.get("text", "")
    if not isinstance(text, str):
        raise UserError("the draft's text was not sent as text")
    if len(text) > MAX_TEXT:
        raise UserError(f"the draft is over {MAX_TEXT // 2**20} MB", hint="Drafts are far shorter")
    return text.replace("\r\n", "\n")


def editor(request: Request) -> Response:
    """A draft in a text area, its review beside it (sent again as the text changes)."""
    from drafting.render import can_make_pdf

    workspace = _workspace(request)
    path = draft_path(workspace, request.path_params["name"])
    if not path.exists():
        raise HTTPException(404, f"No draft called {path.name!r}: start one on the drafts page.")
    text = path.read_text(encoding="utf-8", errors="replace")
    return page(
        request,
        "draft.html",
        name=path.name,
        text=text,
        version=version(path),
        **_review(workspace, path, text),
        saved=request.query_params.get("saved") == "1",
        pdf=can_make_pdf(),
    )


async def save(request: Request) -> Response:
    """Save the editor's text, unless the file changed since the editor opened it."""
    from evidence.fsio import locked, write_atomic

    workspace = _workspace(request)
    path = draft_path(workspace, request.path_params["name"])
    form = await _form(request)
    text, based_on = _text(form), str(form.get("version", ""))
    workspace.dossier.refuse_bundled("saving a draft")
    with locked(workspace.dossier.root):
        if version(path) != based_on:
            return page(
                request,
                "stale.html",
                409,
                name=path.name,
                text=text,
            )
        path.parent.mkdir(exist_ok=True)
        write_atomic(path, text, force=True)
    return RedirectResponse(f"/drafts/{path.name}?saved=1", status_code=303)


def _review(workspace: Workspace, path: Path, text: str) -> dict[str, Any]:
    """The review of ``text`` as the draft at ``path``: findings, or why it does not read."""
    from drafting.kinds import parse_draft
    from drafting.review import review_loaded

    try:
        loaded = parse_draft(text, path)
        review = review_loaded(loaded, workspace.dossier, register=workspace.register())
    except UserError as exc:
        return {"problem": str(exc), "review": None}
    return {"problem": None, "review": review}


async def live_review(request: Request) -> Response:
    """The review panel for the text sent (htmx swaps it in as the user types)."""
    workspace = _workspace(request)
    path = draft_path(workspace, request.path_params["name"])
    text = _text(await _form(request))
    found = await run_in_threadpool(_review, workspace, path, text)
    return page(request, "review_panel.html", **found)


async def _rendered(request: Request) -> tuple[Path, bytes]:
    """The draft's file and the editor's text rendered as a .docx (nothing is written)."""
    from drafting.kinds import parse_draft
    from drafting.render import RenderSession

    workspace = _workspace(request)
    path = draft_path(workspace, request.path_params["name"])
    text = _text(await _form(request))

    def made() -> bytes:
        loaded = parse_draft(text, path)
        return RenderSession(workspace.dossier, workspace.register()).render(loaded).data

    return path, await run_in_threadpool(made)


async def render(request: Request) -> Response:
    """The editor's text rendered as a Word document, to download."""
    path, data = await _rendered(request)
    return download(data, DOCX, f"{path.stem}.docx")


async def render_pdf(request: Request) -> Response:
    """The editor's text rendered, then laid out as a PDF by LibreOffice, to download."""
    from drafting.render import pdf_of

    path, data = await _rendered(request)
    made = await run_in_threadpool(pdf_of, data, path.stem)
    return download(made, "application/pdf", f"{path.stem}.pdf")


def _new_form(
    request: Request,
    kind: str,
    name: str,
    answers: dict[str, str],
    problems: dict[str, str],
    status: int = 200,
) -> Response:
    from drafting.kinds import KINDS
    from drafting.web.starting import fields

    if kind not in KINDS:
        raise UserError(
            f"{kind!r} is not a kind of document", hint=f"Use one of: {', '.join(KINDS)}"
        )
    workspace = _workspace(request)
    skip = ("letterhead",) if workspace.dossier.config.letterhead else ()
    return page(
        request,
        "new.html",
        status,
        kind=kind,
        name=name,
        fields=fields(KINDS[kind], skip),
        answers=answers,
        problems=problems,
    )


def new_form(request: Request) -> Response:
    """The questions ``drafting new KIND`` asks, as a form."""
    params = request.query_params
    return _new_form(request, params.get("kind", ""), params.get("name", ""), {}, {})


async def start(request: Request) -> Response:
    """Make a new draft from the form's answers (checked as the prompts check them)."""
    from drafting.kinds import KINDS
    from drafting.web.starting import checked, fields, made
    from evidence.fsio import locked, write_atomic

    workspace = _workspace(request)
    answers = await _form(request)
    kind, name = answers.pop("kind", ""), answers.pop("name", "").strip()
    if kind not in KINDS:
        return _new_form(request, kind, name, answers, {})
    skip = ("letterhead",) if workspace.dossier.config.letterhead else ()
    form = fields(KINDS[kind], skip)
    values, problems = checked(form, answers)
    if not name:
        problems["name"] = "give the draft a file name"
    elif not name.endswith((".yaml", ".yml")):
        name += ".yaml"
    path = draft_path(workspace, name) if name else None
    if path is not None and path.exists():
        problems["name"] = f"a draft called {name!r} is there already: choose another name"
    if problems:
        return _new_form(request, kind, name, answers, problems, 400)
    assert path is not None
    try:
        text = await run_in_threadpool(made, KINDS[kind], form, values, workspace.register())
    except UserError as exc:  # the answers together make no valid draft
        return _new_form(request, kind, name, answers, {"draft": exc.message}, 400)
    workspace.dossier.refuse_bundled("starting a draft")
    with locked(workspace.dossier.root):
        if path.exists():
            raise UserError(f"a draft called {name!r} is there already", hint="Choose another name")
        path.parent.mkdir(exist_ok=True)
        write_atomic(path, text)
    return RedirectResponse(f"/drafts/{path.name}", status_code=303)


def pick(request: Request) -> Response:
    """Facts whose statements match the words typed, each with a button to cite it."""
    query = request.query_params.get("q", "").strip()
    if not query:
        return page(request, "picked.html", facts=[], query="")
    try:
        found = _workspace(request).dossier.search(query, limit=1, facts=8)[1]
    except UserError:
        found = []  # half-typed syntax ("a phrase): nothing yet, no error while typing
    return page(request, "picked.html", facts=found, query=query)


async def check_draft(request: Request) -> Response:
    """``drafting check`` of the editor's text: deadline, words, signatories, and review."""
    from drafting.check import check
    from drafting.kinds import parse_draft

    workspace = _workspace(request)
    path = draft_path(workspace, request.path_params["name"])
    text = _text(await _form(request))

    def checked() -> dict[str, Any]:
        try:
            loaded = parse_draft(text, path)
            return {"result": check(loaded, workspace.dossier), "problem": None}
        except UserError as exc:
            return {"result": None, "problem": str(exc)}

    return page(request, "checked.html", **await run_in_threadpool(checked))


def review_form(request: Request) -> Response:
    """The form to upload a Word document for review."""
    return page(request, "review.html", review=None, problem=None, filename="")


async def _reviewed_upload(request: Request) -> tuple[Any, str]:
    """The review of the uploaded ``.docx``, and the name it was uploaded under."""
    from drafting.review.word import review_word_file

    workspace = _workspace(request)
    async with request.form(max_files=1, max_fields=5) as form:
        upload = form.get("document")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise UserError("no document was chosen", hint="Choose a .docx file, then Review")
        filename = upload.filename
        if not filename.lower().endswith(".docx"):
            raise UserError(f"{filename!r} is not a .docx", hint="Save it from Word as .docx")
        data = await upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise UserError(f"the document is over {MAX_UPLOAD // 2**20} MB")
    safe = plain_name(filename, "document.docx", ".docx")  # shown in the annex

    def reviewed() -> Any:
        with tempfile.TemporaryDirectory(prefix="drafting-review-") as tmp:
            path = Path(tmp) / safe  # inside a folder of its own: never a path of the user's
            path.write_bytes(data)
            return review_word_file(path, workspace.register(), workspace.dossier.config.name)

    return await run_in_threadpool(reviewed), filename


async def review_upload(request: Request) -> Response:
    """Review an uploaded ``.docx`` (rendered here, or typed in Word with ``[@fact-id]``)."""
    review, filename = await _reviewed_upload(request)
    return page(request, "review.html", review=review, problem=None, filename=filename)


async def review_annex(request: Request) -> Response:
    """The annex of an uploaded ``.docx``'s cited evidence, as a Word document to download."""
    from drafting.review.annex import annex_bytes

    workspace = _workspace(request)
    review, _ = await _reviewed_upload(request)
    near = workspace.dossier.root / "drafts" / "annex.docx"
    data = await run_in_threadpool(annex_bytes, review, workspace.dossier, near)
    return download(data, DOCX, f"{Path(review.path.name).stem}-annex.docx")


ROUTES = [
    ("/drafts", drafts, ["GET"]),
    ("/drafts/new", new_form, ["GET"]),
    ("/drafts/new", start, ["POST"]),
    ("/drafts/{name}", editor, ["GET"]),
    ("/drafts/{name}", save, ["POST"]),
    ("/drafts/{name}/review", live_review, ["POST"]),
    ("/drafts/{name}/render", render, ["POST"]),
    ("/drafts/{name}/pdf", render_pdf, ["POST"]),
    ("/drafts/{name}/check", check_draft, ["POST"]),
    ("/pick", pick, ["GET"]),
    ("/review", review_form, ["GET"]),
    ("/review", review_upload, ["POST"]),
    ("/review/annex", review_annex, ["POST"]),
]
