"""The web application: the same library as the command line, as pages (``drafting serve``).

Starlette routes each address to a handler of :mod:`drafting.web.dossier_pages` or
:mod:`drafting.web.draft_pages`; pages are our own Jinja2 templates (``pages/``), always
autoescaped, with strict undefined names: a fact or title holding ``<script>`` shows as text.
These are trusted templates of the project; the untrusted ``.docx`` templates a user supplies
render only in :mod:`drafting.docx.sandbox`, as they do from the command line. htmx (vendored
in ``static/``, nothing fetched at run time) sends the draft editor's text for review as the
user types.

A user's mistake (a bad draft, an unknown fact) is a page saying what is wrong and what to
do; anything else is logged whole on the server's standard error and shown as one line,
never a traceback.

Every route's handler is wrapped by :func:`drafting.web.guard.protect`, which refuses a
request whose role does not cover the route's (:mod:`drafting.web.roles`) or whose form
lacks its session's token; with accounts the sign-in pages (:mod:`drafting.web.signin`)
are added.
"""

from __future__ import annotations

import logging
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from drafting.web import dossier_pages, draft_pages, merge_pages, signin, source_pages
from drafting.web.guard import Guard, protect
from drafting.web.pagekit import HERE, page, pages
from drafting.web.signin import Accounts
from drafting.web.users import UserStore
from drafting.web.workspace import Workspace
from evidence.errors import UserError

log = logging.getLogger("drafting.web")


async def _user_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UserError)
    return page(request, "problem.html", 400, title="That did not work", problem=str(exc))


async def _not_found(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return page(request, "problem.html", exc.status_code, title="Not here", problem=str(exc.detail))


async def _internal(request: Request, exc: Exception) -> Response:
    log.exception("%s %s failed", request.method, request.url.path)
    return HTMLResponse(
        "<!doctype html><title>Something went wrong</title><p>Something went wrong on the "
        "server: its log has the details. Nothing was changed by this request.</p>",
        status_code=500,
    )


def create_app(
    root: Path, key: str | None = None, *, users: Path | None = None, found_by: str = "path"
) -> Starlette:
    """The application for the dossier at ``root`` (``found_by`` as the command found it).

    ``key`` is the printed address's (one person); or ``users`` names the accounts file
    (a sign-in page, roles, tokens on every form: :mod:`drafting.web.guard`).

    Raises:
        UserError: the users file is missing, malformed or holds no account.
        ValueError: neither or both of ``key`` and ``users`` given.
    """
    if (key is None) == (users is None):
        raise ValueError("create_app takes a key or a users file, one of them")
    accounts = _accounts(users) if users is not None else None
    table = [
        *source_pages.ROUTES,
        *dossier_pages.ROUTES,
        *draft_pages.ROUTES,
        *merge_pages.ROUTES,
    ]
    routes: list[Route | Mount] = [
        Route(path, protect(handler, path), methods=methods) for path, handler, methods in table
    ]
    if accounts is not None:
        routes += [
            Route(path, protect(handler, path, public=True), methods=methods)
            for path, handler, methods in signin.ROUTES
        ]
    routes.append(Mount("/static", StaticFiles(directory=HERE / "static"), name="static"))
    app = Starlette(
        routes=routes,
        exception_handlers={
            UserError: _user_error,
            HTTPException: _not_found,
            Exception: _internal,
        },
    )
    app.state.workspace = Workspace(root, found_by)
    app.state.pages = pages()
    app.state.accounts = accounts
    app.add_middleware(Guard, key=key, accounts=accounts)
    return app


def _accounts(users: Path) -> Accounts:
    """What a server keeps for the accounts of ``users``, checked to hold one at least."""
    store = UserStore(users)
    if not store.users().users:
        raise UserError(
            "holds no account, so nobody could sign in",
            path=users,
            hint="Add one with 'drafting users add NAME --role editor --users FILE'",
        )
    return Accounts(store)
