"""The dossier in formats other tools read: CSL-JSON for the sources, CSV and Markdown.

CSL-JSON is what Zotero and pandoc's citeproc read. Only what the manifest knows is written:
``issued`` carries only the date parts known, an unknown publisher or author is left out,
and a source with no stated title is given its description in square brackets, as the
dossier's own references print it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from evidence.csvio import to_csv
from evidence.dates import PartialDate
from evidence.register import KIND_LABELS, Register
from evidence.sources import Source

#: The CSL item type for each kind of source.
CSL_TYPES = {
    "news": "article-newspaper",
    "blog": "post-weblog",
    "letter": "personal_communication",
    "press-release": "report",
    "report": "report",
    "motion": "document",
    "minutes": "document",
    "statement": "speech",
    "other": "document",
}
#: Words of a name that are not a given or family name ("Malcolm Newsam CBE").
_POSTNOMINAL = re.compile(r"^[A-Z]{2,}$")


def _parts(date: PartialDate) -> list[int]:
    """CSL's date-parts: ``[2019, 6, 17]``, ``[2019, 6]`` or ``[2019]``."""
    return [date.year, *([date.month] if date.month else []), *([date.day] if date.day else [])]


def _name(author: str) -> dict[str, str]:
    """A CSL name: given and family where the name is "First [Middle] Last", else literal."""
    words = [w for w in author.split() if not _POSTNOMINAL.match(w)]
    if len(words) >= 2 and all(w[:1].isupper() for w in words):
        return {"given": " ".join(words[:-1]), "family": words[-1]}
    return {"literal": author}


def csl_item(source: Source) -> dict[str, Any]:
    """One source as a CSL-JSON item."""
    meta = source.meta
    item: dict[str, Any] = {
        "id": meta.id,
        "type": CSL_TYPES[meta.kind],
        "title": meta.title or f"[{meta.description}]",
    }
    if meta.authors:
        item["author"] = [_name(a) for a in meta.authors]
    if meta.publisher:
        item["publisher"] = meta.publisher
    date = meta.date.value
    if date is not None:  # a period (an inspection's days) is CSL's range of two dates
        item["issued"] = {"date-parts": [_parts(d) for d in (date.start(), date.until) if d]}
    if meta.url:
        item["URL"] = meta.url
    if meta.date.how == "inferred" and meta.date.reason:
        item["note"] = f"Date inferred: {meta.date.reason}"
    return item


def csl_json(register: Register) -> list[dict[str, Any]]:
    """Every source as CSL-JSON, in manifest order."""
    return [csl_item(s) for s in register.sources.values()]


_FACT_COLUMNS = (
    "fact",
    "statement",
    "kind",
    "topics",
    "as_at",
    "measure",
    "figure",
    "event",
    "disputed",
    "source",
    "quote",
    "locator",
    "status",
    "corroboration",
)


def facts_csv(register: Register) -> str:
    """One row per citation of each fact: the fact, its quote and where it is.

    A cell a spreadsheet would run as a formula starts with ``'``
    (:func:`evidence.csvio.safe_cell`).
    """
    return to_csv(_FACT_COLUMNS, _fact_rows(register))


def _fact_rows(register: Register) -> Iterator[list[str]]:
    for fact in register.facts.values():
        report = register.report(fact.id)
        for check in report.checks:
            yield [
                fact.id,
                fact.statement,
                fact.kind,
                ";".join(fact.topics),
                fact.as_at.iso() if fact.as_at else "",
                fact.measure or "",
                fact.figure.label() if fact.figure else "",
                fact.event or "",
                fact.disputed or "",
                check.source_id,
                check.quote,
                check.locator.detail() if check.locator else "",
                check.status,
                report.corroboration.label(),
            ]


def markdown(register: Register, title: str) -> str:
    """Sources and facts as a Markdown document."""
    lines = [f"# {title}", "", "## Sources", ""]
    for s in register.sources.values():
        m = s.meta
        who = ", ".join(m.authors) or "author unknown"
        lines.append(
            f"- **{m.id}**: {m.label}. {who}; {m.publisher or 'publisher unknown'}; "
            f"{m.date.label()}" + (f"; <{m.url}>" if m.url else "") + "."
        )
    lines += ["", "## Facts", ""]
    for fact in register.facts.values():
        report = register.report(fact.id)
        lines.append(f"### {fact.id}")
        lines.append("")
        lines.append(
            f"{fact.statement} ({KIND_LABELS[fact.kind]}; as at "
            f"{fact.as_at.long() if fact.as_at else 'unknown'}; "
            f"{report.corroboration.label()})"
        )
        lines.append("")
        for check in report.checks:
            where = check.locator.label() if check.locator else check.status
            lines.append(f"> “{check.quote}” ({check.source_id}, {where})")
            lines.append("")
    return "\n".join(lines)
