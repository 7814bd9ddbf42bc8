"""Self-contained HTML pages to look at: the dossier report, the chronology, a review.

One file each, with its styles inline and its chronology drawn as inline SVG: no network,
no script, no external asset, so it opens the same on a laptop in a meeting room as on the
machine that wrote it. Every text from the dossier is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape

from drafting.findings import Review
from evidence.conflicts import ConflictGroup, conflict_groups
from evidence.dates import PartialDate
from evidence.register import KIND_LABELS, Register
from evidence.timeline import Entry, Gap, timeline
from evidence.verify import CitationCheck

_STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1f24;
margin:0;background:#f6f7f9}main{max-width:1100px;margin:0 auto;padding:24px 28px 60px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:34px 0 10px;border-bottom:2px solid
#d5d9e0;padding-bottom:4px}h3{font-size:16px;margin:22px 0 8px}.sub{color:#56606b;margin:0 0 18px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}th,td{border:1px solid
#d5d9e0;padding:6px 8px;text-align:left;vertical-align:top}th{background:#eef1f5}
.fact{background:#fff;border:1px solid #d5d9e0;border-radius:6px;padding:10px 14px;margin:10px 0}
.meta{color:#56606b;font-size:13px}.para{font-size:14px;margin:6px 0 0;padding-left:10px;
border-left:3px solid #c9d2de}mark{background:#ffe58f;padding:0 1px}.bad{color:#b42318}
.groups{display:flex;flex-wrap:wrap;gap:12px}.group{flex:1 1 320px;background:#fff;border:2px
solid #f0b4ae;border-radius:6px;padding:10px 14px}.group h3{margin:0 0 6px;color:#b42318}
.side{display:flex;gap:8px;flex-wrap:wrap}.member{flex:1 1 140px;background:#fff7f6;
border:1px solid #f0d2ce;border-radius:4px;padding:6px 8px;font-size:13px}
.gives{font-weight:700;font-size:15px}.note{color:#8a5a00;font-size:13px;margin:4px 0}
.gap{color:#56606b;font-style:italic}.conflict{color:#b42318;font-weight:600}
svg text{font:12px system-ui,Arial,sans-serif;fill:#1b1f24}.tag{display:inline-block;
font-size:12px;border-radius:3px;padding:0 5px;background:#eef1f5;margin-right:4px}
.sev-error{color:#b42318;font-weight:700}.sev-warning{color:#8a5a00;font-weight:700}
"""


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def highlighted(register: Register, source_id: str, start: int, end: int) -> str:
    """The paragraph holding ``start:end`` of a source, escaped, with that span marked."""
    source = register.sources[source_id]
    para = next((p for p in source.segmentation.paragraphs if p.start <= start < p.end), None)
    if para is None:
        return escape(source.text[start:end])
    text = source.text
    return (
        escape(text[para.start : start])
        + "<mark>"
        + escape(text[start:end])
        + "</mark>"
        + escape(text[end : para.end])
    )


# --- the chronology as SVG ----------------------------------------------------------------------


def _x(date: PartialDate, first: int, last: int, width: int, *, end: bool = False) -> float:
    month = (date.month or (12 if end else 1)) - (0 if end else 1)
    fraction = (month + ((date.day or 0) / 31 if date.day else 0)) / 12
    return 40 + (date.year - first + fraction) / (last - first + 1) * (width - 80)


def timeline_svg(items: Iterable[Entry | Gap], width: int = 1040) -> str:
    """The dated facts on a line of years.

    A dot for a day or month, a bar for a year, red for a fact in a conflict group; each
    with its statement as a tooltip.
    """
    entries = [i for i in items if isinstance(i, Entry) and i.date is not None]
    if not entries:
        return "<p>No dated facts.</p>"
    first = min(e.date.year for e in entries if e.date)
    last = max(e.date.year for e in entries if e.date)
    rows: dict[str, int] = {"": 0}
    marks = []
    stacked: dict[tuple[int, int], int] = {}  # facts at one spot are stacked, not overdrawn
    said: dict[int, list[str]] = {}  # what each fact of a conflict lane gives
    for e in entries:
        assert e.date is not None
        lane = rows.setdefault(e.conflict or "", len(rows))
        spot = (lane, round(_x(e.date, first, last, width) / 8))
        depth = stacked[spot] = stacked.get(spot, -1) + 1
        y = 70 + 9 * min(depth, 6) if lane == 0 else 70 + 44 * (lane + 2)
        if lane:
            said.setdefault(lane, []).append(e.gives or e.label)
        colour = "#b42318" if e.conflict else "#2b6cb0"
        tip = escape(f"{e.label}: {e.statement} ({e.fact})")
        x0 = _x(e.date, first, last, width)
        if e.date.month is None:
            x1 = _x(e.date, first, last, width, end=True)
            marks.append(
                f'<rect x="{x0:.1f}" y="{y - 5}" width="{max(x1 - x0, 3):.1f}" '
                f'height="10" rx="3" fill="{colour}" fill-opacity="0.35">'
                f"<title>{tip}</title></rect>"
            )
        else:
            marks.append(
                f'<circle cx="{x0:.1f}" cy="{y}" r="{4 if e.before else 5}" '
                f'fill="{"#fff" if e.before else colour}" stroke="{colour}" '
                f'stroke-width="2"><title>{tip}</title></circle>'
            )
    height = 70 + 44 * (len(rows) + 2)
    axis = [f'<line x1="40" y1="40" x2="{width - 40}" y2="40" stroke="#56606b"/>']
    for year in range(first, last + 2):
        x = _x(PartialDate(year), first, last, width)
        axis.append(
            f'<line x1="{x:.1f}" y1="34" x2="{x:.1f}" y2="{height - 10}" stroke="#d5d9e0"/>'
        )
        if year <= last:
            axis.append(f'<text x="{x + 4:.1f}" y="30">{year}</text>')
    lanes = [
        f'<line x1="40" y1="{70 + 44 * (n + 2)}" x2="{width - 40}" '
        f'y2="{70 + 44 * (n + 2)}" stroke="#f0d2ce" stroke-dasharray="4 4"/>'
        f'<text x="44" y="{70 + 44 * (n + 2) + 18}" style="fill:#b42318">'
        f'<tspan style="font-weight:600">{escape(" / ".join(said.get(n, [])))}</tspan>'
        f'<tspan style="font-style:italic"> ({escape(name[:120])})</tspan></text>'
        for name, n in rows.items()
        if name
    ]
    return (
        f'<svg role="img" aria-label="Chronology" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">{"".join(axis)}'
        f"{''.join(lanes)}{''.join(marks)}</svg>"
        '<p class="sub">Blue: a fact (a dot for a day or month, a bar for a year; hollow: '
        "only known to be before its source's date). Red: facts that disagree, one lane "
        "per conflict group.</p>"
    )


def _timeline_table(items: Iterable[Entry | Gap]) -> str:
    rows = []
    for i in items:
        if isinstance(i, Gap):
            rows.append(f'<tr class="gap"><td></td><td colspan="3">{escape(i.label)}</td></tr>')
            continue
        note = f'<span class="conflict">conflict: {escape(i.conflict)}</span>' if i.conflict else ""
        rows.append(
            f"<tr><td>{escape(i.label)}</td><td>{escape(i.statement)} "
            f'<span class="tag">{escape(i.fact)}</span></td>'
            f"<td>{escape(', '.join(i.sources))} ({escape(i.published)})</td>"
            f"<td>{note}</td></tr>"
        )
    return (
        "<table><thead><tr><th>When</th><th>What</th><th>Source (published)</th>"
        f"<th>Note</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def timeline_page(register: Register, items: list[Entry | Gap], title: str) -> str:
    """The chronology alone, as a page."""
    facts = sum(isinstance(i, Entry) for i in items)
    return _page(
        f"Chronology: {title}",
        f'<h1>Chronology</h1><p class="sub">{escape(title)}: {facts} fact(s)</p>'
        + timeline_svg(items)
        + _timeline_table(items),
    )


# --- the dossier report -------------------------------------------------------------------------


def _quote(register: Register, check: CitationCheck) -> str:
    """A checked quote shown in its paragraph, or the quote and why it was not found."""
    if check.locator is None:
        return (
            f'<div class="para bad">“{escape(check.quote)}” (not found: '
            f"{escape(check.status)})</div>"
        )
    marked = highlighted(register, check.source_id, check.locator.start, check.locator.end)
    return (
        f'<div class="para">{marked}<div class="meta">{escape(check.source_id)}, '
        f"{escape(check.locator.label())}</div></div>"
    )


def _groups_html(groups: Iterable[ConflictGroup]) -> str:
    out = []
    for g in groups:
        members = "".join(
            f'<div class="member"><div class="gives">{escape(m.shown)}</div>'
            f"<div>{escape(m.statement)}</div>"
            + "".join(
                f'<div class="meta">{escape(s)} ({escape(p or "publisher unknown")})'
                + ("" if q.strip() == m.statement.strip() else f": “{escape(q)}”")
                + "</div>"
                for s, p, q in m.sources
            )
            + f'<div class="tag">{escape(m.fact)}</div></div>'
            for m in g.members
        )
        note = f'<p class="note">Likely confusion: {escape(g.note)}</p>' if g.note else ""
        out.append(
            f'<div class="group"><h3>{escape(g.summary)}</h3>{note}'
            f'<div class="side">{members}</div><p class="meta">Sources: '
            f"{escape(g.independent)}</p></div>"
        )
    return f'<div class="groups">{"".join(out)}</div>' if out else "<p>No conflicts.</p>"


def report_page(register: Register, title: str, *, today: dt.date | None = None) -> str:
    """The whole dossier for a group meeting.

    Sources, facts by topic with their quotes highlighted in their paragraphs,
    corroboration, conflicts side by side, and the chronology.
    """
    day = today or dt.date.today()
    groups = conflict_groups(register)
    items = timeline(register)
    parts = [
        f'<h1>{escape(title)}</h1><p class="sub">{len(register.facts)} facts from '
        f"{len(register.sources)} sources · {len(groups)} conflict group(s) · made "
        f"{escape(PartialDate(day.year, day.month, day.day).long())}</p>"
    ]
    parts.append("<h2>Conflicts</h2>" + _groups_html(groups))
    parts.append("<h2>Chronology</h2>" + timeline_svg(items))
    rows = []
    for s in register.sources.values():
        m = s.meta
        copy = f" (copy of {escape(m.duplicate_of)})" if m.duplicate_of else ""
        rows.append(
            f"<tr><td>{escape(m.id)}{copy}</td><td>{escape(m.label)}</td>"
            f"<td>{escape(m.kind)}</td><td>{escape(m.publisher or 'unknown')}</td>"
            f"<td>{escape(m.date.label())}</td><td>{len(s.segmentation.citable)}</td>"
            "</tr>"
        )
    parts.append(
        "<h2>Sources</h2><table><thead><tr><th>id</th><th>title</th><th>kind</th>"
        "<th>publisher</th><th>date</th><th>citable paragraphs</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    parts.append("<h2>Facts by topic</h2>")
    in_conflict = {m.fact for g in groups for m in g.members}
    topics = [*sorted({t for f in register.facts.values() for t in f.topics}), ""]
    for topic in topics:
        facts = [
            f for f in register.facts.values() if (topic in f.topics if topic else not f.topics)
        ]
        if not facts:
            continue
        parts.append(f"<h3>{escape(topic or 'no topic')}</h3>")
        for fact in facts:
            report = register.report(fact.id)
            quotes = "".join(_quote(register, c) for c in report.checks)
            flag = (
                ' <span class="conflict">in a conflict group</span>'
                if fact.id in in_conflict
                else ""
            )
            parts.append(
                f'<div class="fact"><strong>{escape(fact.statement)}</strong>{flag}'
                f'<div class="meta"><span class="tag">{escape(fact.id)}</span>'
                f"{escape(KIND_LABELS[fact.kind])} · as at "
                f"{escape(fact.as_at.long() if fact.as_at else 'unknown')} · "
                f"{escape(report.corroboration.label())}</div>{quotes}</div>"
            )
    return _page(title, "".join(parts))


def review_page(review: Review, register: Register) -> str:
    """A draft's or document's cited evidence and findings, as a page."""
    rows = []
    for c in review.citations:
        para = ""
        if c.fact_id and c.fact_id in register.facts:
            para = _quote(register, register.report(c.fact_id).checks[0])
        rows.append(
            f'<tr><td>{escape(c.marker)}</td><td><span class="tag">'
            f"{escape(c.fact_id or 'added by hand')}</span> {escape(c.statement or '')}"
            f"{para}</td><td>{escape(c.source or '')} ({escape(c.date or '')})<br>"
            f"{escape(c.locator or '')}</td><td>{escape(c.corroboration or '')}</td>"
            f"<td>{escape(c.status)}</td></tr>"
        )
    findings = "".join(
        f'<tr><td class="sev-{escape(f.severity)}">{escape(f.severity)}</td>'
        f"<td>{escape(f.code)}</td><td>{escape(f.place)}</td><td>{escape(f.message)}"
        f'<div class="meta">“{escape(f.excerpt)}”</div></td></tr>'
        for f in review.findings
    )
    body = (
        f'<h1>Review of {escape(review.path.name)}</h1><p class="sub">'
        f"{len(review.citations)} citation(s); {escape(review.summary())}</p>"
        "<h2>Findings</h2>"
        + (
            f"<table><thead><tr><th>severity</th><th>code</th><th>where</th><th>what"
            f"</th></tr></thead><tbody>{findings}</tbody></table>"
            if findings
            else "<p>No findings.</p>"
        )
        + "<h2>Citations</h2><table><thead><tr><th>note</th><th>fact, and the quote in "
        "its paragraph</th><th>source</th><th>corroboration</th><th>status</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return _page(f"Review of {review.path.name}", body)
