"""Who may use the web face, and what each may do there.

Without accounts, one person: the one ``drafting serve`` printed the address for. The
address printed at start carries a random key (``?key=...``), as Jupyter's does. The
first request with it gets a session cookie, signed with a secret made at start (HMAC:
:mod:`itsdangerous`), and is sent on to the same page without the key, so the key leaves
the address bar and the history. A request with neither a right key nor a good cookie is
refused. The cookie is ``HttpOnly`` and ``SameSite=Strict``: a page of another site cannot
make the browser send it, so it cannot post a form here (cross-site request forgery); every
POST must also come from this server's own origin when the browser says where it comes from.
Every response says what the browser may load: scripts only from this server, nothing framed.

With accounts (``--users``), there is no key: a request without a signed-in session
(:mod:`drafting.web.sessions`) goes to the sign-in page (:mod:`drafting.web.signin`), and
POSTs must still come from this origin. Each route's handler is wrapped by :func:`protect`:
the session's role must cover the role the route needs (:mod:`drafting.web.roles`), else a
page says which role it needs, before the request's body is read, so nothing is done; and a
POST must carry the session's token, in the form's ``csrf_token`` field or the
``X-CSRF-Token`` header (htmx sends it from ``<body hx-headers>``).
"""

from __future__ import annotations

import hmac
import inspect
import logging
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

from itsdangerous import BadSignature, TimestampSigner
from starlette.concurrency import run_in_threadpool
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp

from drafting.web.pagekit import page
from drafting.web.roles import MAY, SAFE, Role, needed
from drafting.web.sessions import COOKIE, KEY_HOLDER, SESSION_SECONDS, Session
from drafting.web.signin import PUBLIC, Accounts
from evidence.errors import UserError

log = logging.getLogger("drafting.web")

#: What a page may load: its own scripts and styles (the timeline's inline style), images
#: drawn inline; no frames, no plugins, forms posted only here.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)
#: Where a POST carries its session's token: a form's field, or a header (htmx, scripts).
TOKEN_FIELD = "csrf_token"
TOKEN_HEADER = "x-csrf-token"

#: A route's handler: a function of the request, returning (or awaiting) a response.
Handler = Callable[[Request], object]


def new_key() -> str:
    """A key for the printed address: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


class Guard(BaseHTTPMiddleware):
    """Let through the key's holder or a signed-in account (see the module); mark responses."""

    def __init__(self, app: ASGIApp, key: str | None = None, accounts: Accounts | None = None):
        """``key``: the one in the printed address; or ``accounts``: the users file's."""
        super().__init__(app)
        self.key = key
        self.accounts = accounts
        self.signer = TimestampSigner(secrets.token_bytes(32), salt="drafting-session")

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        """Refuse, welcome (set the cookie) or pass on the request; add the headers."""
        if self.accounts is not None:
            response = await self._by_account(request, call_next, self.accounts)
        else:
            response = await self._answer(request, call_next)
        response.headers["Content-Security-Policy"] = POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"  # no-referrer makes Origin "null"
        response.headers["Cache-Control"] = "no-store"
        return response

    async def _answer(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        given = request.query_params.get("key")
        if given is not None and hmac.compare_digest(given.encode(), (self.key or "").encode()):
            return self._welcome(request)
        if request.url.path.startswith("/static/"):
            return await call_next(request)  # no secret in htmx or the style sheet
        if not self._signed_in(request):
            return PlainTextResponse(
                "Open the address `drafting serve` printed when it started: it carries the "
                "key to this dossier.",
                status_code=403,
            )
        if request.method not in ("GET", "HEAD") and not _same_origin(request):
            return PlainTextResponse(
                "Refused: the form was sent from another site.", status_code=403
            )
        request.state.session = KEY_HOLDER
        return await call_next(request)

    def _welcome(self, request: Request) -> Response:
        rest = [(k, v) for k, v in request.query_params.multi_items() if k != "key"]
        location = request.url.path + (f"?{urlencode(rest)}" if rest else "")
        response = RedirectResponse(location, status_code=303)
        response.set_cookie(
            COOKIE,
            self.signer.sign(secrets.token_hex(16)).decode(),
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
        return response

    def _signed_in(self, request: Request) -> bool:
        cookie = request.cookies.get(COOKIE)
        if not cookie or not self.key:
            return False
        try:
            self.signer.unsign(cookie, max_age=SESSION_SECONDS)
        except BadSignature:
            return False
        return True

    async def _by_account(
        self, request: Request, call_next: RequestResponseEndpoint, accounts: Accounts
    ) -> Response:
        if request.url.path.startswith("/static/"):
            return await call_next(request)
        try:
            session = accounts.session(request)
        except UserError as exc:
            log.error("the users file cannot be read: %s", exc)
            return page(
                request,
                "problem.html",
                503,
                title="Nobody can sign in",
                problem="The server's accounts file cannot be read (the server's log says "
                "why): nobody can sign in until whoever keeps it mends it.",
            )
        request.state.session = session
        if request.method not in SAFE and not _same_origin(request):
            return PlainTextResponse(
                "Refused: the form was sent from another site.", status_code=403
            )
        if request.url.path in PUBLIC or (session is not None and session.user is not None):
            return await call_next(request)
        if request.method in SAFE:
            asked = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            there = "/login" + (f"?{urlencode({'next': asked})}" if asked != "/" else "")
            return RedirectResponse(there, status_code=303)
        return page(
            request,
            "problem.html",
            403,
            title="Not signed in",
            problem="You are not signed in (a session ends after 16 hours, when the server "
            "restarts or when you sign out): nothing was done. Sign in again in a new tab, "
            "then send it again from this page.",
        )


def protect(
    handler: Handler, route: str, *, public: bool = False
) -> Callable[[Request], Awaitable[Response]]:
    """``handler`` behind the checks of its ``route``: the role it needs, the session's token.

    ``public`` routes (signing in and out) need no role. The token is checked only with
    accounts (the key's holder keeps the same-site cookie and same-origin check).
    """
    is_async = inspect.iscoroutinefunction(handler)

    async def call(request: Request) -> Response:
        if is_async:
            result = handler(request)
        else:
            result = await run_in_threadpool(handler, request)
        if inspect.isawaitable(result):
            result = await result
        assert isinstance(result, Response)
        return result

    async def endpoint(request: Request) -> Response:
        session: Session | None = getattr(request.state, "session", None)
        if not public:
            need = needed(request.method, route)
            if session is None or session.role is None or not session.role.covers(need):
                return _refused(request, session, need)
        if (
            request.app.state.accounts is not None
            and request.method not in SAFE
            and (session is None or not await _token_sent(request, session.csrf))
        ):
            await request.close()
            return page(
                request,
                "problem.html",
                403,
                title="Refused",
                problem="This form's security token is missing or out of date (was the "
                "page open before you signed in again?). Nothing was done: reload the "
                "page, then send it again.",
            )
        return await call(request)

    endpoint.__name__ = getattr(handler, "__name__", "endpoint")
    endpoint.__doc__ = handler.__doc__
    return endpoint


def _refused(request: Request, session: Session | None, need: Role) -> Response:
    """The page refusing a request its session's role does not cover (nothing was done)."""
    if session is not None and session.user is not None:
        who = f"You are signed in as {session.user}, whose role is {session.role}"
        how = f"drafting users add {session.user} --role {need} --keep-password"
    else:
        who, how = "You are not signed in", f"drafting users add NAME --role {need}"
    return page(
        request,
        "problem.html",
        403,
        title="Not allowed",
        problem=f"This needs the {need} role, which may {MAY[need]}. {who}: nothing was "
        f"done. Whoever keeps the accounts can give it: {how}.",
    )


async def _token_sent(request: Request, expected: str) -> bool:
    """Whether the request carries ``expected`` in its header or its form's field."""
    given = request.headers.get(TOKEN_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form(max_files=1, max_fields=400)
        field = form.get(TOKEN_FIELD)
        given = field if isinstance(field, str) else None
    return (
        bool(expected)
        and given is not None
        and hmac.compare_digest(given.encode(), expected.encode())
    )


def _same_origin(request: Request) -> bool:
    """Whether a POST comes from a page of this server (or says nothing of where from)."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] == host
