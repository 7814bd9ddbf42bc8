"""What a kind of document provides, so render, review and ``new`` need nothing else.

A kind is one module in :mod:`drafting.kinds` holding a :class:`Kind` subclass:

* ``model``: its draft model (pydantic, ``extra="forbid"``, built from
  :mod:`drafting.models`' shared parts);
* :meth:`Kind.prose`: every text that carries citations, in reading order, with
  its path in the draft file and the template field that shows it;
* :meth:`Kind.context`: the template context, given the prose already turned
  into Word runs (so footnotes are numbered in reading order);
* :meth:`Kind.properties`: the document's title, author and subject;
* :meth:`Kind.questions` and :meth:`Kind.skeleton`: what ``drafting new KIND``
  asks and the draft it writes from the answers;
* :meth:`Kind.checks`: findings of its own (a letter's closing convention).
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from drafting.findings import Finding, Review
from drafting.models import DraftBase
from evidence.dossier import DossierConfig
from evidence.yamlio import Loc

if TYPE_CHECKING:
    from drafting.council.rules import CheckResult
    from evidence.dossier import Dossier

D = TypeVar("D", bound=DraftBase)


@dataclass(frozen=True)
class Prose:
    r"""A text of the draft that carries citations.

    ``loc`` is its path in the draft file (for line numbers); ``shown_by`` is
    the template field path that shows it (``body[].runs``), checked against the
    template before rendering so no citation can silently vanish; ``prefix`` is
    printed before it (a list number such as ``"1.\t"``).
    """

    text: str
    loc: Loc
    shown_by: str
    prefix: str = ""
    label: str = ""  # how a background section names it ("Clause 3"); default "Paragraph N"
    #: What the text does besides stating: "asks" (an item requested, a question: the dates
    #: that set its scope are no claim) or "proposes" (a resolution's clause:
    #: what it proposes is no claim) or "notes" (a motion's clause under "This Council
    #: notes": a fact it records, to be cited). Review reads it (:mod:`drafting.proposals`). Not an
    #: amendment's instruction: the words it inserts become the motion's, claims and all.
    mood: str = ""


@dataclass(frozen=True)
class Properties:
    """The document properties Word shows (File > Info)."""

    title: str
    author: str
    subject: str = ""


@dataclass(frozen=True)
class Question:
    """One thing ``drafting new`` asks; ``path`` is the field it fills in the draft."""

    path: Loc
    prompt: str
    required: bool = True
    #: "text", "date", "time", "email", "telephone", "lines" (typed with commas between
    #: them), or "section" (clauses under the prompt as heading).
    kind: str = "text"


class Kind(ABC, Generic[D]):
    """A kind of document: letter, motion, question, FOI request."""

    name: ClassVar[str]
    model: ClassVar[type[DraftBase]]
    #: Sentences ``drafting new`` writes for the user to replace; review flags them.
    placeholders: ClassVar[tuple[str, ...]] = ()
    #: Lines of advice at the top of a new draft of this kind (``drafting new``).
    guide: ClassVar[tuple[str, ...]] = ()
    #: Whether text in quotation marks quotes evidence (false: an amendment quotes the motion).
    quotes_are_evidence: ClassVar[bool] = True
    #: How a message names several ("motions", "FOI requests").
    plural: ClassVar[str] = ""

    @property
    def template(self) -> str:
        """The name of the shipped template (``templates/NAME.docx``)."""
        return self.name

    @abstractmethod
    def prose(self, draft: D) -> list[Prose]:
        """Every text carrying citations, in reading order."""

    @abstractmethod
    def context(self, draft: D, runs: Sequence[Any], today: dt.date) -> dict[str, Any]:
        """The template context; ``runs[i]`` is ``prose(draft)[i]`` rendered as Word runs."""

    @abstractmethod
    def properties(self, draft: D) -> Properties:
        """Title, author and subject for the document's properties."""

    def checks(self, draft: D) -> list[Finding]:
        """Findings of this kind's own (conventions, required elements)."""
        return []

    def check_rules(
        self,
        draft: D,
        dossier: Dossier,
        review: Review,
        *,
        council: str | None = None,
        submitted: dt.datetime | None = None,
    ) -> CheckResult | None:
        """What ``drafting check`` finds: deadline and form, by the rules for this kind.

        None for a kind no rules cover (a letter). ``council`` is a profile asked for on the
        command line, over the draft's own; ``review`` is the draft's review, already done.
        """
        return None

    def adopt(self, draft: D, dossier: DossierConfig) -> D:
        """The draft with what the dossier sets for every document (a letterhead) filled in."""
        return draft

    @abstractmethod
    def questions(self) -> list[Question]:
        """What ``drafting new`` asks, in order."""

    @abstractmethod
    def skeleton(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The new draft's data from the answers, with placeholder prose to replace."""

    #: A small valid draft using every part of the model (for checking templates).
    sample: ClassVar[dict[str, Any]] = {}

    def provides(self) -> frozenset[str]:
        """Every field path the kind's context gives a template (``body[].runs`` ...)."""
        draft = self.model.model_validate(self.sample)
        runs = ["" for _ in self.prose(draft)]  # type: ignore[arg-type]
        context = with_signature_rows(self.context(draft, runs, dt.date(2026, 1, 1)))  # type: ignore[arg-type]
        context["references"] = [{"number": 1, "text": ""}]
        context["background"] = [{"label": "", "text": ""}]
        return frozenset(field_paths(context))

    def requires(self) -> frozenset[str]:
        """The fields a template must show: where the kind's prose (and citations) go."""
        draft = self.model.model_validate(self.sample)
        return frozenset(p.shown_by for p in self.prose(draft))  # type: ignore[arg-type]


def field_paths(value: Any, prefix: str = "") -> set[str]:
    """The paths of a context: ``{"a": [{"b": 1}]}`` -> ``a``, ``a[]``, ``a[].b``."""
    out: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            out |= {path} | field_paths(item, path)
    elif isinstance(value, list | tuple):
        out.add(f"{prefix}[]")
        for item in value:
            out |= field_paths(item, f"{prefix}[]")
    return out


#: The most signatories a row of a sign-off holds (a row never breaks across pages).
ROW = 4


def signature_rows(people: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Signatories in rows (``{"people": [...]}``) of at most :data:`ROW`, as even as they go.

    Nine signatories make rows of 3, 3 and 3. The shipped templates print a row whole on
    one page, the closing with the first.
    """
    count = -(-len(people) // ROW)
    size = -(-len(people) // count) if count else 0
    return (
        [{"people": list(people[i : i + size])} for i in range(0, len(people), size)]
        if size
        else []
    )


def with_signature_rows(context: dict[str, Any]) -> dict[str, Any]:
    """``context`` with ``signature_rows``: its ``signatories`` (or ``senders``) in rows."""
    people = context.get("signatories", context.get("senders")) or []
    return {**context, "signature_rows": signature_rows(people)}


def long_date(day: dt.date) -> str:
    """``23 November 2026``, as UK letters and notices write it."""
    return f"{day.day} {day:%B} {day.year}"
