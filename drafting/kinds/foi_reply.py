"""An FOI request's reply, for ``drafting check --replied`` and ``drafting new foi-review``.

:func:`reply_for` reads the options a user gives (``--replied``, ``--refused``,
``--extended``) and the dossier's replies linked to the request, and times the reply
(:mod:`drafting.council.replies`); :func:`review_data` turns what it found into a
request for internal review: a ground for lateness (s.10) and one for each section the
reply refused under, with the points the table gives
(:mod:`drafting.council.exemptions`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafting.council.exemptions import Provision, notice_points
from drafting.council.replies import ReplyCheck, linked_replies, replied_option, reply_check
from drafting.council.sections import parse_refused
from drafting.errors import DraftingError, UsageError
from drafting.kinds.base import long_date
from drafting.kinds.foi import FoiDraft
from drafting.kinds.foi_review import KIND as FOI_REVIEW
from evidence.dossier import Dossier


@dataclass(frozen=True)
class ReplyOptions:
    """What the command line says of the reply: its date, the grounds, an extension."""

    replied: str | None = None
    refused: str | None = None
    extended: bool = False

    @property
    def given(self) -> bool:
        """Whether any was given."""
        return self.replied is not None or self.refused is not None or self.extended

    def grounds(self) -> list[Provision]:
        """``--refused``, read.

        Raises:
            UsageError: an item names no ground for refusing.
        """
        if self.refused is None:
            return []
        try:
            return parse_refused(self.refused)
        except ValueError as exc:
            raise UsageError(
                f"--refused: {exc}",
                hint="Give sections of the Act separated by commas, e.g. --refused 12,40 "
                "(sections 12, 14 and 21 to 44; an EIR exception as 'reg 12(4)(b)')",
            ) from None


def reply_for(
    request: FoiDraft,
    path: Path,
    dossier: Dossier,
    options: ReplyOptions,
    *,
    submitted: dt.datetime | None = None,
    today: dt.date | None = None,
) -> ReplyCheck | None:
    """The request's reply timed and its grounds read; None for an undated request, unasked.

    Received is ``submitted`` (``--submitted``), else the request's date.

    Raises:
        UsageError: a reply option is wrong, or the request has no date to count from.
    """
    today = today or dt.date.today()
    grounds = options.grounds()
    received = submitted.date() if submitted else request.date
    if received is None:
        if options.given:
            raise UsageError(
                "the request has no date, so its reply cannot be timed",
                path=path,
                hint="Give date: (the day it was received) in the draft, or --submitted",
            )
        return None
    replied = replied_option(options.replied, received, today) if options.replied else None
    return reply_check(
        received,
        replied=replied,
        sources=linked_replies(dossier, path),
        refused=grounds,
        extended=options.extended,
        today=today,
    )


def review_data(request: FoiDraft, path: Path, reply: ReplyCheck) -> dict[str, Any]:
    """A request for internal review's draft (as YAML data) from the request and its reply.

    Raises:
        DraftingError: there is nothing to review yet (no reply, and not yet due), or the
            reply's date is not known.
    """
    if reply.status == "awaiting":
        raise DraftingError(
            f"nothing to review yet: there is no reply, and the answer is not due until "
            f"{long_date(reply.due)}",
            path=path,
            hint="Give --replied YYYY-MM-DD when the reply comes",
        )
    if reply.status == "unknown":
        raise DraftingError(
            "the reply's date is not known: " + "; ".join(reply.notes),
            path=path,
            hint="Give --replied YYYY-MM-DD",
        )
    data: dict[str, Any] = {
        "kind": FOI_REVIEW.name,
        "applicant": request.applicant.model_dump(mode="json", exclude_defaults=True),
        "authority": request.authority.model_dump(mode="json", exclude_defaults=True),
        "request": {
            "date": reply.received.isoformat(),
            "subject": request.subject or "; ".join(request.information)[:200],
        },
    }
    if reply.replied is not None:
        data["replied"] = reply.replied.isoformat()
    data["grounds"] = _grounds(reply) or [
        {"heading": "Grounds for review", "points": list(FOI_REVIEW.placeholders)}
    ]
    return data


def _grounds(reply: ReplyCheck) -> list[dict[str, Any]]:
    """Lateness (s.10), each section refused under, and what any refusal notice owes."""
    out = []
    if reply.status in ("late", "overdue"):
        out.append({"heading": "The time for an answer (section 10)", "law": [_late(reply)]})
    for ground in reply.grounds:
        law = list(ground.points()) or [
            f"The reply does not explain why {ground.cited} applies to this information."
        ]
        out.append({"heading": f"The refusal under {ground.cited}: {ground.name}", "law": law})
    if reply.grounds:
        notice = list(notice_points(reply.grounds))
        out.append({"heading": "The refusal notice (section 17)", "law": notice})
    return out


def _late(reply: ReplyCheck) -> str:
    """The s.10 point: received, due, and when (or whether) the reply came."""
    days = (
        "more than ten years"
        if reply.late_by is None
        else f"{reply.late_by} working day{'' if reply.late_by == 1 else 's'}"
    )
    said = (
        f"Section 10(1) of the Act required an answer promptly and no later than "
        f"{long_date(reply.due)}, the 20th working day after my request was received on "
        f"{long_date(reply.received)}."
    )
    if reply.replied is None:
        return f"{said} I have had no reply as of {long_date(reply.as_of)}, {days} late."
    return f"{said} The reply came on {long_date(reply.replied)}, {days} late."
