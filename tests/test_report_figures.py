"""Facts from reports (#20): what report prose states, on made-up sentences, both ways.

References and list numbers are no figures; financial and academic years and quarters are
periods; "one in five" is a share; a grade with its area is a judgement; a first page's
inspection and publication dates are read as written, never assumed.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafting.findings import Finding
from drafting.review.checks import review_passages
from evidence.candidates import candidates, fact_entry
from evidence.conflicts import read_figure
from evidence.dates import PartialDate, date_problem
from evidence.docdates import stated_dates
from evidence.dossier import open_dossier
from evidence.figures import figures, ratios
from evidence.judgements import judgement
from evidence.periods import periods
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from review_accuracy import passage


def shown(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.kind) for f in figures(text)]


# --- references, list numbers and page numbers are no figures --------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "This is set out in paragraph 23 and in section 2.1.",
        "See paragraphs 40, 41 and 64.",
        "Inspectors read pages 7-9, page 12 of 40 and p. 7.",
        "The data is in annex 2, table 3 and figure 4.",
        "Leaders have acted on this (recommendation 5).",
        "Pupils at key stage 4 and in Year 6 did well.",
        "The club is for children in Years 7 to 11.",
        "Adopters are assessed at stage two.",
        "The plan aims: (1) to cut waiting; 2) to train managers, and 3) to recruit.",
        "It is a special school[1] out of the area.",
        "Crown copyright 2022",
        "Support is offered at level 2 or 3.",
        "In the fourth quarter, referrals fell.",
    ],
)
def test_references_and_list_numbers_are_not_figures(text):
    """Numbered parts of a document or of a scheme, list and footnote marks, copyright."""
    assert [f for f in shown(text) if f[1] != "period"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In paragraph 23, 40 children were seen.", [("40", "number")]),
        ("A small number (12) of plans were late.", [("12", "number")]),
        ("This council notes 2 judgements.", [("2", "number")]),
        ("Young people over 16 years are supported.", [("16", "number")]),
        ("Sections 2 and 3 apply to 45 cases.", [("45", "number")]),
    ],
)
def test_figures_beside_references_still_count(text, expected):
    """A count after a reference, in brackets, or after a verb spelt like a reference word."""
    assert shown(text) == expected


# --- periods -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "iso"),
    [
        ("In 2018/19 the council spent more.", "financial-year", "2018-04/2019-03"),
        ("In 2013–14, 61% were in work.", "financial-year", "2013-04/2014-03"),
        ("the 2019/2020 accounts", "financial-year", "2019-04/2020-03"),
        ("the 2013-2014 budget", "financial-year", "2013-04/2014-03"),
        ("FY 2019-20", "financial-year", "2019-04/2020-03"),
        ("the 2019/20 schools budget", "financial-year", "2019-04/2020-03"),
        ("during the 2019/20 school year", "academic-year", "2019-09/2020-08"),
        ("pupils in 2018/19 did well", "academic-year", "2018-09/2019-08"),
        ("Q3 2019/20 returns", "quarter", "2019-10/2019-12"),
        ("in Q4 of 2019-20", "quarter", "2020-01/2020-03"),
        ("the third quarter of 2019/20", "quarter", "2019-10/2019-12"),
        ("2019/20 Q1", "quarter", "2019-04/2019-06"),
        ("the first two quarters of 2015–16", "quarter", "2015-04/2015-09"),
        ("in Q1 2020", "quarter", "2020-01/2020-03"),
        ("the strategy for 2013–2018", "years", "2013/2018"),
        ("adoption scorecards for 2011–14", "years", "2011/2014"),
        ("from 2013-2014 onwards", "years", "2013/2014"),
    ],
)
def test_periods_named_by_their_years(text, kind, iso):
    """Financial year by default, academic by its words, quarters, year ranges."""
    (found,) = periods(text)
    assert (found.kind, found.date.iso()) == (kind, iso)


@pytest.mark.parametrize(
    "text",
    [
        "Our reference is LAB/2019/20.",
        "It was signed on 2019-06-17.",
        "In 2019/07 we met.",
        "2019/2017",
        "Q3 results were good.",
    ],
)
def test_what_is_not_a_period(text):
    """References, ISO dates, years out of order, a quarter without its year."""
    assert periods(text) == []


def test_a_period_is_one_figure_compared_by_overlapping():
    """ "2018/19" is no count: it matches "2018-19", a year or month inside it, not 2017/18."""
    fy = figures("in 2018/19")[0]
    assert fy.kind == "period" and shown("62 in 2018/19") == [
        ("62", "number"),
        ("2018/19", "period"),
    ]
    assert fy.same(figures("2018-19")[0]) and fy.same(figures("in 2019")[0])
    assert not fy.same(figures("2017/18")[0]) and not fy.same(figures("in 2017")[0])
    assert not fy.same(figures("2,019 children")[0])  # a count, not a year
    quarter = figures("Q3 2019/20")[0]
    assert quarter.same(figures("in December 2019")[0])  # the month
    assert not quarter.same(figures("in June 2019")[0])


def test_a_period_date_parses_prints_and_spans():
    """ISO 8601 intervals in facts.yaml; "2018/19" is explained, not misread as a month."""
    fy = PartialDate.parse("2018-04/2019-03")
    assert (fy.long(), fy.precision, fy.span()) == (
        "April 2018 to March 2019",
        "period",
        ((2018, 4, 1), (2019, 3, 31)),
    )
    assert PartialDate.parse("2022-11-28/2022-12-09").long() == "28 November to 9 December 2022"
    assert PartialDate.parse("2022-10-03/2022-10-14").iso() == "2022-10-03/2022-10-14"
    with pytest.raises(ValueError, match="cannot end before it starts"):
        PartialDate.parse("2019/2018")
    assert date_problem("2018/19") == (
        "'2018/19' is two years, not a date: write the financial year as 2018-04/2019-03, "
        "an academic year as 2018-09/2019-08"
    )


# --- shares, money, per cent ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one in five children", [("one in five", "percent", 20.0)]),
        ("three in ten families", [("three in ten", "percent", 30.0)]),
        ("one in every four", [("one in every four", "percent", 25.0)]),
        ("1 in 20 plans", [("1 in 20", "percent", 5.0)]),
        ("two-fifths of the staff", [("two-fifths", "percent", 40.0)]),
        ("a third of the teams", [("a third", "percent", 100 / 3)]),
        ("forty per cent of plans", [("forty per cent", "percent", 40.0)]),
        ("40% and 40 per cent", [("40%", "percent", 40.0), ("40 per cent", "percent", 40.0)]),
        (
            "£2.5m, £24.1 million and £3bn",
            [("£2.5m", "money", 2.5e6), ("£24.1 million", "money", 24.1e6), ("£3bn", "money", 3e9)],
        ),
        ("45 in 2013", [("45", "number", 45.0), ("2013", "number", 2013.0)]),
        ("37 in 2011–12", [("37", "number", 37.0), ("2011–12", "period", 2011.0)]),
        ("five in three", [("five", "number", 5.0), ("three", "number", 3.0)]),
    ],
)
def test_shares_money_and_percentages(text, expected):
    """ "N in M" is a share, never "N in YEAR"; fractions and per cent in words."""
    assert [(f.text, f.kind, pytest.approx(f.value)) for f in figures(text)] == expected


def test_n_in_m_and_n_out_of_m_are_ratios():
    """ "one in five" and "4 out of 10" are counts of a whole, compared as pairs."""
    assert [(r.n, r.m) for r in ratios("one in five, and 4 out of 10")] == [(1, 5), (4, 10)]


# --- judgements --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "area", "grade"),
    [
        (
            "The impact of leaders on social work practice with children and families: Requires "
            "improvement to be good",
            "The impact of leaders on social work practice with children and families",
            "requires improvement to be good",
        ),
        ("Overall effectiveness is inadequate", "Overall effectiveness", "inadequate"),
        ("Overall effectiveness Outstanding", "Overall effectiveness", "outstanding"),
        ("Overall effectiveness – Good", "Overall effectiveness", "good"),
        (
            "Children’s services in Norfolk are inadequate.",
            "Children’s services in Norfolk",
            "inadequate",
        ),
        (
            "Children’s services in Barset require improvement to be good.",
            "Children’s services in Barset",
            "requires improvement to be good",
        ),
        (
            "The overall judgement is that children’s services are inadequate.",
            "children’s services",
            "inadequate",
        ),
        (
            "The overall judgement is requires improvement",
            "overall judgement",
            "requires improvement",
        ),
        ("Quality of provision Grade 3 (Adequate)", "Quality of provision", "adequate"),
        ("Leadership and management are good.", "Leadership and management", "good"),
        ("Safe: Requires improvement", "Safe", "requires improvement"),
        (
            "Since 2017, when the council was judged to be good, services have declined.",
            "the council",
            "good",
        ),
        (
            "Ofsted rated its children’s services inadequate in 2018.",
            "its children’s services",
            "inadequate",
        ),
        (
            "Care is good overall and the fostering service is judged outstanding.",
            "the fostering service",
            "outstanding",
        ),
        (
            "Where services for children and looked after children were judged inadequate, leaders "
            "acted.",
            "services for children and looked after children",
            "inadequate",
        ),
    ],
)
def test_a_grade_with_its_area_is_a_judgement(text, area, grade):
    """Headings, table rows, "is/are (judged)", the overall judgement, grade numbers."""
    found = judgement(text)
    assert found is not None and (found.area, found.grade) == (area, grade)


@pytest.mark.parametrize(
    "text",
    [
        "There is good evidence of thorough planning.",
        "For most children, placement stability is good.",
        "The quality of the recording is inadequate.",
        "The council is good at listening to children.",
        "Half of the cases audited were found to be inadequate.",
        "Eight were judged to be good or outstanding.",
        "Inadequate (Grade 4)",
        "Leaders know that practice requires improvement in the front door.",
    ],
)
def test_a_grade_word_alone_is_not_a_judgement(text):
    """An adjective of practice, an audit's finding, a count of settings, a legend."""
    assert judgement(text) is None


# --- stated dates on a first page -------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            "Inspection of Barset children’s services\nInspection dates: 3 to 14 October 2022\n",
            [("inspection", "2022-10-03/2022-10-14", "3 to 14 October 2022")],
        ),
        (
            "Inspected 3 October to 14 October 2022\nReport published: 25 November 2022\n",
            [
                ("inspection", "2022-10-03/2022-10-14", "3 October to 14 October 2022"),
                ("publication", "2022-11-25", "25 November 2022"),
            ],
        ),
        (
            "Inspection dates: 28 November to 9 December 2022\n",
            [("inspection", "2022-11-28/2022-12-09", "28 November to 9 December 2022")],
        ),
        (
            "Inspection date: 30 September – 11 October 2019\nDate of publication: 2 December 2019",
            [
                ("inspection", "2019-09-30/2019-10-11", "30 September – 11 October 2019"),
                ("publication", "2019-12-02", "2 December 2019"),
            ],
        ),
        (
            "Inspection dates: 29 December to 9 January 2023\n",
            [("inspection", "2022-12-29/2023-01-09", "29 December to 9 January 2023")],
        ),
        (
            "Inspection dates: 19 November-11 December 2013 and 28 – 30\nJanuary 2014\nThe overall",
            [
                (
                    "inspection",
                    "2013-11-19/2014-01-30",
                    "19 November-11 December 2013 and 28 – 30\nJanuary 2014",
                )
            ],
        ),
        # labels in one column, values in another: taken in the order of their labels
        (
            "Inspection dates:\n\n15 – 19 July 2013\n\nLead inspector Jo Bloggs HMI\n\nAge group:\n"
            "Published:\n\nAll\n23 August 2013\n",
            [
                ("inspection", "2013-07-15/2013-07-19", "15 – 19 July 2013"),
                ("publication", "2013-08-23", "23 August 2013"),
            ],
        ),
    ],
)
def test_stated_dates_are_read_with_their_words(page, expected):
    """Inspection ranges across months and years, publication dates, split layouts."""
    found = stated_dates(page)
    assert [(d.what, d.date.iso(), d.words) for d in found] == expected
    assert all(page[d.start : d.end] == d.words for d in found)


@pytest.mark.parametrize(
    "page",
    [
        "Inspection dates: to be confirmed\nThe council was visited on 3 May 2022.\n",
        "Report published: 31 February 2022\n",
        "Inspection dates: 3 to 14 Octember 2022\n",
        "Inspection dates: 3 to 14 October\n",
        "This report was published on 3 May 2022 by the council.\n",
        "Age group:\nPublished:\n\nAll\n",
    ],
)
def test_stated_dates_are_never_assumed(page):
    """No date after the label, an impossible or misspelt one, no year, an unlabelled one."""
    assert stated_dates(page) == []


# --- candidates, facts and review --------------------------------------------------------------


def test_report_candidates_propose_judgements_and_periods(make_dossier):
    """A judgement is an official finding naming area and grade; a period is its as-at."""
    root = make_dossier(
        sources={
            "a.txt": (
                "Overall effectiveness: Inadequate\n\n"
                "In 2018/19, 62 children were adopted from care in the county.\n\n"
                "The council overspent by £2.5m in Q3 2019/20 on placements.\n"
            )
        }
    )
    register = open_dossier(root).load()
    source = register.sources["src-0"]
    found = {c.paragraph: c for c in candidates(source.meta, source.segmentation, register)}
    assert (found[1].kind, found[1].statement) == (
        "official-finding",
        "Overall effectiveness: inadequate (inspection judgement).",
    )
    assert (found[2].as_at, found[2].as_at_from) == (
        PartialDate.parse("2018-04/2019-03"),
        "the sentence",
    )
    assert found[3].figure is not None and found[3].figure.in_period == "Q3 2019/20"
    entry = fact_entry(found[2], "adoptions-2018-19", measure="adoptions")
    assert entry["as_at"] == "2018-04/2019-03"
    assert entry["figure"] == {"value": 62.0, "unit": "children", "in_period": "2018/19"}


def test_read_figure_takes_the_one_period_it_is_for():
    """After the figure, or the only one the sentence gives; two periods say neither."""
    assert (
        read_figure("£4m during the third quarter of 2019/20").in_period
        == "the third quarter of 2019/20"
    )
    assert read_figure("In 2018/19, 62 children were adopted.").in_period == "2018/19"
    assert read_figure("In 2018/19, 62 were adopted, and 45 in 2017/18.").in_period is None


def test_review_compares_a_period_with_the_facts_as_at(make_dossier):
    """ "in 2018/19" agrees with a fact as at the financial year; "in 2017/18" does not;
    "4 out of 10" agrees with the fact's 40 per cent."""
    root = make_dossier(
        sources={"a.txt": "Adoptions rose to 62 in the year.\n\nSome 40 per cent waited.\n"},
        facts=(
            "facts:\n"
            "  - id: adoptions\n    statement: 62 children were adopted.\n"
            "    kind: statistic\n    as_at: 2018-04/2019-03\n"
            "    citations: [{source: src-0, quote: Adoptions rose to 62 in the year.}]\n"
            "  - id: waited\n    statement: 40 per cent of children waited.\n"
            "    kind: statistic\n    as_at: 2019\n"
            "    citations: [{source: src-0, quote: Some 40 per cent waited.}]\n"
        ),
    )
    register = open_dossier(root).load()

    def codes(text: str) -> set[str]:
        _, found = review_passages([passage(text)], register)
        return {f.code for f in found if isinstance(f, Finding) and f.severity != "info"}

    assert codes("In 2018/19, 62 children were adopted [@adoptions].") == set()
    assert codes("In 2018-19, 62 children were adopted [@adoptions].") == set()
    assert codes("In 2017/18, 62 children were adopted [@adoptions].") == {"figure-mismatch"}
    assert codes("Four out of 10 children waited [@waited].") == set()
    assert codes("Three out of 10 children waited [@waited].") == {"figure-mismatch"}


def test_the_bench_runs_on_a_folder_of_text(tmp_path):
    """bench/report_figures.py reads any folder of .txt reports; an empty one is an error."""
    (tmp_path / "r.txt").write_text(
        "Inspection dates: 3 to 14 October 2022\n\nOverall effectiveness: Good\n\n"
        "1. In 2018/19, one in five children waited (see paragraph 23).\n",
        encoding="utf-8",
    )
    bench = [sys.executable, str(REPO / "bench" / "report_figures.py")]
    done = subprocess.run(
        [*bench, str(tmp_path), "--sample", "2", "--judgements", "1"],
        capture_output=True,
        text=True,
        check=True,
    )
    counts = done.stdout.splitlines()
    assert counts[0] == "1 reports, 3 sentences, 6 figures"  # the dates' 3, 14, October, 2022
    assert set(counts[1].removeprefix("figures:").strip().split(", ")) >= {
        "number 3",
        "period 1",
        "percent 1",
        "reference-like 0",
    }
    assert "financial-year 1" in counts[2] and counts[3] == "judgements: 1 sentences: good 1"
    assert "inspection in 1 of 1" in counts[4]
    empty = subprocess.run([*bench, str(tmp_path / "none")], capture_output=True, text=True)
    assert empty.returncode == 2 and "no .txt files" in empty.stderr


def test_a_period_date_in_the_register_export_and_chronology(make_dossier):
    """A source dated by its inspection's days exports as CSL's range; a fact as at a
    financial year sorts by its start and ends the chronology at its last month."""
    from evidence.export import csl_json
    from evidence.timeline import timeline

    root = make_dossier(
        sources={"a.txt": "Adoptions rose to 62 in the year.\n"},
        manifest=None,
        facts=(
            "facts:\n  - id: adoptions\n    statement: 62 children were adopted.\n"
            "    kind: statistic\n    as_at: 2018-04/2019-03\n"
            "    citations: [{source: src-0, quote: Adoptions rose to 62 in the year.}]\n"
        ),
    )
    manifest = root / "seeds" / "sources.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            "date: {how: unknown}", "date: {how: stated, value: 2022-10-03/2022-10-14}"
        ),
        encoding="utf-8",
    )
    register = open_dossier(root).load()
    assert csl_json(register)[0]["issued"] == {"date-parts": [[2022, 10, 3], [2022, 10, 14]]}
    (entry,) = timeline(register)
    assert (entry.label, entry.precision) == ("April 2018 to March 2019", "period")


_REPORTISH = st.lists(
    st.sampled_from(
        [
            *"0123456789/–-.,:;() \nQ£%",
            "2018",
            "19",
            "Q3 ",
            " to ",
            " and ",
            "October ",
            "Inspection dates:",
            "Published:",
            "paragraph ",
            "one in ",
            "five",
            "Overall effectiveness",
            " is ",
            "inadequate",
            "good",
            " were judged ",
            "the council",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(_REPORTISH)
def test_any_text_gives_spans_of_itself(text):
    """Whatever the text, each rule answers without error, with spans of the text itself."""
    for found in (*figures(text), *periods(text)):
        assert text[found.start : found.end] == found.text
    for date in stated_dates(text):
        assert text[date.start : date.end] == date.words
        assert date.date.span()[0] <= date.date.span()[1]
    said = judgement(text)
    assert said is None or (said.area.strip() and said.area in " ".join(text.split()))


def test_long_runs_are_read_in_linear_time():
    """A page of year pairs, quarters or references takes well under a second a rule."""
    import time

    for text in ("Q3 2019/20 " * 5000, "paragraphs 1, 2 and " * 5000, "one in five " * 5000):
        began = time.perf_counter()
        figures(text), stated_dates(text), judgement(text)
        assert time.perf_counter() - began < 2.0
