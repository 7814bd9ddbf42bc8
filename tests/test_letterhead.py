"""A letter's head and what a reader reads: letterhead, references, readable labels, quotes.

The letterhead (name, address, telephone, email) comes from the draft over the dossier's;
`drafting new letter` asks for it and for the recipient's address and the references;
a source added with no title is described by its own first words, never its file name,
and review warns of a file name any reference would print; straight quotes become curly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from drafting.cli import app
from drafting.typography import smart_quotes
from tests.conftest import REPO, body_texts

runner = CliRunner()
FACT = "unallocated-cases-232"


def _letter(folder: Path, **fields: object) -> Path:
    draft = {
        "kind": "letter",
        "date": "2026-11-23",
        "senders": [{"name": "Cllr Ann Example", "group": "Example Group"}],
        "recipient": {
            "name": "Sam Smith",
            "honorific": "Mr",
            "address": ["1 High Street", "Town AB1 2CD"],
        },
        "subject": "Cases",
        "body": [f"Cases rose to 232 [@{FACT}]."],
        **fields,
    }
    path = folder / "draft.yaml"
    path.write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    return path


def _render(draft: Path, dossier: Path = REPO) -> list[str]:
    result = runner.invoke(app, ["--dossier", str(dossier), "render", str(draft), "--force"])
    assert result.exit_code == 0, result.output
    return body_texts(draft.with_suffix(".docx"))


# --- the letterhead ----------------------------------------------------------------------------


def test_the_drafts_letterhead_and_references_head_the_letter(tmp_path):
    texts = _render(
        _letter(
            tmp_path,
            our_ref="AE/7",
            your_ref="SS/1",
            letterhead={
                "address": ["County Hall", "Northampton NN1 1ED"],
                "telephone": "01604 367000",
                "email": "group@example.org",
            },
        )
    )
    head = texts[: texts.index("Dear Mr Smith,")]
    assert head == [
        "Example Group",
        "County Hall",
        "Northampton NN1 1ED",
        "Tel: 01604 367000",
        "Email: group@example.org",
        "Mr Sam Smith",
        "1 High Street",
        "Town AB1 2CD",
        "Our ref: AE/7",
        "Your ref: SS/1",
        "23 November 2026",
    ]


def test_the_dossier_sets_its_letterhead_once_and_a_draft_adds_to_it(tmp_path, bundled_copy):
    config = bundled_copy / "dossier.yaml"
    config.write_text(
        config.read_text()
        + (
            "letterhead:\n  name: The Group Office\n  address: [County Hall, George Row]\n"
            "  telephone: 01604 000000\n"
        ),
        encoding="utf-8",
    )
    texts = _render(_letter(tmp_path), bundled_copy)
    assert texts[:4] == ["The Group Office", "County Hall", "George Row", "Tel: 01604 000000"]
    texts = _render(_letter(tmp_path, letterhead={"email": "ann@example.org"}), bundled_copy)
    assert texts[:5] == [
        "The Group Office",
        "County Hall",
        "George Row",
        "Tel: 01604 000000",
        "Email: ann@example.org",
    ]


def test_an_older_drafts_sender_address_prints_as_it_did(tmp_path):
    texts = _render(_letter(tmp_path, sender_address=["Labour Group", "County Hall"]))
    assert texts[:3] == ["Labour Group", "County Hall", "Mr Sam Smith"]  # no group name added


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"letterhead": {"email": "group.example.org"}}, "is not an email address"),
        ({"letterhead": {"telephone": "call us"}}, "is not a telephone number"),
        ({"letterhead": {"telephone": "12"}}, "is not a telephone number"),
        ({"letterhead": {"address": ["A"]}, "sender_address": ["B"]}, "given twice"),
        ({"letterhead": {"fax": "1"}}, "unknown field"),
    ],
)
def test_a_wrong_letterhead_is_a_clear_error(tmp_path, fields, message):
    draft = _letter(tmp_path, **fields)
    result = runner.invoke(app, ["--dossier", str(REPO), "render", str(draft)])
    assert result.exit_code == 2 and message in result.output, result.output
    assert "Traceback" not in result.output and not draft.with_suffix(".docx").exists()


@pytest.mark.parametrize(
    "number",
    ["01604 367000", "+44 1604 367000", "(01604) 367-000", "01604 367000 ext 123", "0800 123 4567"],
)
def test_telephone_numbers_as_people_write_them(tmp_path, number):
    assert _render(_letter(tmp_path, letterhead={"telephone": number}))[1] == f"Tel: {number}"


def test_new_letter_asks_for_the_letterhead_address_and_references(tmp_path):
    out = tmp_path / "draft.yaml"
    answers = [
        "Cllr Ann Example",
        "",
        "",
        "Example Group",
        "",
        "County Hall, George Row; Northampton NN1 1ED",
        "01604 367000",
        "not an email",
        "ann@example.org",
        "Sam Smith",
        "Mr",
        "",
        "",
        "1 High Street, Town AB1 2CD",
        "AE/7",
        "",
        "Cases",
        "2026-11-23",
    ]
    result = runner.invoke(
        app,
        ["--dossier", str(REPO), "new", "letter", "-o", str(out)],
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "'not an email' is not an email address" in result.output
    draft = yaml.safe_load(out.read_text())
    assert draft["letterhead"] == {
        "address": ["County Hall", "George Row", "Northampton NN1 1ED"],
        "telephone": "01604 367000",
        "email": "ann@example.org",
    }
    assert draft["recipient"]["address"] == ["1 High Street", "Town AB1 2CD"]
    assert draft["our_ref"] == "AE/7" and "your_ref" not in draft


def test_new_letter_does_not_ask_for_a_letterhead_the_dossier_sets(tmp_path, bundled_copy):
    config = bundled_copy / "dossier.yaml"
    config.write_text(
        config.read_text() + "letterhead:\n  name: The Group Office\n", encoding="utf-8"
    )
    out = tmp_path / "draft.yaml"
    answers = [
        "Cllr Ann Example",
        "",
        "",
        "",
        "",
        "Sam Smith",
        "Mr",
        "",
        "",
        "",
        "",
        "",
        "Cases",
        "",
    ]
    result = runner.invoke(
        app,
        ["--dossier", str(bundled_copy), "new", "letter", "-o", str(out)],
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "postal address for replies" not in result.output
    assert "letterhead" not in yaml.safe_load(out.read_text())


def test_asks_are_introduced(tmp_path):
    texts = _render(_letter(tmp_path, asks=["that you reply"]))
    assert texts[texts.index("I ask:") + 1] == "1.\tthat you reply"
    texts = _render(_letter(tmp_path, asks=["that you reply"], asks_intro="We therefore ask:"))
    assert "We therefore ask:" in texts


# --- what a reader reads -----------------------------------------------------------------------


def test_a_source_added_with_no_title_is_described_by_its_own_words(bundled_copy, tmp_path):
    article = tmp_path / "daventry-echo.txt"
    article.write_text(
        "Council faces questions over care placements\n\nThe council said "
        "on Monday that 40 children were placed out of the county.\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(bundled_copy),
            "evidence",
            "add",
            str(article),
            "--no-input",
            "--kind",
            "news",
        ],
    )
    assert result.exit_code == 0, result.output
    manifest = (bundled_copy / "seeds" / "sources.yaml").read_text(encoding="utf-8")
    entry = manifest[manifest.index("daventry-echo.txt") - 200 :]
    assert "News report beginning “Council faces questions over care placements”" in entry
    assert "Added from" not in manifest


def test_review_warns_of_a_file_name_a_reference_would_print(make_dossier, tmp_path):
    facts = (
        "facts:\n  - id: figure-232\n    statement: The figure was 232.\n    kind: statistic\n"
        "    citations:\n      - source: src-0\n        quote: The figure was 232\n"
    )
    root = make_dossier(facts=facts)
    manifest = root / "seeds" / "sources.yaml"
    manifest.write_text(
        manifest.read_text().replace("Made-up source 0", "Added from a.txt"), encoding="utf-8"
    )
    draft = tmp_path / "draft.yaml"
    draft.write_text(
        yaml.safe_dump(
            {
                "kind": "letter",
                "senders": [{"name": "A"}],
                "recipient": {"name": "B"},
                "body": ["The figure was 232 [@figure-232]."],
            }
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--dossier", str(root), "review", str(draft)])
    assert "file-name-in-reference" in result.output and "'a.txt'" in result.output, result.output
    assert "seeds/sources.yaml" in result.output


# --- typographic quotes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ('He said "no".', "He said “no”."),
        ("the council's view", "the council’s view"),
        ("'Inadequate' ratings", "‘Inadequate’ ratings"),
        ("\"'Inadequate',\" she said", "“‘Inadequate’,” she said"),
        ("councils' budgets", "councils’ budgets"),
        ("in the '90s and '19", "in the ’90s and ’19"),
        ('("quoted")', "(“quoted”)"),
        ("a 6' 2\" wall", "a 6’ 2” wall"),
        ("“already” ‘curly’", "“already” ‘curly’"),
        ("no quotes at all", "no quotes at all"),
        ("rock 'n' roll", "rock ’n’ roll"),
    ],
)
def test_straight_quotes_become_curly_as_word_makes_them(typed, shown):
    assert smart_quotes(typed) == shown
    assert len(smart_quotes(typed)) == len(typed)


def test_the_letter_is_typographic_and_still_verifies(tmp_path):
    draft = _letter(
        tmp_path,
        subject="Children's services",
        body=[
            'Ofsted rated three of the four areas "Inadequate" '
            "[@ofsted-2019-three-of-four-inadequate].",
            'An escaped \\"straight\\" quote.',
        ],
    )
    texts = _render(draft)
    assert "Children’s services" in texts
    assert "Ofsted rated three of the four areas “Inadequate”." in texts
    assert 'An escaped "straight" quote.' in texts
    result = runner.invoke(app, ["--dossier", str(REPO), "review", str(draft.with_suffix(".docx"))])
    assert result.exit_code == 0 and "0 errors, 0 warnings" in result.output, result.output
