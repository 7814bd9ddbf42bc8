"""The chronology as a Word briefing annex, through the same sandboxed template pipeline.

The rows come from :func:`evidence.timeline.timeline`; the template is ``timeline`` (the
dossier's own ``templates/timeline.docx`` if it has one, else the shipped one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from drafting.docx.template import compile_template, find_template
from evidence.dossier import Dossier
from evidence.fsio import refuse_overwrite, write_atomic
from evidence.timeline import Entry, Gap

METHOD = (
    "Dates are as precise as the sources make them: a day, a month or a year. A fact "
    "with no date of its own is placed before the date of the earliest source that "
    'reports it. "Published" is the source\'s date, kept apart from the date of what '
    "happened. A fact marked CONFLICT disagrees with another fact in the dossier: see "
    "`drafting evidence conflicts`."
)

#: The fields the timeline template is given (for checking a dossier's own template).
TIMELINE_FIELDS = frozenset(
    {"dossier", "scope", "method", "rows", "rows[]"}
    | {f"rows[].{k}" for k in ("when", "what", "fact", "source", "note")}
)


def timeline_rows(items: list[Entry | Gap]) -> list[dict[str, Any]]:
    """One row per fact, and one per gap."""
    rows = []
    for item in items:
        if isinstance(item, Gap):
            rows.append(
                {
                    "when": "",
                    "what": item.label.capitalize(),
                    "fact": "",
                    "source": "",
                    "note": "gap",
                }
            )
            continue
        rows.append(
            {
                "when": item.label,
                "what": item.statement,
                "fact": f"{item.kind} · {item.fact}",
                "source": f"{', '.join(item.sources)} ({item.published})",
                "note": "CONFLICT" if item.conflict else "",
            }
        )
    return rows


def write_timeline(
    items: list[Entry | Gap],
    out: Path,
    dossier: Dossier,
    *,
    topic: str | None = None,
    force: bool = False,
) -> Path:
    """Render the chronology to ``out`` (never over a file without ``force``)."""
    refuse_overwrite(out, force=force)
    facts = sum(isinstance(i, Entry) for i in items)
    context = {
        "dossier": f"Evidence dossier: {dossier.config.title}",
        "scope": f"{facts} fact(s)"
        + (f" on the topic {topic}" if topic else "")
        + ", in date order.",
        "rows": timeline_rows(items),
        "method": METHOD,
    }
    template = compile_template(find_template("timeline", out, dossier))
    write_atomic(out, template.render(context).to_bytes(), force=force)
    return out
