"""The chronology, the exports and the HTML pages, checked with the real tools that read them."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import Result

from evidence.dossier import open_dossier
from evidence.timeline import Entry, Gap, timeline
from tests.browser import CHROMIUM, browse
from tests.conftest import REPO, drafting
from tests.test_conflicts import wexham, wexham_built  # noqa: F401  (the fixture: five planted conflicts)


def cli(root: Path, *args: str) -> Result:
    return drafting(*args, dossier=root)


def test_timeline_order_precision_gaps_and_undated_last():
    """Dated facts in order (a year before the months in it), each to its precision; a gap
    of a year or more shown; facts with no date of their own placed before their source's
    date, or last when that is unknown too."""
    items = timeline(open_dossier(REPO).load())
    entries = [i for i in items if isinstance(i, Entry)]
    dated = [e for e in entries if e.date is not None]
    assert [e.date.sort_key() for e in dated if e.date] == sorted(
        e.date.sort_key() for e in dated if e.date
    )
    assert entries[0].label == "2013" and entries[0].precision == "year"
    first_gap = next(i for i in items if isinstance(i, Gap))
    assert first_gap.label == "no facts for 2 years (2013 to 2016)"
    assert {e.precision for e in entries} >= {"day", "month", "year", "unknown"}
    assert entries[-1].date is None and entries[-1].label == "date unknown"
    by_id = {e.fact: e for e in entries}
    assert by_id["motion-2019-09-proposed-by-birch"].label == "17 September 2019"
    assert by_id["motion-2019-09-proposed-by-birch"].published == "17 September 2019"


def test_timeline_formats_and_conflicts_marked(wexham):  # noqa: F811
    """table, md, json; the planted disagreements marked; a topic filter; bad input."""
    table = cli(wexham, "evidence", "timeline")
    assert table.exit_code == 0 and "CONFLICT: first-inadequate" in table.output
    data = json.loads(cli(wexham, "evidence", "timeline", "--format", "json").output)
    facts = {d["fact"]: d for d in data if "fact" in d}
    assert facts["first-inadequate-2011"]["conflict"].startswith("first-inadequate")
    assert facts["waiting-148"]["precision"] == "month" and any(d.get("gap") for d in data)
    md = cli(wexham, "evidence", "timeline", "--format", "md", "--topic", "ofsted").output
    assert md.startswith("| when | what |") and "ofsted-2019-06-inspection" in md
    bad = cli(wexham, "evidence", "timeline", "--topic", "ofstedd")
    assert bad.exit_code == 2 and "unknown topic 'ofstedd'" in bad.output
    missing = cli(wexham, "evidence", "timeline", "--format", "docx")
    assert missing.exit_code == 2 and "--output" in missing.output


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is installed by .ci/run")
def test_timeline_docx_opens_in_libreoffice(wexham, tmp_path):  # noqa: F811
    """The briefing annex, through the template pipeline; LibreOffice opens it and the rows
    come through."""
    out = tmp_path / "chronology.docx"
    assert cli(wexham, "evidence", "timeline", "--format", "docx", "-o", str(out)).exit_code == 0
    again = cli(wexham, "evidence", "timeline", "--format", "docx", "-o", str(out))
    assert again.exit_code == 2 and "already exists" in again.output
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "chronology.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Chronology" in text and "CONFLICT" in text and "no facts for 2 years" in text.lower()


def test_csl_json_validates_and_knows_only_what_the_manifest_says(tmp_path):
    """Valid against the CSL-JSON schema; issued has only the known date parts; an unknown
    publisher or date is left out; types as CSL names them."""
    import jsonschema

    schema = json.loads((REPO / "tests" / "data" / "csl-data.json").read_text(encoding="utf-8"))
    result = cli(REPO, "evidence", "export", "--format", "csl-json")
    items = json.loads(result.output)
    jsonschema.validate(items, schema)
    by_id = {i["id"]: i for i in items}
    assert by_id["opposition-trust-not-the-answer"]["issued"] == {"date-parts": [[2019, 7]]}
    assert "issued" not in by_id["letter-to-anne-longfield"]
    assert by_id["letter-to-anne-longfield"]["type"] == "personal_communication"
    assert {i["id"]: i.get("publisher") for i in items if i.get("publisher")} == {
        "ofsted-north-northamptonshire-2022": "Ofsted",
        "ofsted-west-northamptonshire-2022": "Ofsted",
    }  # stated by the reports alone
    assert by_id["scrimshaw-damning-ofsted-report"]["author"] == [
        {"given": "Mick", "family": "Scrimshaw"}
    ]


@pytest.mark.skipif(not shutil.which("pandoc"), reason="pandoc is installed by .ci/run")
def test_pandoc_renders_references_from_the_export(tmp_path):
    """pandoc --citeproc reads the CSL-JSON export and renders the references it cites."""
    bib = tmp_path / "sources.json"
    assert cli(REPO, "evidence", "export", "-f", "csl-json", "-o", str(bib)).exit_code == 0
    doc = tmp_path / "doc.md"
    doc.write_text(
        "The blog post [@scrimshaw-damning-ofsted-report] and the letter "
        "[@letter-to-anne-longfield].\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        ["pandoc", "--citeproc", "--bibliography", str(bib), "-t", "plain", str(doc)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    flat = " ".join(out.split())
    assert "(Scrimshaw 2019)" in flat and "(Birch and Stone, n.d.)" in flat
    assert "Scrimshaw, Mick. 2019. “Damning OFSTED Report Vindicates Labour Opposition.”" in flat
    assert "Letter to Anne Longfield" in flat and "???" not in flat


def test_facts_csv_and_markdown():
    """One CSV row per citation, with quote and locator; Markdown lists sources and facts."""
    register = open_dossier(REPO).load()
    rows = list(csv.DictReader(io.StringIO(cli(REPO, "evidence", "export", "-f", "csv").output)))
    assert len(rows) == sum(len(f.citations) for f in register.facts.values())
    first = rows[0]
    assert first["fact"] == "ofsted-2013-inadequate" and first["locator"].startswith("para. ")
    assert first["status"] == "verified"
    md = cli(REPO, "evidence", "export", "-f", "md").output
    assert md.startswith("# Northamptonshire") and "## Sources" in md and "### unallocated" in md


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is installed by .ci/run")
def test_the_report_in_a_real_browser(wexham, tmp_path):  # noqa: F811
    """The report loads in headless Chromium with no console message; the conflicts, the
    chronology and a highlighted quote are on the page; a screenshot is made."""
    out = tmp_path / "dossier.html"
    result = cli(wexham, "evidence", "report", "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html and "<script" not in html
    page = browse(out, tmp_path / "dossier.png", tmp_path / "profile")
    assert page.console == []
    assert "children-waiting: 3 facts give different values" in page.dom
    assert "the date of an inspection versus the date its report was published" in page.dom
    assert '<svg role="img" aria-label="Chronology"' in page.dom
    assert "<mark>The service is left in turmoil" in page.dom
    assert page.screenshot.stat().st_size > 20_000


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is installed by .ci/run")
def test_review_html_in_a_real_browser(tmp_path):
    """review --format html: the findings and the cited quotes in their paragraphs."""
    draft = tmp_path / "draft.yaml"
    draft.write_text(
        (REPO / "drafts" / "letter-to-childrens-commissioner.yaml")
        .read_text(encoding="utf-8")
        .replace("back to 232", "back to 230"),
        encoding="utf-8",
    )
    result = cli(REPO, "review", str(draft), "--format", "html")
    page_file = tmp_path / "review.html"
    page_file.write_text(result.output, encoding="utf-8")
    page = browse(page_file, tmp_path / "review.png", tmp_path / "profile")
    assert page.console == [] and "figure-mismatch" in page.dom
    assert "<mark>" in page.dom and "18 citation(s)" in page.dom


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is installed by .ci/run")
def test_the_browser_check_does_see_console_errors(tmp_path):
    """The check itself: a page that logs an error is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><p>x</p><script>nosuchfunction()</script>", encoding="utf-8")
    assert browse(bad, tmp_path / "bad.png", tmp_path / "profile").console
