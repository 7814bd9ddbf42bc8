"""Notices of motion: the example renders, reviews like its draft, and LibreOffice opens it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml
from typer.testing import CliRunner

from drafting.cli import app
from drafting.kinds import load_draft
from drafting.render import render_draft
from drafting.review import review_draft
from drafting.review.document import review_docx
from evidence.dossier import open_dossier
from tests.conftest import REPO

EXAMPLE = REPO / "drafts" / "motion-childrens-commissioner-programme.yaml"
runner = CliRunner()


def cli(*args: object):
    return runner.invoke(app, ["--dossier", str(REPO), *map(str, args)])


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_example_motion_renders_in_council_form(tmp_path):
    """Title, proposer and seconder, headings, clauses numbered through, bullets, signatures."""
    out = tmp_path / "motion.docx"
    result = cli("render", EXAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    assert "6 citation(s) as footnotes; review: 0 errors, 0 warnings, 0 info" in result.output
    paras = paragraphs(out)
    assert paras[:3] == [
        "Northamptonshire County Council",
        "Notice of motion",
        "Full Council, 19 September 2019",
    ]
    assert "Proposed by Cllr Jane Birch, seconded by Cllr Danielle Stone" in paras
    headings = [p for p in paras if p.startswith("This Council ")]
    assert headings == ["This Council notes", "This Council believes", "This Council resolves"]
    numbered = [p.split("\t")[0] for p in paras if "\t" in p]
    assert numbered == ["1.", "2.", "3.", "4.", "5.", "6.", "7."]
    assert "a focus on early help and prevention;" in paras
    assert paras[-1] == "Date: 4 September 2019"  # the draft's own date, the day of notice
    props = docx.Document(str(out)).core_properties
    assert props.title == "A programme for children's services from the children's commissioner"
    assert props.subject == "Notice of motion, Full Council, 19 September 2019"


def test_rendered_motion_reviews_like_its_draft_and_sees_hand_edits(tmp_path):
    """The same 6 citations from the .docx; a figure changed by hand is found."""
    dossier = open_dossier(REPO)
    register = dossier.load()
    draft_review = review_draft(load_draft(EXAMPLE), register)
    out = tmp_path / "motion.docx"
    render_draft(EXAMPLE, dossier, out=out)
    doc_review = review_docx(out, register, dossier.config.name)
    assert [c.fact_id for c in doc_review.citations] == [c.fact_id for c in draft_review.citations]
    assert doc_review.findings == [] and len(doc_review.citations) == 6
    document = docx.Document(str(out))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if "three of the four" in run.text:
                run.text = run.text.replace("three of the four", "two of the four")
    document.save(str(out))
    found = [(f.code, f.message) for f in review_docx(out, register, dossier.config.name).findings]
    assert found == [
        (
            "figure-mismatch",
            "says “two of the four” where the cited fact "
            "ofsted-2019-three-of-four-inadequate says “three of the four”",
        )
    ]


SEED_MOTION = """kind: motion
council: Northamptonshire County Council
meeting: {body: Full Council, date: 2019-09-19}
date: 2019-09-04
title: Children's services in Northamptonshire
proposer: {name: Cllr Jane Birch}
seconder: {name: Cllr Danielle Stone}
sections:
  - numbered: false
    clauses:
      - >-
        This council is aware of the government instruction to create a children's trust for
        the provision of children's services in the Northamptonshire area
        [@trust-ordered-by-government], serving two unitary authorities
        [@unitary-two-authorities].
      - We are aware there is a children's commissioner in place to oversee this process
        [@commissioner-newsam-appointed].
      - text: >-
          This council will, therefore, write to the children's commissioner for
          Northamptonshire asking him to respond to the following: In the light of recent
          serious case reviews [@serious-case-reviews-2019-06-two-deaths], and taking into
          consideration the latest Inspection report [@ofsted-2019-services-failing], we
          understand that for children's services to improve there needs to be
        bullets:
          - a return to multi agency locality working;
          - a focus on early help and prevention;
          - better integration of housing and children's services and a more effective
            transition from children's to adult social care.
      - >-
        Can the children's commissioner provide the council with a programme that addresses
        these aims? Or, if his aims are different, can he please advise? Please can a report
        come to the next full council?
"""


def test_the_seed_motions_own_wording_reviews_clean(tmp_path):
    """The September 2019 motion, free-form and unnumbered, as a draft: no errors or warnings."""
    path = tmp_path / "seed-motion.yaml"
    path.write_text(SEED_MOTION, encoding="utf-8")
    result = review_draft(load_draft(path), open_dossier(REPO).load())
    assert [f for f in result.findings if f.severity != "info"] == []
    assert len(result.citations) == 5
    out = cli("render", path)
    assert out.exit_code == 0, out.output
    paras = paragraphs(path.with_suffix(".docx"))
    assert not any("\t" in p for p in paras)  # free-form: no clause numbers
    assert any(p.startswith("This council is aware of the government instruction") for p in paras)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (
            {"meeting": {"body": "Full Council", "date": "2019-09-19", "time": "25:00"}},
            "meeting.time",
        ),
        ({"seconder": None}, "seconder"),
        ({"sections": []}, "sections: must not be empty"),
        (
            {"sections": [{"heading": "Notes", "clauses": [{"text": "x"}]}]},
            "sections[0].clauses[0]",
        ),
    ],
)
def test_motion_mistakes_are_clear_errors(tmp_path, change, fragment):
    """A bad time, no seconder, no sections: one line naming the field, exit 2."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.update(change)
    data = {k: v for k, v in data.items() if v is not None}
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = cli("render", path)
    assert result.exit_code == 2 and fragment in result.output, result.output


def test_a_member_signing_twice_is_a_warning(tmp_path):
    """Proposer and seconder must be different members."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["seconder"] = data["proposer"]
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = cli("review", path)
    assert result.exit_code == 0 and "signatory-twice" in result.output


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is installed by .ci/run")
def test_libreoffice_opens_the_motion(tmp_path):
    """LibreOffice converts the example motion; the text and footnotes come through."""
    out = tmp_path / "motion.docx"
    result = cli("render", EXAMPLE, "-o", out, "--pdf")
    assert result.exit_code == 0, result.output
    text = subprocess.run(
        ["pdftotext", str(out.with_suffix(".pdf")), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Notice of motion" in flat and "Proposed by Cllr Jane Birch" in flat
    assert "This Council resolves" in flat and "a focus on early help and prevention" in flat
    assert "“Letter to Anne Longfield Children’s Commissioner” (letter, n.d.), para. 3." in flat
    assert "Birch and Stone (n 2), para. 8." in flat  # the same letter, cited again


def test_background_style_keeps_the_motion_clean_and_reviews_by_the_record(tmp_path):
    """--citations background: no marks in the clauses, evidence after; hand edits still found."""
    out = tmp_path / "motion.docx"
    result = cli("render", EXAMPLE, "-o", out, "--citations", "background")
    assert result.exit_code == 0, result.output
    assert "6 citation(s) as background" in result.output
    import zipfile

    body = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert "footnoteReference" not in body and "superscript" not in body
    paras = paragraphs(out)
    assert (
        "that at the inspection of June 2019 three of the four areas judged were rated "
        "inadequate, and that children in care are sometimes placed many miles from home, "
        "some in unregulated accommodation;" in [p.split("\t")[-1] for p in paras]
    )
    at = paras.index("Background and evidence")
    assert paras[at + 1].startswith("Clause 1: “The Government has ordered that the services")
    assert paras[at + 4].startswith("Clause 3: “Three out of four areas were judged")
    dossier = open_dossier(REPO)
    register = dossier.load()
    clean = review_docx(out, register, dossier.config.name)
    assert clean.findings == [] and len(clean.citations) == 6
    document = docx.Document(str(out))
    for paragraph in list(document.paragraphs):
        if paragraph.text.startswith("4.\tthat serious case reviews"):
            paragraph._p.getparent().remove(paragraph._p)
        for run in paragraph.runs:
            run.text = run.text.replace("three of the four", "two of the four")
    document.save(str(out))
    found = {(f.code, f.fact_id) for f in review_docx(out, register, dossier.config.name).findings}
    assert found == {
        ("figure-mismatch", "ofsted-2019-three-of-four-inadequate"),
        ("citation-removed", "serious-case-reviews-2019-06-two-deaths"),
    }


def test_background_needs_a_template_with_a_background_section(tmp_path):
    """The letter template has none: a clear error, nothing written."""
    letter = REPO / "drafts" / "letter-to-childrens-commissioner.yaml"
    result = cli("render", letter, "-o", tmp_path / "l.docx", "--citations", "background")
    assert result.exit_code == 2 and "does not show background[].text" in result.output
    assert "use --citations footnotes" in result.output and not (tmp_path / "l.docx").exists()
