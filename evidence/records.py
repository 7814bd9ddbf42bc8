"""Plain, JSON-ready records of sources and checked facts, for reports and exports."""

from __future__ import annotations

from typing import Any

from evidence.register import FactReport, Register
from evidence.sources import Source
from evidence.verify import CitationCheck, Locator


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
