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

@pytest.mark.parametrize("text", [
    "The two directors said they expected the trust to start in June 2020.",
    "According to the directors, the trust would start in June 2020.",
    "Sally Hodges has maintained that the service would transfer in June 2020.",
])
def test_a_disputed_fact_given_as_an_account_is_hedged(text):
    """An attribution says whose account it is, as "reported as" does."""
    assert "disputed-fact" not in codes(text, "trust-planned-start-june-2020")


def test_a_disputed_fact_stated_bare_is_still_warned():
    """Stated as what happened, it is one side of a conflict given as settled."""
    assert "disputed-fact" in codes("The service transferred to the trust in June 2020.",
                                    "trust-planned-start-june-2020")


# --- a question gives nobody's word -------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Will the Leader explain why splitting the service would be wrong?",
    "Can the cabinet member say why splitting the service would be wrong?",
])
def test_a_question_to_someone_does_not_attribute_to_them(text):
    """"Will the Leader explain why X": X is not given as the Leader's word."""
    assert codes(text, "commissioner-advised-against-split") == []


def test_a_statement_naming_the_wrong_speaker_still_does():
    """The same words stated, not asked, put the commissioner's advice in Labour's mouth."""
    assert codes("The Labour group argued that splitting the service would be wrong.",
                 "commissioner-advised-against-split") == ["misattributed"]


# --- an amendment's own words quote no source ---------------------------------------------

@pytest.mark.parametrize(("text", "new"), [
    ("Delete paragraph 3 and insert: “This council resolves to invest £1 million.”", True),
    ("Replace clause 2 with “This council notes that nothing has changed”.", True),
    ("Amend the motion to read “Council resolves to fund 40 places”.", True),
    ("Cllr Hale wrote: “This council resolves to invest £1 million.”", False),
    ("The report said “nothing much had changed”.", False),
])
def test_wording_proposed_is_not_a_quotation(text, new):
    """Words after "insert:", "replace ... with", "to read" are the document's own."""
    assert is_new_wording(text, text.index("“")) is new


def test_review_checks_a_quotation_but_not_new_wording():
    """The amendment's words pass; the same words given as a councillor's are checked."""
    assert codes("Delete paragraph 3 and insert: “This council resolves to invest £1m.”") == []
    assert "misquote" in codes("Cllr Hale wrote: “This council resolves to invest £1m.”")


# --- a subjunctive with an irregular participle --------------------------------------------

@pytest.mark.parametrize("text", [
    "That £200,000 be set aside for the lodgings service.",
    "That the £40,000 underspend be spent on youth work.",
    "That 12 new posts be made permanent.",
])
def test_a_mandative_subjunctive_with_any_participle(text):
    """"be set aside", "be spent", "be made": participles from the library, regular or not."""
    assert proposed(text)


def test_be_after_a_modal_is_no_subjunctive():
    """"will be 40", "may be made": a statement about what is or will be."""
    assert proposed("Staff numbers will be set at 40 this year.") == []


# --- a misquote names a figure only for a figure of the same kind ---------------------------

def test_a_year_for_a_count_is_a_change_of_words():
    """"by 2025" for ". Three out" changes words; only like figures are named."""
    assert figure_changes("had changed by 2025", "had changed. Three out") == []
    assert figure_changes("back to 230", "back to 232") == [("230", "232")]


def test_the_that_opening_a_resolution_is_no_determiner():
    """"That £200,000 be set aside": proposed; "be spent on the 232 cases": known."""
    from drafting.proposals import is_proposed

    text = "That £200,000 be set aside for the 232 cases."
    assert is_proposed(text, text.index("£200,000"))
    assert not is_proposed(text, text.index("232"))
    assert codes("That £200,000 be set aside for the lodgings service.") == []


@pytest.mark.parametrize(("text", "wrong"), [
    ("The inspection carried out in 2018/19 was damning.", True),   # April 2018 to March 2019
    ("The inspection carried out in 2019/20 was damning.", False),  # holds June 2019
    ("The inspection carried out in 2019 was damning.", False),
])
def test_a_period_is_checked_against_the_month_the_fact_dates(text, wrong):
    """A financial year overlapping the fact's year but not its month is a mismatch."""
    assert ("figure-mismatch" in codes(text, "ofsted-2019-06-inspection")) is wrong
