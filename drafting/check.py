"""``drafting check``: is a motion, amendment, question or FOI request in time and in form?

For a draft and a council profile: the last moment to submit (date and time) with the
working-day arithmetic day by day, whether it has passed (against now, or the time it
is to be submitted), the word count against the limit, the signatories against the
minimum, the required section headings, and the evidence review's findings. Each breach
is named; any breach makes the check fail. For an FOI request: the date an answer is due
under s.10 of the Act, and the s.8 elements (the kind's own checks, in the review).
"""

from __future__ import annotations

import datetime as dt

from drafting.council.rules import CheckResult
from drafting.errors import DraftingError, UsageError
from drafting.findings import Review
from drafting.kinds import KINDS, LoadedDraft
from drafting.kinds.base import Kind
from drafting.kinds.foi import FoiDraft
from drafting.kinds.foi_reply import ReplyOptions, reply_for
from drafting.review import review_loaded
from evidence.dossier import Dossier


def checked_kinds() -> list[str]:
    """The kinds ``drafting check`` covers: those whose module gives rules."""
    return [name for name, kind in KINDS.items() if type(kind).check_rules is not Kind.check_rules]


def _covered() -> str:
    """“motions, amendments, questions and FOI requests”, as the kinds name themselves."""
    names = [KINDS[name].plural for name in checked_kinds()]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


def _review(
    loaded: LoadedDraft, dossier: Dossier, review: Review | None, submitted: dt.datetime | None
) -> Review:
    """The review given (render has one already), or a new one, with ignored codes left out.

    Its dates are judged as of the day it is to be submitted (by default today).
    """
    if review is not None:
        return review
    return review_loaded(loaded, dossier, today=submitted.date() if submitted else None)


def check(
    loaded: LoadedDraft,
    dossier: Dossier,
    *,
    council: str | None = None,
    submitted: dt.datetime | None = None,
    review: Review | None = None,
    reply: ReplyOptions | None = None,
    today: dt.date | None = None,
) -> CheckResult:
    """Check a draft against its kind's rules (a council's profile, the FOI Act) and evidence.

    ``review`` is the draft's review when the caller has one already (a render). For an FOI
    request, its reply too: ``reply`` gives what the command line says of it (its date, the
    grounds), and the dossier's replies linked to the request are read (as of ``today``).

    Raises:
        DraftingError: the draft is of a kind no rules cover.
        UsageError: reply options for a draft that is not an FOI request, or wrong ones.
    """
    if reply is not None and reply.given and loaded.kind.name != "foi":
        raise UsageError(
            f"--replied, --refused and --extended are for FOI requests, not a {loaded.kind.name}",
            path=loaded.path,
            hint="Give the FOI request's draft (kind: foi)",
        )
    if loaded.kind.name not in checked_kinds():
        raise DraftingError(
            f"drafting check covers {_covered()}, not a {loaded.kind.name}",
            path=loaded.path,
            hint="Review it with `drafting review` instead",
        )
    answered = None
    if isinstance(loaded.draft, FoiDraft):  # its reply first: a wrong option stops at once
        answered = reply_for(
            loaded.draft,
            loaded.path,
            dossier,
            reply or ReplyOptions(),
            submitted=submitted,
            today=today,
        )
    review = _review(loaded, dossier, review, submitted)
    result = loaded.kind.check_rules(
        loaded.draft, dossier, review, council=council, submitted=submitted
    )
    assert result is not None  # a kind in checked_kinds() gives rules
    if answered is not None:
        result.reply = answered
        result.breaches += answered.problems
    if review.errors:
        result.breaches.append(f"review: {review.summary()}")
    return result
