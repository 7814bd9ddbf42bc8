"""The dossier's pages: sources, facts, search, conflicts, chronology, and downloads.

A fact's page shows each quote in its paragraph, its corroboration and its conflicts.

Each handler asks the library what the command line prints (:mod:`evidence.records`,
:mod:`evidence.conflicts`, :mod:`evidence.timeline`, :mod:`drafting.report`) and shows it;
none computes anything of its own.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from drafting.web.pagekit import download, page
from drafting.web.workspace import Workspace
from evidence.errors import UserError


def _workspace(request: Request) -> Workspace:
    workspace: Workspace = request.app.state.workspace
    return workspace


def home(request: Request) -> Response:
    """What the dossier holds, and where to go from here."""
    from evidence.records import verification

    register = _workspace(request).register()
    found = verification(register)
    return page(request, "home.html", register=register, found=found, exports=EXPORTS)


def sources(request: Request) -> Response:
    """Every source, with what is known of it and how much of it may be cited."""
    from evidence.records import source_record

    register = _workspace(request).register()
    rows = [(source_record(s), s) for s in register.sources.values()]
    return page(request, "sources.html", rows=rows)


def facts(request: Request) -> Response:
    """The facts, by topic, kind and measure when asked, each with its status."""
    register = _workspace(request).register()
    topic = request.query_params.get("topic") or None
    kind = request.query_params.get("kind") or None
    measure = request.query_params.get("measure") or None
    if topic is not None and topic not in register.topics:
        raise UserError(f"no fact has the topic {topic!r}", hint="Choose one from the list")
    measures = sorted({f.measure for f in register.facts.values() if f.measure})
    chosen = [
        f
        for f in register.select(topic=topic, kind=kind)
        if measure is None or f.measure == measure
    ]
    named = register.measures
    return page(
        request,
        "facts.html",
        reports=[register.report(f.id) for f in chosen],
        topic=topic,
        kind=kind,
        measure=measure,
        kinds=sorted({f.kind for f in register.facts.values()}),
        measures=[(m, named[m].name if m in named else m) for m in measures],
        register=register,
    )


def fact(request: Request) -> Response:
    """One fact: its statement, each quote in its paragraph, corroboration, conflicts."""
    from evidence.conflicts import conflicted
    from evidence.verify import context

    register = _workspace(request).register()
    fact_id = request.path_params["fact_id"]
    if fact_id not in register.facts:
        from evidence.suggest import did_you_mean

        raise HTTPException(
            404, f"No fact {fact_id!r} in this dossier. {did_you_mean(fact_id, register.facts)}"
        )
    report = register.report(fact_id)
    quotes = []
    for check in report.checks:
        source = register.sources[check.source_id]
        around = context(source, check.locator) if check.locator is not None else None
        quotes.append((check, source, around))
    return page(
        request,
        "fact.html",
        report=report,
        quotes=quotes,
        conflict=conflicted(register).get(fact_id),
        register=register,
    )


def search(request: Request) -> Response:
    """Passages matching the words asked, best first, and facts whose statements match."""
    query = request.query_params.get("q", "").strip()
    if not query:
        return page(request, "search.html", query="", hits=None, facts=[])
    hits, found = _workspace(request).dossier.search(query, limit=30, facts=8)
    return page(request, "search.html", query=query, hits=hits, facts=found)


def conflicts(request: Request) -> Response:
    """Groups of facts that disagree, side by side."""
    from evidence.conflicts import conflict_groups

    groups = conflict_groups(_workspace(request).register())
    return page(request, "conflicts.html", groups=groups)


def chronology(request: Request) -> Response:
    """The chronology drawn as a timeline (the page ``evidence timeline -f html`` writes)."""
    from drafting.report import timeline_page
    from evidence.timeline import timeline

    workspace = _workspace(request)
    register = workspace.register()
    html = timeline_page(register, timeline(register, None), workspace.dossier.config.title)
    return HTMLResponse(html)


#: What can be downloaded: (media type, file name, how it is made).
EXPORTS: dict[str, tuple[str, str]] = {
    "sources.json": ("application/json", "the sources as CSL-JSON (Zotero, pandoc)"),
    "facts.csv": ("text/csv", "the facts as CSV (a spreadsheet)"),
    "dossier.md": ("text/markdown", "sources and facts as Markdown"),
    "report.html": ("text/html", "the whole dossier as one page for a meeting"),
}


def export(request: Request) -> Response:
    """One of :data:`EXPORTS`, as a file to save."""
    from drafting.report import report_page
    from evidence.export import csl_json, facts_csv, markdown

    name = request.path_params["name"]
    if name not in EXPORTS:
        raise HTTPException(404, f"No export called {name!r}.")
    workspace = _workspace(request)
    register = workspace.register()
    title = workspace.dossier.config.title
    made: dict[str, Any] = {
        "sources.json": lambda: json.dumps(csl_json(register), indent=2, ensure_ascii=False),
        "facts.csv": lambda: facts_csv(register),
        "dossier.md": lambda: markdown(register, title),
        "report.html": lambda: report_page(register, title),
    }
    media, _ = EXPORTS[name]
    return download(made[name](), media, name)


ROUTES = [
    ("/", home, ["GET"]),
    ("/sources", sources, ["GET"]),
    ("/facts", facts, ["GET"]),
    ("/facts/{fact_id}", fact, ["GET"]),
    ("/search", search, ["GET"]),
    ("/conflicts", conflicts, ["GET"]),
    ("/chronology", chronology, ["GET"]),
    ("/exports/{name}", export, ["GET"]),
]
