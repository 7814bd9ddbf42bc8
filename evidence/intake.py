"""What changes a dossier's evidence, for every face: adding a document, accepting its facts.

The command line (``drafting evidence add | accept | curate``) and the web pages call these
and only print or show what they return. A document is read (:func:`evidence.add.read_document`),
checked against the sources the dossier has (:func:`copies_of`), described
(:mod:`evidence.describe`: by questions asked one by one, or answers from a form), and
added with :func:`add_document`, which returns what was added and its candidate facts. A
candidate (:func:`open_candidates` lists those of a source not yet registered) becomes a
fact with :func:`accept_candidate`, as proposed or with a person's :class:`Edits`,
verified before ``facts.yaml`` is written. Each change holds the dossier
(:meth:`evidence.dossier.Dossier.editing`), is checked whole first, and writes atomically:
a change refused writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from evidence.accept import accept
from evidence.add import Copy, Document, add_source, find_copies
from evidence.candidates import Candidate, candidate_at, candidates, fact_entry
from evidence.describe import Question
from evidence.errors import RegisterError, SourceError

if TYPE_CHECKING:
    from evidence.dossier import Dossier
    from evidence.measures import Measure
    from evidence.register import Register
    from evidence.sources import Source, SourceMeta
    from evidence.verify import CitationCheck


class AlreadyAdded(SourceError):
    """The document's very text is already a source of the dossier: nothing is added."""

    exit_code = 1  # not a mistake: the dossier already has it

    def __init__(self, document: Document, copy: Copy) -> None:
        super().__init__(
            f"{document.path} is already in the dossier as {copy.source} (the same text); "
            "nothing was added"
        )
        self.source = copy.source


@dataclass(frozen=True)
class Added:
    """A document added to the dossier, as it now is there, with its candidate facts."""

    meta: SourceMeta  # its manifest entry, as written
    document: Document
    copies: tuple[Copy, ...]  # the sources it repeats, most alike first
    source: Source
    candidates: tuple[Candidate, ...]

    @property
    def unknown(self) -> tuple[str, ...]:
        """What its entry does not know: publisher, author, date, url."""
        meta = self.meta
        known = (
            ("publisher", meta.publisher),
            ("author", meta.authors),
            ("date", meta.date.value),
            ("url", meta.url),
        )
        return tuple(name for name, value in known if not value)


def copies_of(document: Document, register: Register) -> tuple[Copy, ...]:
    """The sources of ``register`` that ``document`` repeats, most alike first.

    Raises:
        AlreadyAdded: one of them holds the very same text.
    """
    copies = find_copies(document.text, register.sources)
    if copies and copies[0].identical:
        raise AlreadyAdded(document, copies[0])
    return tuple(copies)


def add_document(
    dossier: Dossier, document: Document, meta: SourceMeta, *, id_given: bool = True
) -> Added:
    """Add ``document`` described by ``meta`` (:mod:`evidence.describe`) to the dossier.

    Holding the dossier, its sources are checked again for copies (another command may have
    added one meanwhile): a near copy is recorded as ``duplicate_of`` the source it repeats.
    ``id_given`` false lets the next free id stand in for one taken meanwhile
    (:func:`evidence.add.add_source`). Returns it as the dossier now has it, with its
    candidate facts.

    Raises:
        AlreadyAdded: the dossier has the same text (nothing is written).
        SourceError: the id or the file name is taken (nothing is written).
        UserError: the dossier is the bundled one, or the manifest changed meanwhile.
    """
    with dossier.editing("evidence add"):
        copies = copies_of(document, dossier.load())
        meta = meta.model_copy(update={"duplicate_of": copies[0].source if copies else None})
        meta = add_source(dossier, document, meta, id_given=id_given)
    register = dossier.load()
    source = register.sources[meta.id]
    found = candidates(source.meta, source.segmentation, register)
    return Added(meta, document, copies, source, tuple(found))


def open_candidates(register: Register, source_id: str) -> list[Candidate]:
    """The candidate facts of a source whose words no fact of the register quotes yet.

    Raises:
        RegisterError: the dossier has no such source.
    """
    from evidence.suggest import did_you_mean

    if source_id not in register.sources:
        raise RegisterError(
            f"no source {source_id!r} in the dossier",
            hint=did_you_mean(source_id, register.sources),
        )
    source = register.sources[source_id]
    quoted = {
        c.quote for f in register.facts.values() for c in f.citations if c.source == source_id
    }
    found = candidates(source.meta, source.segmentation, register)
    return [c for c in found if c.quote not in quoted]


def proposed_id(statement: str) -> str:
    """A fact id from a statement's first six words."""
    from evidence.dossier import slug_for

    return slug_for(" ".join(statement.split()[:6]))


@dataclass(frozen=True)
class Edits:
    """A person's changes to a candidate's proposed fact, as typed (None: as proposed).

    ``as_at`` is YYYY, YYYY-MM or YYYY-MM-DD; ``figure`` as written (£480,000, 40%,
    more than 200), in ``unit`` if given; ``unit`` alone replaces the proposed figure's.
    A ``measure`` makes the figure the one the quote is about.
    """

    statement: str | None = None
    kind: str | None = None
    topics: tuple[str, ...] | None = None
    as_at: str | None = None
    measure: str | None = None
    event: str | None = None
    disputed: str | None = None
    figure: str | None = None
    unit: str | None = None

    def entry(self, candidate: Candidate, fact_id: str) -> dict[str, object]:
        """The facts.yaml entry for ``candidate`` with these changes.

        Raises:
            RegisterError: a value that does not read (named as the command line names it:
                ``--as-at``, ``--figure``, ``--unit``, ``--kind``), or a unit for a quote
                with no figure.
        """
        from evidence.dates import PartialDate
        from evidence.headfigure import parse_figure, parse_unit
        from evidence.register import FACT_KINDS

        def read(option: str, parse: Callable[[str], Any], text: str | None) -> Any:
            try:
                return None if text is None else parse(text)
            except ValueError as exc:
                raise RegisterError(f"{option}: {exc}") from None

        if self.kind is not None and self.kind not in FACT_KINDS:
            raise RegisterError(
                f"--kind: {self.kind!r} is not a kind of fact; one of {', '.join(FACT_KINDS)}"
            )
        as_at = read("--as-at", PartialDate.parse, self.as_at)
        unit = read("--unit", parse_unit, self.unit)
        figure = read("--figure", lambda text: parse_figure(text, unit), self.figure)
        return fact_entry(
            candidate,
            fact_id,
            statement=self.statement,
            kind=self.kind,
            topics=self.topics,
            as_at=as_at,
            measure=self.measure,
            event=self.event,
            disputed=self.disputed,
            figure=figure,
            unit=None if figure is not None else unit,
        )


def check_request(fact_id: str, measure: str | None, aliases: tuple[str, ...] = ()) -> None:
    """Refuse a fact id or a measure that is not a slug, or aliases without a measure.

    Raises:
        SchemaError: an id that is not a slug.
        RegisterError: ``aliases`` with no ``measure``.
    """
    from evidence.sources import require_slug

    require_slug(fact_id, "--id")
    if measure is not None:
        require_slug(measure, "--measure")
    if aliases and measure is None:
        raise RegisterError("--alias names a measure: give --measure too")


def alias_question(register: Register, candidate: Candidate, measure: str) -> Question:
    """Other names sources give ``measure``, offering the words the quote counts.

    The offer is left out when the measure already has that name. The answer is names
    separated by commas (``-`` for none).
    """
    from evidence.headfigure import head_figure
    from evidence.measures import counted_phrase

    head = head_figure(candidate.quote)
    seen = counted_phrase(candidate.quote, head) if head is not None else None
    known = register.measures.get(measure)
    if seen and known and seen.lower() in {p.lower() for p in known.phrases}:
        seen = None
    return Question(
        "aliases",
        f"Other names sources give {measure} (comma-separated; - for none)",
        seen,
        lambda text: tuple(a.strip() for a in text.split(",") if a.strip() not in ("", "-")),
    )


@dataclass(frozen=True)
class Accepted:
    """A fact written to facts.yaml, verified, and what it did to its measure."""

    entry: dict[str, object]  # as written
    register: Register  # with it
    before: Measure | None  # its measure as declared before (None: not declared)
    aliases: tuple[str, ...]  # the other names of its measure given

    @property
    def fact_id(self) -> str:
        """The new fact's id."""
        return str(self.entry["id"])

    @property
    def check(self) -> CitationCheck:
        """Where its quote was found."""
        return self.register.report(self.fact_id).checks[0]

    @property
    def measure(self) -> Measure | None:
        """Its measure as now declared (None: no measure, or one facts.yaml does not list)."""
        return self.register.measures.get(str(self.entry.get("measure") or ""))

    @property
    def changed_measure(self) -> Measure | None:
        """Its measure, if accepting it declared the measure or named it anew (else None)."""
        after = self.measure
        return None if after is None or after == self.before else after

    @property
    def names_added(self) -> tuple[str, ...]:
        """The names its measure gained (all of them when it was declared now)."""
        changed, before = self.changed_measure, self.before
        if changed is None:
            return ()
        return tuple(p for p in changed.phrases if before is None or p not in before.phrases)

    @property
    def already_named(self) -> tuple[str, ...]:
        """The aliases given that were not added: the measure was already named so."""
        after = self.measure
        return tuple(a for a in self.aliases if after and " ".join(a.split()) not in after.phrases)


def accept_candidate(
    dossier: Dossier,
    handle: str,
    fact_id: str,
    edits: Edits | None = None,
    *,
    quote: str | None = None,
    aliases: tuple[str, ...] = (),
    ask: Callable[[Question], Any] | None = None,
    unquoted: bool = False,
) -> Accepted:
    """Make a fact ``fact_id`` of the sentence at ``handle`` (``SOURCE:PARAGRAPH.SENTENCE``).

    Holding the dossier: the id must be free and the sentence there; with ``quote`` (its
    words when it was listed), it must still read so. The entry is the candidate's proposal
    with ``edits``; its measure is declared with ``aliases``, or, when none are given,
    with what ``ask`` answers to :func:`alias_question` (None: none). With ``unquoted``, a
    sentence a fact quotes already (one accepted meanwhile, by someone else) is refused. The
    fact is verified in memory and facts.yaml written atomically (:func:`evidence.accept.accept`).

    Raises:
        RegisterError: the id is taken, the handle names no sentence, the sentence no longer
            reads as ``quote``, a value does not read, or the fact does not verify.
        UserError: the dossier is the bundled one, or facts.yaml changed meanwhile.
    """
    edits = edits or Edits()
    check_request(fact_id, edits.measure, aliases)
    with dossier.editing("evidence accept"):
        register = dossier.load()
        if fact_id in register.facts:
            raise RegisterError(f"--id: {fact_id!r} is already a fact of the register")
        candidate = candidate_at(register, handle)
        if unquoted:
            _refuse_quoted(register, candidate)
        if quote is not None and " ".join(quote.split()) != " ".join(candidate.quote.split()):
            raise RegisterError(
                f"{handle} no longer reads as it did when it was listed "
                f"(it now reads “{candidate.quote[:80]}”); nothing was written",
                hint="List the source's candidates again",
            )
        _refuse_elsewhere(register, candidate)
        entry = edits.entry(candidate, fact_id)
        if not aliases and ask is not None and edits.measure:
            aliases = ask(alias_question(register, candidate, edits.measure)) or ()
        before = register.measures.get(edits.measure or "")
        register = accept(dossier.facts_path, entry, dossier.load, aliases)
    return Accepted(entry, register, before, aliases)


def _refuse_elsewhere(register: Register, candidate: Candidate) -> None:
    """Refuse a cell whose quote is found first at another cell (the row reads the same).

    A citation is located by its quote, so the fact would name that other cell (another
    sheet's, say), with its headings: not the cell asked for.
    """
    from evidence.verify import locate

    source = register.sources.get(candidate.source)
    if candidate.cell is None or source is None:
        return
    found = locate(source, candidate.quote)
    place = found.place.cell if found is not None and found.place is not None else None
    if place is not None and place.casefold() != candidate.cell.casefold():
        raise RegisterError(
            f"{candidate.handle}: its row reads “{candidate.quote[:80]}”, as {place} reads "
            f"before it; a citation is found by its quote, so the fact would name {place}, "
            "not the cell asked for; nothing was written",
            hint=f"Cite {candidate.source}:{place} if it is the same figure: a row that "
            "reads as an earlier one does cannot be cited apart from it",
        )


def _refuse_quoted(register: Register, candidate: Candidate) -> None:
    """Refuse ``candidate`` when a fact of ``register`` quotes its sentence already."""
    for fact in register.facts.values():
        if any(c.source == candidate.source and c.quote == candidate.quote for c in fact.citations):
            raise RegisterError(
                f"{candidate.handle} is quoted by the fact {fact.id!r} already (accepted since "
                "the candidates were listed); nothing was written",
                hint="List the source's candidates again",
            )


def accept_listed(
    dossier: Dossier, candidate: Candidate, fact_id: str, edits: Edits | None = None
) -> Register:
    """Write ``candidate``, listed a moment ago, as fact ``fact_id``; return the new register.

    As :func:`accept_candidate`, but the candidate is not looked up again (a walk through a
    source's candidates, accepting one after another).

    Raises:
        RegisterError: the id is taken, a value does not read, or the fact does not verify.
        UserError: the dossier is the bundled one, or facts.yaml changed meanwhile.
    """
    with dossier.editing("evidence curate"):
        _refuse_elsewhere(dossier.load(), candidate)
        entry = (edits or Edits()).entry(candidate, fact_id)
        return accept(dossier.facts_path, entry, dossier.load)
