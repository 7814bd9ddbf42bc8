"""Turning a letter draft into a template context, footnotes and citation metadata."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from drafting.citations import (
    CiteGroup,
    Inline,
    Span,
    check_ids,
    parse_inline,
    reference_text,
    text_hash,
)
from drafting.docxparts import footnote_reference_run, superscript_run, text_run
from drafting.models import Bullets, LetterDraft, Numbered
from drafting.record import CitationRecord, text_key
from drafting.render import markup
from evidence.dates import PartialDate
from evidence.register import Register
from evidence.yamlio import Loc, YamlDoc

CitationStyle = Literal["footnotes", "references"]


@dataclass
class CitationPlan:
    """Numbers markers as prose is laid out; collects footnotes and references."""

    register: Register
    style: CitationStyle
    notes: dict[int, str] = field(default_factory=dict)
    first_note: dict[str, int] = field(default_factory=dict)
    ref_number: dict[str, int] = field(default_factory=dict)
    references: list[dict[str, Any]] = field(default_factory=list)
    cited: list[CitationRecord] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)

    def marker(self, group: CiteGroup) -> str:
        """The run XML for one citation group, recording what it cites."""
        number = len(self.cited) + 1
        texts = []
        for cite in group.cites:
            if cite.fact_id not in self.ref_number:
                self.ref_number[cite.fact_id] = len(self.references) + 1
                self.references.append({"number": self.ref_number[cite.fact_id],
                                        "text": reference_text(self.register, cite)})
            if cite.fact_id in self.first_note:
                again = f"See note {self.first_note[cite.fact_id]}"
                texts.append(again + (f", {cite.suffix}." if cite.suffix else "."))
            else:
                self.first_note[cite.fact_id] = number
                texts.append(reference_text(self.register, cite))
        facts = [c.fact_id for c in group.cites]
        marker = ",".join(str(self.ref_number[f]) for f in facts)
        self.notes[number] = " ".join(texts)
        self.cited.append(CitationRecord(
            n=number, facts=tuple(facts), p=len(self.prose),
            quotes=tuple(text_hash(self.register.facts[f].citations[0].quote) for f in facts),
            refs=tuple(self.ref_number[f] for f in facts),
            key=text_key(self.notes[number]) if self.style == "footnotes" else marker))
        if self.style == "footnotes":
            return footnote_reference_run(number)
        return superscript_run(marker)

    def runs(self, items: list[Inline]) -> Any:
        """Markup for one prose paragraph's runs (paragraphs are numbered in this order)."""
        self.prose.append("".join(i.text for i in items if isinstance(i, Span)))
        xml = "".join(self.marker(i) if isinstance(i, CiteGroup)
                      else text_run(i.text, bold=i.bold, italic=i.italic)
                      for i in items if isinstance(i, CiteGroup | Span))
        return markup(xml)


def prose_fields(draft: LetterDraft) -> list[tuple[str, Loc]]:
    """Every prose text of the letter with its path in the draft file, in reading order."""
    out: list[tuple[str, Loc]] = []
    for i, block in enumerate(draft.body):
        if isinstance(block, Bullets | Numbered):
            key = "bullets" if isinstance(block, Bullets) else "numbered"
            out += [(t, ("body", i, key, j)) for j, t in enumerate(getattr(block, key))]
        else:
            out.append((block, ("body", i)))
    out += [(t, ("asks", j)) for j, t in enumerate(draft.asks)]
    return out


def _sender_lines(draft: LetterDraft) -> list[dict[str, Any]]:
    senders = []
    for s in draft.senders:
        lines = [s.role, f"Councillor for {s.ward}" if s.ward else None, s.group]
        senders.append({"name": s.name, "lines": [x for x in lines if x]})
    return senders


def letter_context(draft: LetterDraft, doc: YamlDoc, register: Register,
                   style: CitationStyle, today: dt.date) -> tuple[dict[str, Any], CitationPlan]:
    """The template context of a letter, and the citation plan it produced."""
    check_ids([(t, str(doc.path), doc.line_of(loc)) for t, loc in prose_fields(draft)], register)
    plan = CitationPlan(register, style)
    body: list[dict[str, Any]] = []
    for block in draft.body:
        if isinstance(block, Bullets):
            body += [{"style": "bullet", "runs": plan.runs(parse_inline(t))}
                     for t in block.bullets]
        elif isinstance(block, Numbered):
            body += [{"style": "number", "runs": plan.runs(parse_inline(f"{n}.\t{t}"))}
                     for n, t in enumerate(block.numbered, 1)]
        else:
            body.append({"style": "normal", "runs": plan.runs(parse_inline(block))})
    asks = [{"runs": plan.runs(parse_inline(f"{n}.\t{t}"))}
            for n, t in enumerate(draft.asks, 1)]
    r = draft.recipient
    recipient = [x for x in (r.name and " ".join(filter(None, (r.honorific, r.name))), r.title,
                             r.organisation) if x] + list(r.address)
    sender_block = list(draft.sender_address) or [s.group for s in draft.senders if s.group][:1]
    date = draft.date or today
    context = {
        "kind": draft.kind,
        "date": PartialDate(date.year, date.month, date.day).long(),
        "sender_block": sender_block, "recipient_block": recipient,
        "salutation": draft.derived_salutation(), "subject": draft.subject,
        "body": body, "asks": asks, "closing": draft.derived_closing(),
        "senders": _sender_lines(draft), "cc": list(draft.cc),
        "enclosures": list(draft.enclosures),
        "references": plan.references if style == "references" else [],
    }
    return context, plan
