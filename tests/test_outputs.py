"""Where a command may write: never over the dossier's own files, never onto a device or a
link, never a Word file named .pdf; never a dossier inside a dossier; bounded YAML."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafting.cli import app
from evidence.dossier import init_dossier
from evidence.errors import DossierError
from tests.conftest import REPO, refused
from tests.faults import fake_soffice, snapshot

runner = CliRunner()
LETTER = "drafts/letter-to-childrens-commissioner.yaml"


@pytest.fixture
def dossier(bundled_copy: Path) -> Path:
    """The bundled dossier, copied with its drafts (outputs are written beside them)."""
    shutil.copytree(REPO / "drafts", bundled_copy / "drafts")
    shutil.copytree(REPO / "templates", bundled_copy / "templates")
    return bundled_copy


@pytest.mark.parametrize(
    ("args", "target"),
    [
        (["render", LETTER, "-o", "{}"], "seeds/new.docx"),
        (["render", LETTER, "-o", "{}", "--force"], "templates/letter.docx"),
        (["render", LETTER, "-o", "{}", "--force"], ".drafting-cache/x.docx"),
        (["review", LETTER, "--annex", "{}", "--force"], "councils/annex.docx"),
        (["evidence", "export", "--format", "csv", "-o", "{}", "--force"], "dossier.yaml"),
        (
            ["evidence", "export", "--format", "md", "-o", "{}", "--force"],
            "seeds/003_cd71f326698410c5.txt",
        ),
        (["evidence", "report", "-o", "{}", "--force"], "seeds/report.html"),
        (
            [
                "amend",
                "drafts/motion-childrens-commissioner-programme.yaml",
                "drafts/motion-childrens-commissioner-programme-amended.yaml",
                "-o",
                "{}",
                "--force",
            ],
            "facts.yaml",
        ),
        (["new", "letter", "-o", "{}", "--force"], "seeds/sources.yaml"),
    ],
)
def test_an_output_never_replaces_or_joins_the_dossiers_own_files(
    dossier, monkeypatch, args, target
):
    """Even with --force: one line naming the dossier's file, exit 2, nothing changed."""
    monkeypatch.chdir(dossier)
    before = snapshot(dossier)
    result = runner.invoke(app, [a.replace("{}", target) for a in args], input="")
    refused(result, 2, "an output never replaces or joins the dossier's own files")
    assert snapshot(dossier) == before


@pytest.mark.parametrize("kind", ["fifo", "link", "device"])
def test_an_output_that_is_not_a_file_is_left_alone(dossier, tmp_path, monkeypatch, kind):
    """A FIFO, a link (to standard output, say) or a device is never replaced by a file."""
    monkeypatch.chdir(dossier)
    target = tmp_path / "out.docx"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "link":
        target.symlink_to("/proc/self/fd/1")
    else:
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        os.mknod(target, 0o666 | 0o020000, os.makedev(1, 3))  # a copy of /dev/null
    for args in (
        ["render", LETTER, "-o", str(target), "--force"],
        ["review", LETTER, "--annex", str(target), "--force"],
    ):
        refused(runner.invoke(app, args), 2, "not a file to write; it is left alone")
        assert target.is_symlink() or not target.is_file()
    text = tmp_path / "out.csv"
    text.symlink_to("/proc/self/fd/1")
    refused(
        runner.invoke(app, ["evidence", "export", "--format", "csv", "-o", str(text), "--force"]),
        2,
        "is a link",
    )


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["render", LETTER, "-o", "{tmp}/x.pdf", "--pdf"], "--output {tmp}/x.pdf: a Word document"),
        (["render", LETTER, "-o", "{tmp}/noext"], "give a name ending .docx"),
        (["review", LETTER, "--annex", "{tmp}/a.txt"], "--annex {tmp}/a.txt: a Word document"),
        (["evidence", "report", "-o", "{tmp}/r.docx"], "a web page is written there"),
        (["evidence", "timeline", "--format", "docx", "-o", "{tmp}/t.html"], "ending .docx"),
        (["new", "letter", "-o", "{tmp}/n.docx"], "a draft (YAML) is written there"),
    ],
)
def test_an_output_named_for_something_else_is_refused_first(
    dossier, tmp_path, monkeypatch, args, fragment
):
    """A name that says PDF (or nothing) for a Word file: refused before anything is written."""
    monkeypatch.chdir(dossier)
    result = runner.invoke(app, [a.format(tmp=tmp_path) for a in args], input="")
    refused(result, 2, fragment.format(tmp=tmp_path))
    assert not [p for p in tmp_path.iterdir() if p.name not in ("dossier",)]


def test_no_dossier_inside_a_dossier(dossier, tmp_path):
    """init refuses a folder within another dossier (its drafts would change dossier)."""
    for inside in (dossier / "drafts", dossier / "seeds" / "sub", dossier / "new"):
        with pytest.raises(DossierError, match="is inside the dossier at"):
            init_dossier(inside)
        assert not (inside / "dossier.yaml").exists()
    assert init_dossier(tmp_path / "beside").root == (tmp_path / "beside").resolve()


def test_a_yaml_list_of_millions_is_refused_before_it_is_built(tmp_path):
    """Three million values in a 6 MB file: counted from the parser's events and refused,
    naming the file and line, instead of building them all (a gigabyte)."""
    draft = tmp_path / "big.yaml"
    draft.write_text("kind: letter\ncc: [" + ",".join(["a"] * 3_000_000) + "]\n", encoding="utf-8")
    result = runner.invoke(app, ["--dossier", str(REPO), "review", str(draft)])
    refused(result, 2, "big.yaml:2: holds more than 1,000,000 values")


@pytest.mark.slow
def test_pdf_conversion_folders_of_killed_runs_are_swept(dossier, tmp_path, monkeypatch):
    """A run killed mid-conversion leaves its folders; the next run removes them (only
    those of processes that are gone), and a profile path with a space works."""
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    temporary = tmp_path / "tmp dir"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    left = [
        dossier / "drafts" / f".drafting-pdf-{dead}-abc123",
        temporary / f"drafting-lo-{dead}-x1",
    ]
    mine = dossier / "drafts" / f".drafting-pdf-{os.getpid()}-keep00"
    for folder in (*left, mine):
        folder.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_soffice(
        bin_dir,
        'case "$1" in *"%20"*) ;; *) exit 3 ;; esac\n'
        'for a; do last="$a"; done\nprev=""\nfor a; do [ "$prev" = --outdir ] && '
        'out="$a"; prev="$a"; done\nn=$(basename "$last" .docx)\n'
        'printf "%%PDF-1.4 made" > "$out/$n.pdf"',
    )
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.chdir(dossier)
    result = runner.invoke(app, ["render", LETTER, "--pdf", "--force"])
    assert result.exit_code == 0, result.output
    assert not any(p.exists() for p in left) and mine.exists()
