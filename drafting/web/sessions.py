"""Who a request comes from: a session in a signed cookie (``drafting serve --users``).

The cookie holds a small JSON payload signed (HMAC) by :mod:`itsdangerous` under a secret
made when the server starts, so a restart signs everyone out; it is ``HttpOnly``,
``SameSite=Strict``, ``Secure`` when the request came over https, and lasts
:data:`SESSION_SECONDS`. The payload: a random session id; a random token that every form
and htmx request must send back (against cross-site request forgery); and, once signed in,
the account's name, its role, and a fingerprint of its password hash, so a changed password
ends its other sessions. A browser gets a session before it signs in, whose token protects
the sign-in form; signing in gives a new one (new id, new token). A session signed out is
remembered as ended, in memory, until it would have expired.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadData, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from drafting.web.roles import Role

COOKIE = "drafting_session"
#: How long a session lasts, in seconds (a working day and a night).
SESSION_SECONDS = 16 * 3600


@dataclass(frozen=True)
class Session:
    """A browser's session: signed in when it has a ``user``."""

    sid: str
    csrf: str
    user: str | None = None
    role: Role | None = None
    stamp: str = ""


#: The one person of ``drafting serve`` without accounts (the printed key's holder): every
#: role, no token (that mode keeps its same-site cookie and same-origin check).
KEY_HOLDER = Session(sid="key", csrf="", role=Role.editor)


def fingerprint(password_hash: str) -> str:
    """A short fingerprint of a password hash: changes when the password does."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def fresh(user: str | None = None, role: Role | None = None, stamp: str = "") -> Session:
    """A new session (new id, new token), signed in as ``user`` when given."""
    return Session(secrets.token_urlsafe(16), secrets.token_urlsafe(32), user, role, stamp)


@dataclass
class Sessions:
    """Reads and writes the session cookie; remembers sessions that were signed out."""

    clock: Callable[[], float] = time.time
    _secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    _ended: dict[str, float] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self._secret, salt="drafting-account-session")

    def read(self, request: Request) -> Session | None:
        """The request's session, or None (no cookie, a forged, expired or ended one)."""
        cookie = request.cookies.get(COOKIE)
        if not cookie:
            return None
        try:
            data: Any = self._serializer.loads(cookie, max_age=SESSION_SECONDS)
        except BadData:
            return None
        session = _session(data)
        with self._lock:
            if session is None or session.sid in self._ended:
                return None
        return session

    def save(self, response: Response, request: Request, session: Session) -> None:
        """Give the browser ``session`` in its cookie."""
        payload = {"s": session.sid, "c": session.csrf}
        if session.user is not None and session.role is not None:
            payload |= {"u": session.user, "r": session.role.value, "v": session.stamp}
        response.set_cookie(
            COOKIE,
            self._serializer.dumps(payload),
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )

    def end(self, response: Response, session: Session | None) -> None:
        """End ``session``: its cookie is refused from now on, and the browser drops it."""
        now = self.clock()
        with self._lock:
            self._ended = {s: t for s, t in self._ended.items() if t > now}
            if session is not None:
                self._ended[session.sid] = now + SESSION_SECONDS
        response.delete_cookie(COOKIE, httponly=True, samesite="strict")


def _session(data: Any) -> Session | None:
    """The session a cookie's payload describes, or None when it is not one."""
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return None
    if not data.get("s") or not data.get("c"):
        return None
    if "u" not in data:
        return Session(data["s"], data["c"])
    if data.get("r") not in set(Role):
        return None
    return Session(data["s"], data["c"], data["u"], Role(data["r"]), data.get("v", ""))
