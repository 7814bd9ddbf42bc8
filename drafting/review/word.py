"""Review of a Word document, chosen by what it holds: a Word draft, or a rendered document.

A ``.docx`` carrying the record ``drafting render`` writes is reviewed against that record
(:mod:`drafting.review.document`). One without it, holding citations typed as
``[@fact-id]``, is a Word draft: its paragraphs become passages exactly as a draft's prose
does, and the same checks read them. Which paragraphs are prose a Word document does not
say (a draft's kind does): a paragraph is read as prose when it cites, ends like a sentence
(``.`` ``!`` ``?`` ``…`` ``;`` ``:``, before any closing quote or bracket) or runs to
:data:`PROSE_WORDS` words; an address, a date line, a heading or a signature is none of
those. Paragraphs are numbered as a person counts them in the document: every paragraph
with text, from the top, a table's cell by cell (see :mod:`drafting.docx.markers`).

Tracked changes are read as the document would read with all of them accepted, and an
info finding says so: a citation typed in an insertion counts, one in a deletion does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from drafting.citations import CitationSyntaxError, CiteGroup, Span, check_in_text
from drafting.docx.markers import (
    WordParagraph,
    citation_spans,
    cite_paragraphs,
    placed,
    read_paragraphs,
)
from drafting.docx.parts import custom_properties
from drafting.docx.record import META_PREFIX, list_number_length
from drafting.docx.wordfile import WordFile, main_body
from drafting.errors import DraftingError
from drafting.findings import Finding, Mark, Passage, Review, excerpt
from drafting.review.checks import review_passages, unfinished_findings
from drafting.review.identification import identification_findings
from evidence.readers.docx import local, paragraph_text, paragraphs
from evidence.register import Register

#: The kind a render of a Word draft records (no kind of draft has this name).
WORD_KIND = "word"
#: A paragraph of at least this many words is prose even without a sentence's end.
PROSE_WORDS = 12
_PLACE = re.compile(r"paragraph (\d+)(?! as rendered)")
_SENTENCE_END = re.compile(r"[.!?…;:][\"'”’)\]]*\s*$")
_CHANGES = {
    "ins": "insertion",
    "moveTo": "move",
    "del": "deletion",
    "rPrChange": "formatting change",
    "pPrChange": "formatting change",
}
#: Parts where a citation cannot become a footnote, by relationship type.
_ELSEWHERE = {
    "header": "a header",
    "footer": "a footer",
    "footnotes": "a footnote",
    "endnotes": "an endnote",
}


def is_prose(text: str, cites: bool) -> bool:
    """Whether a Word paragraph is prose a reader weighs (see the module's rule)."""
    return cites or bool(_SENTENCE_END.search(text)) or len(text.split()) >= PROSE_WORDS


@dataclass(frozen=True)
class WordPassage(Passage):
    """A passage of a Word draft, placed as a person finds it (``paragraph 7 (table 1, ...)``)."""

    where: str = ""

    @property
    def place(self) -> str:
        """``paragraph 7`` or ``paragraph 7 (table 1, row 2, cell 3)``."""
        return f"paragraph {self.number}" + (f" ({self.where})" if self.where else "")


@dataclass
class WordDocument:
    """A Word document read for review or render: its package, body and paragraphs."""

    file: WordFile
    root: Any
    body: Any
    paragraphs: list[WordParagraph]
    rendered: bool

    @property
    def path(self) -> Path:
        """The document's file."""
        return self.file.path

    @property
    def typed(self) -> bool:
        """Whether any paragraph holds something typed as a citation (an ``@`` in brackets)."""
        return any(p.cited is not None and p.cited.groups for p in self.paragraphs)

    @property
    def prose(self) -> list[WordParagraph]:
        """The paragraphs read as prose (their citations read first)."""
        return [
            p
            for p in self.paragraphs
            if p.cited is not None and is_prose(p.cited.text, bool(p.cited.groups))
        ]

    def changes(self) -> dict[str, int]:
        """How many tracked changes of each kind the text has (``{"insertion": 2}``)."""
        counts: dict[str, int] = {}
        for element in self.body.iter():
            what = _CHANGES.get(local(element)) if isinstance(element.tag, str) else None
            if what:
                counts[what] = counts.get(what, 0) + 1
        return counts


def read_document(path: Path) -> WordDocument:
    """Open a Word document: its paragraphs as read, and whether drafting rendered it."""
    file = WordFile.read(path)
    root, body = main_body(file)
    custom = file.related("", "custom-properties")
    props = custom_properties(file.xml(custom[0])) if custom else {}
    rendered = any(name.startswith(META_PREFIX) for name in props)
    return WordDocument(file, root, body, read_paragraphs(body), rendered)


def read_citations(document: WordDocument, register: Register | None = None) -> None:
    """Read the typed citations; with ``register``, check their ids (see ``cite_paragraphs``).

    Raises:
        CitationSyntaxError: malformed markup, or a citation where no footnote can go (a
            header, a footer, a note), naming where it is and quoting the text around it.
        UnknownFactError: (with ``register``) an id it does not have, with the nearest.
    """
    cite_paragraphs(document.paragraphs, document.path, register)
    file = document.file
    for kind, what in _ELSEWHERE.items():
        for part in file.related(file.main, kind):
            for paragraph in paragraphs(file.xml(part)):
                text = paragraph_text(paragraph)
                for start, end in citation_spans(text)[:1]:
                    raise CitationSyntaxError(
                        f"a citation in {what} ({part}), at “{excerpt(text, start, end, 70)}”: "
                        "Word allows footnotes only in the document's text",
                        path=document.path,
                        hint="Move it into the text, or delete it",
                    )


def word_passages(document: WordDocument) -> list[Passage]:
    """The prose paragraphs as passages, each citation a mark, numbered as in the document."""
    out: list[Passage] = []
    marker = 0
    for paragraph in document.prose:
        assert paragraph.cited is not None
        plain, marks = "", []
        for item in paragraph.cited.items:
            if isinstance(item, Span):
                plain += item.text
            elif isinstance(item, CiteGroup):
                marker += 1
                marks.append((len(plain), str(marker), item.facts))
        cut = list_number_length(plain)  # as a rendered document's paragraphs are read
        out.append(
            WordPassage(
                paragraph.number,
                plain[cut:],
                tuple(Mark(max(0, at - cut), n, f) for at, n, f in marks),
                None,
                paragraph.where,
            )
        )
    return out


@dataclass(frozen=True)
class PartPassage(Passage):
    """A paragraph of a header, a footer or a note, placed by its part."""

    where: str = ""

    @property
    def place(self) -> str:
        """``a footnote (word/footnotes.xml), paragraph 3``."""
        return f"{self.where}, paragraph {self.number}"


def part_passages(file: WordFile) -> list[Passage]:
    """The paragraphs with text of the headers, footers, footnotes and endnotes, in order."""
    out: list[Passage] = []
    for kind, what in _ELSEWHERE.items():
        for part in file.related(file.main, kind):
            texts = [t for p in paragraphs(file.xml(part)) if (t := paragraph_text(p)).strip()]
            for number, text in enumerate(texts, 1):
                out.append(PartPassage(number, text, (), where=f"{what} ({part})"))
    return out


def part_findings(file: WordFile, register: Register) -> list[Finding]:
    """What could identify a child in the headers, footers and notes (published as the text is).

    The other checks are about citations and figures, which these parts do not carry.
    """
    return list(identification_findings(part_passages(file), register))


def changes_label(counts: dict[str, int]) -> str:
    """``1 insertion, 2 deletions`` (empty for no changes)."""
    return ", ".join(f"{n} {what}{'s' * (n != 1)}" for what, n in counts.items())


def tracked_finding(document: WordDocument) -> list[Finding]:
    """An info finding when the text has tracked changes: it was read with them accepted."""
    counts = document.changes()
    if not counts:
        return []
    return [
        Finding(
            "info",
            "tracked-changes",
            f"the document has tracked changes ({changes_label(counts)}): it was "
            "reviewed as it reads with all of them accepted (a citation in an "
            "insertion counts, one in a deletion does not)",
            hint="Accept or reject the changes in Word to see the text that was reviewed",
        )
    ]


def review_word_draft(document: WordDocument, register: Register, dossier: str = "") -> Review:
    """Review a Word draft (its typed citations read) as a draft's prose is reviewed.

    Raises:
        CitationSyntaxError: citation markup pandoc would print raw or cite in the text.
    """
    for paragraph in document.prose:
        assert paragraph.cited is not None
        try:
            check_in_text(paragraph.cited.markup, register, document.path, None)
        except CitationSyntaxError as exc:
            raise placed(exc, paragraph, document.path) from None
    passages = word_passages(document)
    citations, findings = review_passages(passages, register)
    findings += unfinished_findings(passages) + tracked_finding(document)
    findings += part_findings(document.file, register)  # render publishes these parts too
    return Review(document.path, "word", citations, findings, dossier)


def review_word_file(
    path: Path, register: Register, dossier_name: str | None, dossier: str = ""
) -> Review:
    """Review a ``.docx``: against its record if drafting rendered it, else as a Word draft.

    Raises:
        DraftingError: it has neither a record nor a typed citation, or cannot be read.
    """
    from drafting.review.document import review_docx

    document = read_document(path)
    if document.rendered:
        review = review_docx(path, register, dossier_name, dossier)
        review.findings += tracked_finding(document) + part_findings(document.file, register)
        return _placed_as_typed(review, document)
    read_citations(document)
    if not document.typed:
        raise DraftingError(
            "has no citation record from `drafting render` (it was made another way, or the "
            "custom document properties were removed), and no citation typed as [@fact-id] "
            "in its text",
            path=path,
            hint="Type citations as [@fact-id] where footnotes belong to review it as a Word "
            "draft, or review the draft .yaml it was rendered from",
        )
    return review_word_draft(document, register, dossier)


def _placed_as_typed(review: Review, document: WordDocument) -> Review:
    """A review of a rendered Word draft, its places counted as in the Word draft.

    The review of a rendered document counts its prose paragraphs only; a Word draft's
    places count every paragraph from the top, a table's cell by cell. Each place is
    turned into the Word draft's, so a finding before and after rendering is in the same
    paragraph.
    """
    from drafting.docx.record import read_rendered
    from drafting.review.document import prose_flags

    rendered = read_rendered(document.path)
    if rendered.record.kind != WORD_KIND or len(rendered.paragraphs) != len(document.paragraphs):
        return review
    prose = [document.paragraphs[i] for i, flag in enumerate(prose_flags(rendered)) if flag]

    def place(text: str) -> str:
        found = _PLACE.match(text)
        if found is None or not 0 < int(found.group(1)) <= len(prose):
            return text
        return prose[int(found.group(1)) - 1].place + text[found.end() :]

    review.findings = [replace(f, place=place(f.place)) for f in review.findings]
    review.citations = [replace(c, place=place(c.place)) for c in review.citations]
    return review
