import pkgutil
import subprocess
import sys

import pytest

import drafting
import evidence

MODULES = sorted(
    f"{pkg.__name__}.{m.name}" for pkg in (evidence, drafting)
    for m in pkgutil.iter_modules(pkg.__path__) if not m.name.startswith("_"))


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_on_its_own(module):
    """Every module imports in a fresh interpreter (no import cycles)."""
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)


def test_evidence_never_imports_drafting():
    """The dependency runs one way: drafting may use evidence, never the reverse."""
    code = ("import sys, importlib; [importlib.import_module(m) for m in %r];"
            "print(any(m == 'drafting' or m.startswith('drafting.') for m in sys.modules))"
            % [m for m in MODULES if m.startswith("evidence.")])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_cli_start_does_not_import_heavy_modules():
    """Starting the CLI does not load docxtpl or pydantic until a command needs them."""
    code = "import sys, drafting.cli; print(sorted({'docxtpl','pydantic','rapidfuzz'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
