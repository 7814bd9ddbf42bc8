"""Reading draft files: the kind decides the model; errors name file, line and field."""

from __future__ import annotations

from pathlib import Path

from drafting.errors import DraftingError
from drafting.models import DRAFT_KINDS, DraftBase, LetterDraft
from evidence.yamlio import YamlDoc, read_yaml, validate


def load_draft(path: Path) -> tuple[DraftBase, YamlDoc]:
    """Read a draft file and validate it against its kind's model."""
    doc = read_yaml(path)
    if not isinstance(doc.data, dict):
        raise DraftingError("a draft must be a YAML mapping with a 'kind'", path=path, line=1)
    kind = doc.data.get("kind")
    if kind not in DRAFT_KINDS:
        raise DraftingError(f"kind: {kind!r} is not a kind of draft this version renders",
                            path=path, line=doc.line_of(("kind",)),
                            hint=f"Use one of: {', '.join(DRAFT_KINDS)}")
    return validate(doc, DRAFT_KINDS[kind]), doc


def load_letter(path: Path) -> tuple[LetterDraft, YamlDoc]:
    """Read a draft that render and review can handle today: a letter."""
    draft, doc = load_draft(path)
    if not isinstance(draft, LetterDraft):
        raise DraftingError(f"kind {draft.kind!r} cannot be rendered or reviewed yet", path=path,
                            line=doc.line_of(("kind",)))
    return draft, doc
