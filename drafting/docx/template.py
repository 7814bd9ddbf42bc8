"""Templates: compiled once, checked, rendered in a sandbox (the only code using docxtpl, jinja2).

Templates are untrusted: they render in jinja2's ``ImmutableSandboxedEnvironment``
with ``StrictUndefined`` and autoescaping. Before rendering, the field paths a
template uses (``recipient.name``, ``block.runs`` inside a loop over ``body``)
are read from its syntax tree and checked against the context, so a missing
field is an error naming the field and the template, not jinja's
"'dict object' has no attribute ...". A template is compiled once and can
render many contexts (mail merge).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafting.docx.fields import walk
from drafting.docx.numbering import NoteNumbering, note_numbering
from drafting.docx.package import Package, check_directory
from drafting.docx.parts import PROPERTIES
from drafting.docx.sandbox import Budget, TemplateRefused, refuse_imports
from drafting.errors import DraftingError
from evidence.dossier import Dossier, bundled_root
from evidence.fsio import read_input

if TYPE_CHECKING:
    from drafting.docx.frame import Filled, Frame


#: The largest template file read (a letterhead's pictures count).
MAX_BYTES = 64 * 2**20


class TemplateError(DraftingError):
    """A template cannot be used: not a .docx, broken Jinja, or a field it lacks."""


class TemplateSecurityError(TemplateError):
    """A template tried something the sandbox forbids."""


def make_environment(budget: Budget | None = None) -> Any:
    """The sandboxed, strict, autoescaping and bounded environment templates render in."""
    from drafting.docx.sandbox import BoundedEnvironment

    return BoundedEnvironment(budget)


def markup(xml: str) -> Any:
    """Mark generated, well-formed run XML as safe for a ``{{r ...}}`` tag."""
    from markupsafe import Markup

    return Markup(xml)


_NONE = object()  # a name the context does not hold


def _has(value: Any, parts: list[str]) -> bool:
    if not parts:
        return True
    head, rest = parts[0], parts[1:]
    each = head.endswith("[]")
    key = head.removesuffix("[]")
    if isinstance(value, Mapping):
        if key not in value:
            return False
        value = value[key]
    elif key.startswith("_") or not hasattr(value, key):
        return False
    else:
        value = getattr(value, key)
    if each:
        return isinstance(value, list | tuple) and all(_has(item, rest) for item in value)
    return value is None or _has(value, rest)


@dataclass(frozen=True)
class CompiledTemplate:
    """A checked template: its bytes, identity and the field paths it uses."""

    name: str
    data: bytes
    sha256: str
    #: Every field path the template uses (shows), by part too.
    fields: frozenset[str]
    parts: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: The paths only ever used optionally (``|default``, under ``is defined``): a draft
    #: may lack them.
    optional: frozenset[str] = frozenset()
    #: Each rendered part's Jinja source, as ``(part, source)``.
    sources: tuple[tuple[str, str], ...] = ()
    #: How the template numbers its footnotes (a short note's "(n 3)" prints so).
    numbering: NoteNumbering = field(default_factory=NoteNumbering)
    #: The :class:`Frame`, built on first render and kept (one per compiled template).
    _frame: list[Frame] = field(default_factory=list, compare=False, repr=False)

    #: The required field paths by the context name each starts from; and, by name, the
    #: value it last had and the paths missing under it.
    _paths: dict[str, list[tuple[str, list[str]]]] = field(
        default_factory=dict, compare=False, repr=False
    )
    _missed: dict[str, tuple[Any, list[str]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def missing(self, context: Mapping[str, Any]) -> list[str]:
        """The template's field paths the context does not provide.

        Worked out again under a name only when its value is not the very object it was
        last time (a merge's letters share most of their context).
        """
        if not self._paths:
            for path in sorted(self.fields - self.optional):
                parts = path.split(".")
                self._paths.setdefault(parts[0].removesuffix("[]"), []).append((path, parts))
        out: list[str] = []
        for name, paths in self._paths.items():
            value = context.get(name, _NONE)
            last = self._missed.get(name)
            if last is None or last[0] is not value:
                found = [path for path, parts in paths if not _has(context, parts)]
                self._missed[name] = last = (value, found)
            out += last[1]
        return sorted(out)

    def frame(self) -> Frame:
        """The template prepared for filling (once, on first use)."""
        if not self._frame:
            from drafting.docx.frame import Frame

            try:
                self._frame.append(
                    Frame.build(self.name, self.data, list(self.sources), make_environment())
                )
            except Exception as exc:  # a damaged package python-docx half reads
                raise TemplateError(
                    f"template {self.name} cannot be prepared for rendering "
                    f"({type(exc).__name__}: {exc})",
                    hint=_RESAVE,
                ) from None
        return self._frame[0]

    def render(self, context: Mapping[str, Any]) -> Filled:
        """Render ``context`` in the sandbox; return the document, ready for post-processing."""
        from jinja2 import TemplateError as JinjaError
        from jinja2 import UndefinedError
        from jinja2.exceptions import SecurityError

        from drafting.docx.frame import BrokenPart
        from drafting.docx.sandbox import TemplateLimit, TemplateRefused

        missing = self.missing(context)
        if missing:
            raise TemplateError(
                f"template {self.name} uses field(s) {', '.join(missing)}, "
                "which this draft does not provide",
                hint=f"Fields available: {', '.join(sorted(context))}",
            )
        frame = self.frame()
        frame.env.budget.start()
        try:
            return frame.fill(dict(context))
        except (SecurityError, TemplateRefused) as exc:
            raise TemplateSecurityError(
                f"template {self.name} tried a forbidden operation: {exc}",
                hint="Remove that tag from the template",
            ) from None
        except TemplateLimit as exc:
            raise TemplateError(
                f"template {self.name} was stopped: {exc}",
                hint="Simplify the template's loops and expressions",
            ) from None
        except (UndefinedError, JinjaError) as exc:
            raise TemplateError(f"template {self.name}: {exc.message}") from None
        except RecursionError:
            raise TemplateError(
                f"template {self.name} was stopped: it calls itself without end (a recursive macro)"
            ) from None
        except BrokenPart as exc:
            if "XML_PARSE_HUGE" in exc.reason:  # libxml2's 10 MB bound on one text
                raise TemplateError(
                    f"template {self.name} was stopped: it wrote a single text "
                    f"of over 10,000,000 bytes in {exc.part}, more than Word "
                    "documents' XML readers accept",
                    hint="Simplify the template's loops and expressions",
                ) from None
            raise TemplateError(
                f"template {self.name} produced broken XML in {exc.part} ({exc.reason})",
                hint="Check the Word markup around its tags; a tag may have been split or moved",
            ) from None
        except Exception as exc:  # a template's own mistake: 1/0, a type error, a bad call
            raise TemplateError(
                f"template {self.name} failed while rendering: {type(exc).__name__}: {exc}",
                hint="Fix the expression in the template",
            ) from None


CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


_RESAVE = "Open and save it as .docx in Word or LibreOffice"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: The root element of each part python-docx reads, by content type.
_ROOTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": f"{_W}document",  # noqa: E501
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": f"{_W}document",  # noqa: E501
    "application/vnd.openxmlformats-package.core-properties+xml": "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
    "coreProperties",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml": f"{_W}styles",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml": f"{_W}hdr",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml": f"{_W}ftr",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml": f"{_W}settings",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml": f"{_W}numbering",  # noqa: E501
}


def _check_roots(document: Any, name: str) -> None:
    """Refuse a part whose root element is not what its content type says (a damaged file)."""
    from lxml import etree

    for part in document.part.package.iter_parts():
        expected = _ROOTS.get(part.content_type)
        element = getattr(part, "_element", None)
        if expected is None or element is None:
            continue
        if element.tag != expected:
            found = etree.QName(element).localname if isinstance(element.tag, str) else "?"
            raise TemplateError(
                f"template {name} is damaged: its part "
                f"{str(part.partname).lstrip('/')} holds <{found}> where "
                f"<{etree.QName(expected).localname}> belongs",
                hint=_RESAVE,
            )
    if document.element.find(f"{_W}body") is None:
        raise TemplateError(
            f"template {name} is damaged: its main document part "
            f"{str(document.part.partname).lstrip('/')} has no body",
            hint=_RESAVE,
        )


def _sources(data: bytes, name: str) -> list[tuple[str, str]]:
    """Every part docxtpl renders, as ``(part, Jinja source)``.

    Body, headers, footers, footnotes and the core properties (docxtpl's own listing
    misses the last two).
    """
    from docxtpl import DocxTemplate

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_directory(archive, Path(name))
            try:  # found as Word finds it: not always word/document.xml
                Package(Path(name), archive).main_document()
            except DraftingError as exc:
                raise TemplateError(f"template {name} {exc.message}", hint=_RESAVE) from None
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.init_docx()
    except DraftingError:
        raise
    except Exception:  # python-docx raises many kinds for a damaged package
        raise TemplateError(
            f"template {name} is not a readable .docx (corrupt, or another format)", hint=_RESAVE
        ) from None
    _check_roots(tpl.docx, name)
    parts = [("body", tpl.patch_xml(tpl.get_xml()))]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        parts += [
            (str(p.partname).lstrip("/"), tpl.patch_xml(tpl.get_part_xml(p)))
            for _, p in tpl.get_headers_footers(uri)
        ]
    for part in tpl.docx.part.package.parts:
        if part.content_type == CT_FOOTNOTES:
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            parts.append((str(part.partname).lstrip("/"), tpl.patch_xml(blob)))
    core = tpl.docx.core_properties
    parts += [
        (f"property {prop}", value)
        for prop in PROPERTIES
        if (value := getattr(core, prop) or "") and any(tag in value for tag in ("{{", "{%", "{#"))
    ]
    return parts


def compile_template(path: Path) -> CompiledTemplate:
    """Read, parse and inspect a ``.docx`` template once."""
    from jinja2 import TemplateSyntaxError

    data = read_input(
        path,
        limit=MAX_BYTES,
        what="template",
        error=TemplateError,
        hint="A template is a Word document of text and tags; check it is the right file",
    )
    env = make_environment()
    fields: set[str] = set()
    required: set[str] = set()
    by_part: dict[str, frozenset[str]] = {}
    sources = _sources(data, path.name)
    for part, source in sources:
        try:
            tree = env.parse(source)
        except TemplateSyntaxError as exc:
            raise TemplateError(
                f"template {path.name} has broken Jinja in {part}: {exc.message}",
                hint="Check its {{ }} and {% %} tags",
            ) from None
        try:
            refuse_imports(tree)
        except TemplateRefused as exc:
            raise TemplateSecurityError(
                f"template {path.name}: {exc}", hint="Put everything in the one template"
            ) from None
        uses = list(walk(tree, {}))
        used = frozenset(path for path, _ in uses)
        required.update(path for path, optional in uses if not optional)
        by_part[part] = by_part.get(part, frozenset()) | used
        fields.update(used)
    unsafe = sorted(f for f in fields if any(p.startswith("_") for p in f.split(".")))
    if unsafe:
        raise TemplateSecurityError(
            f"template {path.name} reaches for private attributes ({', '.join(unsafe)})",
            hint="Remove those tags",
        )
    return CompiledTemplate(
        path.name,
        data,
        hashlib.sha256(data).hexdigest(),
        frozenset(fields),
        by_part,
        frozenset(fields - required),
        tuple(sources),
        _numbering(data, path.name),
    )


_RT_SETTINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"


def _numbering(data: bytes, name: str) -> NoteNumbering:
    """How the template numbers footnotes: its settings' and sections' ``w:footnotePr``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        package = Package(Path(name), archive)
        main = package.main_document()
        root = package.xml(main)
        settings = package.related(main, _RT_SETTINGS)
        body = root.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body")
        return note_numbering(
            package.xml(settings) if settings else None, body if body is not None else root
        )


def find_template(name: str, draft_path: Path, dossier: Dossier) -> Path:
    """A template by path (relative to the draft) or by name (dossier's, then shipped)."""
    if name.endswith(".docx"):
        path = Path(name)
        return path if path.is_absolute() else draft_path.parent / path
    for folder in (dossier.templates_dir, bundled_root() / "templates"):
        candidate = folder / f"{name}.docx"
        if candidate.is_file():
            return candidate
    raise TemplateError(
        f"no template named {name!r}",
        path=draft_path,
        hint=f"Put {name}.docx in {dossier.templates_dir}, or give a .docx path",
    )
