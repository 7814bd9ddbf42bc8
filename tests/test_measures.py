"""Measures named differently (#22), and the figure a sentence is about.

Every sentence here is made up; none is from the bundled dossier's sources.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from drafting.findings import Finding
from drafting.review.checks import review_passages
from evidence.candidates import candidates
from evidence.conflicts import conflict_groups
from evidence.dates import PartialDate
from evidence.dossier import open_dossier
from evidence.errors import RegisterError
from evidence.figures import figures
from evidence.headfigure import head_figure, parse_figure, read_figure
from evidence.measured import measure_relations, register_hint
from evidence.measures import Measure, counted_phrase, name_in
from evidence.normalise import word_keys
from evidence.register import Register
from tests.conftest import REPO, MakeDossier, refused

sys.path.insert(0, str(REPO / "bench"))
from review_accuracy import passage
from typer.testing import Result

from tests.conftest import drafting

WAITING = Measure(
    id="waiting",
    name="pupils awaiting a place",
    unit="pupils",
    aliases=(
        "children without a school place",
        "unplaced pupils",
        "children who need a school place",
    ),
)
SPEND = Measure(
    id="transport-spend",
    name="school transport spending",
    unit="£",
    aliases=("home to school transport",),
)
CLOSED = Measure(id="closures", name="library closures", aliases=("libraries closed",))
MEASURES = (WAITING, SPEND, CLOSED)


def named(text: str, number: str, measures: tuple[Measure, ...] = MEASURES) -> str | None:
    """The id of the measure the words around the figure written ``number`` name."""
    figure = next(f for f in figures(text) if f.text == number)
    found = name_in(text, figure, measures)
    return found.measure.id if found else None


# --- words folded, phrases matched --------------------------------------------------------


def test_words_fold_plurals_possessives_and_articles():
    """ "Children's places" and "a child place" fold alike; "staircases" is no "case"."""
    assert word_keys("children's places") == word_keys("a child place")
    assert word_keys("waiting for social workers") == word_keys("waits for a social worker")
    assert word_keys("staircases") != word_keys("cases")


@pytest.mark.parametrize(
    ("text", "number", "measure"),
    [
        # the counted phrase after the figure, a relative clause included
        ("Some 310 children who need a school place are still without one.", "310", "waiting"),
        # plural and article differ from the alias
        ("There were 96 children without school places in May.", "96", "waiting"),
        # the phrase before the figure, back to the clause's start
        ("Unplaced pupils have reached a worrying total of 412.", "412", "waiting"),
        # a range: the phrase is before the first figure
        ("Unplaced pupils rose from 300 to 412 over the summer.", "412", "waiting"),
        # money takes only a measure in £
        (
            "The council spends £3.1m a year on home to school transport.",
            "£3.1m",
            "transport-spend",
        ),
        # the longest phrase wins over a shorter one inside it
        ("Last year 14 libraries closed.", "14", "closures"),
    ],
)
def test_a_phrase_names_its_measure(text, number, measure):
    """An alias or name anywhere in the figure's clause, worded as the source words it."""
    assert named(text, number) == measure


@pytest.mark.parametrize(
    ("text", "number"),
    [
        # another figure's own phrase is not this one's
        ("There were 412 unplaced pupils and 40 teachers on leave.", "40"),
        # a count is not a sum: the money measure does not take it
        ("Some 45 buses run home to school transport routes.", "45"),
        # another clause
        ("Unplaced pupils are fewer; 40 teachers left.", "40"),
        # words of the phrase out of order, or only some of them
        ("A place was found for 12 pupils who had been without a school.", "12"),
        # a year is not a count of anything
        ("Unplaced pupils were counted in 2019.", "2019"),
    ],
)
def test_no_measure_where_the_words_do_not_say_it(text, number):
    """Nothing is named by words of another figure, another clause or another order."""
    assert named(text, number) is None


def test_longest_phrase_wins():
    """Two measures, one phrase inside the other: the longer names the figure."""
    short = Measure(id="pupils", name="pupils")
    assert (
        named("Some 310 children who need a school place wait.", "310", (short, WAITING))
        == "waiting"
    )
    assert named("Some 310 pupils wait.", "310", (short, WAITING)) == "pupils"


def test_counted_phrase_is_the_noun_after_the_figure():
    """What accept offers as an alias: the words the figure counts, not the clause after."""
    text = "The report found 57 unplaced secondary pupils who were out of school."
    assert counted_phrase(text, head_figure(text)) == "unplaced secondary pupils"
    text = "The total reached 57."
    assert counted_phrase(text, head_figure(text)) is None


# --- the figure a sentence is about -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The council will spend £480,000 to keep four libraries open.", 480000, "£"),
        ("Four libraries will stay open at a cost of £480,000.", 480000, "£"),
        ("Forty per cent of the 120 schools visited were rated good.", 40, "per cent"),
        ("40 per cent of the £2m budget went on agency staff.", 40, "per cent"),
        ("Some 232 cases were spread across 12 teams.", 232, "cases"),
        ("Across 12 teams, 232 cases were waiting.", 232, "cases"),
        ("The trust hired 30 nurses to clear 900 appointments.", 30, "nurses"),
        ("Waiting lists rose from 200 to 232 in a year.", 232, None),
        ("Class sizes grew by 40 per cent.", 40, "per cent"),
        # an infinitive after the main verb is no complement of another figure
        (
            "The cuts are expected to save £1.1 million a year, about 30% of the budget.",
            1_100_000,
            "£",
        ),
        ("The board plans to recruit 25 wardens to patrol 14 parks.", 25, "wardens"),
    ],
)
def test_head_figure_by_grammar(text, value, unit):
    """Money, then a percentage, then a count of the main clause; not a complement's."""
    figure = read_figure(text)
    assert figure is not None and figure.value == value and figure.unit == unit


@pytest.mark.parametrize(
    ("written", "value", "unit", "bound"),
    [
        ("480000", 480000, None, "="),
        ("£480,000", 480000, "£", "="),
        ("40%", 40, "per cent", "="),
        ("40 per cent", 40, "per cent", "="),
        ("forty per cent", 40, "per cent", "="),
        ("1.2m", 1_200_000, None, "="),
        ("£1.2bn", 1_200_000_000, "£", "="),
        ("more than 200", 200, None, ">"),
        (">=15", 15, None, ">="),
    ],
)
def test_figure_typed_by_hand(written, value, unit, bound):
    """A value as a person writes it; "40 per cent" is 40, never 4."""
    figure = parse_figure(written)
    assert (figure.value, figure.unit, figure.bound) == (value, unit, bound)


@pytest.mark.parametrize("written", ["12abc", "", "four and five", "40 per", "£", "3 4"])
def test_not_a_figure(written):
    """Anything but one value is refused, saying what would do."""
    with pytest.raises(ValueError, match="is not a figure: give one value as written"):
        parse_figure(written)


# --- the register ---------------------------------------------------------------------------

FACTS = """\
# made-up register
measures:
  - id: unplaced
    name: unplaced pupils
    unit: pupils
    aliases:
      - children without a school place   # as the campaign words it
      - children who need a school place

facts:
  - id: unplaced-412
    statement: Unplaced pupils reached 412.
    kind: statistic
    as_at: 2023-09
    measure: unplaced
    citations:
      - source: src-0
        quote: "The figure was 412."
"""
SOURCE = {"a.txt": "Schools report.\n\nThe figure was 412.\n\nThe figure was 380 in spring.\n"}


@pytest.fixture
def tiny(make_dossier: MakeDossier) -> Path:
    """A made-up dossier whose facts.yaml declares one measure."""
    return make_dossier(SOURCE, facts=FACTS)


def load(root: Path) -> Register:
    return open_dossier(root).load()


def cli(root: Path, *args: str, input: str | None = None) -> Result:
    return drafting(*args, dossier=root, input=input)


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        (
            (
                "      - children who need a school place\n",
                "      - children who need a school place\n  - id: other\n    name: others\n"
                "    aliases: [Children needing a school place, children without school places]\n",
            ),
            (
                "facts.yaml:11:",
                "measures[1].aliases[1]: 'children without school places' already "
                "names measure 'unplaced'",
                "An alias may belong to one measure",
            ),
        ),
        (
            ("    measure: unplaced\n", "    measure: unplacd\n"),
            (
                "facts.yaml:15:",
                "facts[0].measure: 'unplacd' is not declared under measures:",
                "Did you mean: unplaced",
            ),
        ),
        (
            (
                "    name: unplaced pupils\n",
                "    name: unplaced pupils\n  - id: unplaced\n    name: pupils unplaced\n",
            ),
            ("measures[1].id: measure 'unplaced' is declared twice",),
        ),
        (
            ("      - children who need a school place\n", "      - the\n"),
            ("measures[0].aliases[1]: 'the' has no words to match",),
        ),
    ],
)
def test_bad_measures_are_one_line_errors(tiny, change, fragments):
    """An alias of two measures, an undeclared measure, an id twice, an alias of no words."""
    facts = tiny / "facts.yaml"
    facts.write_text(facts.read_text().replace(*change))
    refused(cli(tiny, "evidence", "verify"), 2, *fragments)


def test_old_register_without_measures_works(tiny):
    """No measures: list: a fact's measure is a free id, as before."""
    facts = tiny / "facts.yaml"
    text = facts.read_text()
    facts.write_text(text[text.index("facts:") :].replace("unplaced\n", "anything-at-all\n"))
    register = load(tiny)
    assert register.measures == {} and register.facts["unplaced-412"].measure == "anything-at-all"


def test_review_hint_names_the_registers_value(tiny):
    """An uncited figure worded otherwise gets one finding whose hint names the register's
    value and fact; another figure gets the plain hint; a cited one of another value is a
    mismatch naming the measure's fact that states it, if any."""
    register = load(tiny)

    def review(text: str) -> list[Finding]:
        return list(review_passages([passage(text)], register)[1])

    found = review("Now 420 children without a school place wait for news.")
    assert [f.code for f in found] == ["uncited-figure"]
    assert "the register has 412 for unplaced pupils (unplaced-412, as at 2023-09)" in found[0].hint
    found = review("There are 412 children who need a school place.")
    assert "unplaced-412 states 412 for unplaced pupils: cite it" in found[0].hint
    found = review("The library lends 420 books a week.")
    assert found[0].hint == "Cite the fact it comes from, e.g. [@fact-id]"
    found = review("Unplaced pupils reached 420 [@unplaced-412].")
    assert [f.code for f in found] == ["figure-mismatch"]
    assert "register has" not in found[0].hint  # the cited fact is the one it would name
    text = "Some 420 children without a school place"
    assert register_hint(register, text, figures(text)) is not None


def test_candidates_relate_figures_worded_otherwise(tiny):
    """A figure named by an alias: the same value corroborates, another value at the same
    time conflicts, one at another time is a later or earlier value."""
    register = load(tiny)
    for text, as_at, how in [
        ("Some 412 children without a school place", PartialDate(2023, 9), "corroborates"),
        ("Some 430 children without a school place", PartialDate(2023, 9), "conflicts"),
        ("Some 430 children without a school place", None, "conflicts"),
        ("Some 430 children without a school place", PartialDate(2024, 1), "later value"),
        ("Some 380 children without a school place", PartialDate(2023, 3), "earlier value"),
    ]:
        related = measure_relations(register, text, figures(text), as_at)
        assert [(fact, h) for fact, h, _ in related] == [("unplaced-412", how)], text
    text = "Some 430 children without a library card"
    assert measure_relations(register, text, figures(text), None) == []


def test_candidate_from_a_source_worded_otherwise(tiny):
    """A new source's sentence, worded as the alias, relates to the register's fact."""
    (tiny / "new.txt").write_text(
        "Places\n\nIn January 2024 there were 430 children who "
        "need a school place across the county.\n"
    )
    assert (
        cli(tiny, "evidence", "add", str(tiny / "new.txt"), "--no-input", "--id", "new").exit_code
        == 0
    )
    register = load(tiny)
    source = register.sources["new"]
    found = candidates(source.meta, source.segmentation, register)
    assert [(r.fact, r.how) for r in found[0].relations] == [("unplaced-412", "later value")]


def test_conflicts_group_a_fact_by_its_words(tiny):
    """A fact with no measure whose statement names one joins that measure's group."""
    assert (
        cli(
            tiny,
            "evidence",
            "accept",
            "src-0:3.1",
            "--id",
            "spring-380",
            "--as-at",
            "2023-09",
            "--statement",
            "380 children were without a school place.",
        ).exit_code
        == 0
    )
    groups = conflict_groups(load(tiny))
    assert [(g.kind, g.key, set(g.facts)) for g in groups] == [
        ("values", "unplaced", {"unplaced-412", "spring-380"})
    ]
    assert groups[0].summary.startswith("unplaced (unplaced pupils): 2 facts")


# --- accept ---------------------------------------------------------------------------------


def test_accept_adds_aliases_keeping_the_file(tiny):
    """--alias adds to the measure's aliases (lines inserted, the comment kept); an alias
    already its own is not added twice."""
    before = (tiny / "facts.yaml").read_text()
    result = cli(
        tiny,
        "evidence",
        "accept",
        "src-0:3.1",
        "--id",
        "spring-380",
        "--measure",
        "unplaced",
        "--alias",
        "pupils awaiting a place",
        "--alias",
        "Children without school places",
    )
    assert result.exit_code == 0, result.output
    assert "measure unplaced: aliases added: pupils awaiting a place" in result.output
    after = (tiny / "facts.yaml").read_text()
    assert "   # as the campaign words it\n" in after
    assert [line for line in before.splitlines() if line not in after.splitlines()] == []
    assert load(tiny).measures["unplaced"].aliases[-1] == "pupils awaiting a place"
    assert load(tiny).facts["spring-380"].figure.value == 380


def test_accept_declares_a_new_measure(tiny):
    """An undeclared measure is declared with its unit from the figure; one spelt like a
    declared measure, an alias of another measure, are refused and nothing is written."""
    (tiny / "b.txt").write_text(
        "Libraries\n\nThe council will spend £480,000 to keep four libraries open.\n"
    )
    assert (
        cli(tiny, "evidence", "add", str(tiny / "b.txt"), "--no-input", "--id", "b").exit_code == 0
    )
    before = (tiny / "facts.yaml").read_text()
    refused(
        cli(tiny, "evidence", "accept", "b:2.1", "--id", "x", "--measure", "unplaces"),
        2,
        "--measure 'unplaces' is not declared, and is spelt like 'unplaced'",
    )
    refused(
        cli(
            tiny,
            "evidence",
            "accept",
            "b:2.1",
            "--id",
            "x",
            "--measure",
            "lib",
            "--alias",
            "Children without a school place",
        ),
        2,
        "--alias 'Children without a school place' already names measure 'unplaced'",
    )
    assert (tiny / "facts.yaml").read_text() == before
    result = cli(
        tiny,
        "evidence",
        "accept",
        "b:2.1",
        "--id",
        "libraries-480k",
        "--measure",
        "library-spend",
        "--alias",
        "keeping libraries open",
    )
    assert result.exit_code == 0, result.output
    register = load(tiny)
    assert register.measures["library-spend"] == Measure(
        id="library-spend", name="library spend", unit="£", aliases=("keeping libraries open",)
    )
    figure = register.facts["libraries-480k"].figure
    assert (figure.value, figure.unit) == (480000, "£")  # the money, not "four libraries"


def test_accept_figure_and_unit_options(tiny):
    """--figure as written, --unit "%" as per cent; a bad value or unit is exit 2, unwritten."""
    before = (tiny / "facts.yaml").read_text()
    for options, message in [
        (["--figure", "40 per"], "--figure: '40 per' is not a figure"),
        (["--figure", "1.2m", "--unit", "$$"], "--unit: '$$' is not a unit"),
        (["--unit", "!"], "--unit: '!' is not a unit"),
        (["--alias", "x"], "--alias names a measure: give --measure too"),
    ]:
        refused(cli(tiny, "evidence", "accept", "src-0:3.1", "--id", "y", *options), 2, message)
    assert (tiny / "facts.yaml").read_text() == before
    result = cli(
        tiny,
        "evidence",
        "accept",
        "src-0:3.1",
        "--id",
        "share",
        "--measure",
        "unplaced",
        "--figure",
        "40",
        "--unit",
        "%",
    )
    assert result.exit_code == 0, result.output
    figure = load(tiny).facts["share"].figure
    assert (figure.value, figure.unit) == (40, "per cent")


def test_accept_asks_for_aliases_only_at_a_terminal(tiny, monkeypatch):
    """At a terminal the counted words are offered; elsewhere nothing is asked."""
    (tiny / "c.txt").write_text(
        "Update\n\nThe council counted 390 unplaced secondary pupils in October.\n"
    )
    assert (
        cli(tiny, "evidence", "add", str(tiny / "c.txt"), "--no-input", "--id", "c").exit_code == 0
    )
    result = cli(
        tiny,
        "evidence",
        "accept",
        "c:2.1",
        "--id",
        "oct-390",
        "--measure",
        "unplaced",
        input="ignored\n",
    )
    assert result.exit_code == 0 and "Other names" not in result.output
    monkeypatch.setattr("drafting.cli.intake._interactive", lambda: True)
    result = cli(
        tiny, "evidence", "accept", "c:2.1", "--id", "oct-390b", "--measure", "unplaced", input="\n"
    )
    assert "Other names sources give unplaced" in result.output
    assert "[unplaced secondary pupils]" in result.output, result.output
    assert "unplaced secondary pupils" in load(tiny).measures["unplaced"].aliases


def test_first_alias_starts_measures_in_an_old_register(tiny):
    """Without measures:, an --alias starts the list, declaring the measures facts use."""
    facts = tiny / "facts.yaml"
    text = facts.read_text()
    facts.write_text(text[text.index("facts:") :].replace("unplaced\n", "pupils-out\n"))
    result = cli(
        tiny,
        "evidence",
        "accept",
        "src-0:3.1",
        "--id",
        "spring-380",
        "--measure",
        "spring-count",
        "--alias",
        "pupils counted in spring",
    )
    assert result.exit_code == 0, result.output
    register = load(tiny)
    assert list(register.measures) == ["pupils-out", "spring-count"]


def test_bundled_measures_relate_the_issue_example():
    """The bundled dossier: "230 children who need a social worker" is its unallocated cases."""
    register = open_dossier(REPO).load()
    text = "230 children who need a social worker are without one."
    hint = register_hint(register, text, figures(text))
    assert hint == "the register has 232 for unallocated cases (unallocated-cases-232, undated)"
    with pytest.raises(RegisterError):
        from evidence.measures import check_measures
        from evidence.yamlio import parse_yaml

        doc = parse_yaml("measures: []\n", Path("facts.yaml"))
        check_measures((), tuple(register.facts.values()), doc)


def _review_codes(text: str, fact: str) -> list[tuple[str, str]]:
    from drafting.findings import Mark, Passage
    from drafting.review.checks import review_passages

    register = open_dossier(REPO).load()
    _, found = review_passages([Passage(1, text, (Mark(len(text) - 1, "1", (fact,)),))], register)
    return [(f.code, f.message) for f in found if f.severity != "info"]


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("There are 230 children without a social worker.", "agency-social-workers-22m"),
        ("The 232 unallocated cases worry us.", "seven-directors-seven-years"),
    ],
)
def test_a_figure_of_one_measure_cited_to_a_fact_of_another(text, fact):
    """Its words name a measure the cited fact is not of: the wrong fact, one finding."""
    found = _review_codes(text, fact)
    assert [c for c, _ in found] == ["figure-mismatch"]
    assert "for unallocated cases, but the cited fact" in found[0][1]


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("There are 232 children without a social worker.", "unallocated-cases-232"),
        ("Ofsted rated the service on four areas in June 2019.", "ofsted-2019-06-inspection"),
        ("Agency staff cost at least £22 million a year.", "agency-social-workers-22m"),
    ],
)
def test_a_figure_of_its_own_measure_or_none_is_not(text, fact):
    """The right measure, or a count of something no measure counts ("four areas")."""
    assert _review_codes(text, fact) == []


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("232 children were left without a social worker", True),  # two words between
        ("232 children in care were without a social worker", True),
        ("232 children were left for months and months without a social worker", False),
    ],
)
def test_a_phrase_may_have_a_word_or_two_between_its_own(text, named):
    """An alias matches with at most two words slipped between its words, not more."""
    from evidence.figures import figures
    from evidence.measured import named_measure

    register = open_dossier(REPO).load()
    found = named_measure(register, text, figures(text)[0])
    assert (found is not None and found.measure.id == "unallocated-cases") is named
