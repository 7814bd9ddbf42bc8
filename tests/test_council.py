"""Working days, clear days and council deadlines, each worked by hand."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from drafting.cli import app
from drafting.council.calendar import Calendar
from drafting.council.profiles import Deadline, load_profile
from drafting.council.rules import count_words, deadline
from evidence.errors import SchemaError
from tests.conftest import REPO

EXAMPLE = REPO / "drafts" / "motion-childrens-commissioner-programme.yaml"
runner = CliRunner()
D = dt.date


def due(rule: dict, meeting: dt.date, region: str = "england-and-wales") -> dt.datetime:
    return deadline(Deadline.model_validate(rule), meeting, Calendar(region)).at  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("england-and-wales", D(2019, 12, 27)),  # 2 Jan is a working day in England and Wales
        ("northern-ireland", D(2019, 12, 27)),
        ("scotland", D(2019, 12, 24)),  # 2 Jan is a bank holiday in Scotland
    ],
)
def test_clear_working_days_across_christmas_and_new_year(region, expected):
    """Meeting Fri 3 Jan 2020, 3 clear working days: Christmas, Boxing Day, New Year skipped."""
    assert due({"days": 3, "clear": True}, D(2020, 1, 3), region).date() == expected


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("england-and-wales", D(2019, 4, 18)),  # Good Friday and Easter Monday skipped
        ("scotland", D(2019, 4, 22)),  # Easter Monday is not a bank holiday there
    ],
)
def test_easter(region, expected):
    """Meeting Thu 25 Apr 2019, on the 3rd working day before."""
    assert due({"days": 3}, D(2019, 4, 25), region).date() == expected


@pytest.mark.parametrize(
    ("meeting", "region", "expected"),
    [
        (D(2019, 5, 8), "england-and-wales", D(2019, 5, 3)),  # early May bank holiday, 6 May
        (D(2019, 8, 28), "england-and-wales", D(2019, 8, 23)),  # summer bank holiday, 26 Aug
        (D(2019, 8, 28), "scotland", D(2019, 8, 26)),  # Scotland's was 5 Aug
        (D(2022, 6, 7), "england-and-wales", D(2022, 5, 31)),  # Platinum Jubilee, 2-3 Jun 2022
        (D(2023, 5, 10), "england-and-wales", D(2023, 5, 4)),  # Coronation, 8 May 2023
    ],
)
def test_may_august_and_one_off_bank_holidays(meeting, region, expected):
    """On the 2nd (3rd from 2022) working day before, skipping each bank holiday."""
    days = 3 if meeting.year >= 2022 else 2
    assert due({"days": days}, meeting, region).date() == expected


def test_clear_days_with_weekends_counted():
    """10 clear days, weekends counted: notice by the end of the 11th day before."""
    at = due({"days": 10, "working": False, "clear": True}, D(2019, 9, 19), "scotland")
    assert at == dt.datetime(2019, 9, 8, 23, 59)


def test_foi_twenty_working_days_in_any_part_of_the_uk():
    """s.10: the 20th working day after receipt, bank holidays anywhere in the UK excluded."""
    uk = Calendar("united-kingdom")
    assert uk.count(D(2019, 12, 20), 20, working=True, step=1)[0] == D(2020, 1, 23)
    assert uk.count(D(2019, 4, 1), 20, working=True, step=1)[0] == D(2019, 5, 1)


def test_the_trail_says_why_each_day_was_skipped():
    """The arithmetic is shown day by day."""
    result = deadline(
        Deadline(days=3, clear=True, time="10:00"), D(2020, 1, 3), Calendar("scotland")
    )
    lines = [d.line() for d in result.trail]
    assert lines[:2] == [
        "Thu 2 Jan 2020  skipped: bank holiday: New Year Holiday",
        "Wed 1 Jan 2020  skipped: bank holiday: New Year's Day",
    ]
    assert lines[-1] == "Tue 24 Dec 2019  the day notice is due"
    assert "Thu 26 Dec 2019  skipped: bank holiday: Boxing Day" in lines


@pytest.mark.parametrize(
    ("council", "deadline_at"),
    [
        ("brighton-and-hove", "2019-09-06T10:00:00"),  # 9th working day before Thu 19 Sep 2019
        ("carmarthenshire", "2019-09-09T10:00:00"),  # 7 clear working days: 10-18 Sep
        ("argyll-and-bute", "2019-09-08T23:59:00"),  # 10 clear days, weekends counted: 9-18 Sep
        ("generic", "2019-09-04T23:59:00"),  # 10 clear working days: 5-18 Sep
        ("cherwell", None),  # no deadline known: not guessed
    ],
)
def test_every_shipped_profile_on_the_example_motion(council, deadline_at):
    """drafting check --format json with each shipped profile: the hand-worked deadline."""
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(REPO),
            "check",
            str(EXAMPLE),
            "--council",
            council,
            "--submitted",
            "2019-09-04 09:00",
            "--format",
            "json",
        ],
    )
    data = json.loads(result.output)
    assert data["deadline"] == deadline_at and data["council"] == council
    assert data["passed"] is (None if deadline_at is None else False)
    assert data["words"] == 197 and data["signatories"] == 2
    assert {"deadline", "passed", "words", "word_limit", "signatories", "findings"} <= set(data)
    assert result.exit_code == 0, data["breaches"]


def test_ten_oclock_and_one_minute_after():
    """Brighton & Hove: 10:00 on the day is in time; 10:01 is late (exit 1, named)."""
    args = [
        "--dossier",
        str(REPO),
        "check",
        str(EXAMPLE),
        "--council",
        "brighton-and-hove",
        "--submitted",
    ]
    assert runner.invoke(app, [*args, "2019-09-06 10:00"]).exit_code == 0
    late = runner.invoke(app, [*args, "2019-09-06 10:01"])
    assert late.exit_code == 1
    assert (
        "BREACH: late: the deadline was 10:00 on 6 September 2019, and it is 10:01 on "
        "6 September 2019" in late.output
    )


def test_an_over_long_motion_and_too_few_signatories(tmp_path):
    """Cherwell's 250 words; Brighton & Hove's two signatories: each breach named, exit 1."""
    data = yaml.safe_load(EXAMPLE.read_text())
    data["sections"][2]["clauses"].append(" ".join(["word"] * 60))
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(data))
    result = runner.invoke(
        app, ["--dossier", str(REPO), "check", str(path), "--council", "cherwell"]
    )
    assert (
        result.exit_code == 1
        and "BREACH: too long: 257 words, over the limit of 250" in result.output
    )
    data["seconder"] = data["proposer"]
    path.write_text(yaml.safe_dump(data))
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(REPO),
            "check",
            str(path),
            "--council",
            "brighton-and-hove",
            "--submitted",
            "2019-09-01 09:00",
        ],
    )
    assert result.exit_code == 1 and "BREACH: 1 signatories; 2 needed" in result.output


def test_word_counting_rules():
    """Citations and markup are not words; hyphenated words and figures are one each."""
    assert count_words(["A £22m cost, front-line staff [@x; @y] **bold** and 232 cases."]) == 9


def test_every_shipped_profile_loads_and_names_its_sources():
    """Each shipped profile is valid, named like its file, and says where its rules come from."""
    for path in sorted((REPO / "councils").glob("*.yaml")):
        profile = load_profile(path)
        assert profile.sources or profile.name == "generic"
        assert all(s.says for s in profile.sources)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("name: x\ntitle: X\ndeadline: {motion: {days: 3}}\n", "x.yaml:3: deadline: unknown field"),
        (
            "name: x\ntitle: X\ndeadlines:\n  motion: {days: -2}\n",
            "x.yaml:4: deadlines.motion.days",
        ),
        (
            "name: x\ntitle: X\ndeadlines:\n  motion: {days: 3, time: '25:00'}\n",
            "'25:00' should be a time of day, HH:MM on the 24-hour clock",
        ),
        ("name: x\ntitle: X\nsignatories: 0\n", "x.yaml:3: signatories"),
        ("name: x\ntitle: X\nregion: wales\n", "x.yaml:3: region"),
    ],
)
def test_a_bad_profile_names_the_line(tmp_path: Path, text, fragment):
    """Unknown fields and impossible rules are errors at their line."""
    path = tmp_path / "x.yaml"
    path.write_text(text)
    with pytest.raises(SchemaError, match=None) as err:
        load_profile(path)
    assert fragment in str(err.value)


def test_unknown_council_and_bad_submitted_time(tmp_path):
    """--council naming no profile is an error with the nearest names (never the generic
    rules in silence); a draft's own council with no profile falls back to generic, saying
    so; a bad --submitted is exit 2."""
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(REPO),
            "check",
            str(EXAMPLE),
            "--council",
            "brighton",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 2, result.output
    assert (
        "--council 'brighton': there is no such council profile. Did you mean: "
        "brighton-and-hove?" in result.output
    )
    draft = tmp_path / "motion.yaml"
    draft.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace(
            "council: ", "council: Brightonn and Hovee # ", 1
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--dossier", str(REPO), "check", str(draft), "--format", "json"])
    data = json.loads(result.output)
    assert (
        data["council"] == "generic" and "Did you mean: brighton-and-hove" in data["profile_chosen"]
    )
    result = runner.invoke(
        app, ["--dossier", str(REPO), "check", str(EXAMPLE), "--submitted", "next Tuesday"]
    )
    assert result.exit_code == 2 and "is not a date and time" in result.output
    letter = REPO / "drafts" / "letter-to-childrens-commissioner.yaml"
    result = runner.invoke(app, ["--dossier", str(REPO), "check", str(letter)])
    assert (
        result.exit_code == 2
        and "covers motions, amendments, questions, FOI requests and requests for internal review, not a letter"
        in result.output
    )


def test_check_honours_the_dossiers_ignore_list(bundled_copy, tmp_path):
    """Codes the dossier turns off are off in check too, as in review and render."""
    data = yaml.safe_load(EXAMPLE.read_text())
    data["sections"][0]["clauses"] = ["TODO: add the facts."]
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data))
    args = ["--dossier", str(bundled_copy), "check", str(path), "--submitted", "2019-09-01 09:00"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "BREACH: review: 1 error" in result.output
    config = bundled_copy / "dossier.yaml"
    config.write_text(config.read_text() + "review:\n  ignore: [placeholder]\n")
    assert runner.invoke(app, args).exit_code == 0
