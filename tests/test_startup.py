"""Read-only commands import only what they use, and print plain rows off a terminal (#23).

A table is drawn (rich) only on a terminal wide enough for it; in a pipe, a file or a
narrow terminal the same words come as plain rows, a tab between cells.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafting.cli import app
from drafting.cli.common import show_table
from tests.conftest import REPO

runner = CliRunner()
#: What a read-only command off a terminal has no use for.
UNUSED = ("rich.table", "rich.console", "numpy", "lemminflect", "docx", "docxtpl", "lxml", "jinja2")
#: What listing the evidence has no use for besides.
REVIEW = ("drafting.review", "drafting.kinds")


def imported(args: list[str], env: dict[str, str], unused: tuple[str, ...] = UNUSED) -> set[str]:
    """The modules of ``unused`` a ``drafting`` command imported, run in its own process."""
    code = (
        "import sys; from drafting.cli import main; sys.argv = ['drafting', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(set({unused!r}) & set(sys.modules)), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=True,
    )
    return set(eval(done.stderr.strip().splitlines()[-1]))


def test_read_only_commands_import_only_what_they_use(tmp_path: Path) -> None:
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    letter = "drafts/letter-to-childrens-commissioner.yaml"
    imported(["review", letter], env)  # the word tables cached once, as on first use
    assert imported(["review", letter], env) == set()
    assert imported(["evidence", "list"], env, UNUSED + REVIEW) == set()
    assert imported(["evidence", "sources"], env, UNUSED + REVIEW) == set()


def test_evidence_list_off_a_terminal_is_plain_rows(bundled_copy: Path) -> None:
    result = runner.invoke(app, ["--dossier", str(bundled_copy), "evidence", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "id\tkind\tas at\tstatement\tcorroboration\tstatus"
    assert lines[1].startswith("ofsted-2013-inadequate\tofficial-finding\t2013\tOfsted judged")
    assert lines[-1].endswith(" fact(s)") and len(lines) == int(lines[-1].split()[0]) + 2


def test_review_off_a_terminal_is_plain_rows() -> None:
    result = runner.invoke(
        app, ["review", str(REPO / "drafts" / "letter-to-childrens-commissioner.yaml")]
    )
    lines = result.output.splitlines()
    assert (
        lines[0].startswith("Citations in ")
        and lines[1] == "no.\tfact\tkind\tsource\tlocator\tcorr.\tstatus"
    )
    assert lines[2].startswith("1\tofsted-2013-inadequate Ofsted judged")
    assert any(line.startswith("review of ") for line in lines)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("columns", "drawn"), [(200, True), (30, True), (20, False)])
def test_a_table_is_drawn_on_a_terminal_that_fits_it(monkeypatch, columns, drawn) -> None:
    out = Terminal()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(shutil, "get_terminal_size", lambda: os.terminal_size((columns, 40)))
    show_table(("id", "statement"), [("a-fact", "Ofsted judged the services inadequate.")])
    text = out.getvalue()
    assert ("┃" in text) is drawn and ("\t" in text) is not drawn
    assert "a-fact" in text and "inadequate" in text
