"""Pages made from our own templates (``pages/``): autoescaped, strict about names."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

HERE = Path(__file__).parent
_LINE = re.compile(r"\bline (\d+)\b")
#: What a file name keeps of an upload's name: letters, digits, dots, dashes, underscores.
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def pages() -> Environment:
    """The page templates: autoescaped, strict about undefined names."""
    env = Environment(
        loader=FileSystemLoader(HERE / "pages"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["marked"] = marked
    env.filters["line_in"] = line_in
    return env


def line_in(place: str) -> int | None:
    """The draft's line a finding's place names ("paragraph 2 (line 16)"), if it names one."""
    found = _LINE.search(place)
    return int(found.group(1)) if found else None


def marked(snippet: str, start: str = "\x02", end: str = "\x03") -> Markup:
    """A search snippet with its matched words in ``<mark>``, everything else escaped."""
    out = Markup()
    for i, piece in enumerate(snippet.replace(end, start).split(start)):
        out += Markup("<mark>{}</mark>").format(piece) if i % 2 else escape(piece)
    return out


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """``template`` rendered with ``context`` as the response.

    Every page is also given the dossier, the request's session (who is signed in: see
    :mod:`drafting.web.sessions`), its token (``csrf``), which each POST form carries, and
    whether its role may write drafts (``may_draft``) and change the evidence (``may_edit``):
    nobody is shown what they may not do.
    """
    from drafting.web.roles import Role

    session = getattr(request.state, "session", None)
    role = getattr(session, "role", None)
    html = request.app.state.pages.get_template(template).render(
        request=request,
        dossier=request.app.state.workspace.dossier,
        session=session,
        csrf=getattr(session, "csrf", ""),
        may_draft=session is None or (role is not None and role.covers(Role.drafter)),
        may_edit=session is None or (role is not None and role.covers(Role.editor)),
        **context,
    )
    return HTMLResponse(html, status_code=status)


def download(data: bytes | str, media: str, filename: str) -> Response:
    """``data`` as a file to save as ``filename`` (a plain name: quotes and paths dropped)."""
    name = filename.replace('"', "").replace("/", "").replace("\\", "")
    return Response(
        data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def plain_name(uploaded: str, default: str, suffix: str = "") -> str:
    """An uploaded file's name cut to a plain base name (no folders, no odd characters).

    Only the last part of a path is kept (a Windows one too), each run of other characters
    becomes "-": ``Letter (2).docx`` is ``Letter-2-.docx``. A name with nothing left, or
    without ``suffix`` when one is wanted, is ``default``.
    """
    base = Path(uploaded.replace("\\", "/")).name
    name = _UNSAFE.sub("-", base).strip("-. ")[:100]
    if not name or (suffix and (not name.lower().endswith(suffix) or name == suffix)):
        return default
    return name
