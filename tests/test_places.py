"""Review names a place as its document does: clause 5, clause 5, bullet 2, item 2, paragraph 4.

In a draft and in the rendered .docx alike (the render record keeps each prose paragraph's
label), and in `drafting check`; a record made before labels were kept still reads.
"""

from __future__ import annotations

import copy
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from drafting import render as render_module
from drafting.cli import app
from drafting.docx.record import RenderRecord
from drafting.findings import Finding
from drafting.kinds import load_draft
from drafting.render import render_draft
from drafting.review import review_draft
from drafting.review.document import review_docx
from evidence.dossier import open_dossier
from tests.conftest import REPO

runner = CliRunner()

MOTION = """kind: motion
council: Northamptonshire County Council
meeting: {body: Full Council, date: 2019-09-19}
date: 2019-09-10
title: Social workers
proposer: {name: Cllr Jane Birch}
seconder: {name: Cllr Danielle Stone}
sections:
  - numbered: false
    clauses:
      - This council is aware of the inspection.
      - Since then 40 social workers have left.
  - heading: This Council notes
    clauses:
      - that two of the four areas were judged inadequate [@ofsted-2019-three-of-four-inadequate];
      - that the service is failing.
  - heading: This Council resolves
    clauses:
      - text: "to ask for:"
        bullets:
          - a plan;
          - a report on the 40 social workers who have left.
"""
#: (code, place) in the motion above: its second free paragraph, clause 1, what clause 2
#: notes with no citation (the record keeps each clause's mood), clause 3's bullet 2.
MOTION_PLACES = [
    ("uncited-figure", "paragraph 2"),
    ("figure-mismatch", "clause 1"),
    ("notes-uncited", "clause 2"),
    ("uncited-figure", "clause 3, bullet 2"),
]


def places(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.code, f.place.split(" (line")[0]) for f in findings]


def write(tmp_path: Path, text: str, name: str = "draft.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def review_of(path: Path) -> list[Finding]:
    dossier = open_dossier(REPO)
    if path.suffix == ".docx":
        return review_docx(path, dossier.load(), dossier.config.name).findings
    return review_draft(load_draft(path), dossier.load()).findings


def render(draft: Path, style: str = "footnotes") -> Path:
    out = draft.with_name(f"{draft.stem}-{style}.docx")
    render_draft(draft, open_dossier(REPO), out=out, style=style)  # type: ignore[arg-type]
    return out


def test_a_motion_draft_names_clauses_bullets_and_free_paragraphs(tmp_path):
    """Clauses by their number through the motion; unnumbered paragraphs as paragraph N."""
    findings = review_of(write(tmp_path, MOTION))
    assert places(findings) == MOTION_PLACES
    assert [f.place for f in findings] == [
        "paragraph 2 (line 12)",
        "clause 1 (line 15)",
        "clause 2 (line 16)",
        "clause 3, bullet 2 (line 22)",
    ]


@pytest.mark.parametrize("style", ["footnotes", "references", "background"])
def test_the_rendered_motion_names_the_same_places(tmp_path, style):
    """Review of the .docx, in each citation style, names the places the draft's review does."""
    assert places(review_of(render(write(tmp_path, MOTION), style))) == MOTION_PLACES


def edit_docx(path: Path, edit) -> None:
    document = docx.Document(str(path))
    edit(document)
    document.save(str(path))


def add_after(document, starts: str, text: str) -> None:
    """A paragraph typed by hand after the one starting with ``starts``."""
    at = next(p for p in document.paragraphs if p.text.split("\t")[-1].startswith(starts))
    new = copy.deepcopy(at._p)
    at._p.addnext(new)
    paragraph = docx.text.paragraph.Paragraph(new, at._parent)
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = text


def test_an_edited_clause_keeps_its_name_and_an_added_paragraph_says_where_it_is(tmp_path):
    """A clause edited in Word is still clause 1; a paragraph typed in is placed after one."""
    out = render(write(tmp_path, MOTION))

    def edit(document) -> None:
        for paragraph in document.paragraphs:
            for run in paragraph.runs:  # a footnote's mark is a run too: leave it be
                if "two of the four" in run.text:
                    run.text = run.text.replace("two of the four", "one of the four")
        add_after(document, "that the service is failing", "that 50 more are to go.")

    edit_docx(out, edit)
    assert places(review_of(out)) == [
        ("uncited-figure", "paragraph 2"),
        ("figure-mismatch", "clause 1"),
        ("notes-uncited", "clause 2"),
        ("uncited-figure", "a paragraph added by hand after clause 2"),
        ("uncited-figure", "clause 3, bullet 2"),
    ]


def test_a_letter_names_its_paragraphs_as_a_reader_counts_them(tmp_path):
    """A letter's places are its paragraphs counted in order, in the draft and the .docx."""
    text = (REPO / "drafts" / "letter-to-childrens-commissioner.yaml").read_text()
    assert text.count("two further") == 1  # in the fourth paragraph of its body
    changed = write(tmp_path, text.replace("two further", "three further"))
    assert ("figure-mismatch", "paragraph 4") in places(review_of(changed))
    assert ("figure-mismatch", "paragraph 4") in places(review_of(render(changed)))


QUESTION = """kind: question
council: Northamptonshire County Council
meeting: {body: Full Council, date: 2019-09-19}
date: 2019-09-12
to: {name: Cllr Matt Golby, title: Leader of the Council}
asked_by: {name: Cllr Jane Birch}
background:
  - The inspection found the service failing.
  - Since then 40 social workers have left.
question: Will the leader say why 40 social workers have left?
supplementary: Will he publish the 40 exit interviews?
"""
FOI = """kind: foi
date: 2019-09-12
applicant: {name: Jane Birch, email: jane@example.org}
authority: {organisation: Northamptonshire County Council}
background:
  - I am a councillor.
  - I read that 40 social workers have left.
information:
  - The number of social workers employed each month.
  - The exit interviews of the 40 social workers who left.
period: {start: 2019-01-01, end: 2019-08-31}
"""
AMENDMENT = """kind: amendment
council: Northamptonshire County Council
meeting: {body: Full Council, date: 2019-09-19}
date: 2019-09-12
motion: {title: Social workers, proposer: Cllr Jane Birch}
mover: {name: Cllr Sally Beardsworth}
seconder: {name: Cllr Danielle Stone}
instructions:
  - {clause: clause 1, leave_out: the words, insert: other words}
  - {clause: clause 2, at_end: true, insert: "and 40 social workers have left"}
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (QUESTION, ["background paragraph 2", "question", "supplementary question"]),
        (FOI, ["paragraph 2", "item 2"]),
        (AMENDMENT, ["instruction 2"]),
    ],
)
def test_questions_requests_and_amendments_are_named_as_their_documents_number_them(
    tmp_path, text, expected
):
    """A question's background paragraph, an FOI request's item, an amendment's instruction."""
    draft = write(tmp_path, text)
    assert [p for _, p in places(review_of(draft))] == expected
    if not text.startswith("kind: foi"):  # the FOI template shows its own numbers
        assert [p for _, p in places(review_of(render(draft)))] == expected


def test_check_names_the_clause(tmp_path):
    """`drafting check` prints review's findings with the clause they are in."""
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(REPO),
            "check",
            str(write(tmp_path, MOTION)),
            "--submitted",
            "2019-09-01 09:00",
        ],
    )
    assert "figure-mismatch clause 1 (line 15):" in result.output
    assert "uncited-figure clause 3, bullet 2 (line 22):" in result.output


def test_a_record_without_labels_still_reads_and_counts_paragraphs(tmp_path, monkeypatch):
    """A document rendered before labels (and moods) were recorded: paragraph N, as before."""

    def unlabelled(**fields):
        fields.pop("labels")
        fields.pop("moods")
        return RenderRecord(**fields)

    monkeypatch.setattr(render_module, "RenderRecord", unlabelled)
    assert places(review_of(render(write(tmp_path, MOTION)))) == [
        ("uncited-figure", "paragraph 2"),
        ("figure-mismatch", "paragraph 3"),
        ("uncited-figure", "paragraph 7"),
    ]
