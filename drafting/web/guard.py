"""Who may use the web face: one person, the one ``drafting serve`` printed the address for.

The address printed at start carries a random key (``?key=...``), as Jupyter's does. The
first request with it gets a session cookie, signed with a secret made at start (HMAC:
:mod:`itsdangerous`), and is sent on to the same page without the key, so the key leaves
the address bar and the history. A request with neither a right key nor a good cookie is
refused. The cookie is ``HttpOnly`` and ``SameSite=Strict``: a page of another site cannot
make the browser send it, so it cannot post a form here (cross-site request forgery); every
POST must also come from this server's own origin when the browser says where it comes from.
Every response says what the browser may load: scripts only from this server, nothing framed.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlencode

from itsdangerous import BadSignature, TimestampSigner
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp

COOKIE = "drafting_session"
#: How long a session lasts without the key again, in seconds (a working day and a night).
SESSION_SECONDS = 16 * 3600
#: What a page may load: its own scripts and styles (the timeline's inline style), images
#: drawn inline; no frames, no plugins, forms posted only here.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)


def new_key() -> str:
    """A key for the printed address: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


class Guard(BaseHTTPMiddleware):
    """Let through the key's holder (see the module's docstring); mark every response."""

    def __init__(self, app: ASGIApp, key: str) -> None:
        """``key``: the one in the printed address."""
        super().__init__(app)
        self.key = key
        self.signer = TimestampSigner(secrets.token_bytes(32), salt="drafting-session")

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        """Refuse, welcome (set the cookie) or pass on the request; add the headers."""
        response = await self._answer(request, call_next)
        response.headers["Content-Security-Policy"] = POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"  # no-referrer makes Origin "null"
        response.headers["Cache-Control"] = "no-store"
        return response

    async def _answer(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        given = request.query_params.get("key")
        if given is not None and hmac.compare_digest(given.encode(), self.key.encode()):
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
        if not cookie:
            return False
        try:
            self.signer.unsign(cookie, max_age=SESSION_SECONDS)
        except BadSignature:
            return False
        return True


def _same_origin(request: Request) -> bool:
    """Whether a POST comes from a page of this server (or says nothing of where from)."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] == host
