"""An FOI request's reply: in time or late (s.10), what it refused, and a request for review."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from drafting.council.exemptions import COST_LIMIT, grounds, provision
from drafting.council.replies import reply_check
from drafting.council.sections import citations, extends_for_public_interest, refusal_grounds
from tests.conftest import REPO, body_texts, drafting, refused

FOI = REPO / "drafts" / "foi-unallocated-cases.yaml"  # dated 20 September 2019: due 18 October
MOTION = REPO / "drafts" / "motion-childrens-commissioner-programme.yaml"
EXAMPLE = REPO / "drafts" / "foi-review-unallocated-cases.yaml"


def check_json(*args: object, draft: Path = FOI, dossier: Path = REPO) -> tuple[int, dict]:
    result = drafting("check", draft, *args, "--format", "json", dossier=dossier)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)


def paragraphs(path: Path) -> list[str]:
    return [line for text in body_texts(path) for line in text.split("\n") if line]


# --- in time, late, on the due date, bank holidays ---------------------------------------


@pytest.mark.parametrize(
    ("replied", "status", "late_by", "code"),
    [
        ("2019-10-17", "in-time", None, 0),
        ("2019-10-18", "in-time", None, 0),  # exactly the due date: in time
        ("2019-10-21", "late", 1, 1),  # the Monday after: the weekend is not counted
        ("2019-10-25", "late", 5, 1),
    ],
)
def test_a_reply_in_time_on_the_due_date_and_late(replied, status, late_by, code):
    """Received 20 September 2019: due Friday 18 October; late counts working days after it."""
    exit_code, data = check_json("--replied", replied)
    reply = data["reply"]
    assert (exit_code, reply["status"], reply["late_by_working_days"]) == (code, status, late_by)
    assert reply["due"] == "2019-10-18" and reply["replied"] == replied
    assert data["deadline"] == "2019-10-18T23:59:00" and len(data["days"]) == 28


def test_the_late_days_are_shown_as_check_shows_its_count():
    """The table output: the 20 days, then the days after the due date, and the verdict."""
    result = drafting("check", FOI, "--replied", "2019-10-22")
    assert result.exit_code == 1
    assert "Fri 18 Oct 2019  day 20" in result.output
    assert "Sat 19 Oct 2019  skipped: Saturday" in result.output
    assert "Tue 22 Oct 2019  day 2" in result.output
    assert (
        "BREACH: late: replied on 22 October 2019, 2 working days after the due date, "
        "18 October 2019" in result.output
    )


@pytest.mark.parametrize(
    ("received", "replied", "status", "late_by"),
    [
        ("2019-12-02 09:00", "2020-01-03", "in-time", None),  # 25, 26 Dec, 1 and 2 Jan skipped
        ("2019-12-02 09:00", "2020-01-06", "late", 1),
        ("2019-12-20 09:00", "2020-01-23", "in-time", None),
        ("2019-12-20 09:00", "2020-01-24", "late", 1),
    ],
)
def test_christmas_and_new_year_bank_holidays_move_the_due_date(received, replied, status, late_by):
    """Christmas Day, Boxing Day, New Year's Day and 2 January (Scotland) are not working days."""
    _, data = check_json("--submitted", received, "--replied", replied)
    assert data["reply"]["status"] == status and data["reply"]["late_by_working_days"] == late_by


def test_late_days_skip_bank_holidays():
    """Due 20 December 2019 (received 21 November): 23, 24, 27 December are days 1 to 3."""
    check = reply_check(dt.date(2019, 11, 21), replied=dt.date(2019, 12, 27))
    assert check.due == dt.date(2019, 12, 20) and check.late_by == 3
    skipped = [d.why for d in check.late_days if d.counted is None]
    assert any("Christmas" in why for why in skipped) and any("Boxing" in why for why in skipped)


def test_a_public_interest_extension_is_not_late_within_forty_working_days():
    """s.10(3): extended, reported as such (exit 0) up to 40 working days; after that, late."""
    code, data = check_json("--replied", "2019-11-08", "--extended")
    assert code == 0 and data["reply"]["status"] == "extended" and data["reply"]["extended"]
    code, data = check_json("--replied", "2019-11-19", "--extended")
    assert code == 1 and data["reply"]["status"] == "late"
    assert "the most the ICO's guidance calls reasonable" in data["reply"]["notes"][0]


def test_no_reply_past_the_due_date_is_overdue_and_before_it_awaited():
    """No --replied and no reply source: overdue as of today (exit 1), else awaited."""
    result = drafting("check", FOI)
    assert result.exit_code == 1 and "BREACH: overdue: no reply as of today" in result.output
    waiting = reply_check(dt.date(2026, 11, 30), today=dt.date(2026, 12, 7))
    assert waiting.status == "awaiting" and waiting.problems == []
    # 30 November 2026 is St Andrew's Day, 28 December Boxing Day's substitute
    assert waiting.verdict() == "no reply yet: the answer is due by 30 December 2026"


# --- refusal grounds: the grammar ----------------------------------------------------------

FIRES = [
    ("We estimate that complying would exceed the appropriate limit under section 12.", ["12"]),
    ("The information is withheld under s.40(2) of the Act.", ["40"]),
    ("This request is refused under s 12(1).", ["12"]),
    ("Section 40(2) applies to the names of staff.", ["40"]),
    ("We consider that sections 40 and 43 apply.", ["40", "43"]),
    ("It is exempt under section 43(2) of the Freedom of Information Act 2000.", ["43"]),
    ("FOIA s14(1) applies: the request is vexatious.", ["14"]),
    ("We rely on sections 40(2), 41 and 42 of the FOIA.", ["40", "41", "42"]),
    ("Exempt under ss. 21 & 22.", ["21", "22"]),
    ("S.31(1)(a) applies, and section 36(2)(b)(ii) too.", ["31", "36"]),
    ("Under the EIR, regulation 12(4)(b) applies.", ["12(4)(b)"]),
    ("The Freedom of Information Act 2000, section 12, allows us to refuse.", ["12"]),
]
SILENT = [
    "Your request was passed to us under section 12 of the Children Act 1989.",
    "See paragraph 12 of the guidance, and page 40.",
    "Section 1 duty to confirm or deny: we confirm that the information is held.",
    "The report runs to 12 sections over 40 pages.",
    "Under the Children Act 1989, section 17 sets out the duty.",
    "As set out in section 12 of the report, figures are published monthly.",
    "The council's 12 staff handled Jones's 40 cases.",
    "Regulation 12 of the Care Planning Regulations applies to placements.",
    "Section 40 of the Freedom of Information (Scotland) Act 2002 does not apply here.",
    "We are answering within the time section 10 allows; see section 17 and section 50.",
]


@pytest.mark.parametrize(("text", "sections"), FIRES)
def test_the_sections_a_reply_refuses_under_are_found(text, sections):
    """The keyword forms, subsections, lists after a plural, the Act named after or before."""
    assert [g.number for g in refusal_grounds(text)] == sections


@pytest.mark.parametrize("text", SILENT)
def test_other_laws_numbers_and_duties_are_no_refusal(text):
    """Another Act named, a number before the word, paragraphs and pages, the Act's duties."""
    assert refusal_grounds(text) == []


def test_a_duty_is_cited_but_is_no_ground():
    """Section 1 is found as the Act's, and the table knows it is no ground for refusing."""
    found = citations("Section 1 duty to confirm or deny")
    assert [(c.act, c.number) for c in found] == [("FOIA", "1")]
    assert found[0].provision is not None and not found[0].provision.refusal


def test_an_extension_for_the_public_interest_is_read_from_the_reply():
    """Said in words or by s.10(3); a public interest test alone is no extension."""
    assert extends_for_public_interest(
        "We need to extend the time to consider the public interest."
    )
    assert extends_for_public_interest("We are relying on section 10(3) of the Act.")
    assert not extends_for_public_interest("The public interest favours withholding it.")


def test_the_table_knows_each_ground_and_what_to_argue():
    """The grounds the brief names, with their points; s.12's limit is the local authority's."""
    numbers = {p.number for p in grounds() if p.act == "FOIA"}
    assert {"12", "14", "21", "22", "31", "36", "40", "41", "42", "43"} <= numbers
    s12 = provision("FOIA", "12(1)")
    assert s12 is not None and "£450" in COST_LIMIT and "18 hours" in COST_LIMIT
    assert any("section 16" in p for p in s12.points())
    assert any("four activities" in p for p in s12.points())
    s43 = provision("FOIA", "43(2)")
    assert s43 is not None and s43.qualified and any("public interest" in p for p in s43.points())
    s40 = provision("FOIA", "40")
    assert s40 is not None and any("small" in p for p in s40.points())
    assert provision("FOIA", "17") is not None and not provision("FOIA", "17").refusal  # type: ignore[union-attr]
    assert provision("FOIA", "30") is not None  # a Part II exemption, with no points of its own


# --- a reply in the dossier ----------------------------------------------------------------

REQUEST = """kind: foi
date: 2019-09-20
applicant: {name: Jane Birch, email: jane@example.org}
authority: {organisation: Northamptonshire County Council}
subject: Agency social workers
information: [the amount spent on agency social workers in each month]
period: {start: 2019-01-01, end: 2019-08-31}
"""
REFUSAL = (
    "Dear Ms Birch,\n\nWe estimate that locating and extracting this information would exceed "
    "the appropriate limit, and the request is refused under section 12 of the Freedom of "
    "Information Act 2000. The names of agency staff are also exempt under s.40(2).\n\nThe "
    "Council's duty under section 1 has been met. You may ask for an internal review; see "
    "paragraph 12 of our procedure, and section 50 of the Act for the ICO.\n"
)


def reply_dossier(
    make_dossier,
    text: str = REFUSAL,
    date: str = "{value: 2019-10-21, how: stated, reason: on the letter}",
) -> Path:
    """A dossier with the request (drafts/foi-x.yaml) and its reply, a foi-response source."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    manifest = (
        "sources:\n  - id: council-reply\n    file: reply.txt\n    description: The reply\n"
        "    kind: foi-response\n    request: drafts/foi-x.yaml\n"
        f"    date: {date}\n    sha256: {digest}\n"
    )
    root = make_dossier({"reply.txt": text}, manifest=manifest)
    (root / "drafts").mkdir()
    (root / "drafts" / "foi-x.yaml").write_text(REQUEST)
    return root


def test_the_reply_source_gives_the_date_and_the_grounds(make_dossier):
    """No --replied: the linked source's date (named), and the sections its text cites."""
    root = reply_dossier(make_dossier)
    code, data = check_json(draft=root / "drafts" / "foi-x.yaml", dossier=root)
    reply = data["reply"]
    assert code == 1 and reply["status"] == "late" and reply["reply_source"] == "council-reply"
    assert [g["section"] for g in reply["refused"]] == ["12", "40"]
    assert "the reply's date is that of the source council-reply, 21 October 2019" in reply["notes"]
    assert "refused under section 12 (the cost limit)" in data["breaches"]
    code, data = check_json(
        "--replied", "2019-10-18", draft=root / "drafts" / "foi-x.yaml", dossier=root
    )
    assert data["reply"]["status"] == "in-time" and data["reply"]["reply_source"] is None


def test_a_reply_source_of_unknown_date_is_said_so_never_guessed(make_dossier):
    """A date known to the month only: status unknown, and a note asking for --replied."""
    root = reply_dossier(make_dossier, date="{value: 2019-10, how: stated, reason: month only}")
    _, data = check_json(draft=root / "drafts" / "foi-x.yaml", dossier=root)
    assert data["reply"]["status"] == "unknown" and data["reply"]["replied"] is None
    assert "not known to the day: give --replied" in data["reply"]["notes"][0]


# --- a request for internal review ----------------------------------------------------------


def test_new_review_of_a_request_never_answered(tmp_path):
    """No reply, long overdue: one ground (s.10), no reply said, the ICO named; it renders."""
    out = tmp_path / "review.yaml"
    result = drafting("new", "foi-review", "--request", FOI, "-o", out)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text())
    assert "replied" not in data and data["request"]["date"] == "2019-09-20"
    assert [g["heading"] for g in data["grounds"]] == ["The time for an answer (section 10)"]
    assert "I have had no reply as of" in data["grounds"][0]["law"][0]
    docx = tmp_path / "review.docx"
    assert drafting("render", out, "-o", docx).exit_code == 0
    paras = paragraphs(docx)
    assert any(p.endswith("I have had no reply.") for p in paras)
    assert any("no later than 18 October 2019" in p for p in paras)
    assert any("Information Commissioner’s Office under section 50" in p for p in paras)


def test_new_review_of_a_refusal_under_sections_12_and_40(make_dossier, tmp_path):
    """From the linked reply: late, s.12 and s.40 with their points, s.17; renders and reviews."""
    root = reply_dossier(make_dossier)
    out = root / "drafts" / "review.yaml"
    result = drafting(
        "new", "foi-review", "--request", root / "drafts" / "foi-x.yaml", "-o", out, dossier=root
    )
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text())
    assert data["replied"] == "2019-10-21"
    assert [g["heading"] for g in data["grounds"]] == [
        "The time for an answer (section 10)",
        "The refusal under section 12: the cost limit",
        "The refusal under section 40: personal data",
        "The refusal notice (section 17)",
    ]
    docx = tmp_path / "review.docx"
    rendered = drafting("render", out, "-o", docx, dossier=root)
    assert rendered.exit_code == 0 and "review: 0 errors, 0 warnings" in rendered.output
    paras = paragraphs(docx)
    assert "Request for internal review: Agency social workers" in paras
    assert any(p.endswith("You replied on 21 October 2019.") for p in paras)
    assert any(p.startswith("The appropriate limit is £450 for a local authority") for p in paras)
    assert any("anonymised so that no living individual can be identified" in p for p in paras)
    assert drafting("review", out, dossier=root).exit_code == 0


def test_the_review_is_due_in_twenty_working_days_and_asked_within_forty():
    """check on a foi-review: due 20 working days from receipt; a late ask is a breach."""
    code, data = check_json("--submitted", "2019-11-04 10:00", draft=EXAMPLE)
    assert code == 0 and data["deadline"].startswith("2019-12-03")  # 2 Dec: St Andrew's Day
    assert "at the most (ICO guidance): 6 January 2020" in data["notes"]
    code, data = check_json("--submitted", "2019-12-18 10:00", draft=EXAMPLE)
    assert code == 1 and "should be asked for within 40 working days" in data["breaches"][0]


def test_the_example_review_renders_and_reviews_clean(tmp_path):
    """The bundled example: its own point cited, the law not asked for citations."""
    out = tmp_path / "example.docx"
    result = drafting("render", EXAMPLE, "-o", out)
    assert (
        result.exit_code == 0
        and "1 citation(s) as footnotes; review: 0 errors, 0 warnings" in result.output
    )
    assert "Yours faithfully," in paragraphs(out)


def test_nothing_to_review_yet(tmp_path):
    """A request received today has no reply and is not yet due: refused, nothing written."""
    request = tmp_path / "foi.yaml"
    request.write_text(REQUEST.replace("2019-09-20", dt.date.today().isoformat()))
    out = tmp_path / "review.yaml"
    result = drafting("new", "foi-review", "--request", request, "-o", out)
    refused(result, 2, "nothing to review yet: there is no reply, and the answer is not due until")
    assert not out.exists()


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--replied", "2019-13-01"), "--replied '2019-13-01' is not a date"),
        (("--replied", "21/10/2019"), "--replied '21/10/2019' is not a date"),
        (
            ("--replied", "2019-09-01"),
            "--replied 2019-09-01 is before the request was received (20 September 2019)",
        ),
        (("--replied", "2999-01-01"), "--replied 2999-01-01 is in the future"),
        (
            ("--refused", "1"),
            "--refused: '1' is not a section of the Act that is a ground for refusing",
        ),
        (("--refused", "12,paragraph"), "'paragraph' is not a section of the Act"),
    ],
)
def test_bad_reply_options_are_one_line_exit_2(args, said):
    refused(drafting("check", FOI, *args), 2, said)


def test_reply_options_on_another_kind_are_refused():
    """A motion has no reply: one line, exit 2."""
    refused(
        drafting("check", MOTION, "--replied", "2019-10-21"),
        2,
        "--replied, --refused and --extended are for FOI requests, not a motion",
    )


def test_new_review_refuses_a_request_that_is_no_foi_request_and_never_overwrites(tmp_path):
    out = tmp_path / "review.yaml"
    refused(
        drafting("new", "foi-review", "--request", MOTION, "-o", out),
        2,
        "is a motion draft, not an FOI request",
    )
    assert not out.exists()
    refused(drafting("new", "letter", "--request", FOI, "-o", out), 2, "--request, --replied")
    out.write_text("mine\n")
    refused(drafting("new", "foi-review", "--request", FOI, "-o", out), 2, "exists")
    assert out.read_text() == "mine\n"
    assert drafting("new", "foi-review", "--request", FOI, "-o", out, "--force").exit_code == 0


def test_a_review_dated_before_its_request_is_refused(tmp_path):
    """replied before request.date: the draft is refused at the field, exit 2."""
    text = EXAMPLE.read_text().replace("replied: '2019-10-21'", "replied: '2019-09-01'")
    path = tmp_path / "r.yaml"
    path.write_text(text)
    refused(drafting("review", path), 2, "the reply is dated before the request")


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is installed by .ci/run")
def test_libreoffice_opens_a_review(tmp_path):
    """The rendered review converts to PDF; its grounds come through."""
    out = tmp_path / "review.docx"
    assert drafting("render", EXAMPLE, "-o", out).exit_code == 0
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(out.with_suffix(".pdf")), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    )
    assert "The refusal under section 12: the cost limit" in text
    assert "under section 50 of the Act" in text


def test_an_answer_overdue_for_years_prints_the_count_not_every_day():
    """`check` of a request long overdue: the first days after the due date, then the count."""
    result = drafting("check", REPO / "drafts" / "foi-unallocated-cases.yaml")
    after = result.output.split("after the due date")[1].split("reply:")[0]
    assert len(after.splitlines()) <= 17
    assert "days more ..." in after


def test_the_notice_owed_depends_on_what_was_refused():
    """s.12 and s.14 claim no exemption: their notice is s.17(5), with no public interest test."""
    from drafting.council.exemptions import notice_points

    cost, personal = provision("FOIA", "12"), provision("FOIA", "40")
    assert cost is not None and personal is not None
    only_cost = " ".join(notice_points([cost]))
    assert "s.17(5)" in only_cost and "public interest" not in only_cost
    assert "exemption applies" in " ".join(notice_points([personal]))
    both = notice_points([cost, personal])
    assert len(both) == 3


def test_a_new_review_names_the_facts_of_its_request_and_where_to_argue(tmp_path):
    out = tmp_path / "review.yaml"
    result = drafting(
        "new", "foi-review", "--request", REPO / "drafts" / "foi-unallocated-cases.yaml",
        "--replied", "2019-10-21", "--refused", "12", "-o", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    head = out.read_text(encoding="utf-8").split("kind:")[0]
    assert "Check every line" in head and "add points:" in head
    assert "unallocated-cases-232" in head


def test_render_names_each_breach_of_the_check_not_only_their_count(tmp_path):
    text = (REPO / "drafts" / "foi-review-unallocated-cases.yaml").read_text(encoding="utf-8")
    late = tmp_path / "late-review.yaml"
    late.write_text(text.replace("date: 2019-11-04", "date: 2020-06-01"), encoding="utf-8")
    result = drafting("render", late, "-o", tmp_path / "late-review.docx")
    assert "1 breach(es)" in result.output
    assert "  late: an internal review should be asked for within 40 working days" in result.output


def test_a_text_naming_only_another_act_cites_that_acts_sections():
    """A social-care report's "section 47" (the Children Act's) is no FOI section; a reply
    naming the FOI Act beside another Act still cites the FOI Act's."""
    from drafting.council.sections import citations, refusal_grounds

    report = (
        "Enquiries under section 47 of the Children Act 1989 were late. Strategy meetings "
        "under section 47 were not held, and section 40 plans were missing."
    )
    assert citations(report) == [] and refusal_grounds(report) == []
    reply = (
        "Your request under the Freedom of Information Act 2000 is refused under section 40; "
        "the Data Protection Act 2018 applies to the names."
    )
    assert [p.cited for p in refusal_grounds(reply)] == ["section 40"]
