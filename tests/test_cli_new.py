import datetime as dt

import yaml
from typer.testing import CliRunner

from drafting.cli import app
from tests.conftest import REPO

runner = CliRunner()
ANSWERS = """senders:
  - {name: Cllr Jane Birch, role: Shadow Portfolio Holder, ward: Kingsthorpe South}
recipient: {name: Anne Longfield, honorific: Ms, title: Children's Commissioner for England}
subject: Ofsted inspections and unallocated cases
"""


def test_answers_file_makes_a_draft_with_relevant_facts(tmp_path):
    """--answers writes a valid letter draft and suggests facts matching the subject."""
    (tmp_path / "a.yaml").write_text(ANSWERS)
    out = tmp_path / "draft.yaml"
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(REPO),
            "new",
            "letter",
            "--answers",
            str(tmp_path / "a.yaml"),
            "-o",
            str(out),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "#   unallocated-cases-232:" in text and "#   ofsted-2019-06-inspection:" in text
    assert text.index("#   unallocated-cases-232:") < text.index("#   ofsted-2019-06-inspection:")
    draft = yaml.safe_load(text)
    assert draft["kind"] == "letter" and draft["recipient"]["honorific"] == "Ms"
    rendered = runner.invoke(app, ["--dossier", str(REPO), "render", str(out)])
    assert rendered.exit_code == 1  # the placeholder body is not a finished letter
    assert "placeholder text left in the draft" in rendered.output
    draft["body"] = ["Unallocated cases have risen back to 232 [@unallocated-cases-232]."]
    out.write_text(yaml.safe_dump(draft))
    rendered = runner.invoke(app, ["--dossier", str(REPO), "render", str(out)])
    assert rendered.exit_code == 0, rendered.output


def test_prompts_fill_in_what_is_missing(tmp_path):
    """Without --answers, the command asks; blank optional answers are left out."""
    out = tmp_path / "draft.yaml"
    result = runner.invoke(
        app,
        ["--dossier", str(REPO), "new", "letter", "-o", str(out)],
        input="Cllr Ann Example\n\n\n\n\n"
        "\n\n\n"  # no letterhead
        "\n\nChief Executive\n\n"
        "\n\n\n"  # no address or refs
        "Agency costs\n\n",
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    draft = yaml.safe_load(out.read_text())
    assert draft["senders"] == [{"name": "Cllr Ann Example"}]
    assert draft["recipient"] == {"title": "Chief Executive"}


def test_bad_answers_and_existing_output(tmp_path):
    """A misspelt answer is an error with its line; an existing draft is not overwritten."""
    (tmp_path / "a.yaml").write_text(ANSWERS.replace("subject:", "subjct:"))
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(REPO),
            "new",
            "letter",
            "--answers",
            str(tmp_path / "a.yaml"),
            "-o",
            str(tmp_path / "d.yaml"),
        ],
    )
    assert result.exit_code == 2 and "a.yaml:4: subjct: unknown field" in result.output
    (tmp_path / "a.yaml").write_text(ANSWERS)
    (tmp_path / "d.yaml").write_text("mine")
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(REPO),
            "new",
            "letter",
            "--answers",
            str(tmp_path / "a.yaml"),
            "-o",
            str(tmp_path / "d.yaml"),
        ],
    )
    assert result.exit_code == 2 and "already exists" in result.output
    assert (tmp_path / "d.yaml").read_text() == "mine"


def test_each_answer_is_checked_as_it_is_typed(tmp_path):
    """A name of only spaces, or an impossible date, is refused at once and asked again."""
    out = tmp_path / "draft.yaml"
    answers = [
        "   ",
        "Cllr Jane Birch",  # name: spaces refused, asked again
        "Shadow Portfolio Holder",
        "Kingsthorpe South",
        "Labour Group",
        "Cllr Danielle Stone",
        "",
        "",
        "",  # another signatory
        "",  # no third
        "",
        "",
        "",  # no letterhead address, telephone or email
        "Anne Longfield",
        "Ms",
        "Children's Commissioner",
        "",
        "",
        "",
        "",  # no recipient's address, no references
        "Unallocated cases",
        "2019-02-30",
        "2019-09-20",  # impossible date refused, asked again
    ]
    result = runner.invoke(
        app,
        ["--dossier", str(REPO), "new", "letter", "-o", str(out)],
        input="\n".join(answers) + "\n",
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "an answer is needed (not blank or only spaces)" in result.output
    assert "'2019-02-30' is not a real date" in result.output
    draft = yaml.safe_load(out.read_text())
    assert draft["senders"] == [
        {
            "name": "Cllr Jane Birch",
            "role": "Shadow Portfolio Holder",
            "ward": "Kingsthorpe South",
            "group": "Labour Group",
        },
        {"name": "Cllr Danielle Stone"},
    ]
    assert draft["recipient"] == {
        "name": "Anne Longfield",
        "honorific": "Ms",
        "title": "Children's Commissioner",
    }
    assert draft["date"] == "2019-09-20" and draft["subject"] == "Unallocated cases"
    for prompt in ("Recipient's honorific", "Your group", "Another? Your name", "Date, YYYY-MM-DD"):
        assert prompt in result.output


def test_unknown_kind_is_a_clear_error(tmp_path):
    """drafting new memo: the kinds there are, exit 2."""
    result = runner.invoke(
        app, ["--dossier", str(REPO), "new", "memo", "-o", str(tmp_path / "m.yaml")]
    )
    assert (
        result.exit_code == 2
        and "'memo' is not a kind of document. Use one of: letter" in result.output
    )


MOTION_ANSWERS = [
    "Northamptonshire County Council",
    "Full Council",
    "2019-09-19",
    "",  # no time
    "A programme for children's services",
    "Cllr Jane Birch",
    "Kingsthorpe South",
    "Labour",
    "Cllr Danielle Stone",
    "",
    "",
    # This Council notes: one clause, cite suggestion 1, then a blank line ends the section
    "that serious case reviews into the deaths of two children found agencies could have "
    "done more;",
    "1",
    "",
    "",  # This Council believes: no clauses
    "to ask the commissioner for a programme of early help",
    "",
    "",
]


def test_new_motion_asks_clause_by_clause_and_attaches_facts(tmp_path, monkeypatch):
    """Clauses section by section; facts suggested for each, one attached by number; review printed."""
    monkeypatch.setattr("drafting.review.dates.today", lambda: dt.date(2019, 9, 1))
    out = tmp_path / "motion.yaml"
    result = runner.invoke(
        app,
        ["--dossier", str(REPO), "new", "motion", "-o", str(out)],
        input="\n".join(MOTION_ANSWERS) + "\n",
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "[1] serious-case-reviews-2019-06-two-deaths:" in result.output
    assert "review: 0 errors, 0 warnings, 0 info" in result.output
    draft = yaml.safe_load(out.read_text())
    assert draft["sections"] == [
        {
            "heading": "This Council notes",
            "clauses": [
                "that serious case reviews into the deaths of two children found agencies could have "
                "done more [@serious-case-reviews-2019-06-two-deaths];"
            ],
        },
        {
            "heading": "This Council resolves",
            "clauses": ["to ask the commissioner for a programme of early help"],
        },
    ]
    rendered = runner.invoke(app, ["--dossier", str(REPO), "render", str(out)])
    assert rendered.exit_code == 0, rendered.output


def test_a_number_out_of_range_is_asked_again(tmp_path):
    """Attaching fact 7 of 3 is refused and asked again."""
    answers = list(MOTION_ANSWERS)
    answers.insert(answers.index("1"), "7")
    result = runner.invoke(
        app,
        ["--dossier", str(REPO), "new", "motion", "-o", str(tmp_path / "m.yaml")],
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == 0 and "there is no fact 7: give numbers from 1 to 3" in result.output


def test_partial_answers_with_no_terminal_list_every_missing_one(tmp_path):
    """--answers on a pipe: one error listing all missing answers; nothing written."""
    (tmp_path / "a.yaml").write_text("council: Northamptonshire County Council\ntitle: T\n")
    out = tmp_path / "m.yaml"
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(REPO),
            "new",
            "motion",
            "--answers",
            str(tmp_path / "a.yaml"),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 2, result.output
    for missing in (
        "meeting.body (Meeting",
        "meeting.date (Meeting date",
        "proposer.name",
        "seconder.name",
    ):
        assert missing in result.output
    assert "council (" not in result.output and not out.exists()


def test_full_answers_write_a_motion_that_renders(tmp_path):
    """--answers with every field, sections included: a draft that renders."""
    (tmp_path / "a.yaml").write_text(
        yaml.safe_dump(
            {
                "council": "Northamptonshire County Council",
                "meeting": {"body": "Full Council", "date": "2019-09-19"},
                "title": "Early help",
                "proposer": {"name": "Cllr Jane Birch"},
                "seconder": {"name": "Cllr Danielle Stone"},
                "sections": [
                    {
                        "heading": "This Council resolves",
                        "clauses": ["to ask for a programme of early help and prevention."],
                    }
                ],
            }
        )
    )
    out = tmp_path / "m.yaml"
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(REPO),
            "new",
            "motion",
            "--answers",
            str(tmp_path / "a.yaml"),
            "-o",
            str(out),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["--dossier", str(REPO), "render", str(out)]).exit_code == 0


def test_input_that_ends_early_is_a_clear_error(tmp_path):
    """Prompts whose input runs out: exit 2, nothing written."""
    out = tmp_path / "m.yaml"
    result = runner.invoke(
        app,
        ["--dossier", str(REPO), "new", "motion", "-o", str(out)],
        input="Northamptonshire County Council\n",
    )
    assert result.exit_code == 2 and "the input ended before every question" in result.output
    assert not out.exists()
