"""Classes of sentence an independent labeller's letters showed review getting wrong (#22).

Each is a class, tested on made-up sentences where the rule must hold and where it must not.
"""

from __future__ import annotations

import pytest

from drafting.findings import Mark, Passage
from drafting.proposals import proposed
from drafting.prose import is_new_wording
from drafting.review.checks import review_passages
from evidence.dossier import open_dossier
from evidence.figure_kinds import figure_changes
from tests.conftest import REPO


def codes(text: str, *facts: str) -> list[str]:
    """Review one sentence citing ``facts`` at its end, against the bundled dossier."""
    marks = (Mark(len(text.rstrip(".?")), "1", facts),) if facts else ()
    _, found = review_passages([Passage(1, text, marks)], open_dossier(REPO).load())
    return [f.code for f in found if f.severity != "info"]


# --- a disputed fact given as somebody's account is one account ----------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The two directors said they expected the trust to start in June 2020.",
        "According to the directors, the trust would start in June 2020.",
        "Sally Hodges has maintained that the service would transfer in June 2020.",
    ],
)
def test_a_disputed_fact_given_as_an_account_is_hedged(text):
    """An attribution says whose account it is, as "reported as" does."""
    assert "disputed-fact" not in codes(text, "trust-planned-start-june-2020")


def test_a_disputed_fact_stated_bare_is_still_warned():
    """Stated as what happened, it is one side of a conflict given as settled."""
    assert "disputed-fact" in codes(
        "The service transferred to the trust in June 2020.", "trust-planned-start-june-2020"
    )


# --- a question gives nobody's word -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Will the Leader explain why splitting the service would be wrong?",
        "Can the cabinet member say why splitting the service would be wrong?",
    ],
)
def test_a_question_to_someone_does_not_attribute_to_them(text):
    """ "Will the Leader explain why X": X is not given as the Leader's word."""
    assert codes(text, "commissioner-advised-against-split") == []


def test_a_statement_naming_the_wrong_speaker_still_does():
    """The same words stated, not asked, put the commissioner's advice in Labour's mouth."""
    assert codes(
        "The Labour group argued that splitting the service would be wrong.",
        "commissioner-advised-against-split",
    ) == ["misattributed"]


# --- an amendment's own words quote no source ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "new"),
    [
        ("Delete paragraph 3 and insert: “This council resolves to invest £1 million.”", True),
        ("Replace clause 2 with “This council notes that nothing has changed”.", True),
        ("Amend the motion to read “Council resolves to fund 40 places”.", True),
        ("Cllr Hale wrote: “This council resolves to invest £1 million.”", False),
        ("The report said “nothing much had changed”.", False),
    ],
)
def test_wording_proposed_is_not_a_quotation(text, new):
    """Words after "insert:", "replace ... with", "to read" are the document's own."""
    assert is_new_wording(text, text.index("“")) is new


def test_review_checks_a_quotation_but_not_new_wording():
    """The amendment's words pass; the same words given as a councillor's are checked."""
    assert codes("Delete paragraph 3 and insert: “This council resolves to invest £1m.”") == []
    assert "misquote" in codes("Cllr Hale wrote: “This council resolves to invest £1m.”")


# --- a subjunctive with an irregular participle --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "That £200,000 be set aside for the lodgings service.",
        "That the £40,000 underspend be spent on youth work.",
        "That 12 new posts be made permanent.",
    ],
)
def test_a_mandative_subjunctive_with_any_participle(text):
    """ "be set aside", "be spent", "be made": participles from the library, regular or not."""
    assert proposed(text)


def test_be_after_a_modal_is_no_subjunctive():
    """ "will be 40", "may be made": a statement about what is or will be."""
    assert proposed("Staff numbers will be set at 40 this year.") == []


# --- a misquote names a figure only for a figure of the same kind ---------------------------


def test_a_year_for_a_count_is_a_change_of_words():
    """ "by 2025" for ". Three out" changes words; only like figures are named."""
    assert figure_changes("had changed by 2025", "had changed. Three out") == []
    assert figure_changes("back to 230", "back to 232") == [("230", "232")]


def test_the_that_opening_a_resolution_is_no_determiner():
    """ "That £200,000 be set aside": proposed; "be spent on the 232 cases": known."""
    from drafting.proposals import is_proposed

    text = "That £200,000 be set aside for the 232 cases."
    assert is_proposed(text, text.index("£200,000"))
    assert not is_proposed(text, text.index("232"))
    assert codes("That £200,000 be set aside for the lodgings service.") == []


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("The inspection carried out in 2018/19 was damning.", True),  # April 2018 to March 2019
        ("The inspection carried out in 2019/20 was damning.", False),  # holds June 2019
        ("The inspection carried out in 2019 was damning.", False),
    ],
)
def test_a_period_is_checked_against_the_month_the_fact_dates(text, wrong):
    """A financial year overlapping the fact's year but not its month is a mismatch."""
    assert ("figure-mismatch" in codes(text, "ofsted-2019-06-inspection")) is wrong


# --- what a draft's kind says a passage does: asks (FOI items, questions), proposes ----------


def _review_draft(tmp_path, source: str, old: str, new: str) -> str:
    from typer.testing import CliRunner

    from drafting.cli import app

    text = (REPO / "drafts" / source).read_text(encoding="utf-8")
    assert old in text
    draft = tmp_path / source
    draft.write_text(text.replace(old, new), encoding="utf-8")
    result = CliRunner().invoke(app, ["--dossier", str(REPO), "review", str(draft)])
    return result.output


def test_an_foi_items_dates_set_its_scope(tmp_path):
    """An item of information requested: its dates are the request's, not claims."""
    out = _review_draft(
        tmp_path,
        "foi-unallocated-cases.yaml",
        "  - the amount spent on agency social workers in each month.",
        "  - the amount spent on agency social workers in each year from 2016/17 to 2019/20;\n"
        "  - the number of the 232 unallocated cases held by agency staff.",
    )
    assert "2016/17" not in out and "states 232 with no citation" in out


def test_a_resolution_clause_proposes(tmp_path):
    """Under "This Council resolves", a sum is proposed; under "notes", it is stated."""
    clause = (
        "      - to ask that a report on the programme come to the next meeting of full council."
    )
    out = _review_draft(
        tmp_path,
        "motion-childrens-commissioner-programme.yaml",
        clause,
        clause + "\n      - £50,000 for a family support worker in each locality.",
    )
    assert "uncited-figure" not in out
    noted = "        [@serious-case-reviews-2019-06-two-deaths]."
    out = _review_draft(
        tmp_path,
        "motion-childrens-commissioner-programme.yaml",
        noted,
        noted[:-1] + ";\n      - that £50,000 was cut from family support.",
    )
    assert "uncited-figure" in out


# --- classes the second independent corpus showed ------------------------------------------


@pytest.mark.parametrize(
    ("text", "claimed"),
    [
        ("The council should allocate £2m to recruit permanent social workers.", False),
        ("Caseloads must fall to 18 per worker.", False),
        ("Recruit 30 permanent social workers by March 2021.", False),
        ("The council must have spent £4m on consultants.", True),  # what surely was
        ("The cost must be at least £4m.", True),  # "must be": an inference, not a proposal
        ("Section 17 assessments rose to 1,200 last year.", True),
    ],
)
def test_what_ought_to_be_done_is_proposed(text, claimed):
    """A deontic modal and a verb, or an imperative with a number, proposes."""
    assert ("uncited-figure" in codes(text)) is claimed


@pytest.mark.parametrize(
    ("text", "claimed"),
    [
        ("How many children were placed more than 20 miles from home on 31 March 2019?", False),
        ("How many cases have been open for over 12 months?", False),
        ("How many of the 232 unallocated cases are held by agency staff?", True),
    ],
)
def test_a_questions_threshold_sets_what_it_counts(text, claimed):
    """ "more than 20 miles" says what is counted; "the 232 cases" is taken as known."""
    assert ("uncited-figure" in codes(text)) is claimed


@pytest.mark.parametrize(
    "text",
    [
        "In instruction 2, replace “by September 2020” with “by 1 April 2021”.",
        "Insert a new paragraph 4: “This Council requests monthly figures for unallocated cases.”",
    ],
)
def test_an_amendments_instruction_and_its_new_words(text):
    """ "instruction 2" names a part; the new words quote no source."""
    assert codes(text) == []


@pytest.mark.parametrize(
    ("text", "warned"),
    [
        ("Could you ask ministers whether a saving of that size is still expected?", False),
        ("If a trust would save £9 million a year, why not say so?", False),
        ("A trust would save £9 million a year.", True),
    ],
)
def test_a_claim_asked_about_or_supposed_is_not_asserted(text, warned):
    """ "whether" and "if" ask or suppose; only the bare statement asserts the claim."""
    assert ("partisan-claim" in codes(text, "trust-claimed-saving-9m")) is warned


@pytest.mark.parametrize(
    ("text", "warned"),
    [
        ("This Council notes that the service has been failing for six years.", True),
        ("We note that the service has been failing for six years.", True),
        ("This Council believes that the service has been failing for six years.", False),
        ("We fear that the service has been failing for six years.", False),
        ("The Labour group notes that the service has been failing for six years.", False),
    ],
)
def test_the_writers_own_voice_asserts_unless_it_gives_an_opinion(text, warned):
    """ "Council notes that [claim]" states it; "Council believes" gives a view."""
    assert ("partisan-claim" in codes(text, "labour-failing-for-six-years")) is warned


def test_the_motions_own_voice_is_no_party():
    """ "This Council notes that [a fact of the county council's]": no misattribution."""
    assert "misattributed" not in codes(
        "That this Council notes that both directors resigned at the same time.",
        "director-hodges-resigned",
    )


def test_an_expectation_given_by_its_holders_is_an_account():
    """ "expected by the two directors": a passive agent gives whose account it is."""
    assert (
        codes(
            "The trust was expected by the two directors to take over in June 2020.",
            "trust-planned-start-june-2020",
        )
        == []
    )
