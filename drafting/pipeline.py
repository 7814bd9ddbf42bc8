"""Rendering a draft file to a finished .docx: one function the CLI and library share."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from drafting.docxparts import add_footnotes, chunk, set_custom_properties
from drafting.drafts import load_draft
from drafting.errors import DraftingError
from drafting.letters import CitationStyle, letter_context
from drafting.models import LetterDraft
from drafting.render import TemplateError, compile_template, save_bytes
from evidence.dossier import Dossier, bundled_root
from evidence.fsio import refuse_overwrite, write_atomic

META_PREFIX = "drafting.meta."
META_VERSION = 1


@dataclass(frozen=True)
class RenderResult:
    """What a render produced."""

    path: Path
    citations: int
    style: CitationStyle
    warnings: list[str] = field(default_factory=list)
    pdf: Path | None = None

    def summary(self) -> str:
        """One line: path, citations, warnings."""
        extra = f", PDF {self.pdf}" if self.pdf else ""
        return (f"wrote {self.path}: {self.citations} citation(s) as {self.style}, "
                f"{len(self.warnings)} warning(s){extra}")


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
                 today: dt.date | None = None) -> RenderResult:
    """Render ``draft_path`` with ``dossier``'s evidence; write the .docx atomically."""
    draft, doc = load_draft(draft_path)
    if not isinstance(draft, LetterDraft):
        raise DraftingError(f"kind {draft.kind!r} cannot be rendered yet", path=draft_path)
    out = out or draft_path.with_suffix(".docx")
    refuse_overwrite(out, force=force)  # before any work; write_atomic checks again
    register = dossier.load()
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
    meta = json.dumps({"version": META_VERSION, "dossier": dossier.config.name,
                       "template": template.name, "template_sha256": template.sha256,
                       "draft": draft_path.name, "style": style, "citations": plan.cited},
                      separators=(",", ":"), ensure_ascii=False)
    set_custom_properties(document, {f"{META_PREFIX}{i:03d}": piece
                                     for i, piece in enumerate(chunk(meta))})
    write_atomic(out, save_bytes(tpl), force=force)
    return RenderResult(out, len(plan.cited), style, draft.warnings())
