"""Review of draft files: for each finding, a draft that triggers it and one that does not."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from drafting.findings import Finding, Mark, Passage, Review
from drafting.kinds import load_draft
from drafting.kinds.letter import LetterDraft
from drafting.review import review_draft
from drafting.review.checks import review_passages
from evidence.dossier import open_dossier
from evidence.register import Register
from tests.conftest import REPO, MakeDossier


@cache
def bundled() -> Register:
    return open_dossier(REPO).load()


def review(tmp_path: Path, *body: str, register: Register | None = None) -> Review:
    """Review a letter whose body is ``body`` (with the draft written to a file, for lines)."""
    draft = {
        "kind": "letter",
        "senders": [{"name": "Cllr Ann Example"}],
        "recipient": {"name": "Sam Smith"},
        "body": list(body),
    }
    path = tmp_path / "draft.yaml"
    path.write_text(yaml.safe_dump(draft, allow_unicode=True, width=1000), encoding="utf-8")
    loaded = load_draft(path)
    assert isinstance(loaded.draft, LetterDraft)
    return review_draft(loaded, register or bundled())


def codes(result: Review) -> list[str]:
    return [f.code for f in result.findings]


def only(result: Review, code: str) -> Finding:
    found = [f for f in result.findings if f.code == code]
    assert len(found) == 1, result.findings
    return found[0]


def test_the_example_letter_has_no_errors_or_warnings():
    """The shipped example cites 18 facts and reviews clean (info only)."""
    path = REPO / "drafts" / "letter-to-childrens-commissioner.yaml"
    loaded = load_draft(path)
    assert isinstance(loaded.draft, LetterDraft)
    result = review_draft(loaded, bundled())
    assert len(result.citations) == 18 and result.exit_code == 0
    assert {f.severity for f in result.findings} <= {"info"}
    first = result.citations[0]
    assert (first.marker, first.fact_id, first.status, first.kind) == (
        "1",
        "ofsted-2013-inadequate",
        "verified",
        "official finding",
    )
    assert first.quote and first.quote.startswith("Northamptonshire County Council’s")
    assert (
        first.locator == "para. 8, sent. 1, chars 1449-1567"
        and first.corroboration == "2 sources, publishers unknown"
    )
    assert first.publisher == "unknown" and first.date == "n.d."


def test_unknown_fact_is_an_error_with_the_nearest_id(tmp_path):
    """A typo in a fact id: error, with its place (paragraph, draft line) and the nearest id."""
    result = review(tmp_path, "Fine.", "Cases rose to 232 [@unallocated-case-232].")
    finding = only(result, "unknown-fact")
    assert finding.severity == "error" and result.exit_code == 1
    line = (tmp_path / "draft.yaml").read_text().splitlines().index(
        "- Cases rose to 232 [@unallocated-case-232]."
    ) + 1
    assert finding.place == f"paragraph 2 (line {line})"
    assert "unallocated-cases-232" in finding.hint
    assert result.citations[0].status == "unknown fact"
    assert codes(review(tmp_path, "Cases rose to 232 [@unallocated-cases-232].")) == []


def test_a_fact_that_no_longer_verifies_is_an_error(make_dossier: MakeDossier):
    """Change the source under a fact and review of a draft citing it fails."""
    facts = (
        "facts:\n  - id: figure-232\n    statement: The figure was 232.\n"
        "    kind: statistic\n    citations:\n      - source: src-0\n"
        '        quote: "The figure was 232."\n'
    )
    root = make_dossier(facts=facts)
    tmp = root.parent
    register = open_dossier(root).load()
    assert codes(review(tmp, "It was 232 [@figure-232].", register=register)) == []
    (root / "seeds" / "a.txt").write_text("First paragraph here.\n\nThe figure was 230.\n")
    result = review(tmp, "It was 232 [@figure-232].", register=open_dossier(root).load())
    finding = only(result, "fact-fails")
    assert (
        finding.severity == "error"
        and "figure-232 no longer verifies (not-found" in finding.message
    )
    assert "[-232.-] {+230.+}" in finding.message
    assert result.citations[0].status == "not-found"


def test_misquote_is_an_error_with_the_closest_passage(tmp_path):
    """Quoted words that are in no source: error, closest passage and a word diff."""
    result = review(
        tmp_path,
        'Three of the four areas were rated "wholly inadequate" '
        "[@ofsted-2019-three-of-four-inadequate].",
    )
    finding = only(result, "misquote")
    assert finding.severity == "error"
    assert "“wholly inadequate” is not verbatim in any source; closest" in finding.message
    assert "difference: [-wholly" in finding.message
    assert "wholly inadequate" in finding.excerpt


@pytest.mark.parametrize(
    "sentence",
    [
        'Three of the four areas were rated "Inadequate" [@ofsted-2019-three-of-four-inadequate].',
        "The councillors wrote that “nothing much had changed” "
        "[@ofsted-2019-nothing-much-changed].",
        # an ellipsis and an [editorial insertion] stand for words left out
        "Cllrs Birch and Stone wrote: “The service is left in turmoil … [with] an alarming figure "
        "of 232” [@unallocated-cases-232].",
        "A ‘children’s trust’ was ordered [@trust-ordered-by-government].",
    ],
)
def test_exact_quotes_are_not_misquotes(tmp_path, sentence):
    """Verbatim quotations (also with omissions marked) raise nothing."""
    assert codes(review(tmp_path, sentence)) == []


def test_uncited_quote_is_a_warning_naming_the_fact_to_cite(tmp_path):
    """A verbatim quote with no citation: warning, and the fact that quotes it."""
    result = review(tmp_path, "The councillors wrote that “nothing much had changed”.")
    finding = only(result, "uncited-quote")
    assert finding.severity == "warning" and result.exit_code == 0
    assert "letter-to-anne-longfield (para. 8)" in finding.message
    assert finding.hint == "Cite [@ofsted-2019-nothing-much-changed]"


def test_quote_from_another_source_than_the_one_cited(tmp_path):
    """Quoted words from one source, cited to a fact from another: warning."""
    result = review(
        tmp_path,
        "The councillors wrote that “nothing much had changed” "
        "[@evans-trusts-no-automatic-solution].",
    )
    assert "which do not quote that source" in only(result, "uncited-quote").message


@pytest.mark.parametrize(
    ("sentence", "stated"),
    [
        ("Unallocated cases have risen back to 232.", "232"),
        ("Agency staff cost £22m a year.", "£22m"),
        ("Seven directors have come and gone.", "Seven"),
        ("Ofsted reported in June.", "June"),
        ("Some 45 per cent of posts were vacant.", "45 per cent"),
    ],
)
def test_uncited_figure_is_a_warning(tmp_path, sentence, stated):
    """Figures, money, counts in words, months and percentages need a citation."""
    finding = only(review(tmp_path, sentence), "uncited-figure")
    assert finding.severity == "warning" and f"states {stated}" in finding.message


@pytest.mark.parametrize(
    "sentence",
    [
        "Unallocated cases have risen back to 232 [@unallocated-cases-232].",
        "We ask you to use your powers under the Children Act 2004, section 2.",
        "We may raise this at the meeting at 10:00.",
        "We ask that the council act now.",
    ],
)
def test_no_uncited_figure_when_cited_or_not_a_figure(tmp_path, sentence):
    """A cited figure, a statute's year, a section number or a time raise nothing."""
    assert codes(review(tmp_path, sentence)) == []


def test_figure_that_differs_from_the_cited_fact(tmp_path):
    """232 becomes 230: warning naming both figures and the fact."""
    result = review(tmp_path, "Unallocated cases have risen back to 230 [@unallocated-cases-232].")
    finding = only(result, "figure-mismatch")
    assert finding.message == "says 230 where the cited fact unallocated-cases-232 says 232"
    assert finding.excerpt.endswith("risen back to 230.")


def test_month_that_differs_from_the_cited_fact(tmp_path):
    """June becomes July: the month is checked too, and the date is named whole."""
    result = review(tmp_path, "Ofsted inspected in July 2019 [@ofsted-2019-06-inspection].")
    assert only(result, "figure-mismatch").message == (
        "says July 2019 where the cited fact ofsted-2019-06-inspection says June 2019"
    )


def test_each_figure_is_checked_against_the_citation_it_leads_to(tmp_path):
    """Two citations in one sentence: each year against its own fact."""
    right = (
        "Ofsted judged it inadequate in 2013 [@ofsted-2013-inadequate] and inspected it "
        "in 2016 [@ofsted-2016-full-inspection]."
    )
    assert "figure-mismatch" not in codes(review(tmp_path, right))
    swapped = (
        "Ofsted judged it inadequate in 2016 [@ofsted-2013-inadequate] and inspected it "
        "in 2013 [@ofsted-2016-full-inspection]."
    )
    found = [f.message for f in review(tmp_path, swapped).findings if f.code == "figure-mismatch"]
    assert found == [
        "says 2016 where the cited fact ofsted-2013-inadequate says 2013",
        "says 2013 where the cited fact ofsted-2016-full-inspection says 2016",
    ]


def test_partisan_claim_presented_as_fact(tmp_path):
    """A claim cited as plain fact warns; attributed, it does not."""
    plain = (
        "The reorganisation was caused by years of mismanagement "
        "[@unitary-caused-by-mismanagement]."
    )
    finding = only(review(tmp_path, plain), "partisan-claim")
    assert "a claim resting only on partisan sources, as plain fact" in finding.message
    assert review(tmp_path, plain).citations[0].kind == "partisan claim"
    attributed = (
        "We believe the reorganisation was caused by years of mismanagement "
        "[@unitary-caused-by-mismanagement]."
    )
    assert codes(review(tmp_path, attributed)) == []


def test_private_individual_named(tmp_path):
    """A person the register marks private is a warning wherever the draft names them."""
    finding = only(
        review(tmp_path, "As Marilyn told us, families are worried."), "private-individual"
    )
    assert "names Marilyn" in finding.message and "(marilyn)" in finding.message
    assert codes(review(tmp_path, "Families are worried, as Marilyns everywhere know.")) == []
    assert codes(review(tmp_path, "As Anne Longfield knows, families are worried.")) == []


def test_private_individual_found_by_alias(make_dossier: MakeDossier):
    """``aliases`` in people.yaml are looked for too."""
    root = make_dossier(
        people="people:\n  - id: child-a\n    name: Child A\n"
        "    standing: private-individual\n    aliases: [Jamie]\n"
    )
    result = review(root.parent, "Jamie was failed.", register=open_dossier(root).load())
    assert "names Jamie" in only(result, "private-individual").message


LATER = """facts:
  - id: cases-2019
    statement: There were 232 unallocated cases in 2019.
    kind: statistic
    topics: [caseloads]
    as_at: 2019-06
    measure: unallocated-cases
    citations: [{source: src-0, quote: "The figure was 232."}]
  - id: cases-2020
    statement: There were 120 unallocated cases in 2020.
    kind: statistic
    topics: [caseloads]
    as_at: 2020-03
    measure: unallocated-cases
    citations: [{source: src-1, quote: "The figure was 120."}]
  - id: caseload-other-topic
    statement: Agency staff numbers in 2021.
    kind: statistic
    topics: [workforce]
    as_at: 2021
    measure: agency-staff
    citations: [{source: src-1, quote: "The figure was 120."}]
  - id: cases-2019-reported-again
    statement: A 2021 report said there had been 232 unallocated cases in 2019.
    kind: statistic
    topics: [caseloads]
    as_at: 2021-01
    citations: [{source: src-1, quote: "The figure was 120."}]
"""


def test_later_fact_on_the_same_subject_is_info(make_dossier: MakeDossier):
    """An older count when a newer one of the same measure is registered: info, unless the newer
    is cited too. A later fact of the same kind and topics without that measure (a later report
    of the same count) is not a newer value and is not mentioned."""
    root = make_dossier(
        sources={"a.txt": "The figure was 232.\n", "b.txt": "The figure was 120.\n"}, facts=LATER
    )
    register = open_dossier(root).load()
    result = review(root.parent, "There were 232 cases [@cases-2019].", register=register)
    finding = only(result, "later-fact")
    assert finding.severity == "info" and result.exit_code == 0
    assert "cases-2020 (as at 2020-03)" in finding.message
    assert "caseload-other-topic" not in finding.message
    assert (
        "reported-again" not in finding.message
        and "later value of unallocated-cases" in finding.message
    )
    both = review(
        root.parent,
        "There were 232 cases [@cases-2019], then 120 [@cases-2020].",
        register=register,
    )
    assert codes(both) == []
    assert codes(review(root.parent, "There were 120 [@cases-2020].", register=register)) == []


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"ab 12.£%“”\"'‘’…[]", "June ", "seven ", "Marilyn "]), max_size=40
    ).map("".join),
    st.lists(st.integers(min_value=0, max_value=80), max_size=3),
)
def test_any_prose_reviews_without_crashing(text, offsets):
    """Fuzzed prose with marks anywhere: review returns findings, never an exception."""
    marks = tuple(
        Mark(min(o, len(text)), str(i), ("unallocated-cases-232",))
        for i, o in enumerate(sorted(offsets), 1)
    )
    citations, findings = review_passages([Passage(1, text, marks)], bundled())
    assert len(citations) == len(marks)
    assert all(f.severity in ("error", "warning", "info") and f.place for f in findings)


POINTS = """facts:
  - id: vacancies-up
    statement: The vacancy rate rose by 5 per cent in 2019.
    kind: statistic
    as_at: 2019-03
    citations: [{source: src-0, quote: "Vacancies rose by 5 per cent."}]
"""


def test_percentage_points_are_not_per_cent(make_dossier: MakeDossier):
    """A rise of 5 percentage points is not a rise of 5 per cent; "5%" is."""
    root = make_dossier(sources={"a.txt": "Vacancies rose by 5 per cent.\n"}, facts=POINTS)
    register = open_dossier(root).load()
    assert (
        codes(review(root.parent, "Vacancies rose by 5% [@vacancies-up].", register=register)) == []
    )
    mismatch = only(
        review(
            root.parent, "Vacancies rose by 5 percentage points [@vacancies-up].", register=register
        ),
        "figure-mismatch",
    )
    assert "5 percentage points" in mismatch.message


def test_the_as_at_date_supports_a_month_only_when_the_fact_states_none():
    """'due in April 2021', read in September 2019: September 2019 is not the event's date.
    A fact with no month of its own is supported by its as-at month."""
    from tests.test_review_rules import codes as sentence_codes

    assert sentence_codes(
        "The new authorities are due in September 2019 [@unitary-due-april-2021]."
    ) == {"figure-mismatch"}
    assert (
        sentence_codes("The new authorities are due in April 2021 [@unitary-due-april-2021].")
        == set()
    )
    assert (
        sentence_codes(
            "Cllr Birch said in July 2019 that she was shocked [@birch-shocked-by-judgement]."
        )
        == set()
    )
