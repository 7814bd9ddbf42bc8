"""The rules a council's papers are checked by: deadlines, words, and what a check found.

Shared by the kinds that ``drafting check`` covers (:meth:`drafting.kinds.base.Kind.check_rules`):
a council's deadline for a motion, amendment or question counted in (working or clear) days
before its meeting, and the FOI Act's 20 working days for an answer. Each kind adds its own
form rules (a motion's words, signatories and sections) in its own module.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from drafting.council.calendar import Calendar, Day
from drafting.council.profiles import Deadline, Profile, find_profile
from drafting.findings import Review
from evidence.dossier import Dossier

if TYPE_CHECKING:
    from drafting.council.replies import ReplyCheck

#: FOIA s.10(1) and (6): the 20th working day following receipt; working days exclude
#: Saturdays, Sundays, Christmas Day, Good Friday and bank holidays anywhere in the UK.
FOI_WORKING_DAYS = 20
_CITATION = re.compile(r"\[[^\[\]]*@[^\[\]]*\]")
_WORD = re.compile(r"[^\W_][\w'’.-]*")


@dataclass(frozen=True)
class DeadlineResult:
    """The last moment to submit, the rule it comes from, and the days counted."""

    at: dt.datetime
    rule: str
    trail: list[Day]


def deadline(rule: Deadline, meeting: dt.date, calendar: Calendar) -> DeadlineResult:
    """The last moment to submit for a meeting on ``meeting`` under ``rule``.

    "On the Nth working day before" counts back N working days; "N clear (working) days"
    counts N days strictly between the day of notice and the meeting, so notice is due on
    the (working) day before the earliest of them.
    """
    day, trail = calendar.count(meeting, rule.days, working=rule.working, step=-1)
    if rule.clear:
        if rule.working:
            day, more = calendar.previous_working_day(day)
        else:
            day, more = calendar.count(day, 1, working=False, step=-1)
        trail += [Day(d.date, None, "the day notice is due") if d.counted else d for d in more]
    hour, minute = map(int, (rule.time or "23:59").split(":"))
    return DeadlineResult(dt.datetime.combine(day, dt.time(hour, minute)), rule.describe(), trail)


def count_words(texts: list[str]) -> int:
    """Words in ``texts``: citation markers and markup left out, hyphenated words as one."""
    return sum(len(_WORD.findall(_CITATION.sub(" ", t).replace("*", " "))) for t in texts)


@dataclass
class CheckResult:
    """What ``drafting check`` found for one draft."""

    kind: str
    profile: Profile
    chosen: str
    submitted: dt.datetime
    review: Review
    deadline: DeadlineResult | None = None
    words: int | None = None
    signatories: int | None = None
    sections_missing: list[str] = field(default_factory=list)
    breaches: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    answer_due: bool = False  # an FOI request: the deadline is the authority's, to answer
    #: How the summary names an authority's deadline, and the rule it comes from.
    due_label: tuple[str, str] = ("answer due by", "FOI Act s.10")
    reply: ReplyCheck | None = None  # an FOI request's reply: in time, late; what it refused

    @property
    def passed(self) -> bool | None:
        """Whether the deadline has passed at ``submitted`` (None when no deadline is known)."""
        return None if self.deadline is None else self.submitted > self.deadline.at

    @property
    def exit_code(self) -> int:
        """1 on any breach, else 0."""
        return 1 if self.breaches else 0

    def summary(self) -> str:
        """One line: deadline, words, signatories, verdict."""
        parts = []
        if self.deadline is not None and self.answer_due:
            at = self.deadline.at
            parts.append(
                f"{self.due_label[0]} {at:%A} {at.day} {at:%B %Y} ({self.due_label[1]})"
                + (" (overdue)" if self.passed and self.reply is None else "")
            )
            if self.reply is not None:
                parts.append(self.reply.verdict())
        elif self.deadline is not None:
            at = self.deadline.at
            parts.append(
                f"submit by {at:%H:%M} on {at:%A} {at.day} {at:%B %Y}"
                + (" (passed)" if self.passed else "")
            )
        else:
            parts.append("deadline unknown for this council")
        if self.words is not None:
            limit = self.profile.word_limit
            parts.append(f"{self.words} words" + (f" of {limit}" if limit else ""))
        if self.signatories is not None:
            parts.append(f"{self.signatories} signatories ({self.profile.signatories} needed)")
        verdict = f"{len(self.breaches)} breach(es)" if self.breaches else "in time and in form"
        rules = "Freedom of Information Act 2000" if self.answer_due else self.profile.name
        return f"check ({rules}): " + "; ".join(parts) + f": {verdict}"

    def data(self) -> dict[str, Any]:
        """JSON-ready: deadline (ISO 8601), passed, words, word_limit, signatories, findings."""
        import dataclasses

        return {
            "kind": self.kind,
            "council": self.profile.name,
            "profile_chosen": self.chosen,
            "deadline": self.deadline.at.isoformat() if self.deadline else None,
            "deadline_rule": self.deadline.rule if self.deadline else None,
            "days": [
                {"date": d.date.isoformat(), "counted": d.counted, "why": d.why}
                for d in (self.deadline.trail if self.deadline else [])
            ],
            "submitted": self.submitted.isoformat(),
            "passed": self.passed,
            "words": self.words,
            "word_limit": self.profile.word_limit,
            "words_counted": self.profile.words_counted,
            "signatories": self.signatories,
            "signatories_required": self.profile.signatories,
            "sections_missing": self.sections_missing,
            "breaches": self.breaches,
            "notes": self.notes,
            "review": self.review.summary(),
            "reply": self.reply.data() if self.reply else None,
            "findings": [dataclasses.asdict(f) for f in self.review.findings],
        }


class Meeting(Protocol):
    """A council meeting as a draft gives it."""

    @property
    def date(self) -> dt.date | None: ...  # noqa: D102


class MeetingPaper(Protocol):
    """A draft for a council meeting: a motion, an amendment, a question."""

    @property
    def council(self) -> str: ...  # noqa: D102

    @property
    def meeting(self) -> Meeting: ...  # noqa: D102


class CouncilRules:
    """A kind of council paper (motion, amendment, question): its council's deadline.

    Mixed in before :class:`drafting.kinds.base.Kind`, it is the kind's ``check_rules``;
    a kind with rules of form too (a motion) adds them to what this finds.
    """

    name: ClassVar[str]

    def check_rules(
        self,
        draft: Any,
        dossier: Dossier,
        review: Review,
        *,
        council: str | None = None,
        submitted: dt.datetime | None = None,
    ) -> CheckResult:
        """The council's deadline for this kind of paper, from its profile."""
        return council_check(
            self.name, draft, dossier, review, council=council, submitted=submitted
        )


def council_check(
    kind: str,
    paper: MeetingPaper,
    dossier: Dossier,
    review: Review,
    *,
    council: str | None = None,
    submitted: dt.datetime | None = None,
) -> CheckResult:
    """A council paper: its profile's deadline before its meeting, and whether it is late.

    ``council`` is a profile asked for on the command line (``--council``), over the paper's
    own; ``submitted`` is when it is to be submitted (default now).
    """
    meeting = paper.meeting.date
    option = "--council" if council else None
    council = council or paper.council
    profile, chosen = find_profile(dossier, council, option=option)
    result = CheckResult(
        kind,
        profile,
        chosen,
        submitted or dt.datetime.now().replace(second=0, microsecond=0),
        review,
    )
    rule = profile.deadlines.get(kind)  # type: ignore[call-overload]
    if rule is not None and meeting is None:
        result.breaches.append(
            "the meeting's date is not given (meeting.date), so the deadline, counted "
            "back from it, is not known"
        )
    elif rule is not None and meeting is not None:
        result.deadline = deadline(rule, meeting, Calendar(profile.region))
        if result.passed and not result.answer_due:
            at, now = result.deadline.at, result.submitted
            result.breaches.append(
                f"late: the deadline was {at:%H:%M} on {at.day} {at:%B %Y}, "
                f"and it is {now:%H:%M} on {now.day} {now:%B %Y}"
            )
    else:
        result.notes.append(f"the {profile.name} profile gives no deadline for a {kind}")
    return result


def foi_check(
    kind: str,
    dated: dt.date | None,
    dossier: Dossier,
    review: Review,
    *,
    submitted: dt.datetime | None = None,
    days: int = FOI_WORKING_DAYS,
    why: str = "s.10(1), (6)",
) -> CheckResult:
    """The s.10 due date from receipt (``submitted``, else the request's date, else today).

    ``days`` and ``why`` give another count of working days and where it comes from (an
    internal review's: 20 working days, the ICO's guidance).
    """
    profile, _ = find_profile(dossier, None)
    received = submitted.date() if submitted else (dated or dt.date.today())
    due, trail = Calendar("united-kingdom").count(received, days, working=True, step=1)
    result = CheckResult(
        kind,
        profile,
        "the Act's own rules (s.8, s.10), not a council's",
        dt.datetime.now().replace(second=0, microsecond=0),
        review,
        answer_due=True,
    )
    result.deadline = DeadlineResult(
        dt.datetime.combine(due, dt.time(23, 59)),
        f"the {days}th working day following receipt on {received.day} "
        f"{received:%B %Y}, bank holidays anywhere in the UK excluded ({why})",
        trail,
    )
    return result
