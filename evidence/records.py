"""Plain, JSON-ready records of what the dossier holds and finds, for every face.

Sources, checked facts, a verification, a search, conflict groups, the chronology, candidate
facts and a document just added, as
the command line prints them with ``--format json`` (and Markdown where it offers it), and
as the web pages and exports use them: one shape, written once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from evidence.register import FactReport, Register
from evidence.sources import Source
from evidence.verify import CitationCheck, Locator, other_cells

if TYPE_CHECKING:
    from evidence.candidates import Candidate
    from evidence.conflicts import ConflictGroup
    from evidence.dossier import Dossier
    from evidence.intake import Added
    from evidence.search import FactHit, Results
    from evidence.timeline import Entry, Gap


def source_record(source: Source) -> dict[str, Any]:
    """A source's metadata, sizes and state."""
    meta = source.meta
    seg = source.segmentation
    return {
        "id": meta.id,
        "file": meta.file,
        "title": meta.title,
        "description": meta.description,
        "kind": meta.kind,
        "publisher": meta.publisher,
        "authors": list(meta.authors),
        "date": meta.date.value.iso() if meta.date.value else None,
        "date_how": meta.date.how,
        "date_reason": meta.date.reason,
        "url": meta.url,
        "partisan": meta.partisan,
        "duplicate_of": meta.duplicate_of,
        "added_from": meta.added_from,
        "sha256": source.sha256,
        "changed": source.stale,
        "paragraphs": len(seg.citable),
        "citable_chars": seg.size(citable=True),
        "excluded_chars": seg.size(citable=False),
        "excluded": [
            {
                "reason": p.excluded,
                "start": p.start,
                "end": p.end,
                "text": source.text[p.start : p.end][:80],
            }
            for p in seg.excluded
        ],
        "ocr_pages": list(source.ocr_pages),
        "unreadable_pages": list(source.unreadable),
        "unreadable": source.unreadable_note(),
    }


def locator_record(locator: Locator | None) -> dict[str, Any] | None:
    """A locator's fields, with its printed label."""
    if locator is None:
        return None
    place = locator.place
    ocr = place.ocr if place else None
    return {
        "label": locator.label(),
        "page": locator.page,
        "pdf_page": locator.pdf_page,
        "paragraph": locator.number,
        "cell": place.cell if place else None,
        "headings": list(place.headings) if place else [],
        "count": locator.paragraph,
        "sentences": [locator.first_sentence, locator.last_sentence],
        "start": locator.start,
        "end": locator.end,
        "detail": locator.detail(),
        "read_by": "OCR" if ocr is not None else None,
        "ocr_confidence": None if ocr is None else round(ocr, 1),
        "ocr_read": [{"quoted": quoted, "read": read} for quoted, read in locator.confusions],
    }


def check_record(check: CitationCheck) -> dict[str, Any]:
    """One citation's check."""
    near = check.near
    return {
        "source": check.source_id,
        "quote": check.quote,
        "status": check.status,
        "locator": locator_record(check.locator),
        "reason": check.reason,
        "closest": None
        if near is None
        else {
            "passage": near.passage,
            "score": near.score,
            "diff": near.diff,
            "locator": locator_record(near.locator),
        },
    }


def fact_record(register: Register, report: FactReport) -> dict[str, Any]:
    """A fact, its citations checked, corroboration and variants."""
    fact = report.fact
    return {
        "id": fact.id,
        "statement": fact.statement,
        "kind": fact.kind,
        "topics": list(fact.topics),
        "as_at": fact.as_at.iso() if fact.as_at else None,
        "measure": fact.measure,
        "attributed_to": [{"id": who, "name": register.name_of(who)} for who in fact.attributed_to],
        "status": report.status,
        "citations": [check_record(c) for c in report.checks],
        "also_quoted_in": list(report.also_quoted_in),
        "corroboration": {
            "sources": report.corroboration.sources,
            "publishers": list(report.corroboration.publishers),
            "publisher_unknown": report.corroboration.unknown,
            "independent_publishers": report.corroboration.independent,
            "label": report.corroboration.label(),
        },
        "partisan_only": report.partisan_only,
        "variants": [
            {"source": v.source_id, "quote": v.quote, "diff": v.diff} for v in report.variants
        ],
    }


@dataclass(frozen=True)
class Verification:
    """What verifying a register finds: failed checks, changed sources, unread pages."""

    problems: list[tuple[str, CitationCheck]]  # (fact id, its failed check)
    changed: list[Source]
    unread: list[Source]
    citations: int
    #: (fact id, its check, the other cells holding its quote): a spreadsheet's quote
    #: that verifies, but is in more than one cell (:func:`evidence.verify.other_cells`).
    ambiguous: list[tuple[str, CitationCheck, tuple[str, ...]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every quote verifies and no source changed."""
        return not self.problems and not self.changed


def verification(register: Register) -> Verification:
    """Every fact of ``register`` checked (see :class:`Verification`)."""
    return Verification(
        problems=[(rep.fact.id, c) for rep in register.reports for c in rep.checks if not c.ok],
        changed=[s for s in register.sources.values() if s.stale],
        unread=[s for s in register.sources.values() if s.unreadable],
        citations=sum(len(r.checks) for r in register.reports),
        ambiguous=_ambiguous(register),
    )


def _ambiguous(register: Register) -> list[tuple[str, CitationCheck, tuple[str, ...]]]:
    """The verified quotes of spreadsheets that other cells hold too."""
    out = []
    for rep in register.reports:
        for check in rep.checks:
            source = register.sources[check.source_id]
            if check.ok and check.locator is not None and source.segmentation.cells:
                others = other_cells(source, check.quote, check.locator)
                if others:
                    out.append((rep.fact.id, check, others))
    return out


def verify_record(dossier: Dossier, register: Register) -> dict[str, Any]:
    """What ``evidence verify`` finds: every failed check, changed source and unread page."""
    found = verification(register)
    return {
        "dossier": str(dossier.root),
        "ok": found.ok,
        "facts": len(register.facts),
        "citations": found.citations,
        "changed_sources": [
            {
                "id": s.id,
                "file": s.meta.file,
                "recorded_sha256": s.meta.sha256,
                "sha256": s.sha256,
                "fix": f"drafting evidence rehash {s.id}",
            }
            for s in found.changed
        ],
        "ambiguous_cells": [
            {
                "fact": fid,
                "source": check.source_id,
                "quote": check.quote,
                "cell": check.locator.place.cell if check.locator and check.locator.place else None,
                "also_in": list(others),
            }
            for fid, check, others in found.ambiguous
        ],
        "unreadable_pages": [
            {
                "id": s.id,
                "file": s.meta.file,
                "pages": list(s.unreadable),
                "note": s.unreadable_note(),
            }
            for s in found.unread
        ],
        "problems": [{"fact": fid, **check_record(c)} for fid, c in found.problems],
    }


def search_record(query: str, hits: Results, facts: Sequence[FactHit]) -> dict[str, Any]:
    """A search's passages (matched words in ``**``) and the facts whose statements match."""
    from evidence.search import HIT_END, HIT_START

    return {
        "query": query,
        "capped": hits.capped,
        "hits": [
            {
                "source": h.source,
                "paragraph": h.paragraph,
                "locator": h.locator,
                "snippet": h.snippet.replace(HIT_START, "**").replace(HIT_END, "**"),
                "text": h.text,
                "title": h.label,
                "publisher": h.publisher,
                "kind": h.kind,
                "date": h.date,
                "facts": list(h.facts),
                "cited": h.cited,
                "score": round(h.score, 3),
            }
            for h in hits
        ],
        "facts": [
            {"id": f.fact, "statement": f.statement, "score": round(f.score, 3)} for f in facts
        ],
    }


def conflict_records(groups: Sequence[ConflictGroup]) -> list[dict[str, Any]]:
    """Each conflict group: what it is about, its facts with their sources and quotes."""
    return [
        {
            "kind": g.kind,
            "key": g.key,
            "summary": g.summary,
            "note": g.note,
            "independent": g.independent,
            "facts": [
                {
                    "id": m.fact,
                    "gives": m.shown,
                    "statement": m.statement,
                    "sources": [{"source": s, "publisher": p, "quote": q} for s, p, q in m.sources],
                }
                for m in g.members
            ],
        }
        for g in groups
    ]


def conflicts_markdown(groups: Sequence[ConflictGroup]) -> str:
    """The conflict groups as a Markdown page, a table of quotes for each."""
    lines = ["# Conflicts", ""] if groups else ["# Conflicts", "", "None found."]
    for g in groups:
        lines += [f"## {g.summary}", ""]
        if g.note:
            lines += [f"Likely confusion: {g.note}.", ""]
        lines += ["| fact | gives | source | quote |", "| --- | --- | --- | --- |"]
        for m in g.members:
            for s, p, q in m.sources:
                lines.append(
                    f"| `{m.fact}` | {m.shown} | {s} ({p or 'publisher unknown'}) "
                    f"| “{q.replace('|', '/')}” |"
                )
        lines += ["", f"Sources: {g.independent}.", ""]
    return "\n".join(lines)


def timeline_records(items: Sequence[Entry | Gap]) -> list[dict[str, Any]]:
    """The chronology's entries and gaps, in order."""
    from evidence.timeline import Gap

    return [
        {
            "gap": True,
            "after": i.after.iso(),
            "until": i.until.iso(),
            "months": i.months,
            "label": i.label,
        }
        if isinstance(i, Gap)
        else {
            "date": i.date.iso() if i.date else None,
            "label": i.label,
            "precision": i.precision,
            "fact": i.fact,
            "statement": i.statement,
            "kind": i.kind,
            "topics": list(i.topics),
            "published": i.published,
            "sources": list(i.sources),
            "conflict": i.conflict,
        }
        for i in items
    ]


def timeline_markdown(items: Sequence[Entry | Gap]) -> str:
    """The chronology as a Markdown table; a gap of a year or more is a row of its own."""
    from evidence.timeline import Gap

    lines = ["| when | what | source (published) | note |", "| --- | --- | --- | --- |"]
    for i in items:
        if isinstance(i, Gap):
            lines.append(f"| | *{i.label}* | | gap |")
        else:
            lines.append(
                f"| {i.label} | {i.statement.replace('|', '/')} (`{i.fact}`) | "
                f"{', '.join(i.sources)} ({i.published}) | "
                f"{'conflict: ' + i.conflict if i.conflict else ''} |"
            )
    return "\n".join(lines)


def candidate_records(found: Sequence[Candidate]) -> list[dict[str, Any]]:
    """Candidate facts: each with its handle, proposal, why, and how it stands to the register."""
    return [
        {
            "handle": c.handle,
            "source": c.source,
            "paragraph": c.paragraph,
            "sentence": c.sentence,
            "cell": c.cell,
            "quote": c.quote,
            "statement": c.statement,
            "kind": c.kind,
            "why": list(c.why),
            "topics": list(c.topics),
            "as_at": c.as_at.iso() if c.as_at else None,
            "as_at_from": c.as_at_from,
            "as_at_precision": c.as_at.precision if c.as_at else None,
            "people": list(c.people),
            "figure": c.figure.model_dump(exclude_defaults=True) if c.figure else None,
            "relations": [{"fact": r.fact, "how": r.how, "detail": r.detail} for r in c.relations],
        }
        for c in found
    ]


def added_record(added: Added) -> dict[str, Any]:
    """A document just added: its source, what it offered, its paragraphs and candidates."""
    offered, source = added.document.offered, added.source
    seg = source.segmentation
    return {
        "source": added.meta.id,
        "file": added.document.keep_as,
        "sha256": added.document.sha256,
        "duplicate_of": added.meta.duplicate_of,
        "copies": [{"source": c.source, "share": round(c.share, 3)} for c in added.copies],
        "offered": {
            "title": offered.title,
            "authors": list(offered.authors),
            "date": offered.date.iso() if offered.date else None,
            "date_evidence": offered.date_evidence,
            "publisher": offered.publisher,
            "url": offered.url,
        },
        "paragraphs": len(seg.citable),
        "excluded": [
            {"reason": p.excluded, "text": seg.text[p.start : p.end][:80]} for p in seg.excluded
        ],
        "ocr_pages": list(source.ocr_pages),
        "unreadable_pages": list(source.unreadable),
        "unreadable": source.unreadable_note(),
        "candidates": candidate_records(added.candidates),
    }
