"""Describing a new source for the manifest: what was given, what the document offers, answers.

Nothing is recorded that the document does not state or the user does not give. A date
the page states in its metadata or prints in its text is offered as stated; a date
guessed from the page's words or address is offered as a guess and, if accepted, recorded
as ``inferred`` with that reason.

:func:`questions` lists what is still to be asked of a document (each a :class:`Question`
with the value it offers and the check its answer must pass), so a form can show them all
at once; :func:`describe` turns answers typed to them into the manifest entry. At a
terminal, :func:`interview` asks them one by one through an :data:`Ask` callback, which
checks each answer as it is typed, so a wrong answer is asked again and the earlier
answers are kept. Both take answers through the same checks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, get_args

from evidence.add import Document, new_source, unique_id
from evidence.dates import PartialDate
from evidence.errors import SourceError
from evidence.sources import DateInfo, SourceKind, SourceMeta, kind_label

KINDS: tuple[str, ...] = get_args(SourceKind)


@dataclass(frozen=True)
class Question:
    """One question about a document, with the value it offers and its answer's check."""

    #: The field it fills: title, kind, publisher, authors, date, url or description.
    name: str
    label: str
    #: What a blank answer takes (the document's own value, shown as the default).
    offered: str | None
    #: The answer's value from its text; raises ValueError saying what is wrong.
    check: Callable[[str], Any]
    #: Needed only when the answer to this question (asked before it) is empty.
    unless: str | None = None

    def answer(self, raw: str) -> Any:
        """The value of a typed answer; a blank one takes the offered value.

        Raises:
            ValueError: the answer is not acceptable; the message says why, in plain words.
        """
        return self.check(raw.strip() or self.offered or "")


#: Ask one question; return :meth:`Question.answer` of the answer (asking again while it
#: raises ValueError), or None to leave it unknown. Input that ends raises EOFError.
Ask = Callable[[Question], Any]


class AnswerError(SourceError):
    """An answer to one of :func:`questions` does not pass its check."""

    def __init__(self, question: str, problem: str) -> None:
        super().__init__(f"{question}: {problem}", hint="Nothing was added")
        self.question = question


@dataclass(frozen=True)
class Given:
    """What the user gave on the command line (None: not given)."""

    title: str | None = None
    description: str | None = None
    kind: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    date: PartialDate | None = None
    url: str | None = None
    source_id: str | None = None
    #: The FOI request it answers: a draft's path from the dossier's folder. It makes the
    #: kind ``foi-response``, and only that kind may have one.
    request: str | None = None

    def __post_init__(self) -> None:
        """Refuse a request given with a kind other than an FOI response."""
        if self.request is not None and self.kind not in (None, "foi-response"):
            raise SourceError(
                f"--request: only an FOI response answers a request, and --kind is {self.kind}",
                hint="Give --kind foi-response, or leave --kind out (a request implies it)",
            )

    @property
    def kind_known(self) -> str | None:
        """The kind, given or implied: a document answering a request is an FOI response."""
        return "foi-response" if self.request is not None else self.kind


def _text(raw: str) -> str | None:
    return " ".join(raw.split()) or None


def _kind(raw: str) -> str:
    value = raw.strip().lower()
    if value not in KINDS:
        raise ValueError(f"{raw.strip()!r} is not a kind of source; one of {', '.join(KINDS)}")
    return value


def _date(raw: str) -> PartialDate | None:
    return PartialDate.parse(raw.strip()) if raw.strip() else None


def _authors(raw: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in raw.split(";") if a.strip())


def _required(raw: str) -> str:
    value = _text(raw)
    if value is None:
        raise ValueError("an answer is needed")
    return value


def _title(document: Document, given: Given) -> str | None:
    """The title known without asking: given, or stated by a page reduced to its text."""
    return given.title or (document.offered.title if document.reduced_from else None)


def questions(document: Document, given: Given) -> tuple[Question, ...]:
    """What is still to be asked of ``document``, in order: what ``given`` leaves unknown.

    A page's title is stated in the page, so it is not asked; a text's first line is only
    offered. The description is needed only when there is no title.
    """
    offered = document.offered
    asked: list[Question] = []
    if not given.title and not document.reduced_from:
        asked.append(Question("title", "Title, as the document states it", offered.title, _text))
    if not given.kind_known:
        kinds = f"Kind ({', '.join(KINDS)})"
        asked.append(Question("kind", kinds, "news" if document.reduced_from else "other", _kind))
    if not given.publisher:
        asked.append(Question("publisher", "Publisher", offered.publisher, _text))
    if not given.authors:
        authors = "; ".join(offered.authors) or None
        asked.append(Question("authors", "Author(s), separated by ';'", authors, _authors))
    if given.date is None:
        asked.append(_date_question(document))
    if not given.url:
        asked.append(Question("url", "URL", offered.url, _text))
    if not given.description and not _title(document, given):
        label = "A short neutral description of it"
        unless = None if document.reduced_from else "title"
        asked.append(Question("description", label, None, _required, unless=unless))
    return tuple(asked)


def _date_question(document: Document) -> Question:
    """The date: a stated one offered as the default; a guess shown, to be typed to be used."""
    offered = document.offered
    label = "Date (YYYY, YYYY-MM or YYYY-MM-DD; blank if unknown)"
    if offered.date is not None and offered.date_guessed:
        label += f" - a guess, {offered.date_evidence}: {offered.date.iso()}; type it to use it"
        return Question("date", label, None, _date)
    if offered.date is not None:
        label += f" - the document states it: {offered.date_evidence}"
    return Question("date", label, offered.date.iso() if offered.date else None, _date)


def interview(document: Document, given: Given, taken: set[str], ask: Ask) -> SourceMeta:
    """The manifest entry for ``document``, asking each of :func:`questions` through ``ask``.

    ``taken`` holds the ids already in use. An ``ask`` that answers nothing (returns None)
    leaves every question unknown, as :func:`describe` with no answers does.

    Raises:
        SourceError: a given value does not fit the manifest.
        EOFError: the input ended before every question was answered.
    """
    values: dict[str, Any] = {}
    for question in questions(document, given):
        if question.unless is None or not values.get(question.unless):
            values[question.name] = ask(question)
    return _described(document, given, taken, values)


def describe(
    document: Document, given: Given, taken: set[str], answers: Mapping[str, str] | None = None
) -> SourceMeta:
    """The manifest entry for ``document``: given values, then ``answers``, else unknown.

    ``answers`` holds the typed answers to :func:`questions` by name, each taken through its
    question's check (a blank one takes the offered value); a question not answered stays
    unknown (the kind is then ``other``), as with ``--no-input``. ``taken`` holds the ids
    already in use.

    Raises:
        AnswerError: an answer does not pass its check, or answers no question asked.
        SourceError: a given value does not fit the manifest.
    """
    answers = answers or {}
    asked = questions(document, given)
    unasked = sorted(set(answers) - {q.name for q in asked})
    if unasked:
        raise AnswerError(unasked[0], "is not asked of this document (given, or stated by it)")
    values: dict[str, Any] = {}
    for question in asked:
        raw = answers.get(question.name)
        if raw is None or (question.unless and values.get(question.unless) and not raw.strip()):
            continue
        try:
            values[question.name] = question.answer(raw)
        except ValueError as exc:
            raise AnswerError(question.name, str(exc)) from None
    return _described(document, given, taken, values)


def _described(
    document: Document, given: Given, taken: set[str], values: Mapping[str, Any]
) -> SourceMeta:
    """The manifest entry from what was given and the answers' ``values`` (None: unknown)."""
    title = _title(document, given) or values.get("title")
    kind = given.kind_known or values.get("kind") or "other"
    date = given.date if given.date is not None else values.get("date")
    description = given.description or values.get("description") or title or opening(document, kind)
    new_id = given.source_id or unique_id(short_id(title or document.path.stem), taken)
    return new_source(
        id=new_id,
        file=document.keep_as,
        title=title,
        description=description,
        kind=kind,
        publisher=given.publisher or values.get("publisher"),
        authors=tuple(given.authors or values.get("authors") or ()),
        date=_date_info(document, date),
        url=given.url or values.get("url"),
        added_from=document.reduced_from,
        request=given.request,
        sha256=document.sha256,
    )


def _date_info(document: Document, date: PartialDate | None) -> DateInfo:
    """How the date is known: stated by the document, a guess of its confirmed, or given."""
    offered = document.offered
    if date is None:
        return DateInfo(how="unknown")
    from_document = offered.date is not None and date == offered.date
    guess = from_document and offered.date_guessed
    return DateInfo(
        value=date,
        how="inferred" if guess else "stated",
        reason=(
            f"{offered.date_evidence}; confirmed when added"
            if guess
            else offered.date_evidence
            if from_document
            else "given when added"
        ),
    )


def opening(document: Document, kind: str, words: int = 10) -> str:
    """A description no one gave, from the document's own first words, never its file name.

    "News report beginning “Children's services in the county were ...”": a reader of the
    finished document learns what it is without a file name, and nothing is invented.
    """
    first = document.offered.title or next(
        (line for line in document.text.splitlines() if line.strip()), ""
    )
    kept = first.split()
    quoted = " ".join(kept[:words]) + ("…" if len(kept) > words else "")
    what = (kind_label(kind) or "document").capitalize()
    return f"{what} beginning “{quoted}”" if kept else f"{what} with no text"


#: Words a short id leaves out: they say nothing of which document it is.
_FILLER = frozenset(
    {
        "a",
        "an",
        "and",
        "the",
        "of",
        "for",
        "in",
        "on",
        "to",
        "at",
        "by",
        "with",
        "from",
        "its",
        "their",
        "our",
    }
)


def short_id(title: str, words: int = 5) -> str:
    """A source id of at most ``words`` words from a title, filler words left out.

    "Inspection of North Northamptonshire local authority children's services" ->
    ``inspection-north-northamptonshire-local-authority``.
    """
    from evidence.dossier import slug_for

    parts = [w for w in slug_for(title).split("-") if w not in _FILLER] or ["source"]
    return "-".join(parts[:words])[:60].strip("-") or "source"
