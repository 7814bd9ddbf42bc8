"""Cheap self-checks: tooling is clean, every command is documented, CI runs the README."""

import re
import shutil
import subprocess
import sys

import pytest
import typer
import typer.testing

from drafting.cli import app
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands(group: typer.Typer, prefix: str = "drafting") -> list[str]:
    names = [f"{prefix} {c.name or c.callback.__name__}" for c in group.registered_commands]
    for sub in group.registered_groups:
        names += _commands(sub.typer_instance, f"{prefix} {sub.name}")
    return names


@pytest.mark.parametrize("command", _commands(app))
def test_every_command_is_in_the_readme_and_has_help(command):
    """Each command has an example in the README and help text."""
    assert command in README
    result = typer.testing.CliRunner().invoke(app, [*command.split()[1:], "--help"])
    assert result.exit_code == 0 and len(result.output) > 100


def test_ci_runs_the_readme_test_command():
    """.ci/run runs exactly the test command the README gives."""
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    assert blocks[1] in (REPO / ".ci" / "run").read_text()


def test_ruff_is_clean():
    """ruff (with docstring rules) finds nothing: the ruff of the Python running the tests."""
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", str(REPO)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout


def test_ruff_format_makes_no_change():
    """The code is as ruff formats it, so a formatter run by anyone changes nothing."""
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", str(REPO)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout


def test_mypy_strict_is_clean():
    """mypy --strict with the pydantic plugin finds nothing."""
    out = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


@pytest.mark.parametrize("block", re.findall(r"```python\n(.*?)\n```", README, re.S))
def test_readme_python_examples_run(block, bundled_copy, monkeypatch):
    """The README's library examples run as written, in a copy of the dossier."""
    shutil.copytree(
        REPO / "drafts", bundled_copy / "drafts", ignore=shutil.ignore_patterns("*.docx", "*.pdf")
    )
    monkeypatch.chdir(bundled_copy)
    monkeypatch.delenv("DRAFTING_DOSSIER", raising=False)
    exec(compile(block, "README.md", "exec"), {})
