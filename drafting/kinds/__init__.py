"""The registry of kinds of document, and reading a draft file through it.

Adding a kind is one module here (a :class:`~drafting.kinds.base.Kind` and its
draft model) plus ``templates/NAME.docx``; register it in :data:`KINDS`.
Render, review and ``drafting new`` then work for it unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafting.errors import DraftingError
from drafting.kinds.amendment import KIND as AMENDMENT
from drafting.kinds.base import Kind
from drafting.kinds.foi import KIND as FOI
from drafting.kinds.foi_review import KIND as FOI_REVIEW
from drafting.kinds.letter import KIND as LETTER
from drafting.kinds.motion import KIND as MOTION
from drafting.kinds.question import KIND as QUESTION
from drafting.models import DraftBase
from evidence.yamlio import YamlDoc, parse_yaml, read_yaml, validate

#: Every kind of document, by the name a draft's ``kind:`` uses.
KINDS: dict[str, Kind[Any]] = {
    k.name: k for k in (LETTER, MOTION, AMENDMENT, QUESTION, FOI, FOI_REVIEW)
}


def get_kind(name: str) -> Kind[Any]:
    """The kind called ``name``; a clear error for any other."""
    if name not in KINDS:
        raise DraftingError(
            f"{name!r} is not a kind of document", hint=f"Use one of: {', '.join(KINDS)}"
        )
    return KINDS[name]


@dataclass(frozen=True)
class LoadedDraft:
    """A draft file read and validated: its kind, its model and the YAML it came from."""

    kind: Kind[Any]
    draft: DraftBase
    doc: YamlDoc

    @property
    def path(self) -> Path:
        """The draft file."""
        return self.doc.path


def load_draft(path: Path) -> LoadedDraft:
    """Read a draft file and validate it against its kind's model."""
    return loaded_draft(read_yaml(path))


def parse_draft(text: str, path: Path) -> LoadedDraft:
    """A draft's text (not yet saved, as an editor holds it), as :func:`load_draft` reads it.

    ``path`` is where it belongs: messages name it, and a template beside it is found.
    """
    return loaded_draft(parse_yaml(text, path))


def loaded_draft(doc: YamlDoc) -> LoadedDraft:
    """A draft read from YAML, validated against its kind's model."""
    path = doc.path
    if not isinstance(doc.data, dict):
        raise DraftingError(
            "a draft must be a YAML mapping with a 'kind' (kind: letter, ...)", path=path, line=1
        )
    kind = doc.data.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        shown = "missing" if kind is None else repr(kind)
        raise DraftingError(
            f"kind: {shown} is not a kind of document",
            path=path,
            line=doc.line_of(("kind",)),
            hint=f"Use one of: {', '.join(KINDS)}",
        )
    return LoadedDraft(KINDS[kind], validate(doc, KINDS[kind].model), doc)


def foi_request(root: Path, given: Path) -> str:
    """The FOI request draft a response answers, as the manifest records it.

    ``given`` is a path from the dossier's folder ``root`` (``drafts/foi-x.yaml``), or an
    absolute one inside it; the file must be a draft of kind ``foi``. Returns its path
    from ``root``, in posix form.

    Raises:
        UsageError: it is not inside the dossier, is missing, or is not an FOI request.
    """
    from drafting.errors import UsageError
    from evidence.errors import UserError

    path = given if given.is_absolute() else root / given
    try:
        inside = path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        raise UsageError(
            f"--request {given}: not inside the dossier's folder ({root})",
            hint="Give the request's path from the dossier's folder, like drafts/foi-x.yaml",
        ) from None
    if not path.is_file():
        raise UsageError(
            f"--request {given}: no such file in the dossier",
            hint="Give the FOI request's draft, like drafts/foi-x.yaml",
        )
    try:
        loaded = load_draft(path)
    except UserError as exc:
        raise UsageError(
            f"--request {given}: not a draft the dossier can read ({exc.message})",
            hint="Give an FOI request's draft (kind: foi)",
        ) from None
    if loaded.kind is not FOI:
        raise UsageError(
            f"--request {given}: is a {loaded.kind.name} draft, not an FOI request (kind: foi)",
            hint="Give the FOI request this document answers",
        )
    return inside.as_posix()
