"""What a sentence proposes rather than states: no citation is asked for a proposed figure.

Made-up sentences about a made-up borough, in the forms motions, letters and questions
propose in: a directive in the document's own voice, a chain of them, a mandative
subjunctive, an imperative item, a first-person undertaking. And their lookalikes that
state what is so, where review must still ask for a citation.
"""

from __future__ import annotations

import pytest

from drafting.findings import Passage
from drafting.proposals import is_proposed, proposed
from drafting.review.checks import review_passages
from evidence.dossier import open_dossier
from tests.conftest import REPO

PROPOSE = [
    ("This Council resolves to allocate £50,000 to the Wexbury food bank.", "£50,000"),
    (
        "Council calls on the Government to give a £300 million boost to SEND funding.",
        "£300 million",
    ),
    ("That this Council asks the Leader to write to the Secretary of State by 1 May 2027.", "2027"),
    ("(i) A supplementary allocation of £900,000 be approved for 2026/27;", "£900,000"),
    ("That the capital programme be increased by £1.5m;", "£1.5m"),
    ("Achieve 100% renewable electricity across the council's estate by 2030", "100%"),
    ("Make every council building carbon neutral by 2032", "2032"),
    ("Increase the highways budget by £2m in 2027.", "£2m"),
    ("We will plant 10,000 trees in the borough's parks.", "10,000"),
    ("I would like to see 500 council homes built each year.", "500"),
    ("This council requests that the cabinet publish the figures for 2024 and 2025.", "2024"),
    (
        "Council notes the shortage of school places and calls on the cabinet to fund 300 more "
        "by 2028.",
        "300",
    ),
    ("2. asks the Portfolio Holder to commit to recruiting 40 more foster carers.", "40"),
    ("This Council further resolves to set a target of 65% recycling by 2035.", "65%"),
]
STATE = [
    ("The council plans to close 12 libraries.", "12"),
    ("The Government has cut £4bn from council budgets.", "£4bn"),
    ("The union demanded a 5% pay rise in 2024.", "5%"),
    ("Members agreed that the service had failed 40 children.", "40"),
    ("Section 17 assessments rose to 1,200 last year.", "1,200"),
    ("Foster carers provided 40 placements last year.", "40"),
    ("Over 60 per cent of children in care live outside the borough.", "60 per cent"),
    ("Record numbers were reached in 2024, with 40 families waiting.", "40"),
    ("Rise in homelessness of 40% since 2019.", "40%"),
    # inside a proposal, what the words present as known is a claim: "the 232 cases"
    ("This Council resolves to allocate the 232 unallocated cases by June.", "232"),
    # a reason given alongside the proposal is a claim too
    ("Spend £2m more on roads, because 40% of roads are in poor condition.", "40%"),
]


@pytest.mark.parametrize(("text", "figure"), PROPOSE)
def test_a_proposed_figure_is_proposed(text, figure):
    """The figure is part of what the sentence proposes."""
    assert is_proposed(text, text.index(figure)), proposed(text)


@pytest.mark.parametrize(("text", "figure"), STATE)
def test_a_stated_figure_is_not(text, figure):
    """The lookalikes state it, or present it as known."""
    assert not is_proposed(text, text.index(figure)), proposed(text)


def _codes(text: str) -> list[str]:
    register = open_dossier(REPO).load()
    _, found = review_passages([Passage(1, text, ())], register)
    return [f.code for f in found if f.severity != "info"]


@pytest.mark.parametrize(("text", "_figure"), PROPOSE)
def test_review_asks_no_citation_for_a_proposal(text, _figure):
    """A proposal's figures need no evidence: nothing is claimed."""
    assert "uncited-figure" not in _codes(text)


@pytest.mark.parametrize(("text", "_figure"), STATE)
def test_review_still_asks_one_for_a_statement(text, _figure):
    """A stated figure with no citation is still an uncited figure."""
    assert "uncited-figure" in _codes(text)
