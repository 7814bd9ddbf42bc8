"""A request for internal review of how an FOI request was answered (or not answered).

The Act's code of practice (s.45) expects an authority to have an internal review
procedure, and the Information Commissioner expects a complainant to have used it before
complaining under s.50. The ICO's guidance: ask within 40 working days of the reply;
the authority should finish the review within 20 working days (40 at most). The draft
names the request (its date and subject) and the reply (its date, or none), and gives
the grounds, each a heading and points, which ``drafting new foi-review --request``
writes from the reply's lateness and the sections it refused under
(:mod:`drafting.kinds.foi_reply`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import Field, model_validator

from drafting.council.replies import due_date
from drafting.council.rules import CheckResult, foi_check
from drafting.findings import Review
from drafting.kinds.base import Kind, Properties, Prose, Question, long_date
from drafting.kinds.foi import Applicant, to_authority
from drafting.models import Day, DraftBase, Model, Recipient, Text
from evidence.dossier import Dossier

#: The ICO's guidance: a review within 20 working days, 40 at most; asked within 40 of the reply.
REVIEW_DAYS, REVIEW_MOST, ASK_WITHIN = 20, 40, 40


class RequestNamed(Model):
    """The request reviewed: when it was made, what it asked about, the authority's reference."""

    date: Day
    subject: Text
    reference: Text | None = Field(default=None, description="the authority's reference")


class Ground(Model):
    """One ground for the review: a heading, points of law, and the requester's own points.

    ``law`` holds what the Act (and the ICO's guidance) say, as ``drafting new foi-review``
    writes it from its table: statements of law, not claims about the evidence, so review
    does not ask for citations there. ``points`` are the requester's own, cited like any
    other prose.
    """

    heading: Text
    law: tuple[Text, ...] = ()
    points: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _said(self) -> Self:
        if not self.law and not self.points:
            raise ValueError("a ground needs law: or points: (what is argued under it)")
        return self


class FoiReviewDraft(DraftBase):
    """A request for internal review of an FOI request's handling."""

    kind: Literal["foi-review"]
    applicant: Applicant
    authority: Recipient
    request: RequestNamed
    replied: Day | None = Field(default=None, description="the reply's date; none: no reply")
    grounds: Annotated[tuple[Ground, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.replied is not None and self.replied < self.request.date:
            raise ValueError("replied: the reply is dated before the request (request.date)")
        if self.date is not None and self.date < (self.replied or self.request.date):
            what = "reply (replied)" if self.replied else "request (request.date)"
            raise ValueError(f"date: the review is dated before the {what} it reviews")
        return self


def _intro(draft: FoiReviewDraft) -> str:
    made = (
        f"On {long_date(draft.request.date)} I asked for information under the Freedom of "
        f"Information Act 2000: “{draft.request.subject}”."
    )
    if draft.replied is None:
        return f"{made} I have had no reply."
    return f"{made} You replied on {long_date(draft.replied)}."


_CLOSING = (
    f"Please complete the review within {REVIEW_DAYS} working days of receiving this "
    f"request, as the Information Commissioner's guidance expects (and in no case more than "
    f"{REVIEW_MOST}), and send me any information the review finds should be released.",
    "If the review does not resolve these points, I will complain to the Information "
    "Commissioner's Office under section 50 of the Act.",
)


class FoiReview(Kind[FoiReviewDraft]):
    """A request for internal review of an FOI request's handling."""

    name = "foi-review"
    plural = "requests for internal review"
    model = FoiReviewDraft
    guide = (
        "Each ground's law: states the Act; add points: under a ground for your own",
        "arguments (what the reply got wrong), citing evidence as [@fact-id].",
    )
    placeholders = ("Say what the reply withheld or got wrong, and why it should be reconsidered.",)
    sample: ClassVar[dict[str, Any]] = {
        "kind": "foi-review",
        "applicant": {"name": "A B", "address": ["1 Street"], "email": "a@example.org"},
        "authority": {"organisation": "C", "address": ["2 Road"]},
        "request": {"date": "2019-09-20", "subject": "S", "reference": "R"},
        "replied": "2019-10-21",
        "grounds": [{"heading": "H", "law": ["l"], "points": ["p"]}],
    }

    def prose(self, draft: FoiReviewDraft) -> list[Prose]:
        """Each point of each ground, in order."""
        return [
            Prose(
                point,
                ("grounds", i, "points", j),
                "grounds[].points[].runs",
                label=f"Ground {i + 1}, point {j + 1}",
                mood="asks",
            )
            for i, ground in enumerate(draft.grounds)
            for j, point in enumerate(ground.points)
        ]

    def context(self, draft: FoiReviewDraft, runs: Sequence[Any], today: dt.date) -> dict[str, Any]:
        """Applicant and authority blocks, date, the request and reply, grounds, closing."""
        given = iter(runs)
        return {
            "kind": draft.kind,
            **to_authority(draft.applicant, draft.authority, draft.date, today),
            "subject": f"Request for internal review: {draft.request.subject}",
            "reference": draft.request.reference or "",
            "intro": _intro(draft),
            "grounds": [
                {
                    "heading": g.heading,
                    "law": list(g.law),
                    "points": [{"runs": next(given)} for _ in g.points],
                }
                for g in draft.grounds
            ],
            "closing": list(_CLOSING),
        }

    def properties(self, draft: FoiReviewDraft) -> Properties:
        """The subject; the applicant; "Request for internal review"."""
        return Properties(
            f"Internal review: {draft.request.subject}",
            draft.applicant.name,
            "Request for internal review (Freedom of Information Act 2000)",
        )

    def questions(self) -> list[Question]:
        """Who asks, which authority, the request's date and subject, the reply's date."""
        return [
            Question(("applicant", "name"), "Your full name, as on the request"),
            Question(("applicant", "email"), "Your email for the reply", required=False),
            Question(("authority", "organisation"), "The public authority"),
            Question(("request", "date"), "The date of your request", kind="date"),
            Question(("request", "subject"), "What the request was about"),
            Question(
                ("replied",), "The date of the reply (blank: no reply)", required=False, kind="date"
            ),
        ]

    def skeleton(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The answers, with one ground holding a placeholder point to replace."""
        grounds = [{"heading": "Grounds for review", "points": list(self.placeholders)}]
        return {"kind": "foi-review", "grounds": grounds, **answers}

    def check_rules(
        self,
        draft: FoiReviewDraft,
        dossier: Dossier,
        review: Review,
        *,
        council: str | None = None,
        submitted: dt.datetime | None = None,
    ) -> CheckResult:
        """The review's due date (20 working days), and whether it was asked for in time."""
        result = foi_check(
            self.name,
            draft.date,
            dossier,
            review,
            submitted=submitted,
            days=REVIEW_DAYS,
            why=f"the ICO's guidance; {REVIEW_MOST} working days at the most",
        )
        result.due_label = ("review due by", "ICO guidance")
        received = submitted.date() if submitted else (draft.date or dt.date.today())
        most, _ = due_date(received, REVIEW_MOST)
        result.notes.append(f"at the most (ICO guidance): {long_date(most)}")
        if draft.replied is not None:
            _asked_in_time(draft.replied, received, result)
        return result


def _asked_in_time(replied: dt.date, received: dt.date, result: CheckResult) -> None:
    """A breach when the review is asked for more than 40 working days after the reply."""
    by, _ = due_date(replied, ASK_WITHIN)
    if received > by:
        result.breaches.append(
            f"late: an internal review should be asked for within {ASK_WITHIN} working days "
            f"of the reply ({long_date(replied)}), by {long_date(by)} (ICO guidance); the "
            "authority may decline a later one"
        )
    else:
        result.notes.append(
            f"asked in time: within {ASK_WITHIN} working days of the reply, by {long_date(by)}"
        )


KIND = FoiReview()
