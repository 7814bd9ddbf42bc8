"""Figures as review reads them (issue #22): labels that are no claims, kinds compared like
with like, a figure inside a quotation, one finding per problem; on made-up text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafting.findings import Finding, Mark, Passage
from drafting.review.checks import review_passages
from evidence.dossier import open_dossier
from evidence.figure_kinds import figure_changes, kind_of, phrases, stated
from evidence.figures import figures
from evidence.labels import title_years
from evidence.register import Register
from evidence.segment import sentence_spans
from tests.conftest import MakeDossier

SOURCE = (
    "The hub supported 340 families last year.\n\n"
    "The panel's report, published in March 2019, expects the new hub to open in 2022.\n\n"
    "The hub opened its doors on 3 February 2020.\n\n"
    "Three of the five children's centres closed.\n\n"
    "The hub cost £1.5 million to build.\n"
)
FACTS = """facts:
  - id: families-340
    statement: The hub supported 340 families.
    kind: statistic
    citations: [{source: src-0, quote: "The hub supported 340 families last year."}]
  - id: panel-report
    statement: The review panel reported in March 2019.
    kind: event
    as_at: 2019-03
    citations: [{source: src-0, quote: "The panel's report, published in March 2019, expects the new hub to open in 2022."}]
  - id: hub-opened
    statement: The hub opened on 3 February 2020.
    kind: event
    as_at: 2020-02-03
    citations: [{source: src-0, quote: "The hub opened its doors on 3 February 2020."}]
  - id: centres-closed
    statement: Three of the five children's centres closed.
    kind: statistic
    citations: [{source: src-0, quote: "Three of the five children's centres closed."}]
  - id: hub-cost
    statement: The hub cost £1.5 million to build.
    kind: statistic
    citations: [{source: src-0, quote: "The hub cost £1.5 million to build."}]
"""


@pytest.fixture
def register(make_dossier: MakeDossier) -> Register:
    """A made-up borough's dossier: one source, five facts."""
    return open_dossier(make_dossier(sources={"hub.txt": SOURCE}, facts=FACTS)).load()


def passage(text: str) -> Passage:
    """``text`` as one paragraph; ``[@id]`` marks become citations."""
    plain, marks, rest = "", [], text
    while "[@" in rest:
        before, _, after = rest.partition("[@")
        fact, _, rest = after.partition("]")
        plain += before.rstrip(" ")
        marks.append(Mark(len(plain), str(len(marks) + 1), (fact,)))
    return Passage(1, plain + rest, tuple(marks))


def found(register: Register, text: str) -> list[tuple[str, str]]:
    """The error and warning findings for ``text``: code and message."""
    _, findings = review_passages([passage(text)], register)
    return [
        (f.code, f.message) for f in findings if isinstance(f, Finding) and f.severity != "info"
    ]


def stated_texts(text: str) -> list[str]:
    return [f.text for f in figures(text)]


# --- labels: numbers that name something ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Schools follow Keeping Children Safe in Education 2023.",
        "Working Together to Safeguard Children 2018 is the statutory guidance.",
        "The guidance, Working Together 2018, is clear.",
        "Tenants keep their rights under the Housing Act 1985 (as amended).",
        "The Riverside Local Plan Review 2031 is out for consultation.",
        "We rely on the 2018 Working Together guidance.",
        "The decision is at minute 23/45; see para. 4.2 and paragraph 3.1(b).",
        "I move this under Standing Order 14, Appendix 2 attached.",
        "The hub is near M1 junction 15, on the Route 9 bus and the A43.",
        "Write to 1 Mill Lane, Riverton RV4 7QT, or call +44 1604 367890 or (01604) 367890.",
        "The surgery runs from 9.30am to 12.30pm; the panel sits at 18:30.",
        "This council resolves: 1) to write to the leader; 2) to report back.",
        "The Riverside Annual Report 2022/23 and the Local Plan 2018-2031 are online.",
        "Take the number 9 bus or the 40 bus to the hub.",
        "Call 01604 236236 ext. 4567; quote case reference 2019/00123 and version 2.1.",
        "Motion 4 and amendment 2 concern Band 5 social workers.",
    ],
)
def test_labels_are_not_figures(text):
    """A title with its year, a reference, a road, an address, a phone number, a list marker."""
    assert stated_texts(text) == []


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        ("2017 saw caseloads rise.", ["2017"]),
        ("In 2023 the council spent £4m.", ["2023", "£4m"]),
        ("Section 17 assessments rose to 1,200.", ["1,200"]),
        ("Since the Children Act 2004, 12 directors have come and gone.", ["12"]),
        ("Keeping Children Safe in Education was updated in 2023.", ["2023"]),
        ("By 2021 North Riverside had a council of its own.", ["2021"]),
        ("The North Riverside 2022 inspection was critical.", ["2022"]),
        ("At the September 2019 meeting the motion fell.", ["September", "2019"]),
        ("Ofsted's 2022 reports are better.", ["2022"]),
        ("The M1 junction has 40 crashes a year.", ["40"]),
        ("Cllr Jane Smith 2019 was elected.", ["2019"]),
        ("The hub is served by 40 buses a day.", ["40"]),
    ],
)
def test_numbers_beside_labels_are_claims(text, claims):
    """A year that opens a sentence, follows a month or a possessive, or dates an event."""
    assert stated_texts(text) == claims


def test_a_title_year_is_found_by_grammar_not_by_a_list():
    """Any name in title case of two or more words; an opening word does not count."""
    text = "Under the Made Up Protection Code 2026 and In 2026 the Board met."
    assert [text[a:b] for a, b in title_years(text)] == ["Made Up Protection Code 2026"]


def test_a_reference_abbreviation_does_not_end_a_sentence():
    """ "para. 4.2" is one sentence; "para." before a capital still ends one."""
    text = "See para. 4.2 of the plan. It is late. We read the para. Then we wrote."
    assert len(sentence_spans(text)) == 4


# --- kinds ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("On 3 February 2020 the hub opened", ["day", "month", "year"]),
        ("on February 3rd, 2020", ["month", "day", "year"]),
        ("on 3/2/2020", ["day", "month", "year"]),
        ("£1.5 million, 40 per cent, 5 percentage points", ["money", "share", "share"]),
        ("the four priorities and the third council", ["count", "ordinal"]),
        ("in 2018/19, 62 children", ["year", "count"]),
        ("In June 12 councils were inspected", ["month", "count"]),
        ("on June 12, and again on June 30th", ["month", "day", "month", "day"]),
    ],
)
def test_each_figure_has_a_kind(text, kinds):
    """Year, month, day, money, share, count, ordinal."""
    assert [kind_of(f, text) for f in figures(text)] == kinds


def test_a_date_of_several_parts_is_one_phrase():
    """Day, month and year written together are one; other figures stand alone."""
    text = "On 3 February 2020, 340 families came, and 12 in March."
    assert [[s.figure.text for s in g] for g in phrases(stated(text), text)] == [
        ["3", "February", "2020"],
        ["340"],
        ["12"],
        ["March"],
    ]


@given(st.text(alphabet="0123456789 /.,£%-ofMarchJuneYearAct", max_size=60))
def test_phrases_keep_every_figure_once_in_order(text):
    """Grouping never drops, repeats or reorders a figure."""
    found = stated(text)
    assert [s for g in phrases(found, text) for s in g] == found


# --- review: like with like -------------------------------------------------------------------


def test_a_figure_of_a_kind_the_fact_lacks_is_neither_match_nor_mismatch(register):
    """A count against a fact with only a date, a year against a fact with none."""
    assert found(register, "The hub's five rooms opened on 3 February 2020 [@hub-opened].") == []
    assert found(register, "The hub supported 340 families in 2021 [@families-340].") == []
    assert found(register, "The hub cost £1.5m, 40 per cent of the budget [@hub-cost].") == []


def test_a_count_against_a_count_still_differs(register):
    """430 is not 340, whatever year is beside it."""
    assert found(register, "The hub supported 430 families in 2021 [@families-340].") == [
        ("figure-mismatch", "says 430 where the cited fact families-340 says 340")
    ]
    assert found(register, "The hub's 430 families were supported [@families-340].") == [
        ("figure-mismatch", "says 430 where the cited fact families-340 says 340")
    ]


def test_an_ordinal_is_compared_with_ordinals(register):
    """ "The fourth" is a place in an order: no count of centres contradicts it."""
    assert found(register, "The fourth of the centres closed [@centres-closed].") == []
    assert (
        found(register, "Three centres closed, the fifth of them in May [@centres-closed].") == []
    )


def test_a_count_is_compared_with_counts_of_the_same_thing(register):
    """12 staff are not 340 families; a count with no noun, or an ordinal, is like any."""
    assert found(register, "The hub's 12 staff supported 340 families [@families-340].") == []
    assert found(register, "Two out of five centres closed [@centres-closed].") != []
    assert [
        sorted(s.counted)
        for s in stated(
            "seven directors and interims in 7 years, two unitary authorities, back to 232."
        )
    ] == [["director"], ["year"], ["authority", "unitary"], []]


def test_a_date_is_compared_with_the_facts_own_date(register):
    """The fact is dated March 2019: its quote's 2022 (when the hub may open) is not its date."""
    assert found(register, "The panel reported in March 2019 [@panel-report].") == []
    assert found(register, "The panel reported in March 2022 [@panel-report].") == [
        ("figure-mismatch", "says March 2022 where the cited fact panel-report says March 2019")
    ]


def test_a_wrong_date_is_one_finding_said_whole(register):
    """A wrong day or month is one finding naming both dates."""
    assert found(register, "The hub opened on 13 February 2020 [@hub-opened].") == [
        (
            "figure-mismatch",
            "says 13 February 2020 where the cited fact hub-opened says 3 February 2020",
        )
    ]
    assert found(register, "The hub opened on 3 March 2021 [@hub-opened].") == [
        (
            "figure-mismatch",
            "says 3 March 2021 where the cited fact hub-opened says 3 February 2020",
        )
    ]


def test_labels_beside_cited_figures_are_not_compared(register):
    """A section, a title's year, a ward, a list marker in a cited sentence."""
    for text in (
        "Under section 17, the hub supported 340 families [@families-340].",
        "1. Under the Children Act 1989 the hub supported 340 families [@families-340].",
        "Ward 3 saw the hub open on 3 February 2020 [@hub-opened].",
    ):
        assert found(register, text) == [], text


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Please provide the number of families helped in each of 2018/19 and 2019/20.", []),
        ("How many families did the hub support on 31 March 2021?", []),
        ("3. What did the hub cost in each of the last three years?", []),
        ("Please reply within 20 working days.", []),
        ("I request the minutes of every meeting held since January 2019.", []),
        ("Will the leader say when the 340 families will be rehoused?", ["uncited-figure"]),
        ("Since 2019 the hub has cost £4m, so will you explain why?", ["uncited-figure"]),
        ("The hub has closed twice in the last three years.", ["uncited-figure"]),
    ],
)
def test_what_a_question_or_request_asks_about_is_no_claim(register, text, codes):
    """Its years, dates and spans of time set its scope; a count it assumes is a claim."""
    assert [code for code, _ in found(register, text)] == codes


# --- review: quotations and one finding per problem -----------------------------------------


def test_a_wrong_figure_in_a_quotation_is_one_misquote_naming_it(register):
    """No figure-mismatch beside it, and the message says which figure changed."""
    result = found(
        register, "The council says “The hub supported 430 families last year” [@families-340]."
    )
    assert [code for code, _ in result] == ["misquote"]
    assert "(says 430 where the source says 340)" in result[0][1]
    uncited = found(register, "The council says “The hub cost £2.5 million to build”.")
    assert [code for code, _ in uncited] == ["misquote"]
    assert "(says £2.5 million where the source says £1.5 million)" in uncited[0][1]


def test_a_misquoted_word_names_no_figure(register):
    """A changed word is still a misquote, with its difference, and no figure named."""
    result = found(
        register, "The council says “The hub helped 340 families last year” [@families-340]."
    )
    assert [code for code, _ in result] == ["misquote"] and "says" not in result[0][1][:60]


def test_figure_changes_line_up_words():
    """Figures replaced by others; a word changed is no figure change."""
    assert figure_changes("seven directors in six years", "seven directors in seven years") == [
        ("six", "seven")
    ]
    assert figure_changes("rose 40 per cent", "rose 45 per cent") == [
        ("40 per cent", "45 per cent")
    ]
    assert figure_changes("the hub helped", "the hub supported") == []


def test_an_uncited_clause_is_one_finding(register):
    """Every figure after the last citation, in a clause it does not cover: one warning."""
    result = found(
        register,
        "The hub supported 340 families [@families-340], while 85 staff left in March 2021.",
    )
    assert result == [
        (
            "uncited-figure",
            "states 85, March 2021 after the last citation, in a clause it does not cover",
        )
    ]


def test_a_pair_found_wrong_is_one_finding(register):
    """ "Two out of six" against "three of the five" is one mismatch, not one per number."""
    result = found(register, "Two out of six centres closed [@centres-closed].")
    assert [code for code, _ in result] == ["figure-mismatch"]
    assert found(register, "Three out of five centres closed [@centres-closed].") == []


def test_corpus_of_figure_sentences_scores_fully():
    """bench/review_corpus_figures.yaml: every code at 1.00, no clean sentence flagged."""
    import sys

    repo = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(repo / "bench"))
    from review_accuracy import run

    report = run(repo / "bench" / "review_corpus_figures.yaml", open_dossier(repo).load())
    assert report.clean_flagged == 0
    assert all(s.fp == 0 and s.fn == 0 for s in report.scores.values())


def test_labels_take_linear_time_on_long_runs_of_capitals():
    """A paragraph of 40,000 capitalised words, with years or without, reads in moments."""
    import time

    for text in (" ".join(["Word"] * 40_000) + " 2019.", " ".join(["Word of 2019"] * 20_000)):
        began = time.perf_counter()
        figures(text)
        assert time.perf_counter() - began < 5


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("An estimated 1.2m pupils travel by bus", [1_200_000]),
        ("The scheme reached 3.5bn passengers and 40k homes", [3_500_000_000, 40_000]),
        ("It cost £2.4m in 2019", [2_400_000, 2019]),
    ],
)
def test_a_scale_written_onto_its_number(text, values):
    """ "1.2m" is 1.2 million, not 1: the scale may follow with no space, as with money."""
    assert [f.value for f in figures(text)] == values


@pytest.mark.parametrize(
    "text",
    [
        "The mover changed the fifth and final paragraph of the motion",
        "Delete the second bullet point and the third sentence",
        "The fourth recommendation was accepted",
    ],
)
def test_an_ordinal_naming_a_numbered_part_is_no_figure(text):
    """An ordinal before the part it numbers is a label; before anything else a count."""
    assert figures(text) == []


def test_an_ordinal_before_another_noun_is_still_a_figure():
    """ "the fourth director in five years" states an ordinal."""
    assert [f.text for f in figures("She was the fourth director in five years")] == [
        "fourth",
        "five",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "24.1 The following motion was moved by Cllr Hale.",
        "3.2.1 In the spring the committee met again.",
        "7 The council resolved to consult.",
    ],
)
def test_a_paragraph_number_opening_a_minute_is_no_figure(text):
    """Minutes and reports number their paragraphs; the number opens a sentence."""
    assert figures(text) == []


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("40 Members voted for the motion.", "40"),
        ("2017 saw caseloads rise.", "2017"),
        ("1.5 per cent of pupils left.", "1.5 per cent"),
    ],
)
def test_a_number_opening_a_claim_is_still_a_figure(text, first):
    """A count or a year that opens a sentence states it."""
    assert figures(text)[0].text == first
