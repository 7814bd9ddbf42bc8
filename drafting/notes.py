"""Numbering citations as prose is laid out: footnotes, a references list, or background.

Each citation group becomes one footnote (or one superscript marker; or, in the
``background`` style, nothing in the text and an entry under the clause's label in a
"Background and evidence" section, so a motion reads as it would in the chamber). As UK
footnotes do (OSCOLA's form), a source is given in full the first time it is cited and in
short after that: "Who, “Short title” (n 3), para. 8", the note number pointing back to the
full one; with ``repeats="ibid"``, a note citing only the source of the note just before
says "Ibid, para. 8" ("Ibid." at the same place); with ``"full"``, every note is in full.
The references list gives each source once, with the places cited in it. A fact cited twice
in one group is one reference with every prefix and suffix. ``[-@a]`` leaves the author out
of the footnote (the sentence names them); the references list and the background keep the
full reference, as they stand apart from the sentence. The plan also records what the document cites
(:class:`~drafting.docx.record.CitationRecord`) and the prose paragraphs, for
the record review reads later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from drafting.citations import Cite, CiteGroup, Inline, Runs, Span, plain
from drafting.docx.record import CitationRecord, list_number_length, text_key
from drafting.docx.runs import footnote_reference_run, superscript_run, text_run
from drafting.docx.template import markup
from drafting.references import (
    join,
    place_text,
    reference_runs,
    short_runs,
    short_who,
    source_text,
    typographic,
    with_prefix,
)
from drafting.typography import smart_quotes
from evidence.house import Placement, Repeats
from evidence.normalise import text_hash
from evidence.register import Register

CitationStyle = Placement


@dataclass
class CitationPlan:
    """Numbers markers as prose is laid out; collects footnotes and references.

    ``repeats`` says how a source given in full before is given again: ``short`` ("Who,
    “Short title” (n 3), para. 8"), ``ibid`` (the short form, or "Ibid" right after a note
    citing that source alone) or ``full``.
    """

    register: Register
    style: CitationStyle
    repeats: Repeats = "short"
    notes: dict[int, Runs] = field(default_factory=dict)
    first_note: dict[str, int] = field(default_factory=dict)  # source id -> its full note
    ref_number: dict[str, int] = field(default_factory=dict)  # source id -> its reference
    cited: list[CitationRecord] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    background: list[dict[str, Any]] = field(default_factory=list)
    label: str = ""
    #: How note ``n`` prints in the document (the short form's "(n 3)" names it so).
    note_label: Callable[[int], str] = str
    _places: dict[str, list[str]] = field(default_factory=dict)
    _last: tuple[str, str] | None = None  # the source and place of a note citing one source

    @property
    def references(self) -> list[dict[str, Any]]:
        """The references list: each source once, in order of first citation, with places."""
        return [
            {"number": n, "text": source_text(self.register, source, self._places[source])}
            for source, n in self.ref_number.items()
        ]

    def _source(self, fact: str) -> str:
        return self.register.report(fact).checks[0].source_id

    def _note(
        self, items: tuple[Cite, ...], number: int, previous: tuple[str, str] | None, alone: bool
    ) -> Runs:
        """What a note prints for one fact: in full the first time, else as ``repeats`` says."""
        source = self._source(items[0].fact_id)
        prefix = items[0].prefix
        if source not in self.first_note or self.repeats == "full":
            self.first_note.setdefault(source, number)
            return with_prefix(
                prefix,
                reference_runs(self.register, items, suppress_author=items[0].suppress_author),
            )
        if self.repeats == "ibid" and alone and previous is not None and previous[0] == source:
            same = previous[1] == place_text(self.register, items)
            runs = (Span("ibid."),) if same else short_runs(self.register, items, None, ibid=True)
            return with_prefix(prefix, runs) if prefix else _capital(runs)
        first = self.first_note[source]
        who = short_who(self.register, self.register.sources[source].meta)
        titled = (
            sum(
                short_who(self.register, self.register.sources[s].meta) == who
                for s in self.first_note
            )
            > 1
        )
        return with_prefix(
            prefix,
            short_runs(
                self.register,
                items,
                self.note_label(first) if first < number else None,
                titled=titled,
            ),
        )

    def skip_note(self) -> int:
        """Count a note the plan does not make (a Word draft's own); return its number.

        It takes its number in the count, and the next note cannot be "ibid", which would
        then point at it.
        """
        number = len(self.cited) + 1
        self.cited.append(CitationRecord(n=number, facts=(), key="", p=0))
        self.notes[number] = ()
        self._last = None
        return number

    def marker(self, group: CiteGroup, at: int = 0) -> str:
        """The run XML for one citation group, recording what it cites."""
        number = len(self.cited) + 1
        mentions = group.mentions()
        texts = []
        previous, alone = self._last, len(mentions) == 1
        for items in mentions:
            source = self._source(items[0].fact_id)
            place = place_text(self.register, items)
            self.ref_number.setdefault(source, len(self.ref_number) + 1)
            self._places.setdefault(source, []).append(place)
            texts.append(self._note(items, number, previous, alone))
            self._last = (source, place) if alone else None
        facts = group.facts
        marker = ",".join(
            dict.fromkeys(  # one source cited twice is one number
                f"{plain(m[0].prefix)} {self.ref_number[self._source(m[0].fact_id)]}"
                if m[0].prefix
                else str(self.ref_number[self._source(m[0].fact_id)])
                for m in mentions
            )
        )
        self.notes[number] = typographic(join(texts))
        if self.style == "background":
            evidence = smart_quotes(
                " ".join(
                    f"“{self.register.facts[m[0].fact_id].citations[0].quote}” "
                    + plain(with_prefix(m[0].prefix, reference_runs(self.register, m)))
                    for m in mentions
                )
            )
            self.background.append({"label": self.label, "text": evidence})
        key = {
            "footnotes": text_key(plain(self.notes[number])),
            "references": marker,
            "background": text_key(self.background[-1]["text"]) if self.background else "",
        }
        self.cited.append(
            CitationRecord(
                n=number,
                facts=facts,
                p=len(self.prose),
                at=at,
                quotes=tuple(text_hash(self.register.facts[f].citations[0].quote) for f in facts),
                key=key[self.style],
            )
        )
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


def _capital(runs: Runs) -> Runs:
    """Runs starting with a capital letter (a note's first word)."""
    first = runs[0]
    return (Span(first.text[:1].upper() + first.text[1:], first.bold, first.italic), *runs[1:])
