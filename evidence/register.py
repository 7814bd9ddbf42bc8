"""The fact register: facts, the people and organisations they name, and their checks.

``facts.yaml`` holds the facts and ``people.yaml`` the people and organisations.
Loading validates both against strict schemas, then cross-checks ids (duplicate
facts, citations to unknown sources, attributions to unknown people), reporting
the file and line of the first problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from evidence.dates import PartialDateField
from evidence.errors import RegisterError
from evidence.measures import Measure, check_measures
from evidence.normalise import normalise
from evidence.sources import Slug, Source, Text, load_sources
from evidence.verify import CitationCheck, Locator, check_quote, locate, word_diff
from evidence.yamlio import YamlDoc, parse_yaml, read_yaml, validate

if TYPE_CHECKING:
    from evidence.locations import Locations

FactKind = Literal["official-finding", "statistic", "event", "statement", "claim"]
Standing = Literal["office-holder", "public-figure", "private-individual"]
FACT_KINDS: tuple[FactKind, ...] = ("official-finding", "statistic", "event", "statement", "claim")
#: How each kind reads in a citation list or an annex.
KIND_LABELS: dict[FactKind, str] = {
    "official-finding": "official finding",
    "statistic": "statistic",
    "event": "event",
    "statement": "statement",
    "claim": "partisan claim",
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Model):
    """A verbatim quote from a source that supports a fact."""

    source: Slug
    quote: Text
    note: Text | None = None


Bound = Literal["=", ">", ">=", "<", "<="]
Period = Literal["year", "month", "week", "day"]


class FactFigure(_Model):
    """A fact's figure, structured: its value (exact, or a bound), its unit, what it counts.

    ``per`` makes it a rate ("£3m a year"); ``in_period`` a one-period figure ("£3m in
    2017/18"): the two are not the same claim even with the same value.
    """

    value: float = Field(allow_inf_nan=False)
    bound: Bound = "="
    unit: Text | None = None
    counts: Text | None = None
    per: Period | None = None
    in_period: Text | None = None

    def interval(self) -> tuple[float, float]:
        """The values the figure allows, as a closed interval (open ends nudged inward)."""
        eps = 1e-9 * max(1.0, abs(self.value))
        return {
            "=": (self.value, self.value),
            ">": (self.value + eps, float("inf")),
            ">=": (self.value, float("inf")),
            "<": (float("-inf"), self.value - eps),
            "<=": (float("-inf"), self.value),
        }[self.bound]

    def label(self) -> str:
        """``more than 200 children``, ``£3,000,000 a year``."""
        words = {"=": "", ">": "more than ", ">=": "at least ", "<": "fewer than ", "<=": "up to "}[
            self.bound
        ]
        value = f"{self.value:,.0f}" if self.value == int(self.value) else f"{self.value:,}"
        unit = self.unit or ""
        amount = f"{unit}{value}" if unit in ("£", "$", "€") else f"{value} {unit}".strip()
        tail = f" a {self.per}" if self.per else f" in {self.in_period}" if self.in_period else ""
        return f"{words}{amount}{tail}"


class Fact(_Model):
    """A citable statement, tied to one or more verbatim quotes."""

    id: Slug
    statement: Text
    kind: FactKind
    topics: tuple[Slug, ...] = ()
    as_at: PartialDateField | None = None
    #: What the fact is a value of ("unallocated-cases", "ofsted-judgement"): facts with the
    #: same measure are successive values of one thing, so a later one supersedes an earlier.
    measure: Slug | None = None
    #: The measure's value, structured (compared across facts of the same measure).
    figure: FactFigure | None = None
    #: The event a dated fact is about ("ofsted-inspection-2019"): facts about the same
    #: event should agree on its date.
    event: Slug | None = None
    #: Why the fact is disputed, when it is: review warns when a draft cites it bare.
    disputed: Text | None = None
    attributed_to: tuple[Slug, ...] = ()
    citations: Annotated[tuple[Citation, ...], Field(min_length=1)]


class Role(_Model):
    """A role a person held, as a source states it."""

    title: Text
    organisation: Text | None = None
    as_at: PartialDateField | None = None
    source: Slug


class Person(_Model):
    """Somebody named in the sources, with one spelling and their standing."""

    id: Slug
    name: Text
    standing: Standing
    aliases: tuple[Text, ...] = ()
    roles: tuple[Role, ...] = ()
    note: Text | None = None


class Organisation(_Model):
    """A body facts can be attributed to."""

    id: Slug
    name: Text
    #: Other names a draft may use for it ("inspectors" for Ofsted): review resolves whom
    #: a sentence attributes a fact to by name and alias.
    aliases: tuple[Text, ...] = ()
    note: Text | None = None


class FactsFile(_Model):
    """``facts.yaml``: its measures (none: ``measure`` is a free id) and its facts."""

    measures: tuple[Measure, ...] | None = None
    facts: tuple[Fact, ...] = ()


class PeopleFile(_Model):
    """``people.yaml``."""

    people: tuple[Person, ...] = ()
    organisations: tuple[Organisation, ...] = ()


@dataclass(frozen=True)
class Variant:
    """A citation whose wording differs slightly from the fact's first quote."""

    source_id: str
    quote: str
    diff: str


@dataclass(frozen=True)
class Corroboration:
    """How many sources quote a fact, and what is known of who published them.

    Sources are independent only when their publishers are known to differ; a
    source with no stated publisher is counted, never assumed independent.
    """

    sources: int
    publishers: tuple[str, ...]
    unknown: int

    @property
    def independent(self) -> int:
        """Publishers known to differ (0 unless at least two are known)."""
        return len(self.publishers) if len(self.publishers) >= 2 else 0

    def label(self) -> str:
        """``3 sources, publishers unknown``; ``2 sources from 2 independent publishers`` ..."""
        n = f"{self.sources} source{'s' * (self.sources != 1)}"
        known = len(self.publishers)
        if not known:
            return f"{n}, publisher{'s' * (self.sources != 1)} unknown"
        who = (
            f"{known} independent publishers"
            if known >= 2
            else f"one publisher ({self.publishers[0]})"
        )
        if not self.unknown:
            return f"{n} from {who}"
        return f"{n}: {who}, {self.unknown} with publisher unknown"


@dataclass(frozen=True)
class FactReport:
    """A fact with its citations checked, its corroboration and its variants."""

    fact: Fact
    checks: tuple[CitationCheck, ...]
    also_quoted_in: tuple[str, ...]
    corroboration: Corroboration
    partisan_only: bool
    variants: tuple[Variant, ...]

    @property
    def ok(self) -> bool:
        """True when every citation verifies."""
        return all(c.ok for c in self.checks)

    @property
    def status(self) -> str:
        """``verified``, or the first failing citation's status."""
        return next((c.status for c in self.checks if not c.ok), "verified")


@dataclass(frozen=True)
class Register:
    """A dossier's sources, facts, people and organisations, cross-checked."""

    sources: dict[str, Source]
    facts: dict[str, Fact]
    people: dict[str, Person]
    organisations: dict[str, Organisation]
    #: The measures ``facts.yaml`` declares, by id (empty: it declares none).
    measures: dict[str, Measure] = field(default_factory=dict)
    _reports: dict[str, FactReport] = field(default_factory=dict, repr=False, compare=False)
    #: Results computed once per register by other modules (conflict groups).
    memo: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    #: Where quotes were found, kept between runs (none: locate every time).
    locations: Locations | None = field(default=None, repr=False, compare=False)
    #: Where what is worked out from the sources is kept between runs (none: nowhere).
    parsed: Path | None = field(default=None, repr=False, compare=False)

    def name_of(self, entity_id: str) -> str:
        """The display name of a person or organisation id."""
        if entity_id in self.people:
            return self.people[entity_id].name
        return self.organisations[entity_id].name

    def report(self, fact_id: str) -> FactReport:
        """Check one fact (cached)."""
        if fact_id not in self._reports:
            self._reports[fact_id] = _report(self, self.facts[fact_id])
        return self._reports[fact_id]

    @cached_property
    def reports(self) -> tuple[FactReport, ...]:
        """Every fact checked, in register order."""
        return tuple(self.report(fid) for fid in self.facts)

    def select(self, *, topic: str | None = None, kind: str | None = None) -> tuple[Fact, ...]:
        """The facts with the given topic and/or kind."""
        return tuple(
            f
            for f in self.facts.values()
            if (topic is None or topic in f.topics) and (kind is None or f.kind == kind)
        )

    @property
    def topics(self) -> tuple[str, ...]:
        """Every topic used, sorted."""
        return tuple(sorted({t for f in self.facts.values() for t in f.topics}))


def _report(register: Register, fact: Fact) -> FactReport:
    find = register.locations.locate if register.locations else locate
    checks = tuple(check_quote(register.sources[c.source], c.quote, find) for c in fact.citations)
    also = _also_quoted_in(register, fact, find)
    quoting = [
        register.sources[s] for s in (*dict.fromkeys(c.source for c in fact.citations), *also)
    ]
    first = fact.citations[0].quote
    others = [c for c in fact.citations[1:] if normalise(c.quote) != normalise(first)]
    if others:  # imported only when needed: most facts quote one wording
        from rapidfuzz import fuzz
    variants = tuple(
        Variant(c.source, c.quote, word_diff(first, c.quote))
        for c in others
        if fuzz.ratio(normalise(c.quote), normalise(first)) >= 80
    )
    return FactReport(
        fact=fact,
        checks=checks,
        also_quoted_in=also,
        corroboration=_corroboration(quoting),
        partisan_only=all(s.meta.partisan for s in quoting),
        variants=variants,
    )


def _also_quoted_in(
    register: Register, fact: Fact, find: Callable[[Source, str], Locator | None]
) -> tuple[str, ...]:
    """The other sources holding one of ``fact``'s quotes, in register order.

    Only the sources the word index says may hold a quote are searched
    (:mod:`evidence.quoteindex`): the same answer as searching every source.
    """
    from evidence.quoteindex import quote_index

    cited = {c.source for c in fact.citations}
    quotes = {c.quote for c in fact.citations}
    index = quote_index(
        register.sources,
        (c.quote for f in register.facts.values() for c in f.citations),
        register.memo,
        register.parsed,
    )
    maybe: set[str] = set()
    for quote in quotes:
        found = index.candidates(quote)
        if found is None:  # too short to look up: every source may hold it
            maybe = set(register.sources)
            break
        maybe.update(found)
    return tuple(
        sid
        for sid in sorted(maybe, key=index.position.__getitem__)
        if sid not in cited and any(find(register.sources[sid], q) for q in quotes)
    )


def _corroboration(quoting: list[Source]) -> Corroboration:
    ids = {s.id for s in quoting}
    # a copy of a source that also quotes the fact is that source again, not another one
    quoting = [s for s in quoting if s.meta.duplicate_of not in ids]
    named: dict[str, str] = {}
    for source in quoting:
        if source.meta.publisher:
            named.setdefault(source.meta.publisher.casefold(), source.meta.publisher)
    unknown = sum(1 for s in quoting if not s.meta.publisher)
    return Corroboration(len(quoting), tuple(named.values()), unknown)


def _unique(items: Iterable[tuple[str, int | None]], what: str, path: Path) -> None:
    seen: dict[str, int | None] = {}
    for key, line in items:
        if key in seen:
            raise RegisterError(
                f"duplicate {what} id {key!r} (first at line {seen[key]})",
                path=path,
                line=line,
                hint="Give each one its own id",
            )
        seen[key] = line


def _cross_check(
    facts: FactsFile, doc: YamlDoc, sources: dict[str, Source], entities: set[str]
) -> None:
    for i, fact in enumerate(facts.facts):
        for j, cit in enumerate(fact.citations):
            if cit.source not in sources:
                raise RegisterError(
                    f"facts[{i}].citations[{j}].source: unknown source {cit.source!r} "
                    f"in fact {fact.id!r}",
                    path=doc.path,
                    line=doc.line_of(("facts", i, "citations", j, "source")),
                    hint=f"Known sources: {', '.join(sources) or 'none'}",
                )
        for k, who in enumerate(fact.attributed_to):
            if who not in entities:
                raise RegisterError(
                    f"facts[{i}].attributed_to: unknown person or organisation {who!r}",
                    path=doc.path,
                    line=doc.line_of(("facts", i, "attributed_to", k)),
                    hint="Add them to people.yaml, or fix the spelling",
                )


def load_register(
    manifest: Path,
    facts_path: Path,
    people_path: Path,
    locations: Locations | None = None,
    *,
    facts_text: str | None = None,
    reads: Path | None = None,
    parsed: Path | None = None,
) -> Register:
    """Load and cross-check a register from its three files.

    ``locations`` is the verification cache to use (see :mod:`evidence.locations`);
    ``facts_text`` stands for the facts file's text, to check a change before it is written;
    ``reads`` is where what PDF sources read as is kept; ``parsed`` where long YAML files
    are kept parsed and sources segmented (see :func:`evidence.sources.load_sources`).
    """
    sources = load_sources(manifest, reads, parsed=parsed)
    people_doc = read_yaml(people_path, parsed)
    people = validate(people_doc, PeopleFile)
    _unique(
        ((p.id, people_doc.line_of(("people", i, "id"))) for i, p in enumerate(people.people)),
        "person",
        people_path,
    )
    _unique(
        (
            (o.id, people_doc.line_of(("organisations", i, "id")))
            for i, o in enumerate(people.organisations)
        ),
        "organisation",
        people_path,
    )
    for i, person in enumerate(people.people):
        for j, role in enumerate(person.roles):
            if role.source not in sources:
                raise RegisterError(
                    f"people[{i}].roles[{j}].source: unknown source {role.source!r}",
                    path=people_path,
                    line=people_doc.line_of(("people", i, "roles", j, "source")),
                )
    facts_doc = (
        read_yaml(facts_path, parsed)
        if facts_text is None
        else parse_yaml(facts_text, facts_path, parsed)
    )
    facts = validate(facts_doc, FactsFile)
    _unique(
        ((f.id, facts_doc.line_of(("facts", i, "id"))) for i, f in enumerate(facts.facts)),
        "fact",
        facts_path,
    )
    entities = {p.id for p in people.people} | {o.id for o in people.organisations}
    _cross_check(facts, facts_doc, sources, entities)
    check_measures(facts.measures, facts.facts, facts_doc)
    return Register(
        sources=sources,
        facts={f.id: f for f in facts.facts},
        people={p.id: p for p in people.people},
        organisations={o.id: o for o in people.organisations},
        measures={m.id: m for m in facts.measures or ()},
        locations=locations,
        parsed=parsed,
    )
