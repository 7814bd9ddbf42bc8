"""Numbering citations as prose is laid out: footnotes, a references list, or background.

Each citation group becomes one footnote (or one superscript marker; or, in the
``background`` style, nothing in the text and an entry under the clause's label in a
"Background and evidence" section, so a motion reads as it would in the chamber). A fact
cited again reuses its reference number in the references list and, as a
footnote, says "See note N". The plan also records what the document cites
(:class:`~drafting.docx.record.CitationRecord`) and the prose paragraphs, for
the record review reads later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from drafting.citations import CiteGroup, Inline, Span, reference_text, with_prefix
from drafting.docx.record import CitationRecord, list_number_length, text_key
from drafting.docx.runs import footnote_reference_run, superscript_run, text_run
from drafting.docx.template import markup
from evidence.normalise import text_hash
from evidence.register import Register

CitationStyle = Literal["footnotes", "references", "background"]


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
    background: list[dict[str, Any]] = field(default_factory=list)
    label: str = ""

    def marker(self, group: CiteGroup, at: int = 0) -> str:
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
        if self.style == "background":
            evidence = " ".join(
                f"“{self.register.facts[c.fact_id].citations[0].quote}” "
                + with_prefix(c.prefix, reference_text(self.register, c)) for c in group.cites)
            self.background.append({"label": self.label, "text": evidence})
        key = {"footnotes": text_key(self.notes[number]), "references": marker,
               "background": text_key(self.background[-1]["text"]) if self.background else ""}
        self.cited.append(CitationRecord(
            n=number, facts=tuple(facts), p=len(self.prose), at=at,
            quotes=tuple(text_hash(self.register.facts[f].citations[0].quote) for f in facts),
            key=key[self.style]))
        if self.style == "footnotes":
            return footnote_reference_run(number)
        return superscript_run(marker) if self.style == "references" else ""

    def runs(self, items: list[Inline], label: str = "") -> Any:
        """Markup for one prose paragraph's runs (paragraphs are numbered in this order).

        ``label`` names the paragraph in a background section ("Clause 3").
        """
        text = "".join(i.text for i in items if isinstance(i, Span))
        self.prose.append(text)
        self.label = label or f"Paragraph {len(self.prose)}"
        xml, at = [], 0
        for item in items:
            if isinstance(item, CiteGroup):
                xml.append(self.marker(item, at - list_number_length(text)))
            else:
                xml.append(text_run(item.text, bold=item.bold, italic=item.italic))
                at += len(item.text)
        return markup("".join(xml))
