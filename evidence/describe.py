"""Describing a new source for the manifest: what was given, what the document offers, answers.

Nothing is recorded that the document does not state or the user does not give. A date
the page states in its metadata or prints in its text is offered as stated; a date
guessed from the page's words or address is offered as a guess and, if accepted, recorded
as ``inferred`` with that reason. Each question is asked through an :data:`Ask` callback
(the terminal's prompt, or a web form), which gets a check that turns the answer into a
value or raises :class:`ValueError` with what is wrong, so a wrong answer is asked again
and the earlier answers are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, get_args

from evidence.add import Document, new_source, unique_id
from evidence.dates import PartialDate
from evidence.sources import DateInfo, SourceKind, SourceMeta, kind_label

#: Ask one question: ``ask(label, offered, check)``. ``offered`` is the default shown (an
#: empty answer takes it); ``check(text)`` returns the value or raises ValueError, and the
#: callback asks again until it does not. Input that ends raises EOFError.
Ask = Callable[[str, str | None, Callable[[str], Any]], Any]
KINDS: tuple[str, ...] = get_args(SourceKind)


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


def describe(
    document: Document, given: Given, taken: set[str], ask: Ask | None = None
) -> SourceMeta:
    """The manifest entry for ``document``: given values, then answers, else unknown.

    ``taken`` holds the ids already in use; ``ask`` None asks nothing (what is not given
    stays unknown, and the kind is ``other``).

    Raises:
        SourceError: a given value does not fit the manifest.
        EOFError: the input ended before every question was answered.
    """
    offered = document.offered

    def answer(label: str, default: str | None, check: Callable[[str], Any]) -> Any:
        if ask is None:
            return None
        return ask(label, default, check)

    # a page's title is stated in the page; a text's first line is only offered
    title = given.title or (
        offered.title
        if document.reduced_from
        else answer("Title, as the document states it", offered.title, _text)
    )
    kind = (
        given.kind
        or answer(f"Kind ({', '.join(KINDS)})", "news" if document.reduced_from else "other", _kind)
        or "other"
    )
    publisher = given.publisher or answer("Publisher", offered.publisher, _text)
    authors = (
        given.authors
        or answer("Author(s), separated by ';'", "; ".join(offered.authors) or None, _authors)
        or ()
    )
    date, date_info = given.date, DateInfo(how="unknown")
    if date is None and offered.date is not None and offered.date_guessed:
        date = answer(
            f"Date (YYYY, YYYY-MM or YYYY-MM-DD; blank if unknown) - a guess, "
            f"{offered.date_evidence}: {offered.date.iso()}; type it to use it",
            None,
            _date,
        )
    elif date is None:
        date = answer(
            "Date (YYYY, YYYY-MM or YYYY-MM-DD; blank if unknown)"
            + (f" - the document states it: {offered.date_evidence}" if offered.date else ""),
            offered.date.iso() if offered.date else None,
            _date,
        )
    if date is not None:
        from_document = offered.date is not None and date == offered.date
        guess = from_document and offered.date_guessed
        date_info = DateInfo(
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
    url = given.url or answer("URL", offered.url, _text)
    description = (
        given.description
        or title
        or answer("A short neutral description of it", None, _required)
        or opening(document, kind)
    )
    new_id = given.source_id or unique_id(short_id(title or document.path.stem), taken)
    return new_source(
        id=new_id,
        file=document.keep_as,
        title=title,
        description=description,
        kind=kind,
        publisher=publisher,
        authors=tuple(authors),
        date=date_info,
        url=url,
        added_from=document.reduced_from,
        sha256=document.sha256,
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
