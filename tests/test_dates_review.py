"""Dates that look wrong are warnings naming both dates; "today" is set by the test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafting.cli import app
from drafting.findings import CODES
from drafting.kinds import KINDS, load_draft
from drafting.review import review_draft
from drafting.review.dates import date_findings
from evidence.dossier import open_dossier
from tests.conftest import REPO, drafting

runner = CliRunner()
MEETING = dt.date(2019, 9, 19)


def motion(day: str | None = None, kind: str = "motion") -> object:
    data = {
        "kind": "motion",
        "council": "C",
        "meeting": {"body": "Full Council", "date": MEETING.isoformat()},
        "title": "T",
        "proposer": {"name": "A"},
        "seconder": {"name": "B"},
        "sections": [{"clauses": ["c"]}],
    }
    if kind == "question":
        data = {
            "kind": "question",
            "council": "C",
            "meeting": data["meeting"],
            "to": {"title": "Leader"},
            "asked_by": {"name": "A"},
            "question": "Why?",
        }
    return KINDS[kind].model.model_validate({**data, **({"date": day} if day else {})})


def letter(day: str | None) -> object:
    return KINDS["letter"].model.model_validate(
        {
            "kind": "letter",
            "senders": [{"name": "A"}],
            "recipient": {"name": "B"},
            "body": ["p"],
            **({"date": day} if day else {}),
        }
    )


def said(findings) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in findings]


def test_a_draft_dated_after_its_meeting():
    """Dated the day after the meeting: a warning naming both dates, whatever today is."""
    for on in (dt.date(2019, 9, 1), dt.date(2030, 1, 1)):
        assert said(date_findings("motion", motion("2019-09-20"), on)) == [
            (
                "dated-after-meeting",
                "the motion is dated 20 September 2019, after its meeting on 19 September 2019",
            )
        ]
    assert said(
        date_findings("question", motion("2019-09-25", "question"), dt.date(2019, 9, 1))
    ) == [
        (
            "dated-after-meeting",
            "the written question is dated 25 September 2019, after its "
            "meeting on 19 September 2019",
        )
    ]
    assert date_findings("motion", motion("2019-09-19"), dt.date(2019, 9, 1)) == []


def test_an_undated_draft_whose_meeting_is_past_would_be_dated_after_it():
    """No date: it is dated the day it is rendered; a meeting before that is the warning."""
    assert said(date_findings("motion", motion(), dt.date(2019, 9, 20))) == [
        (
            "meeting-passed",
            "the motion has no date, so it is dated the day it is rendered "
            "(20 September 2019), after its meeting on 19 September 2019",
        )
    ]
    assert date_findings("motion", motion(), MEETING) == []  # on the day itself
    assert date_findings("motion", motion(), dt.date(2019, 9, 1)) == []


def test_a_dated_record_of_a_past_meeting_is_clean_except_while_drafting():
    """A draft bearing its own date reviews clean later; `drafting new` warns of the past."""
    old = motion("2019-09-04")
    assert date_findings("motion", old, dt.date(2026, 12, 6)) == []
    assert said(date_findings("motion", old, dt.date(2026, 12, 6), drafting=True)) == [
        (
            "meeting-passed",
            "its meeting on 19 September 2019 is already past: today is 6 December 2026",
        )
    ]
    assert date_findings("motion", old, dt.date(2019, 9, 5), drafting=True) == []


@pytest.mark.parametrize(
    ("day", "on", "side"),
    [
        ("2019-09-20", "2026-12-06", "before"),
        ("2027-12-07", "2026-12-06", "after"),
        ("2023-02-27", "2024-02-29", "before"),  # a year before 29 February is 28 February
    ],
)
def test_a_letter_dated_more_than_a_year_from_today(day, on, side):
    """Either way; the message names both dates."""
    today = dt.date.fromisoformat(on)
    found = date_findings("letter", letter(day), today)
    assert [f.code for f in found] == ["date-far-from-today"]
    assert found[0].message.endswith(
        f"more than a year {side} today ({today.day} {today:%B} {today.year})"
    )


@pytest.mark.parametrize(
    ("day", "on"),
    [
        ("2025-12-06", "2026-12-06"),
        ("2027-12-06", "2026-12-06"),
        ("2023-02-28", "2024-02-29"),
        (None, "2026-12-06"),
    ],
)
def test_a_letter_within_a_year_or_undated_is_clean(day, on):
    """A year to the day either way is still near; an undated letter bears today's date."""
    assert date_findings("letter", letter(day), dt.date.fromisoformat(on)) == []


def test_an_old_foi_request_is_not_a_slip():
    """An FOI request's date is its receipt, from which an overdue answer is counted."""
    foi = load_draft(REPO / "drafts" / "foi-unallocated-cases.yaml")
    assert date_findings("foi", foi.draft, dt.date(2030, 1, 1)) == []


def test_the_codes_are_known_and_documented():
    """--ignore accepts them; the README's table lists them."""
    readme = (REPO / "README.md").read_text()
    for code in ("dated-after-meeting", "meeting-passed", "date-far-from-today"):
        assert code in CODES and f"`{code}`" in readme


@pytest.mark.parametrize("on", [dt.date(2019, 9, 1), dt.date(2026, 12, 6), dt.date(2045, 1, 1)])
@pytest.mark.parametrize("name", sorted(p.name for p in (REPO / "drafts").glob("*.yaml")))
def test_the_bundled_examples_carry_dates_that_review_clean_on_any_day(name, on):
    """The historical examples are dated (or are letters dated when rendered): no warning."""
    loaded = load_draft(REPO / "drafts" / name)
    review = review_draft(loaded, open_dossier(REPO).load(), today=on)
    assert not [
        f
        for f in review.findings
        if f.code in ("dated-after-meeting", "meeting-passed", "date-far-from-today")
    ]


def write(tmp_path: Path, change: tuple[str, str]) -> Path:
    text = (REPO / "drafts" / "motion-childrens-commissioner-programme.yaml").read_text()
    assert change[0] in text
    path = tmp_path / "motion.yaml"
    path.write_text(text.replace(*change), encoding="utf-8")
    return path


cli = drafting


def test_review_and_render_warn_of_a_date_after_the_meeting(tmp_path):
    """The warning with both dates, in review and render; still exit 0 (a warning)."""
    draft = write(tmp_path, ("date: 2019-09-04", "date: 2019-09-20"))
    result = cli("review", draft)
    assert result.exit_code == 0
    assert (
        "the motion is dated 20 September 2019, after its meeting on 19 September 2019"
        in " ".join(result.output.split())
    )
    rendered = cli("render", draft)
    assert rendered.exit_code == 0, rendered.output
    assert (
        "drafting: warning: dated-after-meeting: date: the motion is dated 20 September "
        "2019, after its meeting on 19 September 2019" in rendered.output
    )


def test_render_of_an_undated_motion_for_a_past_meeting(tmp_path, monkeypatch):
    """Rendered on 6 December 2026: it would bear that date, after its 2019 meeting."""
    monkeypatch.setattr("drafting.review.dates.today", lambda: dt.date(2026, 12, 6))
    draft = write(tmp_path, ("date: 2019-09-04", "# no date"))
    rendered = cli("render", draft)
    assert rendered.exit_code == 0, rendered.output
    assert (
        "meeting-passed: meeting: the motion has no date, so it is dated the day it is "
        "rendered (6 December 2026), after its meeting on 19 September 2019" in rendered.output
    )
    assert "0 errors, 1 warning" in rendered.output


def test_check_judges_dates_as_of_the_day_of_submission(tmp_path, monkeypatch):
    """--submitted before the meeting: an undated motion is not late for it."""
    monkeypatch.setattr("drafting.review.dates.today", lambda: dt.date(2026, 12, 6))
    draft = write(tmp_path, ("date: 2019-09-04", "# no date"))
    assert "meeting-passed" in cli("check", draft).output
    assert "meeting-passed" not in cli("check", draft, "--submitted", "2019-09-01 09:00").output


def test_new_warns_of_a_meeting_already_past(tmp_path, monkeypatch):
    """`drafting new motion` for a meeting before today: its review says so."""
    monkeypatch.setattr("drafting.review.dates.today", lambda: dt.date(2026, 12, 6))
    answers = [
        "Northamptonshire County Council",
        "Full Council",
        "2019-09-19",
        "",
        "T",
        "Cllr Jane Birch",
        "",
        "",
        "Cllr Danielle Stone",
        "",
        "",
        "",
        "",
        "",
    ]
    result = runner.invoke(
        app,
        ["--dossier", str(REPO), "new", "motion", "-o", str(tmp_path / "m.yaml")],
        input="\n".join(answers) + "\n",
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert (
        "warning meeting-passed meeting: the motion has no date, so it is dated the day it "
        "is rendered (6 December 2026), after its meeting on 19 September 2019" in result.output
    )


def test_an_amendment_bears_the_amended_versions_date():
    """`drafting amend` dates the amendment as the amended wording is dated."""
    from drafting.amend import amendment_data

    original = load_draft(REPO / "drafts" / "motion-childrens-commissioner-programme.yaml")
    amended = load_draft(REPO / "drafts" / "motion-childrens-commissioner-programme-amended.yaml")
    data = amendment_data(original.draft, amended.draft)  # type: ignore[arg-type]
    assert data["date"] == "2019-09-13"
