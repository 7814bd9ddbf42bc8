"""The code's structure: layers, cycles and the Word libraries, by import-linter; start-up.

The contracts are in ``pyproject.toml`` (``[tool.importlinter]``): drafting's layers run top
to bottom and evidence, below them all, never imports drafting; no package's modules import
each other in a cycle; only ``drafting.docx`` imports docxtpl, python-docx, jinja2, lxml or
markupsafe. import-linter (grimp) reads every import statement, inside functions too. What it
cannot see is kept here: every module is in a layer, the map in ARCHITECTURE.md runs in the
layers' order, each module imports on its own, and starting the CLI loads nothing heavy.
"""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REPO

_CONTRACTS = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]["contracts"]
#: Layers from top to bottom, as the layers contract gives them.
LAYERS = [
    tuple(part.strip() for part in layer.split(":"))
    for layer in next(c for c in _CONTRACTS if c["id"] == "layers")["layers"]
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {
    _module_name(p): p
    for pkg in ("evidence", "drafting")
    for p in sorted((REPO / pkg).rglob("*.py"))
}


def _layer(module: str) -> int | None:
    best = None
    for i, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and (best is None or len(prefix) > best[1]):
                best = (i, len(prefix))
    return None if best is None else best[0]


def test_the_import_contracts_are_kept():
    """lint-imports: layers one way, no cycles, the Word libraries only in drafting.docx."""
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"Contracts: {len(_CONTRACTS)} kept, 0 broken" in out.stdout


def test_every_module_is_in_a_layer():
    """A new module is placed in the layers contract, or import-linter would not see it."""
    unplaced = [m for m in MODULES if m not in ("drafting", "evidence") and _layer(m) is None]
    assert unplaced == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_imports_on_its_own(module):
    """Every module imports in a fresh interpreter."""
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)


def test_cli_start_does_not_import_heavy_modules():
    """Starting the CLI does not load docxtpl, jinja2, lxml or pydantic until a command needs them."""
    code = (
        "import sys, drafting.cli; print(sorted({'docxtpl', 'docx', 'jinja2', 'lxml', "
        "'pydantic', 'rapidfuzz'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_architecture_lists_the_layers_in_their_order():
    """ARCHITECTURE.md's map runs top to bottom as LAYERS do: it may not say otherwise."""
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    block = text[text.index("```\ndrafting/cli/") + 4 :]
    block = block[: block.index("```")]
    heads = re.findall(r"^(drafting/[\w/]*?)(?:\.py\b|/)", block, re.MULTILINE)
    layers = [_layer(head.replace("/", ".")) or 0 for head in heads]
    assert len(heads) > 10 and layers == sorted(layers), list(zip(heads, layers, strict=True))
