"""Signing in and out (``drafting serve --users``): the pages, and what a server keeps for it.

``/login`` asks for a name and a password and checks them against the users file (argon2,
in a worker thread: a check takes a fifth of a second); a right pair starts a new session
(:mod:`drafting.web.sessions`) and goes on to the page first asked for. Failures are
counted per name and per client address (:mod:`drafting.web.limits`): past the limit a try
is refused, with how long to wait, before its password is checked. A wrong name and a wrong
password get the same answer. ``/logout`` ends the session.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from drafting.web.limits import LoginLimiter, in_words
from drafting.web.pagekit import page
from drafting.web.sessions import Session, Sessions, fingerprint, fresh
from drafting.web.users import MAX_PASSWORD, UserStore, verify

#: The addresses anybody may open, signed in or not.
PUBLIC = frozenset({"/login", "/logout"})


@dataclass
class Accounts:
    """What a server with accounts keeps: the users file, the sessions, the failures."""

    store: UserStore
    sessions: Sessions = field(default_factory=Sessions)
    limiter: LoginLimiter = field(default_factory=LoginLimiter)

    def session(self, request: Request) -> Session | None:
        """The request's session; None when there is none, or its account is gone or changed.

        A changed role or password ends the account's sessions: its holder signs in again.

        Raises:
            UserError: the users file has become malformed (nobody gets in until it is mended).
        """
        session = self.sessions.read(request)
        if session is None or session.user is None:
            return session
        account = self.store.get(session.user)
        if (
            account is None
            or account.role != session.role
            or fingerprint(account.password_hash) != session.stamp
        ):
            return None
        return session


def _accounts(request: Request) -> Accounts:
    accounts: Accounts = request.app.state.accounts
    return accounts


def local(target: str) -> str:
    """``target`` when it is a page of this server (``/facts?topic=x``), else ``/``."""
    if (
        not target.startswith("/")
        or target.startswith(("//", "/\\", "/login", "/logout"))
        or any(c in target for c in "\\\r\n\t")
    ):
        return "/"
    return target


def login_form(request: Request) -> Response:
    """The sign-in form (a signed-in browser goes straight on)."""
    session: Session | None = request.state.session
    target = local(request.query_params.get("next", "/"))
    if session is not None and session.user is not None:
        return RedirectResponse(target, status_code=303)
    given = session is None
    if session is None:
        session = request.state.session = fresh()
    response = page(
        request,
        "login.html",
        next=target,
        name="",
        problem=None,
        signed_out=request.query_params.get("signed_out") == "1",
    )
    if given:
        _accounts(request).sessions.save(response, request, session)
    return response


async def login(request: Request) -> Response:
    """Check the name and password sent; sign in, or say why not."""
    accounts = _accounts(request)
    async with request.form(max_files=0, max_fields=10) as form:
        name = str(form.get("name", "")).strip().lower()
        password = str(form.get("password", ""))
        target = local(str(form.get("next", "/")))
    address = request.client.host if request.client else "unknown"

    def again(status: int, problem: str, wait: float = 0) -> Response:
        response = page(
            request, "login.html", status, next=target, name=name, problem=problem, signed_out=False
        )
        if wait:
            response.headers["Retry-After"] = str(int(wait) + 1)
        return response

    wait, why = accounts.limiter.wait(name, address)
    if wait > 0:
        return again(
            429,
            f"Too many failed sign-ins {why}: wait {in_words(wait)}, then try again. "
            "Nothing was checked.",
            wait,
        )
    account = accounts.store.get(name)
    if len(password) > MAX_PASSWORD or not await run_in_threadpool(verify, account, password):
        accounts.limiter.failed(name, address)
        wait, why = accounts.limiter.wait(name, address)
        later = f" Too many failures {why}: wait {in_words(wait)} before the next try."
        return again(401, "Wrong name or password." + (later if wait else ""), wait)
    assert account is not None
    accounts.limiter.succeeded(name)
    response = RedirectResponse(target, status_code=303)
    signed = fresh(account.name, account.role, fingerprint(account.password_hash))
    accounts.sessions.save(response, request, signed)
    return response


def logout_form(request: Request) -> Response:
    """A button to sign out (the header has one on every page)."""
    session: Session | None = request.state.session
    if session is None or session.user is None:
        return RedirectResponse("/login", status_code=303)
    return page(request, "logout.html")


async def logout(request: Request) -> Response:
    """End the session and go to the sign-in page."""
    response = RedirectResponse("/login?signed_out=1", status_code=303)
    _accounts(request).sessions.end(response, request.state.session)
    return response


ROUTES = [
    ("/login", login_form, ["GET"]),
    ("/login", login, ["POST"]),
    ("/logout", logout_form, ["GET"]),
    ("/logout", logout, ["POST"]),
]
