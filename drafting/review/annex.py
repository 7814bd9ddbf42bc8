"""The "Evidence relied on" annex: one row per fact a document cites, for a clerk or a journalist.

It is rendered like any other document (a sandboxed docxtpl template, ``annex``,
which a dossier may replace with its own letterhead version) and written
atomically, never over an existing file without ``force``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from drafting.docx.template import compile_template, find_template
from drafting.findings import Review
from evidence.dates import PartialDate
from evidence.dossier import Dossier
from evidence.fsio import refuse_overwrite, write_atomic

METHOD = (
    "Each quote was checked word for word against the source document named, after "
    'normalising only spaces, quotation marks, apostrophes and dashes. "Where in it" '
    "counts the source's citable paragraphs and sentences, leaving out menus, bylines and "
    "readers' comments. Corroboration counts the sources quoting the fact; publishers are "
    "called independent only when they are known to differ."
)


def annex_rows(review: Review) -> list[dict[str, Any]]:
    """One row per fact, in order of first citation, with every note that cites it."""
    rows: dict[str, dict[str, Any]] = {}
    for cite in review.citations:
        if cite.fact_id is None or cite.statement is None:
            continue  # added by hand or unknown: nothing to show a reader
        if cite.fact_id in rows:
            rows[cite.fact_id]["notes"] += f", {cite.marker}"
            continue
        rows[cite.fact_id] = {
            "notes": cite.marker,
            "fact_id": cite.fact_id,
            "statement": cite.statement,
            "kind": (cite.kind or "").capitalize(),
            "quote": cite.quote or "",
            "source": f"{cite.source}, {cite.publisher} ({cite.date})"
            if cite.publisher != "unknown"
            else f"{cite.source} ({cite.date})",
            "corroboration": f"Quoted by {cite.corroboration}" if cite.corroboration else "",
            "locator": (cite.locator or "not found")
            + ("" if cite.status == "verified" else f" ({cite.status.upper()})"),
        }
    return list(rows.values())


#: The fields the annex template is given (for checking a dossier's own annex template).
ANNEX_FIELDS = frozenset(
    {"document", "checked", "method", "rows", "rows[]"}
    | {
        f"rows[].{k}"
        for k in (
            "notes",
            "fact_id",
            "statement",
            "kind",
            "quote",
            "source",
            "corroboration",
            "locator",
        )
    }
)


def write_annex(
    review: Review,
    out: Path,
    dossier: Dossier,
    *,
    force: bool = False,
    today: dt.date | None = None,
) -> Path:
    """Render the annex for ``review`` to ``out``."""
    refuse_overwrite(out, force=force, inputs=(review.path,))
    data = annex_bytes(review, dossier, out, today=today)
    write_atomic(out, data, force=force, inputs=(review.path,))
    return out


def annex_bytes(
    review: Review, dossier: Dossier, near: Path, *, today: dt.date | None = None
) -> bytes:
    """The annex for ``review`` as .docx bytes (its template found as for a file at ``near``)."""
    day = today or dt.date.today()
    context = {
        "document": f"Document: {review.path.name}",
        "checked": (
            f"Checked on {PartialDate(day.year, day.month, day.day).long()} against "
            f"the evidence dossier “{dossier.config.title}”: "
            f"{len({c.fact_id for c in review.citations if c.fact_id})} fact(s) cited "
            f"at {len({c.marker for c in review.citations})} place(s)."
        ),
        "rows": annex_rows(review),
        "method": METHOD,
    }
    template = compile_template(find_template("annex", near, dossier))
    return template.render(context).to_bytes()
