"""Rendering a Word draft: the author's own document, with notes where citations were typed.

``drafting render MY-LETTER.docx`` reads a document written in Word (or LibreOffice) in
the council's own template, with citations typed in its text as in a YAML draft
(``[@unallocated-cases-232]``, ``[see @a, para. 6; @b]``), and writes the same document
with real footnotes in their place (or superscript numbers and a References list):

1. the document is read as a person sees it (tracked changes accepted) and its typed
   citations parsed by the drafts' own grammar; a malformed one, an unknown fact id (with
   the nearest), or one where no footnote can go (a header, a footer, a note, a text box)
   is one error naming the paragraph and quoting the text around it, and nothing is
   written;
2. review runs as ``drafting review`` runs on it; errors refuse the render unless
   ``allow_errors``;
3. :class:`drafting.notes.CitationPlan` numbers the citations in reading order and writes
   every note's text. Word numbers footnotes by where they are, so the document's own
   footnotes take their numbers in the same count ("See note 3" is note 3 as printed);
4. each citation's characters are replaced by the plan's mark, in the runs that showed
   them (:mod:`drafting.docx.splice`); every other part of the package is kept as it was
   (:mod:`drafting.docx.wordfile`); the notes, their styles if missing and the citation
   record are added (:mod:`drafting.docx.wordnotes`), so ``drafting review`` reads the
   result as any rendered document;
5. it is written atomically, never over the input, never over a file without ``force``.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Any

from drafting.citations import CiteGroup, Span
from drafting.docx.markers import WordParagraph
from drafting.docx.numbering import NoteNumbering, note_numbering, refuse_numbering
from drafting.docx.record import (
    META_VERSION,
    CitationRecord,
    RenderRecord,
    list_number_length,
    paragraph_record,
    record_properties,
)
from drafting.docx.splice import cut, parse_run, replace_citation
from drafting.docx.wordfile import refuse_unwritable, serialize
from drafting.docx.wordnotes import (
    add_footnotes,
    add_references,
    note_styles,
    own_footnotes,
    set_custom_properties,
)
from drafting.errors import DraftingError, UsageError
from drafting.findings import Review
from drafting.notes import CitationPlan, CitationStyle
from drafting.render import ReviewRefused
from drafting.review import dossier_label, without_ignored
from drafting.review.word import (
    WORD_KIND,
    WordDocument,
    changes_label,
    read_citations,
    read_document,
    review_word_draft,
)
from evidence.dossier import Dossier
from evidence.fsio import refuse_overwrite, write_atomic
from evidence.house import Repeats

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class WordRenderResult:
    """What a render of a Word draft wrote."""

    path: Path
    citations: int
    style: CitationStyle
    review: Review
    own_notes: int = 0
    changes: str = ""

    def summary(self) -> str:
        """One line: path, citations, the document's own notes, tracked changes, review."""
        own = (
            f"; the document's own {self.own_notes} footnote(s) kept"
            + (", numbered with them" if self.style == "footnotes" else "")
            if self.own_notes
            else ""
        )
        tracked = (
            f"; the document has tracked changes ({self.changes}): citations in "
            "insertions became notes there, those in deletions stay deleted text"
            if self.changes
            else ""
        )
        return (
            f"wrote {self.path}: {self.citations} citation(s) as {self.style}{own}"
            f"{tracked}; review: {self.review.summary()}"
        )


def default_output(document: Path) -> Path:
    """Where a Word draft renders when no output is given: ``NAME-rendered.docx`` beside it."""
    return document.with_name(f"{document.stem}-rendered.docx")


class _Numbers:
    """The plan's note numbers, counting the document's own footnotes in their places."""

    def __init__(self, plan: CitationPlan) -> None:
        self.plan = plan
        self.reserved: set[int] = set()

    def reserve(self) -> None:
        """Count one of the document's own footnotes, as Word will when it numbers them."""
        self.reserved.add(self.plan.skip_note())

    def ours(self) -> list[CitationRecord]:
        """The citations the plan made, without the document's own notes."""
        return [c for c in self.plan.cited if c.n not in self.reserved]


def _own_notes(paragraph: WordParagraph) -> list[int]:
    """Where the paragraph's own numbered footnotes are (a custom mark takes no number)."""
    return [
        at
        for at, ref in paragraph.notes
        if ref.get(f"{_W}customMarkFollows") not in ("1", "true", "on")
    ]


def _marks(document: WordDocument, plan: CitationPlan, numbers: _Numbers) -> dict[int, list[Any]]:
    """Each prose paragraph's marks from the plan, made in reading order.

    The plan is used as :meth:`CitationPlan.runs` uses it, one group at a time (the
    document keeps its own text runs): its text is the paragraph's prose, and each group
    sits at its offset in that text.
    """
    prose = {id(p) for p in document.prose}
    out: dict[int, list[Any]] = {}
    for paragraph in document.paragraphs:
        own = _own_notes(paragraph) if plan.style == "footnotes" else []
        if id(paragraph) not in prose or paragraph.cited is None:
            for _ in own:
                numbers.reserve()
            continue
        cited = paragraph.cited
        plan.prose.append(cited.text)
        plan.label = f"Paragraph {len(plan.prose)}"
        at, groups, marks = 0, iter(cited.groups), []
        for item in cited.items:
            if isinstance(item, Span):
                at += len(item.text)
                continue
            assert isinstance(item, CiteGroup)
            start = next(groups)[0]
            while own and own[0] <= start:
                own.pop(0)
                numbers.reserve()
            marks.append(_mark(plan, item, at - list_number_length(cited.text)))
        for _ in own:
            numbers.reserve()
        out[id(paragraph)] = marks
    return out


def _mark(plan: CitationPlan, group: CiteGroup, at: int) -> Any:
    """The plan's mark for one group, checked to carry the number counted for it."""
    expected = len(plan.cited) + 1
    mark = parse_run(plan.marker(group, at))
    ref = mark.find(f"{_W}footnoteReference")
    if ref is not None and ref.get(f"{_W}id") != str(expected):
        raise RuntimeError(
            f"the citation plan numbered note {ref.get(f'{_W}id')} where "
            f"{expected} was counted: the document's own notes would be "
            "numbered wrongly"
        )
    return mark


def _replace(
    document: WordDocument, marks: dict[int, list[Any]], first_id: int, reference_style: str
) -> None:
    """Put every mark in its place and cut what the citations leave out, last first.

    A footnote mark's id is the plan's number after ``first_id`` (the document's own notes
    keep theirs); a mark wrapped in an insertion of its own gets a new revision id.
    """
    ids = count(
        1
        + max([0, *(int(i) for e in document.root.iter() if (i := e.get(f"{_W}id", "")).isdigit())])
    )
    for paragraph in document.paragraphs:
        if id(paragraph) not in marks or paragraph.cited is None:
            continue
        cited = paragraph.cited
        ends = {
            end: (start, end, mark)
            for (start, end), mark in zip(cited.groups, marks[id(paragraph)], strict=True)
        }
        for space, end in sorted(cited.cuts, reverse=True):
            if end not in ends:  # an escape's backslash
                cut(paragraph.pieces, space, end)
                continue
            start, _, mark = ends[end]
            for ref in mark.iter(f"{_W}footnoteReference"):
                ref.set(f"{_W}id", str(first_id + int(ref.get(f"{_W}id", "0"))))
            for style in mark.iter(f"{_W}rStyle"):
                if style.get(f"{_W}val") == "FootnoteReference":
                    style.set(f"{_W}val", reference_style)
            replace_citation(paragraph.pieces, (start, end), space, mark, lambda: next(ids))


def _refuse_text_boxes(document: WordDocument) -> None:
    """A citation in a text box cannot be a footnote (Word allows them only in the text)."""
    for paragraph in document.prose:
        if paragraph.in_text_box and paragraph.cited is not None and paragraph.cited.groups:
            start, end = paragraph.cited.groups[0]
            raise DraftingError(
                f"{paragraph.place}, at “{paragraph.around(paragraph.text[start:end])}”: a "
                "citation in a text box cannot become a footnote (Word allows footnotes only "
                "in the document's text)",
                path=document.path,
                hint="Move it into the text, or render with --citations references",
            )


def _numbering(document: WordDocument, repeats: Repeats) -> NoteNumbering:
    """How the document numbers footnotes; refused for short notes if no number is one note's."""
    file = document.file
    settings = file.related(file.main, "settings")
    numbering = note_numbering(file.xml(settings[0]) if settings else None, document.body)
    if repeats != "full":
        refuse_numbering(numbering, "", document.path)
    return numbering


def _reviewed(
    path: Path, dossier: Dossier, style: CitationStyle, allow_errors: bool
) -> tuple[WordDocument, Review]:
    """The Word draft read, its citations checked, and reviewed; refused where it must be."""
    if style == "background":
        raise UsageError(
            "--citations background lists evidence clause by clause after a "
            "motion; a Word document has no clauses for it",
            path=path,
            hint="Use --citations footnotes or references",
        )
    register = dossier.load()
    document = read_document(path)
    refuse_unwritable(document.file, document.root)
    if document.rendered:
        raise DraftingError(
            "was written by `drafting render` (it carries a citation record): its citations "
            "are notes already",
            path=path,
            hint="Render the Word draft it came from, or check it with `drafting review`",
        )
    read_citations(document, register)
    if style == "footnotes":
        _refuse_text_boxes(document)
    review = review_word_draft(document, register, dossier_label(dossier))
    review = without_ignored(review, dossier)
    if review.errors and not allow_errors:
        raise ReviewRefused(review)
    return document, review


def render_word_document(
    path: Path,
    dossier: Dossier,
    *,
    style: CitationStyle | None = None,
    repeats: Repeats | None = None,
    allow_errors: bool = False,
) -> tuple[bytes, WordRenderResult]:
    """Review, then render the Word draft ``path`` in memory.

    It cites as the dossier says (``citations:``) unless ``style`` or ``repeats`` say
    otherwise.

    Raises:
        UsageError: ``background`` style, which a free document has no clauses for.
        DraftingError: the document was rendered already, or a citation is malformed,
            unknown or where no footnote can go.
        ReviewRefused: review found errors and ``allow_errors`` is false.
    """
    house = dossier.config.citations
    style, repeats = style or house.style, repeats or house.repeats
    document, review = _reviewed(path, dossier, style, allow_errors)
    changes = document.changes()  # before the marks: one may bring an insertion of its own
    last_id, own = own_footnotes(document.file)
    plan = CitationPlan(dossier.load(), style, repeats)
    if style == "footnotes":
        plan.note_label = _numbering(document, repeats).label
    numbers = _Numbers(plan)
    marks = _marks(document, plan, numbers)
    styles = note_styles(document.file) if style == "footnotes" and plan.cited else None
    _replace(document, marks, last_id, styles.reference if styles else "FootnoteReference")
    cited = numbers.ours()
    if styles is not None:
        add_footnotes(
            document.file, document.body, {last_id + c.n: plan.notes[c.n] for c in cited}, styles
        )
    if style == "references":
        add_references(document.body, plan.references)
    document.file.set(document.file.main, serialize(document.root))
    set_custom_properties(
        document.file,
        record_properties(
            RenderRecord(
                version=META_VERSION,
                dossier=dossier.config.name,
                draft=path.name,
                kind=WORD_KIND,
                style=style,
                citations=tuple(cited),
                notes=own,
                paragraphs=paragraph_record(document.body, plan.prose),
            )
        ),
    )
    return document.file.to_bytes(), WordRenderResult(
        path,
        len(cited),
        style,
        review,
        sum(len(p.notes) for p in document.paragraphs),
        changes_label(changes),
    )


def render_word(
    path: Path,
    dossier: Dossier,
    *,
    out: Path | None = None,
    style: CitationStyle | None = None,
    repeats: Repeats | None = None,
    force: bool = False,
    allow_errors: bool = False,
) -> WordRenderResult:
    """Review, then render the Word draft ``path``; write it atomically (never over it).

    Raises:
        ReviewRefused: review found errors and ``allow_errors`` is false.
    """
    out = out or default_output(path)
    refuse_overwrite(out, force=force, inputs=(path,))  # before any work
    data, result = render_word_document(
        path, dossier, style=style, repeats=repeats, allow_errors=allow_errors
    )
    write_atomic(out, data, force=force, inputs=(path,))
    return WordRenderResult(
        out, result.citations, result.style, result.review, result.own_notes, result.changes
    )
