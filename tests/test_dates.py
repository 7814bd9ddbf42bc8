import datetime as dt

import pytest

from evidence.dates import PartialDate


@pytest.mark.parametrize(
    ("raw", "iso", "long", "precision"),
    [
        (2019, "2019", "2019", "year"),
        ("2019-06", "2019-06", "June 2019", "month"),
        ("2019-07-30", "2019-07-30", "30 July 2019", "day"),
        (dt.date(2026, 11, 23), "2026-11-23", "23 November 2026", "day"),
    ],
)
def test_parses_and_prints_each_precision(raw, iso, long, precision):
    """Year, month and day precision parse and print in UK style."""
    date = PartialDate.parse(raw)
    assert (date.iso(), date.long(), date.precision) == (iso, long, precision)


@pytest.mark.parametrize("raw", ["2019-13", "2019-02-30", "June 2019", "19", ""])
def test_refuses_impossible_or_unclear_dates(raw):
    """Impossible dates and free text are errors, not guesses."""
    with pytest.raises(ValueError):
        PartialDate.parse(raw)


def test_partial_dates_order_chronologically():
    """A year sorts before a month in that year, which sorts before a day in it."""
    dates = [PartialDate.parse(v) for v in ("2019-06-17", "2013", "2019-06", "2019")]
    assert [d.iso() for d in sorted(dates)] == ["2013", "2019", "2019-06", "2019-06-17"]


def test_a_written_date_and_the_span_of_a_partial_one():
    """ "14 November 2019" and "March 2023" are read to their precision, an impossible one is
    not; a year spans its whole year, a month its month."""
    from evidence.dates import PartialDate, written_date

    assert written_date("By Jo, 14 November 2019") == (
        PartialDate(2019, 11, 14),
        "14 November 2019",
    )
    assert written_date("in March 2023 the council") == (PartialDate(2023, 3), "March 2023")
    assert written_date("on 31 February 2019") is None
    assert written_date("in 2019") is None
    assert PartialDate(2019).span() == ((2019, 1, 1), (2019, 12, 31))
    assert PartialDate(2019, 6).span() == ((2019, 6, 1), (2019, 6, 31))
