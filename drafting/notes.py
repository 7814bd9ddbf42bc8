"""Numbering citations as prose is laid out, into footnotes or a references list.

Each citation group becomes one footnote (or one superscript marker). A fact
cited again reuses its reference number in the references list and, as a
footnote, says "See note N". The plan also records what the document cites
(:class:`~drafting.docx.record.CitationRecord`) and the prose paragraphs, for
the record review reads later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from drafting.citations import CiteGroup, Inline, Span, reference_text, with_prefix
from drafting.docx.record import CitationRecord, text_key
from drafting.docx.runs import footnote_reference_run, superscript_run, text_run
from drafting.docx.template import markup
from evidence.normalise import text_hash
from evidence.register import Register

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
                again = f"note {self.first_note[cite.fact_id]}"
                again = with_prefix(cite.prefix or "see", again)
                texts.append(again + (f", {cite.suffix}." if cite.suffix else "."))
            else:
                self.first_note[cite.fact_id] = number
                texts.append(with_prefix(cite.prefix, reference_text(self.register, cite)))
        facts = [c.fact_id for c in group.cites]
        marker = ",".join(f"{c.prefix} {self.ref_number[c.fact_id]}" if c.prefix
                          else str(self.ref_number[c.fact_id]) for c in group.cites)
        self.notes[number] = " ".join(texts)
        self.cited.append(CitationRecord(
            n=number, facts=tuple(facts), p=len(self.prose),
            quotes=tuple(text_hash(self.register.facts[f].citations[0].quote) for f in facts),
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
