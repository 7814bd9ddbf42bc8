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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafting.errors import DraftingError
from evidence.dossier import Dossier, bundled_root

_JINJA_GLOBALS = frozenset({"loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace",
                            "super", "self", "varargs", "kwargs", "caller"})


class TemplateError(DraftingError):
    """A template cannot be used: not a .docx, broken Jinja, or a field it lacks."""


class TemplateSecurityError(TemplateError):
    """A template tried something the sandbox forbids."""


def make_environment() -> Any:
    """The sandboxed, strict, autoescaping jinja2 environment every template renders in."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def markup(xml: str) -> Any:
    """Mark generated, well-formed run XML as safe for a ``{{r ...}}`` tag."""
    from markupsafe import Markup

    return Markup(xml)


def _names(target: Any) -> list[str]:
    """The variable names an assignment or loop target binds."""
    from jinja2 import nodes

    if isinstance(target, nodes.Name):
        return [target.name]
    return [n.name for n in target.find_all(nodes.Name)]


def _walk(node: Any, scope: Mapping[str, str | None]) -> Iterator[str]:
    """Field paths used under ``node``; loop variables map to ``list[]`` paths."""
    from jinja2 import nodes

    if isinstance(node, nodes.For):
        yield from _walk(node.iter, scope)
        inner = dict(scope)
        base = _path(node.iter, scope)
        for target in _names(node.target):
            inner[target] = f"{base}[]" if base else None
        for child in (*node.body, *node.else_, *([node.test] if node.test else [])):
            yield from _walk(child, inner)
        return
    if isinstance(node, nodes.Assign | nodes.AssignBlock):
        for target in _names(node.target):
            if isinstance(scope, dict):
                scope[target] = None
    path = _path(node, scope) if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem) \
        else None
    if path:
        yield path
        return
    for child in node.iter_child_nodes():
        yield from _walk(child, scope)


def _path(node: Any, scope: Mapping[str, str | None]) -> str | None:
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        if node.name in scope:
            return scope[node.name]
        return None if node.name in _JINJA_GLOBALS else node.name
    if isinstance(node, nodes.Getattr):
        base = _path(node.node, scope)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) \
            and isinstance(node.arg.value, str):
        base = _path(node.node, scope)
        return f"{base}.{node.arg.value}" if base else None
    return None


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
    fields: frozenset[str]

    def missing(self, context: Mapping[str, Any]) -> list[str]:
        """The template's field paths the context does not provide."""
        return sorted(f for f in self.fields if not _has(context, f.split(".")))

    def render(self, context: Mapping[str, Any]) -> Any:
        """Render ``context``; return the docxtpl document, ready for post-processing."""
        from docxtpl import DocxTemplate
        from jinja2 import TemplateError as JinjaError
        from jinja2 import UndefinedError
        from jinja2.exceptions import SecurityError

        missing = self.missing(context)
        if missing:
            raise TemplateError(f"template {self.name} uses field(s) {', '.join(missing)}, "
                                "which this draft does not provide",
                                hint=f"Fields available: {', '.join(sorted(context))}")
        tpl = DocxTemplate(io.BytesIO(self.data))
        try:
            tpl.render(dict(context), jinja_env=make_environment())
        except SecurityError as exc:
            raise TemplateSecurityError(f"template {self.name} tried a forbidden operation: "
                                        f"{exc}", hint="Remove that tag from the template") \
                from None
        except UndefinedError as exc:
            raise TemplateError(f"template {self.name}: {exc.message}") from None
        except JinjaError as exc:
            raise TemplateError(f"template {self.name}: {exc.message}") from None
        return tpl


def _sources(data: bytes, name: str) -> list[str]:
    from docxtpl import DocxTemplate

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise TemplateError(f"template {name} is a zip file but not a Word document")
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.init_docx()
    except TemplateError:
        raise
    except Exception:  # python-docx raises many kinds for a damaged package
        raise TemplateError(f"template {name} is not a readable .docx (corrupt, or another "
                            "format)", hint="Open and save it as .docx in Word or "
                            "LibreOffice") from None
    parts = [tpl.patch_xml(tpl.get_xml())]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        parts += [tpl.patch_xml(tpl.get_part_xml(p)) for _, p in tpl.get_headers_footers(uri)]
    return parts


def compile_template(path: Path) -> CompiledTemplate:
    """Read, parse and inspect a ``.docx`` template once."""
    from jinja2 import TemplateSyntaxError

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TemplateError("template not found", path=path) from None
    except OSError as exc:
        raise TemplateError(f"cannot read template: {exc.strerror}", path=path) from None
    env = make_environment()
    fields: set[str] = set()
    for source in _sources(data, path.name):
        try:
            tree = env.parse(source)
        except TemplateSyntaxError as exc:
            raise TemplateError(f"template {path.name} has broken Jinja: {exc.message}",
                                hint="Check its {{ }} and {% %} tags") from None
        fields.update(_walk(tree, {}))
    unsafe = sorted(f for f in fields if any(p.startswith("_") for p in f.split(".")))
    if unsafe:
        raise TemplateSecurityError(f"template {path.name} reaches for private attributes "
                                    f"({', '.join(unsafe)})", hint="Remove those tags")
    return CompiledTemplate(path.name, data, hashlib.sha256(data).hexdigest(),
                            frozenset(fields))


def save_bytes(tpl: Any) -> bytes:
    """Serialise a rendered document to .docx bytes."""
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


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
