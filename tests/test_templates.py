"""drafting templates list / show: every template's fields, by part, checked against its kind."""

from __future__ import annotations

import json
from pathlib import Path

import docx
from typer.testing import CliRunner

from drafting.cli import app
from drafting.templates import check_template
from tests.conftest import REPO, add_footnotes

runner = CliRunner()


def cli(*args: object, dossier: Path = REPO):
    return runner.invoke(app, ["--dossier", str(dossier), *map(str, args)])


def letterhead(path: Path, *, body: bool = True) -> Path:
    """A council's own letter template: a typo in its header, fields in a footnote and a property."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "{{ council_name }} - {{ date }}"
    document.add_paragraph("{{ salutation }},")
    if body:
        for line in ("{%p for block in body %}", "{{r block.runs }}", "{%p endfor %}"):
            document.add_paragraph(line)
    document.add_paragraph("{{ closing }},")
    document.core_properties.title = "{{ subjct }}"
    add_footnotes(document, {1: "Sent to {{ recipient_block|join(', ') }}"})
    document.save(str(path))
    return path


def test_shipped_templates_all_fit_their_kinds():
    """Every shipped template: of its kind, nothing unknown or missing."""
    result = cli("templates", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.output)}
    assert {n: r["kind"] for n, r in rows.items()} == {
        "letter": "letter",
        "motion": "motion",
        "amendment": "amendment",
        "annex": "annex",
        "question": "question",
        "foi": "foi",
        "foi-review": "foi-review",
        "timeline": "timeline",
    }
    assert all(r["ok"] and not r["unknown"] and not r["missing"] for r in rows.values())


def test_a_dossiers_letterhead_is_checked_in_every_part(bundled_copy):
    """Unknown fields named with their part (header, footnotes, property); a missing body."""
    (bundled_copy / "templates").mkdir()
    letterhead(bundled_copy / "templates" / "council-letter.docx", body=False)
    check = check_template(bundled_copy / "templates" / "council-letter.docx")
    assert check.kind == "letter"
    assert check.unknown == [("property title", "subjct"), ("word/header1.xml", "council_name")]
    assert check.missing == ["asks[].runs", "body[].runs"]
    assert check.parts["word/footnotes.xml"] == ["recipient_block"]
    result = cli("templates", "show", "council-letter", dossier=bundled_copy)
    assert result.exit_code == 1
    assert "council_name  UNKNOWN to this kind" in result.output
    assert "MISSING: body[].runs" in result.output
    listed = cli("templates", "list", dossier=bundled_copy)
    assert listed.exit_code == 1 and "2 unknown field(s), 2 missing field(s)" in listed.output


def test_show_by_path_and_as_another_kind(tmp_path):
    """A .docx path can be shown; --kind checks it as that kind."""
    path = letterhead(tmp_path / "mine.docx")
    as_motion = cli("templates", "show", path, "--kind", "motion", "--format", "json")
    data = json.loads(as_motion.output)
    assert as_motion.exit_code == 1 and data["kind"] == "motion"
    assert {"part": "body", "field": "salutation"} in data["unknown"]
    assert "sections[].clauses[].runs" in data["missing"]


def test_bad_names_kinds_and_files(bundled_copy, tmp_path):
    """An unknown name or kind is exit 2 with the choices; a corrupt template is listed as such."""
    result = cli("templates", "show", "leter")
    assert result.exit_code == 2 and "no template named 'leter'" in result.output
    assert "Did you mean: letter" in result.output
    result = cli("templates", "show", "letter", "--kind", "memo")
    assert result.exit_code == 2 and "'memo' is not a kind of document" in result.output
    (bundled_copy / "templates").mkdir()
    (bundled_copy / "templates" / "broken.docx").write_text("not a docx")
    listed = cli("templates", "list", "--format", "json", dossier=bundled_copy)
    rows = {r["name"]: r for r in json.loads(listed.output)}
    assert listed.exit_code == 1 and "not a readable .docx" in rows["broken"]["error"]
    assert rows["letter"]["from"] == "shipped"
