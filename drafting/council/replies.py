"""Whether an FOI request was answered in time, and on what grounds it was refused.

The reply's date is ``--replied``, else the date of the dossier's source of kind
``foi-response`` whose ``request`` names the request's draft (never guessed: a source of
unknown date says so). The answer was due on the 20th working day following receipt
(s.10(1)); a reply that says the authority is taking more time to consider the public
interest (s.10(3)) is reported as such, not as late, within 40 working days (the most
the ICO's guidance calls reasonable). With no reply, a request past its due date is
overdue as of today. The refusal grounds are the sections the reply's text cites
(:mod:`drafting.council.sections`), and those given with ``--refused``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from drafting.council.calendar import Calendar, Day
from drafting.council.exemptions import Provision
from drafting.council.sections import extends_for_public_interest, refusal_grounds
from drafting.errors import UsageError
from evidence.dossier import Dossier
from evidence.sources import Source

#: s.10(1): the 20th working day following receipt.
DUE_DAYS = 20
#: s.10(3) and the ICO's guidance: a public interest extension of no more than 20 more.
EXTENDED_DAYS = 40
#: Counting further than this many days is refused (a mistyped year).
_MOST_DAYS = 3660

Status = Literal["in-time", "extended", "late", "overdue", "awaiting", "unknown"]
_CALENDAR = Calendar("united-kingdom")


@dataclass
class ReplyCheck:
    """When an FOI request was answered, against its due date, and what the reply refused."""

    received: dt.date
    due: dt.date
    status: Status
    replied: dt.date | None = None
    source: str | None = None  # the reply's source id, when its date came from the dossier
    extended: bool = False  # the reply extends for the public interest test (s.10(3))
    late_by: int | None = None  # working days after the due date (or so far)
    late_days: list[Day] = field(default_factory=list)
    grounds: list[Provision] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    as_of: dt.date = field(default_factory=dt.date.today)

    @property
    def problems(self) -> list[str]:
        """What a check reports as breaches: lateness, and each ground of refusal."""
        out = []
        if self.status in ("late", "overdue"):
            out.append(self.verdict())
        out += [f"refused under {g.cited} ({g.name})" for g in self.grounds]
        return out

    def verdict(self) -> str:
        """One sentence on the timing, naming the due date and the reply date."""
        due = _long(self.due)
        when = f"replied on {_long(self.replied)}" if self.replied else "no reply"
        days = (
            "more than ten years"
            if self.late_by is None
            else f"{self.late_by} working day{'' if self.late_by == 1 else 's'}"
        )
        return {
            "in-time": f"in time: {when}, on or before the due date, {due}",
            "extended": f"extended for the public interest test (s.10(3)): {when}, after the "
            f"due date ({due}) but within {EXTENDED_DAYS} working days of receipt",
            "late": f"late: {when}, {days} after the due date, {due}",
            "overdue": f"overdue: no reply as of today, {_long(self.as_of)}; the answer "
            f"was due by {due} ({days} ago)",
            "awaiting": f"no reply yet: the answer is due by {due}",
            "unknown": f"the reply's date is unknown; the answer was due by {due}",
        }[self.status]

    def data(self) -> dict[str, Any]:
        """JSON-ready: status, dates (ISO 8601), days late, the source, grounds and notes."""
        return {
            "status": self.status,
            "received": self.received.isoformat(),
            "due": self.due.isoformat(),
            "replied": self.replied.isoformat() if self.replied else None,
            "reply_source": self.source,
            "extended": self.extended,
            "late_by_working_days": self.late_by,
            "late_days": [
                {"date": d.date.isoformat(), "counted": d.counted, "why": d.why}
                for d in self.late_days
            ],
            "refused": [
                {"act": g.act, "section": g.number, "name": g.name, "arguments": list(g.points())}
                for g in self.grounds
            ],
            "verdict": self.verdict(),
            "notes": self.notes,
        }


def _long(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "none"


def working_days_after(start: dt.date, end: dt.date) -> tuple[int | None, list[Day]]:
    """The working days after ``start`` up to and including ``end``, with the days skipped.

    None (and no days) when ``end`` is more than ten years on: not worth counting.
    """
    if (end - start).days > _MOST_DAYS:
        return None, []
    trail: list[Day] = []
    day, counted = start, 0
    while day < end:
        day += dt.timedelta(days=1)
        why = _CALENDAR.why_not_working(day)
        counted += why is None
        trail.append(Day(day, None if why else counted, why or ""))
    return counted, trail


def due_date(received: dt.date, days: int = DUE_DAYS) -> tuple[dt.date, list[Day]]:
    """The ``days``-th working day following receipt (bank holidays anywhere in the UK)."""
    return _CALENDAR.count(received, days, working=True, step=1)


def replied_option(value: str, received: dt.date, today: dt.date) -> dt.date:
    """``--replied YYYY-MM-DD``, on or after receipt and not after today.

    Raises:
        UsageError: not a date, before the request was received, or in the future.
    """
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            f"--replied {value!r} is not a date", hint="Write it as YYYY-MM-DD, e.g. 2019-10-18"
        ) from None
    if day < received:
        raise UsageError(
            f"--replied {day.isoformat()} is before the request was received ({_long(received)})",
            hint="Give the date on the reply, or check the request's date (or --submitted)",
        )
    if day > today:
        raise UsageError(
            f"--replied {day.isoformat()} is in the future (today is {_long(today)})",
            hint="Give the date the reply was sent",
        )
    return day


def linked_replies(dossier: Dossier, draft: Path) -> list[Source]:
    """The dossier's sources of kind foi-response whose ``request`` is this draft."""
    target = draft.resolve()
    sources = dossier.load().sources.values()
    return [
        s
        for s in sources
        if s.meta.kind == "foi-response"
        and s.meta.request is not None
        and (dossier.root / s.meta.request).resolve() == target
    ]


def source_date(source: Source) -> dt.date | None:
    """The day a reply source is dated, or None when it is not known to the day."""
    value = source.meta.date.value
    if value is None or value.until is not None or value.day is None or value.month is None:
        return None
    return dt.date(value.year, value.month, value.day)


def reply_check(
    received: dt.date,
    *,
    replied: dt.date | None = None,
    sources: list[Source] | None = None,
    refused: list[Provision] | None = None,
    extended: bool = False,
    today: dt.date | None = None,
) -> ReplyCheck:
    """The reply to a request received on ``received``: in time, late or overdue; its grounds.

    ``replied`` (``--replied``) wins over the ``sources`` linked to the request, whose text
    gives the grounds cited and whether the reply extends for the public interest;
    ``refused`` adds grounds (``--refused``); ``extended`` says the reply extends.
    """
    today = today or dt.date.today()
    due, _ = due_date(received)
    text = "\n\n".join(s.text for s in sources or [])
    result = ReplyCheck(received, due, "awaiting", replied=replied, as_of=today)
    result.extended = extended or extends_for_public_interest(text)
    result.grounds = refusal_grounds(text)
    result.grounds += [g for g in refused or [] if g not in result.grounds]
    if replied is None and sources:
        result.replied, result.source = _dated(sources, received, today, result.notes)
        if result.replied is None:
            result.status = "unknown"
            return result
    _time(result, today)
    return result


def _dated(
    sources: list[Source], received: dt.date, today: dt.date, notes: list[str]
) -> tuple[dt.date | None, str | None]:
    """The latest usable date of the reply sources, and whose; a note for each unusable one."""
    best: tuple[dt.date, str] | None = None
    for source in sources:
        day = source_date(source)
        if day is None:
            notes.append(
                f"the reply {source.id} is dated {source.meta.date.label()}, not known to the "
                "day: give --replied YYYY-MM-DD (its date is not guessed)"
            )
        elif not received <= day <= today:
            side = "before the request was received" if day < received else "in the future"
            notes.append(f"the reply {source.id} is dated {_long(day)}, {side}: not used")
        elif best is None or day > best[0]:
            best = (day, source.id)
    if best is not None:
        notes.append(f"the reply's date is that of the source {best[1]}, {_long(best[0])}")
    return (best[0], best[1]) if best else (None, None)


def _time(result: ReplyCheck, today: dt.date) -> None:
    """Set the status: in time, extended or late for a reply; overdue or awaiting without."""
    if result.replied is not None and result.replied <= result.due:
        result.status = "in-time"
        return
    end = result.replied or today
    if end <= result.due:
        return  # awaiting
    result.late_by, result.late_days = working_days_after(result.due, end)
    if result.replied is None:
        result.status = "overdue"
        return
    longest, _ = due_date(result.received, EXTENDED_DAYS)
    if result.extended and result.replied <= longest:
        result.status = "extended"
        return
    result.status = "late"
    if result.extended:
        result.notes.append(
            f"the reply extends for the public interest test, but came after "
            f"{_long(longest)}, {EXTENDED_DAYS} working days from receipt: the most the "
            "ICO's guidance calls reasonable"
        )
