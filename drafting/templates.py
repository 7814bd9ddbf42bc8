"""The templates a dossier can use, and whether each fits the kind of document it is for.

A template's fields are read from every part docxtpl renders (body, headers,
footers, footnotes, document properties) and compared with what its kind gives:

* **unknown** fields: the template uses a field the kind does not provide (a typo, or a
  template made for another kind), named with the part it is in;
* **missing** fields: the kind's prose (and so its citations) would not be shown.

A template's kind is its name when that names a kind (``letter.docx``), ``annex`` for
the evidence annex, else the kind whose fields it uses most (or as given with ``--kind``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from drafting.docx.template import CompiledTemplate, compile_template
from drafting.errors import DraftingError, UsageError
from drafting.kinds import KINDS, get_kind
from drafting.review.annex import ANNEX_FIELDS
from drafting.timeline import TIMELINE_FIELDS
from evidence.dossier import Dossier, bundled_root
from evidence.suggest import did_you_mean

Origin = Literal["dossier", "shipped"]
#: Templates that are not a kind of draft: their fields, and the ones each must use.
OTHER_TEMPLATES = {
    "annex": (ANNEX_FIELDS, frozenset({"rows[].quote"})),
    "timeline": (TIMELINE_FIELDS, frozenset({"rows[].what"})),
}


@dataclass(frozen=True)
class TemplateCheck:
    """One template: where it is, its kind, the fields each part uses, and what is wrong."""

    name: str
    path: Path
    origin: Origin
    kind: str | None
    parts: dict[str, list[str]] = field(default_factory=dict)
    unknown: list[tuple[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Usable as it is: readable, of a known kind, nothing unknown or missing."""
        return (
            self.error is None and self.kind is not None and not self.unknown and not self.missing
        )

    def summary(self) -> str:
        """``ok``, or what is wrong in a few words."""
        if self.error:
            return self.error
        if self.kind is None:
            return "kind unknown: give --kind"
        problems = [f"{len(self.unknown)} unknown field(s)"] * bool(self.unknown) + [
            f"{len(self.missing)} missing field(s)"
        ] * bool(self.missing)
        return ", ".join(problems) or "ok"


def _known(used: str, provided: frozenset[str]) -> bool:
    return used in provided or any(p.startswith((f"{used}.", f"{used}[]")) for p in provided)


def _fit(template: CompiledTemplate, kind: str) -> tuple[list[tuple[str, str]], list[str]]:
    if kind in OTHER_TEMPLATES:
        provided, required = OTHER_TEMPLATES[kind]
    else:
        provided, required = get_kind(kind).provides(), get_kind(kind).requires()
    unknown = sorted(
        (part, f)
        for part, used in template.parts.items()
        for f in used
        if not _known(f, provided) and f not in template.optional
    )
    missing = sorted(f for f in required if f not in template.fields)
    return unknown, missing


def _best_kind(template: CompiledTemplate) -> str | None:
    """The kind whose fields the template uses most; None on a tie or when it uses none."""
    known = sorted(
        ((sum(_known(f, get_kind(k).provides()) for f in template.fields), k) for k in KINDS),
        reverse=True,
    )
    if not known or known[0][0] == 0 or (len(known) > 1 and known[1][0] == known[0][0]):
        return None
    return known[0][1]


def check_template(
    path: Path,
    origin: Origin = "dossier",
    kind: str | None = None,
) -> TemplateCheck:
    """Read one template and compare its fields with its kind's."""
    name = path.stem
    try:
        template = compile_template(path)
    except DraftingError as exc:
        return TemplateCheck(name, path, origin, kind, error=exc.message)
    if kind is None:
        kind = name if name in KINDS or name in OTHER_TEMPLATES else _best_kind(template)
    parts = {part: sorted(used) for part, used in template.parts.items()}
    if kind is None:
        return TemplateCheck(name, path, origin, None, parts)
    if kind not in OTHER_TEMPLATES and kind not in KINDS:
        raise UsageError(
            f"{kind!r} is not a kind of document",
            hint=f"Use one of: {', '.join([*KINDS, *OTHER_TEMPLATES])}",
        )
    unknown, missing = _fit(template, kind)
    return TemplateCheck(name, path, origin, kind, parts, unknown, missing)


def template_paths(dossier: Dossier) -> dict[str, tuple[Path, Origin]]:
    """Every template by name: the dossier's own, then the shipped ones it does not replace."""
    found: dict[str, tuple[Path, Origin]] = {}
    for folder, origin in (
        (dossier.templates_dir, "dossier"),
        (bundled_root() / "templates", "shipped"),
    ):
        if folder.is_dir():
            for path in sorted(folder.glob("*.docx")):
                if not path.name.startswith((".", "~$")):
                    found.setdefault(path.stem, (path, origin))  # type: ignore[arg-type]
    return found


def list_templates(dossier: Dossier) -> list[TemplateCheck]:
    """Every template the dossier can use, each checked."""
    return [check_template(path, origin) for path, origin in template_paths(dossier).values()]


def show_template(dossier: Dossier, name: str, kind: str | None = None) -> TemplateCheck:
    """One template by name (or a ``.docx`` path), checked against its kind (or ``kind``)."""
    if name.endswith(".docx"):
        path = Path(name)
        if not path.exists():  # anything else (a folder, a FIFO) is refused when read
            raise UsageError("template not found", path=path)
        return check_template(path, "dossier", kind)
    paths = template_paths(dossier)
    if name not in paths:
        raise UsageError(f"no template named {name!r}", hint=did_you_mean(name, paths))
    path, origin = paths[name]
    return check_template(path, origin, kind)
