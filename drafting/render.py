"""Rendering drafts to finished ``.docx`` documents: one pipeline for every kind.

A :class:`RenderSession` loads a dossier's register once and compiles each
template once, then renders as many drafts as it is given (mail merge reuses
it). Every render goes the same way, whatever the kind:

1. the draft is read and validated against its kind's model;
2. review runs first; errors refuse the render unless ``allow_errors``;
3. the template is checked: it must show every part of the draft that carries
   citations (else citations would silently vanish), and use only fields the
   kind provides;
4. the kind's prose becomes Word runs, numbering citations in reading order;
   the kind builds the context; the sandboxed template renders it;
5. footnotes, document properties and the citation record are added after
   rendering, so no user text passes through Jinja twice;
6. the document is written atomically, never over the draft, never over an
   existing file without ``force``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafting.citations import check_ids, parse_inline
from drafting.docx.numbering import NoteNumbering, refuse_numbering
from drafting.docx.parts import PROPERTY_LIMIT
from drafting.docx.record import (
    META_VERSION,
    RenderRecord,
    paragraph_record,
    record_properties,
    with_entries,
)
from drafting.docx.template import CompiledTemplate, TemplateError, compile_template, find_template
from drafting.errors import DraftingError
from drafting.findings import Finding, Review
from drafting.kinds import LoadedDraft, load_draft
from drafting.kinds.base import Prose, with_signature_rows
from drafting.notes import CitationPlan, CitationStyle
from drafting.review import dates, review_loaded
from drafting.review.checks import Reviewed
from drafting.typography import smarten
from evidence.dossier import Dossier
from evidence.fsio import refuse_overwrite, write_atomic
from evidence.house import Repeats
from evidence.register import Register


class ReviewRefused(DraftingError):
    """Review found errors in the draft, so it was not rendered."""

    exit_code = 1

    def __init__(self, review: Review) -> None:
        first = review.errors[0]
        hint = f" ({first.hint.rstrip('.')})" if first.hint else ""
        super().__init__(
            f"review found {len(review.errors)} error(s), so nothing was written. First, "
            f"{first.place}: {first.message}{hint}",
            path=review.path,
            hint=f"See them all with `drafting review {review.path}`; fix them, or render "
            "anyway with --allow-errors",
        )
        self.review = review


@dataclass(frozen=True)
class Rendered:
    """A document rendered in memory: its bytes, what it cites, and the review before it."""

    data: bytes
    citations: int
    style: CitationStyle
    review: Review


@dataclass(frozen=True)
class RenderResult:
    """What a render wrote."""

    path: Path
    citations: int
    style: CitationStyle
    review: Review
    kind: str = "letter"
    #: The draft as loaded for the render (None for a Word draft): a caller checks it
    #: further without reading the file again.
    loaded: LoadedDraft | None = None
    #: The PDF written beside it, when one was asked for.
    pdf: Path | None = None

    def summary(self) -> str:
        """One line: path, citations, review."""
        return (
            f"wrote {self.path}: {self.citations} citation(s) as {self.style}; "
            f"review: {self.review.summary()}"
        )


class RenderSession:
    """A dossier's register loaded once, and templates compiled once, for many renders."""

    def __init__(self, dossier: Dossier, register: Register | None = None) -> None:
        self.dossier = dossier
        self.register = register if register is not None else dossier.load()
        self._templates: dict[Path, CompiledTemplate] = {}
        self._found: dict[tuple[str, Path], Path] = {}
        self._plans: dict[tuple[object, ...], tuple[CitationPlan, list[Any]]] = {}
        self._reviewed: Reviewed = {}
        self._context: tuple[dict[str, Any], dict[str, Any]] = ({}, {})

    def template(self, loaded: LoadedDraft) -> CompiledTemplate:
        """The draft's template (``template:`` or its kind's), compiled once per session."""
        name = loaded.draft.template or loaded.kind.template
        if (name, loaded.path) not in self._found:
            self._found[name, loaded.path] = find_template(
                name, loaded.path, self.dossier
            ).resolve()
        key = self._found[name, loaded.path]
        if key not in self._templates:
            self._templates[key] = compile_template(key)
        return self._templates[key]

    def citing(
        self, style: CitationStyle | None, repeats: Repeats | None
    ) -> tuple[CitationStyle, Repeats]:
        """The placement and repeat form asked for, else the dossier's (``citations:``)."""
        house = self.dossier.config.citations
        return style or house.style, repeats or house.repeats

    def plan(
        self,
        loaded: LoadedDraft,
        prose: list[Prose],
        style: CitationStyle,
        repeats: Repeats = "short",
        numbering: NoteNumbering | None = None,
    ) -> tuple[CitationPlan, list[Any]]:
        """The draft's citations checked and numbered, and its prose as Word runs.

        A mail merge renders the same prose for every recipient: the plan is made once
        per prose and style (it is not changed after it is made). Its short notes name the
        note they point back to as ``numbering`` (the template's) prints it.
        """
        doc = loaded.doc
        numbering = numbering or NoteNumbering()
        key = (
            style,
            repeats,
            numbering,
            doc.path,
            *((p.prefix, p.text, p.label, doc.line_of(p.loc)) for p in prose),
        )
        if key not in self._plans:
            check_ids([(p.text, doc.path, doc.line_of(p.loc)) for p in prose], self.register)
            plan = CitationPlan(self.register, style, repeats, note_label=numbering.label)
            runs = [
                plan.runs(
                    parse_inline(p.prefix + p.text, path=doc.path, line=doc.line_of(p.loc)), p.label
                )
                for p in prose
            ]
            if len(self._plans) >= 64:
                self._plans.clear()
            self._plans[key] = plan, runs
        return self._plans[key]

    def _smartened(self, raw: dict[str, Any]) -> dict[str, Any]:
        """``smarten(raw)``; where a value is the last render's, the very object made then.

        A merge's letters share most of their context: a template reads the same objects,
        and what was worked out from them (the fields it lacks, a header) is not again.
        """
        last_raw, last = self._context
        out = {
            key: last[key] if key in last_raw and _same(value, last_raw[key]) else smarten(value)
            for key, value in raw.items()
        }
        self._context = raw, out
        return out

    def review(self, loaded: LoadedDraft, today: dt.date | None = None) -> Review:
        """Review a loaded draft against this session's register (its dates as of ``today``).

        The session keeps what it reviewed: a mail merge reviews the same prose once.
        """
        return review_loaded(
            loaded, self.dossier, register=self.register, today=today, memo=self._reviewed
        )

    def render(
        self,
        loaded: LoadedDraft,
        *,
        style: CitationStyle | None = None,
        repeats: Repeats | None = None,
        allow_errors: bool = False,
        today: dt.date | None = None,
        allow_restricted: bool = False,
    ) -> Rendered:
        """Review, then render ``loaded`` in memory (citing as the dossier says, if not told).

        ``allow_restricted``: a citation of a restricted source is a warning, not an error
        (a document that stays inside the group).

        Raises:
            ReviewRefused: review found errors and ``allow_errors`` is false.
            TemplateError: the template cannot show this draft.
        """
        today = today or dates.today()  # the date an undated draft bears, and review's today
        review = self.review(loaded, today)
        if allow_restricted:
            review = review.lowered({"restricted-source"})
        if review.errors and not allow_errors:
            raise ReviewRefused(review)
        kind = loaded.kind
        draft = kind.adopt(loaded.draft, self.dossier.config)
        style, repeats = self.citing(style, repeats)
        prose = kind.prose(draft)
        template = self.template(loaded)
        if style == "footnotes" and repeats != "full":
            refuse_numbering(template.numbering, f"template {template.name}", loaded.path)
        plan, runs = self.plan(loaded, prose, style, repeats, template.numbering)
        _check_shown(template, {p.shown_by for p in prose}, style, bool(prose), loaded.path)
        context = self._smartened(with_signature_rows(kind.context(draft, runs, today)))
        context["references"] = plan.references if style == "references" else []
        context["background"] = plan.background if style == "background" else []
        document = template.render(context)
        document.lay_out(plan.prose)
        if style == "footnotes":
            document.add_footnotes(plan.notes)
        cited = tuple(plan.cited)
        if style == "background":
            cited = with_entries(document.tree(), cited, [b["text"] for b in plan.background])
        props = kind.properties(draft)
        document.set_properties(title=props.title, author=props.author, subject=props.subject)
        document.set_custom_properties(
            record_properties(
                RenderRecord(
                    version=META_VERSION,
                    dossier=self.dossier.config.name,
                    template=template.name,
                    template_sha256=template.sha256,
                    draft=loaded.path.name,
                    kind=kind.name,
                    style=style,
                    citations=cited,
                    paragraphs=paragraph_record(document.body, plan.prose, document.contents),
                    labels=tuple(p.label for p in prose),
                    moods=tuple(p.mood for p in prose),
                )
            )
        )
        data = document.to_bytes()
        return Rendered(data, len(plan.cited), style, _with_shortened(review, document.shortened))


def _same(a: Any, b: Any) -> bool:
    """Whether ``a`` and ``b`` are alike to a template: equal, of the same types all through.

    Text, numbers but floats, None, lists, tuples and dicts (their keys in order); any
    other value is alike only to itself.
    """
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is list or kind is tuple:
        return len(a) == len(b) and all(map(_same, a, b))
    if kind is dict:
        return len(a) == len(b) and all(
            _same(k, j) and _same(a[k], b[j]) for k, j in zip(a, b, strict=True)
        )
    return (issubclass(kind, str) or kind is int or kind is bool) and bool(a == b)


def _with_shortened(review: Review, shortened: dict[str, int]) -> Review:
    """The review, with a warning for each document property shortened to fit Word."""
    if not shortened:
        return review
    notes = [
        Finding(
            "warning",
            "long-property",
            f"the document's {prop} property ({length} characters) was shortened to "
            f"{PROPERTY_LIMIT}, ending with “…”; the document's text is in full",
            hint="A shorter subject or title fits whole",
        )
        for prop, length in shortened.items()
    ]
    return Review(
        review.path, review.what, review.citations, [*review.findings, *notes], review.dossier
    )


def _check_shown(
    template: CompiledTemplate, shown: set[str], style: CitationStyle, has_prose: bool, draft: Path
) -> None:
    """Refuse a template that cannot show every part of the draft carrying citations."""
    needed = set(shown)
    if style == "references" and has_prose:
        needed.add("references[].text")
    if style == "background" and has_prose:
        needed.add("background[].text")
    lacking = sorted(f for f in needed if f not in template.fields)
    if lacking:
        hint = (
            "Add those fields to the template, or use the shipped template for this kind "
            "(leave out template:)"
        )
        if lacking == [f"{style}[].text"]:
            hint = (
                f"Its template has no {style} section: use --citations footnotes, or a "
                f"template with {{{{ item.text }}}} in a loop over {style}"
            )
        raise TemplateError(
            f"template {template.name} does not show {', '.join(lacking)}, so the draft's "
            "text or citations there would be lost",
            path=draft,
            hint=hint,
        )


def render_draft(
    draft_path: Path,
    dossier: Dossier,
    *,
    out: Path | None = None,
    style: CitationStyle | None = None,
    repeats: Repeats | None = None,
    force: bool = False,
    allow_errors: bool = False,
    today: dt.date | None = None,
    pdf: bool = False,
    allow_restricted: bool = False,
) -> RenderResult:
    """Review, then render ``draft_path`` with ``dossier``'s evidence; write it atomically.

    ``pdf``: also write a PDF beside it through LibreOffice (refused before any work when
    one is there and ``force`` is false).

    Raises:
        ReviewRefused: review found errors and ``allow_errors`` is false.
    """
    from drafting.docx.pdf import pdf_path, to_pdf

    loaded = load_draft(draft_path)
    out = out or draft_path.with_suffix(".docx")
    refuse_overwrite(out, force=force, inputs=(draft_path,))  # before any work
    if pdf:
        refuse_overwrite(pdf_path(out), force=force, inputs=(draft_path,))
    rendered = RenderSession(dossier).render(
        loaded,
        style=style,
        repeats=repeats,
        allow_errors=allow_errors,
        today=today,
        allow_restricted=allow_restricted,
    )
    write_atomic(out, rendered.data, force=force, inputs=(draft_path,))
    return RenderResult(
        out,
        rendered.citations,
        rendered.style,
        rendered.review,
        loaded.kind.name,
        loaded,
        to_pdf(out, force=force) if pdf else None,
    )


def can_make_pdf() -> bool:
    """Whether LibreOffice is here to turn a rendered document into a PDF."""
    from drafting.docx.pdf import soffice

    return soffice() is not None


def pdf_of(data: bytes, name: str) -> bytes:
    """A rendered document (``data``, a .docx's bytes) as a PDF, through LibreOffice.

    Made in a folder of its own, which is removed after: nothing is left beside the user's
    files. ``name`` is the document's file name without its suffix.

    Raises:
        PdfError: LibreOffice is missing or wrote no valid PDF.
    """
    import tempfile

    from drafting.docx.pdf import to_pdf

    with tempfile.TemporaryDirectory(prefix="drafting-pdf-") as tmp:
        docx = Path(tmp) / f"{name}.docx"
        docx.write_bytes(data)
        return to_pdf(docx).read_bytes()
