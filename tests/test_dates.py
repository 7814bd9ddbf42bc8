import datetime as dt

import pytest

from evidence.dates import PartialDate


@pytest.mark.parametrize(("raw", "iso", "long", "precision"), [
    (2019, "2019", "2019", "year"),
    ("2019-06", "2019-06", "June 2019", "month"),
    ("2019-07-30", "2019-07-30", "30 July 2019", "day"),
    (dt.date(2026, 11, 23), "2026-11-23", "23 November 2026", "day"),
])
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
