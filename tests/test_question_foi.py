"""Written questions and FOI requests: render, check (deadline, s.8, s.10), new, LibreOffice."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from drafting.cli import app
from tests.conftest import REPO, body_texts

QUESTION = REPO / "drafts" / "question-unallocated-cases.yaml"
FOI = REPO / "drafts" / "foi-unallocated-cases.yaml"
runner = CliRunner()


def cli(*args: object):
    return runner.invoke(app, ["--dossier", str(REPO), *map(str, args)])


def paragraphs(path: Path) -> list[str]:
    return [line for text in body_texts(path) for line in text.split("\n") if line]


def test_the_example_question_renders_and_is_due_three_clear_working_days_before(tmp_path):
    """To, from, background, question, supplementary; due Fri 13 Sep 2019 (generic: 3 clear)."""
    out = tmp_path / "q.docx"
    result = cli("render", QUESTION, "-o", out)
    assert result.exit_code == 0 and "2 citation(s) as footnotes; review: 0 errors" in result.output
    paras = paragraphs(out)
    assert "Written question" in paras and "To: Cllr Matt Golby, Leader of the Council" in paras
    assert "Supplementary question" in paras and "From: Cllr Jane Birch" in paras
    data = json.loads(
        cli("check", QUESTION, "--submitted", "2019-09-13 17:00", "--format", "json").output
    )
    assert data["deadline"] == "2019-09-13T23:59:00" and data["passed"] is False
    late = cli("check", QUESTION, "--submitted", "2019-09-16 09:00")
    assert late.exit_code == 1 and "BREACH: late" in late.output
    carmarthen = json.loads(
        cli("check", QUESTION, "--council", "carmarthenshire", "--format", "json").output
    )
    assert carmarthen["deadline"] == "2019-09-09T10:00:00"  # 10:00, 7 clear working days


def test_the_example_foi_request_renders_with_the_standard_asks(tmp_path):
    """The request in s.8 form: name, address, items numbered, period, s.11 format."""
    out = tmp_path / "foi.docx"
    result = cli("render", FOI, "-o", out)
    assert result.exit_code == 0, result.output
    paras = paragraphs(out)
    assert "Dear Sir or Madam," in paras and "Yours faithfully," in paras
    assert any(p.startswith("1.\tthe number of children’s social care cases") for p in paras)
    assert "The request covers the period from 1 January 2019 to 31 August 2019." in paras
    assert (
        "Under section 11 of the Act, I would like to receive the information as a "
        "spreadsheet (CSV or Excel), by email or on paper." in paras
    )


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2019-09-12 09:00", "2019-10-10T23:59:00"),  # 20 working days: 13 Sep - 10 Oct
        (
            "2019-12-20 09:00",
            "2020-01-23T23:59:00",
        ),  # Christmas, Boxing Day, 1 Jan, 2 Jan (Scotland)
        ("2019-04-01 09:00", "2019-05-01T23:59:00"),  # Good Friday and Easter Monday
    ],
)
def test_foi_answer_due_on_the_twentieth_working_day_after_receipt(received, due):
    """s.10: working days exclude bank holidays in any part of the UK."""
    data = json.loads(cli("check", FOI, "--submitted", received, "--format", "json").output)
    assert data["deadline"] == due
    assert "20th working day following receipt" in data["deadline_rule"]


def test_foi_section_8_and_breadth(tmp_path):
    """No address: an error (exit 1); one-word name, no period, 'all information': warnings."""
    data = yaml.safe_load(FOI.read_text())
    data["applicant"] = {"name": "Jane"}
    data.pop("period")
    data["information"] = ["all information about children's services"]
    path = tmp_path / "foi.yaml"
    path.write_text(yaml.safe_dump(data))
    result = cli("check", path, "--format", "json")
    assert result.exit_code == 1
    codes = {f["code"]: f["severity"] for f in json.loads(result.output)["findings"]}
    assert codes == {
        "foi-no-address": "error",
        "foi-real-name": "warning",
        "foi-no-period": "warning",
        "foi-too-broad": "warning",
    }
    assert cli("render", path).exit_code == 1  # the missing address refuses the render
    data["applicant"] = {"name": "Jane Birch", "email": "not-an-email"}
    path.write_text(yaml.safe_dump(data))
    assert cli("render", path).exit_code == 2


def test_new_question_and_new_foi_from_answers(tmp_path):
    """drafting new question / foi with a full answers file: drafts that review as unfinished."""
    (tmp_path / "q.yaml").write_text(
        yaml.safe_dump(
            {
                "council": "Northamptonshire County Council",
                "meeting": {"body": "Full Council", "date": "2019-09-19"},
                "to": {"title": "Leader of the Council"},
                "asked_by": {"name": "Cllr Jane Birch"},
                "question": "How many cases are unallocated today?",
            }
        )
    )
    out = tmp_path / "question.yaml"
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(REPO),
            "new",
            "question",
            "--answers",
            str(tmp_path / "q.yaml"),
            "-o",
            str(out),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0 and "placeholder text left in the draft" in result.output
    (tmp_path / "f.yaml").write_text(
        yaml.safe_dump(
            {
                "applicant": {"name": "Jane Birch", "email": "jane@example.org"},
                "authority": {"organisation": "Northamptonshire County Council"},
            }
        )
    )
    out = tmp_path / "foi-new.yaml"
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(REPO),
            "new",
            "foi",
            "--answers",
            str(tmp_path / "f.yaml"),
            "-o",
            str(out),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0 and yaml.safe_load(out.read_text())["kind"] == "foi"


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is installed by .ci/run")
def test_libreoffice_opens_every_kind(tmp_path):
    """The question, the FOI request and an amendment open in LibreOffice; text comes through."""
    amendment = tmp_path / "amendment.yaml"
    assert (
        cli(
            "amend",
            REPO / "drafts" / "motion-childrens-commissioner-programme.yaml",
            REPO / "drafts" / "motion-childrens-commissioner-programme-amended.yaml",
            "-o",
            amendment,
        ).exit_code
        == 0
    )
    outs = []
    for draft in (QUESTION, FOI, amendment):
        out = tmp_path / f"{draft.stem}.docx"
        assert cli("render", draft, "-o", out).exit_code == 0
        outs.append(out)
    profile = tmp_path / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, outs),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    texts = {
        o.stem: " ".join(
            subprocess.run(
                ["pdftotext", str(o.with_suffix(".pdf")), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
        )
        for o in outs
    }
    assert "Supplementary question" in texts["question-unallocated-cases"]
    assert "Freedom of Information Act 2000, please provide" in texts["foi-unallocated-cases"]
    assert "In clause 6, leave out “programme”" in texts["amendment"]
