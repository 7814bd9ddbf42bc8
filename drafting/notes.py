"""Numbering citations as prose is laid out: footnotes, a references list, or background.

Each citation group becomes one footnote (or one superscript marker; or, in the
``background`` style, nothing in the text and an entry under the clause's label in a
"Background and evidence" section, so a motion reads as it would in the chamber). A fact
cited again reuses its reference number in the references list and, as a
footnote, says "See note N". A fact cited twice in one group is one reference with every
prefix and suffix. ``[-@a]`` leaves the author out of the footnote (the sentence names
them); the references list and the background keep the full reference, as they stand
apart from the sentence. The plan also records what the document cites
(:class:`~drafting.docx.record.CitationRecord`) and the prose paragraphs, for
the record review reads later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from drafting.citations import CiteGroup, Inline, Runs, Span, plain
from drafting.docx.record import CitationRecord, list_number_length, text_key
from drafting.docx.runs import footnote_reference_run, superscript_run, text_run
from drafting.docx.template import markup
from drafting.references import again_runs, join, reference_runs, reference_text, with_prefix
from evidence.normalise import text_hash
from evidence.register import Register

CitationStyle = Literal["footnotes", "references", "background"]


@dataclass
class CitationPlan:
    """Numbers markers as prose is laid out; collects footnotes and references."""

    register: Register
    style: CitationStyle
    notes: dict[int, Runs] = field(default_factory=dict)
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
        texts: list[Runs] = []
        mentions = group.mentions()
        for items in mentions:
            fact = items[0].fact_id
            if fact not in self.ref_number:
                self.ref_number[fact] = len(self.references) + 1
                self.references.append({"number": self.ref_number[fact],
                                        "text": reference_text(self.register, items[0])})
            if fact in self.first_note:
                texts.append(again_runs(items, self.first_note[fact], self.register.report(
                    fact).checks[0].locator))
            else:
                self.first_note[fact] = number
                texts.append(with_prefix(items[0].prefix, reference_runs(
                    self.register, items, suppress_author=items[0].suppress_author)))
        facts = group.facts
        marker = ",".join(f"{plain(m[0].prefix)} {self.ref_number[m[0].fact_id]}"
                          if m[0].prefix else str(self.ref_number[m[0].fact_id])
                          for m in mentions)
        self.notes[number] = join(texts)
        if self.style == "background":
            evidence = " ".join(
                f"“{self.register.facts[m[0].fact_id].citations[0].quote}” "
                + plain(with_prefix(m[0].prefix, reference_runs(self.register, m)))
                for m in mentions)
            self.background.append({"label": self.label, "text": evidence})
        key = {"footnotes": text_key(plain(self.notes[number])), "references": marker,
               "background": text_key(self.background[-1]["text"]) if self.background else ""}
        self.cited.append(CitationRecord(
            n=number, facts=facts, p=len(self.prose), at=at,
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
