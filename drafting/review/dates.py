"""Dates that look wrong: after the meeting, a meeting already past, a letter's far from today.

A draft with no ``date`` is dated the day it is rendered, so for one of those "today"
is its date. The historical examples carry their own dates, so they review clean on any
day; a meeting in the past is only a warning for an undated draft (it would be dated
after its meeting) or while the draft is being written (``drafting new``).
"""

from __future__ import annotations

import datetime as dt

from drafting.findings import Finding
from drafting.kinds.base import long_date
from drafting.kinds.motion import Meeting
from drafting.models import DraftBase

#: How each kind is named in a sentence ("the motion is dated ...").
_CALLED = {
    "question": "written question",
    "foi": "FOI request",
    "foi-review": "request for internal review",
}
#: Kinds sent on the day they are dated, so a date far from today is a slip. Not an FOI
#: request: its date is the day it was received, from which `drafting check` counts the
#: answer's due date, and an old request is checked to see whether the answer is overdue.
_SENT_ON_THEIR_DATE = frozenset({"letter"})


def today() -> dt.date:
    """Today: the one clock review, render and ``drafting new`` read (a test may set it)."""
    return dt.date.today()


def _year_from(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def date_findings(
    kind: str, draft: DraftBase, on: dt.date | None = None, *, drafting: bool = False
) -> list[Finding]:
    """Warnings about ``draft``'s dates as of the day ``on`` (by default :func:`today`).

    ``drafting`` is true while the draft is being written: then a meeting already past is
    a warning whatever the draft's date.
    """
    on = on or today()
    what = f"the {_CALLED.get(kind, kind)}"
    meeting = getattr(draft, "meeting", None)
    if isinstance(meeting, Meeting):
        return _meeting_findings(what, draft.date, meeting.date, on, drafting)
    day = draft.date
    if (
        day is None
        or kind not in _SENT_ON_THEIR_DATE
        or _year_from(on, -1) <= day <= _year_from(on, 1)
    ):
        return []
    side = "before" if day < on else "after"
    return [
        Finding(
            "warning",
            "date-far-from-today",
            f"{what} is dated {long_date(day)}, more than a year {side} today ({long_date(on)})",
            "date",
            hint="Check the year, or leave date: out to date it the day it is rendered",
        )
    ]


def _meeting_findings(
    what: str, day: dt.date | None, meeting: dt.date | None, on: dt.date, drafting: bool
) -> list[Finding]:
    if meeting is None:
        return [
            Finding(
                "error",
                "placeholder",
                f"the meeting's date is not given: {what} cannot be submitted without it",
                "meeting.date",
                hint="Give meeting.date (YYYY-MM-DD)",
            )
        ]
    out = []
    if day is not None and day > meeting:
        out.append(
            Finding(
                "warning",
                "dated-after-meeting",
                f"{what} is dated {long_date(day)}, after its meeting on {long_date(meeting)}",
                "date",
                hint="Correct the date, or the meeting's date",
            )
        )
    if meeting < on and day is None:
        out.append(
            Finding(
                "warning",
                "meeting-passed",
                f"{what} has no date, so it is dated the day it is rendered "
                f"({long_date(on)}), after its meeting on {long_date(meeting)}",
                "meeting",
                hint="Check the meeting's date; for a record of a "
                "past meeting, give the date the document bore",
            )
        )
    elif meeting < on and drafting:
        out.append(
            Finding(
                "warning",
                "meeting-passed",
                f"its meeting on {long_date(meeting)} is already past: today is {long_date(on)}",
                "meeting",
                hint="Check the meeting's date",
            )
        )
    return out
