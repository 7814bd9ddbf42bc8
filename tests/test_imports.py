"""The code's structure: no import cycles, dependencies run one way, heavy imports stay put.

Imports are read from the source with ``ast`` (every ``import`` anywhere: at the top,
inside functions, under ``TYPE_CHECKING``), in every module of every subpackage,
so an import inside a function cannot hide a cycle.
"""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

#: Layers from top to bottom: a module may import its own layer or those below it.
LAYERS = [
    ("drafting.cli", "drafting"),
    ("drafting.render", "drafting.new", "drafting.amend", "drafting.amend_check",
     "drafting.templates", "drafting.check", "drafting.timeline", "drafting.report",
     "drafting.merge", "drafting.word"),
    ("drafting.review",),
    ("drafting.kinds", "drafting.council"),
    ("drafting.notes",),
    ("drafting.docx",),
    ("drafting.references", "drafting.citations", "drafting.locators", "drafting.prose",
     "drafting.attribution", "drafting.reporting", "drafting.proposals", "drafting.models",
     "drafting.findings", "drafting.errors"),
    ("drafting.typography", "drafting.lexicon"),
    ("evidence",),
]
#: Only drafting.docx may import these.
DOCX_LIBRARIES = ("docxtpl", "docx", "jinja2", "lxml", "markupsafe")


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for pkg in ("evidence", "drafting")
           for p in sorted((REPO / pkg).rglob("*.py"))}


def _imports(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports, absolute, wherever the import statement is."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _project(module: str) -> str | None:
    """The project module an import names (``drafting.review.checks.x`` -> its module)."""
    while module and module not in MODULES:
        module = module.rpartition(".")[0]
    return module or None


def _graph() -> dict[str, set[str]]:
    graph = {}
    for name, path in MODULES.items():
        targets = {_project(m) for m in _imports(name, path)} - {None, name}
        # importing a.b.c runs a.b's __init__ first
        parents = {t.rpartition(".")[0] for t in targets if t and t.count(".") > 1}
        graph[name] = {t for t in targets | parents if t and t in MODULES and t != name
                       and not name.startswith(t + ".")}
    return graph


def _layer(module: str) -> int:
    best = None
    for i, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and (best is None or len(prefix) > best[1]):
                best = (i, len(prefix))
    assert best is not None, f"{module} is in no layer: add it to LAYERS"
    return best[0]


def test_the_walk_sees_subpackages_and_imports_inside_functions():
    """The test itself: subpackage modules are found, and so is an import inside a function."""
    assert "drafting.review.document" in MODULES and "drafting.docx.template" in MODULES
    assert "drafting.docx.pdf" in _graph()["drafting.cli"]  # imported inside render_command


def test_no_import_cycles():
    """No module reaches itself through its imports (function-level ones included)."""
    graph = _graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_dependencies_run_one_way():
    """No module imports a layer above its own (evidence never imports drafting)."""
    upward = [f"{a} -> {b}" for a, targets in _graph().items() for b in targets
              if _layer(b) < _layer(a)]
    assert upward == []


def test_only_drafting_docx_touches_the_word_libraries():
    """docxtpl, python-docx, jinja2, lxml and markupsafe are imported only in drafting/docx/."""
    offenders = sorted(f"{name} imports {lib}" for name, path in MODULES.items()
                       for lib in DOCX_LIBRARIES
                       for imported in _imports(name, path)
                       if (imported == lib or imported.startswith(lib + "."))
                       and not name.startswith("drafting.docx"))
    assert offenders == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_imports_on_its_own(module):
    """Every module imports in a fresh interpreter."""
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)


def test_cli_start_does_not_import_heavy_modules():
    """Starting the CLI does not load docxtpl, jinja2, lxml or pydantic until a command needs them."""
    code = ("import sys, drafting.cli; print(sorted({'docxtpl', 'docx', 'jinja2', 'lxml', "
            "'pydantic', 'rapidfuzz'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_architecture_lists_the_layers_in_their_order():
    """ARCHITECTURE.md's map runs top to bottom as LAYERS do: it may not say otherwise."""
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    block = text[text.index("```\ndrafting/cli/") + 4:]
    block = block[:block.index("```")]
    heads = re.findall(r"^(drafting/[\w/]*?)(?:\.py\b|/)", block, re.MULTILINE)
    layers = [_layer(head.replace("/", ".")) for head in heads]
    assert len(heads) > 10 and layers == sorted(layers), list(zip(heads, layers, strict=True))
