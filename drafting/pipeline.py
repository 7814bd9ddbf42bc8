"""Rendering a draft file to a finished .docx: one function the CLI and library share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from drafting.docxparts import add_footnotes
from drafting.drafts import load_letter
from drafting.errors import DraftingError
from drafting.findings import Review
from drafting.letters import CitationStyle, letter_context
from drafting.record import META_VERSION, RenderRecord, embed_record, paragraph_record
from drafting.render import TemplateError, compile_template, save_bytes
from drafting.review import review_draft
from evidence.dossier import Dossier, bundled_root
from evidence.fsio import refuse_overwrite, write_atomic


class ReviewRefused(DraftingError):
    """Review found errors in the draft, so it was not rendered."""

    exit_code = 1

    def __init__(self, review: Review) -> None:
        first = review.errors[0]
        hint = f" ({first.hint.rstrip('.')})" if first.hint else ""
        super().__init__(
            f"review found {len(review.errors)} error(s), so nothing was written. First, "
            f"{first.place}: {first.message}{hint}", path=review.path,
            hint=f"See them all with `drafting review {review.path}`; fix them, or render "
                 "anyway with --allow-errors")
        self.review = review


@dataclass(frozen=True)
class RenderResult:
    """What a render produced."""

    path: Path
    citations: int
    style: CitationStyle
    review: Review
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: path, citations, convention warnings, review."""
        return (f"wrote {self.path}: {self.citations} citation(s) as {self.style}, "
                f"{len(self.warnings)} warning(s); review: {self.review.summary()}")


def find_template(name: str, draft_path: Path, dossier: Dossier) -> Path:
    """A template by path (relative to the draft) or by name (dossier's, then shipped)."""
    if name.endswith(".docx"):
        path = Path(name)
        return path if path.is_absolute() else draft_path.parent / path
    for folder in (dossier.templates_dir, bundled_root() / "templates"):
        candidate = folder / f"{name}.docx"
        if candidate.is_file():
            return candidate
    raise TemplateError(f"no template named {name!r}", path=draft_path,
                        hint=f"Put {name}.docx in {dossier.templates_dir}, or give a .docx path")


def render_draft(draft_path: Path, dossier: Dossier, *, out: Path | None = None,
                 style: CitationStyle = "footnotes", force: bool = False,
                 allow_errors: bool = False, today: dt.date | None = None) -> RenderResult:
    """Review, then render ``draft_path`` with ``dossier``'s evidence; write it atomically.

    Raises:
        ReviewRefused: review found errors and ``allow_errors`` is false.
    """
    draft, doc = load_letter(draft_path)
    out = out or draft_path.with_suffix(".docx")
    refuse_overwrite(out, force=force)  # before any work; write_atomic checks again
    register = dossier.load()
    review = review_draft(draft, doc, register)
    if review.errors and not allow_errors:
        raise ReviewRefused(review)
    context, plan = letter_context(draft, doc, register, style, today or dt.date.today())
    template = compile_template(find_template(draft.template or draft.kind, draft_path, dossier))
    tpl = template.render(context)
    document = tpl.docx
    if style == "footnotes":
        add_footnotes(document, plan.notes)
    props = document.core_properties
    props.title = draft.title or draft.subject or f"Letter to {context['recipient_block'][0]}"
    props.author = "; ".join(s.name for s in draft.senders)
    props.subject = draft.subject or ""
    embed_record(document, RenderRecord(
        version=META_VERSION, dossier=dossier.config.name, template=template.name,
        template_sha256=template.sha256, draft=draft_path.name, style=style,
        citations=tuple(plan.cited), paragraphs=paragraph_record(document, plan.prose)))
    write_atomic(out, save_bytes(tpl), force=force)
    return RenderResult(out, len(plan.cited), style, review, draft.warnings())

