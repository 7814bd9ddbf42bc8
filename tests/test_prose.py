"""What prose claims: figures, quotations and attribution, on made-up sentences."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafting.prose import attributed, quotations, quoted_pieces
from evidence.figures import figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("risen back to 232.", [("232", "number", 232)]),
        ("costing £22m a year", [("£22m", "money", 22e6)]),
        ("save as much as £9 million", [("£9 million", "money", 9e6)]),
        ("up 3.5% or 45 per cent", [("3.5%", "percent", 3.5), ("45 per cent", "percent", 45)]),
        ("1,200 children", [("1,200", "number", 1200)]),
        ("seven directors in seven years", [("seven", "number", 7), ("seven", "number", 7)]),
        ("twenty-two cases", [("twenty-two", "number", 22)]),
        ("three out of four", [("three", "number", 3), ("four", "number", 4)]),
        ("on 17 June 2019", [("17", "number", 17), ("June", "month", 6), ("2019", "number", 2019)]),
        (
            "on 17/09/2019",
            [
                ("17/09/2019", "number", 17),
                ("17/09/2019", "month", 9),
                ("17/09/2019", "number", 2019),
            ],
        ),
        ("in May 2020", [("May", "month", 5), ("2020", "number", 2020)]),
        ("We may march to the hall in March", []),
        ("one of the reasons", []),
        ("the Children Act 2004, s.2 and section 17(3)", []),
        ("by 10:00 or 5pm", []),
        ("the A14 and Covid-19", []),
    ],
)
def test_figures(text, expected):
    """Numbers, money, percentages, counts in words and dates; names and times are not figures."""
    assert [(f.text, f.kind, f.value) for f in figures(text)] == expected


def test_a_month_only_matches_a_month():
    """June (6) is not the number 6."""
    june, six = figures("June")[0], figures("6")[0]
    assert not june.same(six) and june.same(figures("June 2019")[0])
    assert june.label() == "June" and six.label() == "6"


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('rated "Inadequate" today', ["Inadequate"]),
        ("said “nothing much had changed”.", ["nothing much had changed"]),
        ("a ‘children’s trust’ plan", ["children’s trust"]),
        ("the 'so-called reforms' were", ["so-called reforms"]),
        ("the councillors' view and the officers' report", []),
        ("children's services", []),
    ],
)
def test_quotations(text, quoted):
    """Double and single quotes, curly or straight; apostrophes never open or close one."""
    assert [text[a:b] for a, b in quotations(text)] == quoted


def test_quoted_pieces_split_at_omissions():
    """Ellipses and [insertions] mark words left out or added."""
    assert quoted_pieces("The service … [with] an alarming figure.") == [
        "The service",
        "an alarming figure",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We believe the trust is wrong", True),
        ("We have real doubts that it will work", True),
        ("In our view the plan fails", True),
        ("The Labour group says it failed", True),
        ("According to the council, it saves money", True),
        ("The trust will save £9 million", False),
        ("The reorganisation was caused by mismanagement", False),
    ],
)
def test_attribution(text, expected):
    """A view presented as somebody's, or as plain fact."""
    assert attributed(text) is expected


@given(st.text())
def test_any_text_gives_figures_and_quotes_inside_it(text):
    """Any text (fuzzed): no exception, and every span lies inside the text."""
    for figure in figures(text):
        assert 0 <= figure.start < figure.end <= len(text)
        assert text[figure.start : figure.end] == figure.text
    for a, b in quotations(text):
        assert 0 <= a < b <= len(text)
