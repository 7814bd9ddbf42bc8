"""The intake library called directly, as a web page calls it: the questions a document
leaves with what it offers, answers checked as the terminal checks them, a source added,
its candidates as records, one accepted (edited) or refused with nothing written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from evidence.add import Document, read_document
from evidence.dates import PartialDate
from evidence.describe import (
    AnswerError,
    Given,
    Question,
    describe,
    interview,
    opening,
    questions,
)
from evidence.dossier import Dossier, open_dossier
from evidence.errors import RegisterError, UserError
from evidence.intake import (
    AlreadyAdded,
    Edits,
    accept_candidate,
    add_document,
    copies_of,
    open_candidates,
)
from evidence.records import added_record, candidate_records
from evidence.sources import DateInfo, rehash
from tests.conftest import MakeDossier, drafting
from tests.faults import snapshot

ARTICLE = """# Library closures to save £2.4 million

By Sam Reporter

Published: 3 March 2021

Fenmoor County Council will close six of its 22 libraries, saving £2.4 million a year, its leader said.

The council said 40 posts would go by April 2022.
"""
STATEMENT = "Closing six libraries saves £2.4m a year."
UNTITLED = "This first line ends with a full stop.\n\nThe council spent £3.2 million in 2021.\n"


@pytest.fixture
def dossier(make_dossier: MakeDossier) -> Dossier:
    return open_dossier(make_dossier())


def _document(tmp_path: Path, text: str = ARTICLE, name: str = "closures.md") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_document(path)


def _added(dossier: Dossier, tmp_path: Path) -> tuple[Document, list[str]]:
    document = _document(tmp_path)
    meta = describe(document, Given(kind="news"), set(dossier.load().sources))
    added = add_document(dossier, document, meta)
    return document, [c.handle for c in added.candidates]


def test_questions_offer_what_the_document_prints(tmp_path):
    """A printed date and byline are offered, with where the date was printed; what is
    given is not asked; the description is needed only without a title."""
    asked = {q.name: q for q in questions(_document(tmp_path), Given())}
    assert list(asked) == ["title", "kind", "publisher", "authors", "date", "url", "description"]
    assert asked["title"].offered == "Library closures to save £2.4 million"
    assert asked["authors"].offered == "Sam Reporter"
    assert asked["date"].offered == "2021-03-03"
    assert "the document states it: printed in the text: “Published 3 March 2021”" in (
        asked["date"].label
    )
    assert (asked["kind"].offered, asked["publisher"].offered, asked["url"].offered) == (
        "other",
        None,
        None,
    )
    assert asked["description"].unless == "title"
    given = Given(title="Closures", date=PartialDate(2021), authors=("Sam Reporter",))
    assert [q.name for q in questions(_document(tmp_path), given)] == ["kind", "publisher", "url"]


def test_answers_are_checked_as_the_terminal_checks_them(tmp_path, make_dossier):
    """A wrong kind or date is the same message from describe() (naming the question) as
    the prompt's; an answer to a question not asked is refused."""
    document = _document(tmp_path)
    problems = {}
    for name, raw in (("kind", "opinion"), ("date", "2021-13")):
        with pytest.raises(AnswerError) as caught:
            describe(document, Given(), set(), {name: raw})
        assert caught.value.question == name
        problems[name] = caught.value.message.removeprefix(f"{name}: ")
    assert problems["kind"].startswith("'opinion' is not a kind of source; one of news, blog")
    typed = "\n".join(["", "opinion", "", "", "", "2021-13", "", ""]) + "\n"
    result = drafting("evidence", "add", str(document.path), dossier=make_dossier(), input=typed)
    assert result.exit_code == 0, result.output
    for problem in problems.values():
        assert f"Error: {problem}\n" in result.output
    with pytest.raises(AnswerError, match="title: is not asked of this document"):
        describe(document, Given(title="Closures"), set(), {"title": "Other"})


def test_a_description_made_from_answers(tmp_path):
    """Typed answers are tidied and checked; a blank one takes the offered value (the date
    recorded as stated, with where); a callback answering the same gives the same entry,
    and no answers is --no-input's entry."""
    document = _document(tmp_path)
    typed = {
        "title": "",
        "kind": "News",
        "publisher": " Fenmoor   Post ",
        "authors": "Sam Reporter; Ann Other",
        "date": "",
        "url": "https://example.org/closures",
    }
    meta = describe(document, Given(), {"library-closures-save-2-4"}, typed)
    assert (meta.title, meta.description, meta.kind, meta.publisher) == (
        "Library closures to save £2.4 million",
        "Library closures to save £2.4 million",
        "news",
        "Fenmoor Post",
    )
    assert meta.authors == ("Sam Reporter", "Ann Other")
    assert meta.date == DateInfo(
        value=PartialDate(2021, 3, 3),
        how="stated",
        reason="printed in the text: “Published 3 March 2021”",
    )
    assert (meta.url, meta.id) == ("https://example.org/closures", "library-closures-save-2-4-2")
    assert interview(document, Given(), {"library-closures-save-2-4"}, _typing(typed)) == meta
    unknown = describe(document, Given(), set())
    assert interview(document, Given(), set(), lambda question: None) == unknown
    assert (unknown.title, unknown.kind, unknown.date.how) == (None, "other", "unknown")
    assert unknown.description == opening(document, "other")


def _typing(answers: dict[str, str]) -> Callable[[Question], Any]:
    """An ask callback that types ``answers`` as a person would at the terminal."""
    return lambda question: question.answer(answers[question.name])


def test_the_description_is_needed_only_without_a_title(tmp_path):
    """A document that offers no title needs a description when the title is left blank."""
    document = _document(tmp_path, UNTITLED, "untitled.txt")
    with pytest.raises(AnswerError, match=r"^description: an answer is needed"):
        describe(document, Given(), set(), {"title": "", "description": "  "})
    assert describe(document, Given(), set(), {"title": "Spend", "description": ""}).description
    labelled = describe(document, Given(), set(), {"title": "", "description": "A  label"})
    assert (labelled.title, labelled.description) == (None, "A label")


def test_a_document_added_and_its_candidates_as_records(tmp_path, make_dossier):
    """add_document() writes the file and its entry; its record is what `evidence add
    --format json` prints; its candidates are open until one is accepted."""
    dossier = open_dossier(make_dossier())
    document, handles = _added(dossier, tmp_path)
    register = dossier.load()
    assert (dossier.sources_dir / "closures.md").read_bytes() == document.path.read_bytes()
    assert register.sources["closures"].meta.kind == "news"
    found = open_candidates(register, "closures")
    assert [c.handle for c in found] == handles == ["closures:1.1", "closures:3.1", "closures:4.1"]
    records = candidate_records(found)
    assert records[1]["quote"].startswith("Fenmoor County Council will close six")
    assert records[1]["figure"] == {"value": 2400000.0, "unit": "£", "per": "year"}
    twin = make_dossier(name="twin")
    args = ["add", str(document.path), "--no-input", "--kind", "news", "--format", "json"]
    result = drafting("evidence", *args, dossier=twin)
    assert result.exit_code == 0, result.output
    meta = describe(document, Given(kind="news"), {"src-0"})
    again = add_document(open_dossier(make_dossier(name="again")), document, meta)
    assert json.loads(result.output) == json.loads(json.dumps(added_record(again)))
    assert again.unknown == ("publisher", "author", "date", "url")
    with pytest.raises(AlreadyAdded, match="is already in the dossier as closures"):
        copies_of(document, dossier.load())


def test_accepting_an_edited_candidate_writes_a_verified_fact(dossier, tmp_path):
    """One call: the candidate with its statement and topics edited is verified, appended to
    facts.yaml, and no longer open; its measure is named by what ask answers."""
    _, handles = _added(dossier, tmp_path)
    listed = open_candidates(dossier.load(), "closures")[1]
    before = dossier.facts_path.read_text(encoding="utf-8")
    asked = []
    accepted = accept_candidate(
        dossier,
        listed.handle,
        "library-savings",
        Edits(statement=STATEMENT, topics=("libraries",), measure="library-savings"),
        quote=listed.quote,
        ask=lambda question: asked.append(question) or question.answer("closure savings, -"),
    )
    assert accepted.fact_id == "library-savings" and accepted.check.ok
    assert accepted.check.locator is not None and accepted.check.locator.paragraph == 3
    assert [q.name for q in asked] == ["aliases"]
    assert accepted.aliases == ("closure savings",) and accepted.before is None
    assert accepted.names_added == ("library savings", "closure savings")
    after = dossier.facts_path.read_text(encoding="utf-8")
    assert after != before and "id: library-savings" in after
    register = dossier.load()
    fact = register.facts["library-savings"]
    assert (fact.statement, fact.topics) == (STATEMENT, ("libraries",))
    assert register.report("library-savings").ok
    assert [c.handle for c in open_candidates(register, "closures")] == [handles[0], handles[2]]


def test_a_stale_or_unknown_candidate_is_refused_and_nothing_is_written(dossier, tmp_path):
    """A sentence that no longer reads as listed, a source changed since it was recorded, an
    unknown source or sentence, an id taken, a date that does not read: one clear error
    each, and the dossier's files as they were."""
    _, handles = _added(dossier, tmp_path)
    listed = open_candidates(dossier.load(), "closures")[1]
    root = dossier.root
    source = dossier.sources_dir / "closures.md"
    source.write_text(ARTICLE.replace("six of its 22", "seven of its 22"), encoding="utf-8")
    cases = [
        (listed.handle, "x", Edits(), "does not verify (stale: closures.md has changed"),
        ("nowhere:1.1", "x", Edits(), "no source 'nowhere' in the dossier"),
        ("closures:9.1", "x", Edits(), "closures:9.1: no such sentence"),
        ("closures", "x", Edits(), "'closures' is not SOURCE:PARAGRAPH.SENTENCE"),
    ]
    for handle, fact_id, edits, message in cases:
        before = snapshot(root)
        with pytest.raises(RegisterError) as caught:
            accept_candidate(dossier, handle, fact_id, edits)
        assert message in str(caught.value) and snapshot(root) == before
    with dossier.editing("evidence rehash"):
        rehash(dossier.manifest_path, "closures", dossier.reads)
    before = snapshot(root)
    with pytest.raises(RegisterError, match="no longer reads as it did when it was listed"):
        accept_candidate(dossier, listed.handle, "x", quote=listed.quote)
    accept_candidate(dossier, handles[2], "posts-cut")
    before = snapshot(root)
    for handle, fact_id, edits, message in (
        (handles[0], "posts-cut", Edits(), "--id: 'posts-cut' is already a fact of the register"),
        (handles[0], "y", Edits(as_at="2021-13"), "--as-at: '2021-13' is not a real"),
        (handles[0], "y", Edits(kind="opinion"), "--kind: 'opinion' is not a kind of fact"),
        (handles[0], "Not An Id", Edits(), "--id: 'Not An Id' should be lower-case"),
    ):
        with pytest.raises(UserError) as caught:
            accept_candidate(dossier, handle, fact_id, edits)
        assert message in str(caught.value) and snapshot(root) == before
