"""The review check ``identification-risk``: prose that could identify a child (#25).

Made-up sentences where each rule must fire and must not; error for a child's full name,
warning otherwise; once per sentence and kind; a draft and its rendered .docx agreeing; the
README's example as printed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from drafting.findings import CODES, Finding, Passage
from drafting.kinds import load_draft
from drafting.render import render_draft
from drafting.review import review_draft
from drafting.review.child_names import given_names
from drafting.review.document import review_docx
from drafting.review.identification import identification_findings
from evidence.dossier import open_dossier
from evidence.register import Person
from tests.conftest import REPO, drafting

CODE = "identification-risk"


@pytest.fixture(scope="module")
def register():
    return open_dossier(REPO).load()


def found(text: str, register) -> list[Finding]:
    return [f for f in identification_findings([Passage(1, text, ())], register) if f.code == CODE]


FIRES = [
    # a child's name near a word saying a child: a full name is an error
    ("Jayden Smith, aged 7, died at home in March.", "error", "“Jayden Smith” beside “aged 7”"),
    ("The inquest heard that Kayleigh Brown was a bright girl.", "error", "“Kayleigh Brown”"),
    ("Her son Jack Taylor was known to the school nurse.", "error", "“Jack Taylor”"),
    ("Jayden, aged 7, died at home.", "warning", "may name a child: “Jayden” beside “aged 7”"),
    ("The boy, Tyler, had been seen by a health visitor.", "warning", "“Tyler” beside “boy”"),
    ("Logan's daughter was placed with foster carers.", "warning", "“Logan”"),
    ("The toddler was left with Ellie for two days.", "warning", "“Ellie” beside “toddler”"),
    ("The report said Grace, aged 4, was neglected.", "warning", "“Grace” beside “aged 4”"),
    # an age with a place narrower than a town
    ("A 7-year-old from Elm Road was taken into care.", "warning", "with a street"),
    ("A boy aged seven was found in Church Street.", "warning", "“Church Street”"),
    ("The girl, aged 9, attended St Mary's Primary School.", "warning", "with a school"),
    ("The girl, aged 9, attended St Mary’s Infant School.", "warning", "with a school"),
    ("A 15-year-old at Kingsthorpe Academy was excluded.", "warning", "“Kingsthorpe Academy”"),
    ("An infant, 18 months old, lived on the Eastfield estate.", "warning", "with an estate"),
    ("A 6-year-old in NN3 was left alone for hours.", "warning", "a postcode district"),
    ("A baby aged six weeks lived in Poplar Close.", "warning", "“Poplar Close”"),
    # a date of birth
    ("She was born on 3 March 2012.", "warning", "“born on 3 March 2012”"),
    ("His date of birth is 03/03/2012.", "warning", "date of birth"),
    ("The records gave her DOB: 14 May 2010.", "warning", "DOB: 14 May 2010"),
    ("The records gave her d.o.b. 14/05/10.", "warning", "d.o.b. 14/05/10"),
    # a full postcode anywhere, with or without its space
    ("The family lived at NN1 2AB until last year.", "warning", "“NN1 2AB”"),
    ("The family lived at SW1A1AA until last year.", "warning", "“SW1A1AA”"),
    # a case label beside re-identifying details
    ("Child A, aged 7, was known to services.", "warning", "“Child A” with an age"),
    ("Family B lived in Elm Road for years.", "warning", "“Family B” with a street"),
    ("Baby C was admitted on 12 June 2019.", "warning", "with a date (“12 June 2019”)"),
    ("Sibling 2 attended Hope Primary School.", "warning", "“Sibling 2” with a school"),
    ("Young Person D lived at NN2 6AB.", "warning", "“Young Person D”"),
    ("Child AB1 was known to services. She attended Abbey Academy.", "warning", "next sentence"),
    ("Child R died at home at the age of 9 weeks.", "warning", "“Child R” with an age"),
]


@pytest.mark.parametrize(("text", "severity", "fragment"), FIRES)
def test_each_rule_fires(text, severity, fragment, register):
    findings = [f for f in found(text, register) if fragment in f.message]
    assert findings, (text, [f.message for f in found(text, register)])
    assert findings[0].severity == severity
    assert findings[0].hint.startswith("Serious case reviews anonymise children")


QUIET = [
    "Cllr Jane Birch asked how every child in care is kept safe.",
    "Jane Birch said the child had been let down.",  # an office-holder in people.yaml
    "Matt Golby said a boy aged 7 deserves better.",
    "Danielle Stone, councillor for Abington and Phippsville, met a girl's mother.",
    "The Children Act 1989 requires councils to protect every child.",
    "The Children and Social Work Act 2017 changed the duty to every child.",
    "Pupils in Year 6 and Year 10 sat tests; a pupil in Year 6 is aged 10 or 11.",
    "Kingsthorpe South and Abington and Phippsville each have a children's centre.",
    "Northamptonshire County Council failed the child.",
    "Child A was known to services.",
    "Child A was known to services. The review found that agencies did not share records.",
    "There are 4,000 children aged 0-17 in the county.",
    "There are 4,000 children aged 0–17 in the county.",
    "Children aged under 5 need a health visitor.",
    "Young people aged 16 and 17 were placed in hostels.",
    "Those aged 16 or over may leave care.",
    "The number of 16-year-olds in care rose.",
    "The Baby P case changed practice across the country.",
    "Every child deserves a safe home.",
    "The boy's mother was not told.",
    "Working Together to Safeguard Children sets the rules for every child.",
    "Grace was a bright child.",  # an English word at a sentence's start: not a name alone
    "In May the child was seen by a GP.",
    "The child protection plan for Jordan Street was reviewed.",
    "A child protection conference met on 3 March 2019.",
    "The date of birth field was missing from some records.",
    "Our office is at Church Street, NN1.",
    # a body's address: no child, family or home in the sentence
    "Write to me at One Angel Square, Angel Street, Northampton NN1 1ED.",
    "Ofsted, Piccadilly Gate, Store Street, Manchester M1 2WD.",
    "The man, aged 45, lived in Elm Road.",  # an adult's age
    "Children aged 5 to 7 years old at Hope Primary School were surveyed.",
    "Ofsted's 2019 report on the child in need service was damning.",
    # an adult's name: a word saying an adult is nearer it than any word saying a child
    "The review's author, Kate Holloway, said the child was seen home alone.",
    "The boy's mother, Kayleigh Brown, spoke at the inquest.",
    "The chair of the board, Oliver Grant, said no child should die this way.",
]


@pytest.mark.parametrize("text", QUIET)
def test_nothing_fires(text, register):
    assert found(text, register) == []


def test_once_per_sentence_and_kind(register):
    """Two names, two ages, two streets in a sentence: one finding of each kind."""
    text = (
        "Jayden Smith, aged 7, and Tyler Brown, aged 9, lived in Elm Road and Church Street; "
        "their sister Amelia was a baby."
    )
    findings = found(text, register)
    kinds = [f.message.split(":")[0].split(" (")[0] for f in findings]
    assert len(findings) == len(set(kinds)) == 2
    assert [f.severity for f in findings] == ["error", "warning"]
    assert "“Jayden Smith”" in findings[0].message


def test_a_private_individual_is_no_public_figure(register):
    """Only office-holders and public figures are exempt: a private individual's name is not."""
    person = Person(id="jayden-doe", name="Jayden Doe", standing="private-individual")
    public = Person(id="ava-doe", name="Ava Doe", standing="public-figure")
    people = {**register.people, person.id: person, public.id: public}
    other = type(register)(register.sources, register.facts, people, register.organisations)
    assert found("Jayden Doe, aged 7, was known to services.", other)[0].severity == "error"
    assert found("Ava Doe said a child aged 7 was at risk.", other) == []


def test_given_names_are_the_ons_list():
    """The shipped list: thousands of names, one of them common, none a council's word."""
    names = given_names()
    assert 3000 <= len(names) <= 5000
    assert {"jayden", "amelia", "muhammad", "oliver"} <= names
    assert not {"northamptonshire", "council", "children", "kingsthorpe"} & names
    header = (Path(__file__).parents[1] / "drafting/review/given_names.txt").read_text()
    assert "Open Government Licence v3.0" in header and "Office for National Statistics" in header


def test_the_code_is_known_and_documented():
    assert CODE in CODES
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"| warning | `{CODE}` |" in readme


LETTER = """kind: letter
template: letter
senders:
  - name: Cllr Jane Birch
recipient:
  title: Chair of the Board
  organisation: Northamptonshire Children's Trust
subject: A serious case review
body:
  - Jayden Smith, aged 7, died at home in March.
  - A 7-year-old from Elm Road was taken into care. Child A, aged 9, was known to services.
  - The family lived at NN1 2AB. She was born on 3 March 2012.
  - Cllr Jane Birch asked how every child in care is kept safe.
asks:
  - that the board publish the review.
"""


def _ours(findings: list[Finding]) -> list[tuple[str, str, str, str]]:
    return [
        (f.severity, f.message, f.place.split(" (line")[0], f.excerpt)
        for f in findings
        if f.code == CODE
    ]


@pytest.mark.parametrize("style", ["footnotes", "references"])
def test_a_draft_and_its_rendered_docx_agree(tmp_path, style, register):
    draft = tmp_path / "letter.yaml"
    draft.write_text(LETTER, encoding="utf-8")
    on_draft = _ours(review_draft(load_draft(draft), register).findings)
    assert [s for s, *_ in on_draft] == ["error", "warning", "warning", "warning", "warning"]
    out = tmp_path / f"letter-{style}.docx"
    dossier = open_dossier(REPO)
    render_draft(draft, dossier, out=out, style=style, allow_errors=True)  # type: ignore[arg-type]
    on_docx = _ours(review_docx(out, dossier.load(), dossier.config.name).findings)
    assert on_docx == on_draft


def test_review_exits_1_on_a_full_name_and_0_on_warnings(tmp_path):
    draft = tmp_path / "letter.yaml"
    draft.write_text(LETTER, encoding="utf-8")
    result = drafting("review", draft)
    assert result.exit_code == 1, result.output
    assert "identification-risk" in result.output
    assert "names a child in full" in " ".join(result.output.split())
    warned = tmp_path / "warned.yaml"
    warned.write_text(LETTER.replace("Jayden Smith, aged 7,", "Jayden, aged 7,"), "utf-8")
    assert drafting("review", warned).exit_code == 0
    ignored = drafting("review", draft, "--ignore", CODE)
    assert ignored.exit_code == 0 and CODE not in ignored.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.yaml", "warned.yaml"]


def test_the_bundled_drafts_raise_no_risk(register):
    for path in sorted((REPO / "drafts").glob("*.yaml")):
        assert _ours(review_draft(load_draft(path), register).findings) == [], path.name


def test_the_readme_example(register):
    """README's example sentence gives the finding README shows, word for word."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"identification-risk example:\n+```text\n(.+?)\n```", readme, re.S)
    assert example is not None
    sentence, shown = example.group(1).split("\n", 1)
    findings = found(sentence.removeprefix("> "), register)
    assert [f"{f.severity} {CODE}: {f.message}" for f in findings] == shown.splitlines()


@pytest.mark.parametrize(
    "piece",
    [
        "Child A aged 7 on Elm Road NN1 2AB 3 March 2012 ",  # labels and details
        "the boy and the girl and Jayden ",  # names among words saying a child
        "Jayden Smith Brown ",  # one capitalised run
    ],
)
def test_a_long_hostile_paragraph_is_checked_in_linear_time(piece, register):
    """One 200,000-character sentence: each lookup is bounded, not over every other word."""
    import time

    text = piece * (200_000 // len(piece))
    started = time.perf_counter()
    found(text, register)
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize(
    ("sentence", "severity"),
    [
        ("Jayden Smith, 7, of Elm Road, Kingsthorpe, died in March 2019.", "error"),
        ("Jayden, 7, lived with his mother on Elm Road.", "warning"),
        ("Jayden (7) lived on Elm Road.", "warning"),
        ("Jayden Smith, who was 7, lived on Elm Road.", "error"),
        ("A boy of 7 from Elm Road died in March.", "warning"),
    ],
)
def test_an_age_given_bare_as_reports_give_it_counts(sentence: str, severity: str, register):
    """ "Name, 7," / "Name (7)" / "who was 7" / "a boy of 7": an age as newspapers print it."""
    findings = found(sentence, register)
    worst = "error" if any(f.severity == "error" for f in findings) else "warning"
    assert findings and worst == severity


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2019, 7 children died on Elm Road.",
        "Rule 12, 7, 9 applies on Mill Road.",
        "In March, 7 were found on Mill Road.",
        "Cllr Jane Birch, 54, of Church Lane spoke.",
        "The report (2019) on Mill Road was late.",
        "The council, who was 7 days late, met on Mill Road.",
    ],
)
def test_a_number_after_a_comma_or_in_brackets_is_no_age_unless_it_reads_as_one(
    sentence: str, register
):
    assert found(sentence, register) == []
