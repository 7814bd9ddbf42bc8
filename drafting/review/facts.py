"""The citation list, and findings about the cited facts themselves.

* error ``unknown-fact``: a citation of a fact the register does not have;
* error ``fact-fails``: a cited fact whose quote no longer verifies (source changed, quote gone);
* warning ``disputed-fact``: a fact marked disputed, or in a conflict group, cited with no
  word saying it is one account ("reported as", "estimates vary");
* warning ``file-name-in-reference``: a cited source's title, description, publisher or
  authors hold its file name, which the reference would print;
* info ``later-fact``: a later value of the same measure exists and is not cited (a newer count
  supersedes an older one; a later report of the same event does not, so facts without a
  ``measure`` never trigger it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from drafting.attribution import attributed
from drafting.findings import CitationRow, Finding, Mark, Passage, excerpt
from evidence.register import KIND_LABELS, Fact, Register

# --- the citation list ----------------------------------------------------------------------


def citation_rows(passages: Iterable[Passage], register: Register) -> list[CitationRow]:
    """Every fact cited, marker by marker, in reading order."""
    rows = []
    for passage in passages:
        for mark in passage.marks:
            if mark.facts is None:
                rows.append(CitationRow(mark.marker, passage.place, None, "added by hand"))
                continue
            for fact_id in mark.facts:
                rows.append(_row(mark.marker, passage.place, fact_id, register))
    return rows


def _row(marker: str, place: str, fact_id: str, register: Register) -> CitationRow:
    if fact_id not in register.facts:
        return CitationRow(marker, place, fact_id, "unknown fact")
    report = register.report(fact_id)
    check = report.checks[0]
    meta = register.sources[check.source_id].meta
    return CitationRow(
        marker,
        place,
        fact_id,
        report.status,
        statement=report.fact.statement,
        quote=check.quote,
        source=meta.label,
        publisher=meta.publisher or "unknown",
        date=meta.date.label(),
        locator=check.locator.detail() if check.locator else None,
        corroboration=report.corroboration.label(),
        kind=KIND_LABELS[report.fact.kind],
    )


# --- findings about the facts themselves ------------------------------------------------------


def _restricted(
    fact_id: str, register: Register, passage: Passage, mark: Mark
) -> Iterator[Finding]:
    """An error for each restricted source the fact quotes (never in a finished document)."""
    cited = dict.fromkeys(c.source for c in register.facts[fact_id].citations)
    for sid in cited:
        meta = register.sources[sid].meta
        if meta.restricted:
            yield Finding(
                "error",
                "restricted-source",
                f"{fact_id} quotes {sid} ({meta.label}), a restricted source: it may not be "
                "cited in a finished document",
                passage.place,
                _before(passage, mark),
                "Cite the fact from a public source, or render with --allow-restricted for "
                "a document that stays inside the group",
                fact_id,
            )


def fact_findings(passages: list[Passage], register: Register) -> Iterator[Finding]:
    """Unknown facts, facts that no longer verify, and facts with a newer one beside them."""
    first: dict[str, tuple[Passage, Mark]] = {}
    for passage in passages:
        for mark in passage.marks:
            for fact_id in mark.facts or ():
                if fact_id not in register.facts:
                    yield Finding(
                        "error",
                        "unknown-fact",
                        f"cites unknown fact {fact_id!r}",
                        passage.place,
                        _before(passage, mark),
                        _closest_ids(fact_id, register),
                        fact_id,
                    )
                else:
                    first.setdefault(fact_id, (passage, mark))
    for passage in passages:
        for mark in passage.marks:
            for fact_id in mark.facts or ():
                if fact_id in register.facts:
                    found = _disputed(fact_id, register, passage, mark)
                    if found is not None:
                        yield found
    named: set[str] = set()
    for fact_id, (passage, mark) in first.items():
        source = register.report(fact_id).checks[0].source_id
        if source not in named and (found := _file_named(source, register, passage, mark)):
            named.add(source)
            yield found
        if not register.report(fact_id).ok:
            yield _failing(fact_id, register, passage, mark)
        yield from _restricted(fact_id, register, passage, mark)
        newer = later_facts(register.facts[fact_id], register, exclude=set(first))
        if newer:
            yield Finding(
                "info",
                "later-fact",
                f"{fact_id} is as at {_as_at(register.facts[fact_id])}; the register has a "
                f"later value of {newer[0].measure}: "
                + "; ".join(f"{f.id} (as at {_as_at(f)})" for f in newer[:3]),
                passage.place,
                _before(passage, mark),
                "Cite the newer fact, or say the date the older one was true",
                fact_id,
            )


def _file_named(source_id: str, register: Register, passage: Passage, mark: Mark) -> Finding | None:
    """A source whose printed reference would show a file name (a reader has no such file)."""
    source = register.sources[source_id]
    meta = source.meta
    names = {Path(n).name.casefold() for n in (meta.file, meta.added_from) if n}
    printed = [
        ("title", meta.title),
        ("description", meta.description),
        ("publisher", meta.publisher),
        *(("authors", a) for a in meta.authors),
    ]
    for field, value in printed:
        hit = next((n for n in names if value and n in value.casefold()), None)
        if hit:
            return Finding(
                "warning",
                "file-name-in-reference",
                f"the reference to source {source_id} would print the file name {hit!r} (its "
                f"{field} in the manifest): a reader has no such file",
                passage.place,
                _before(passage, mark),
                f"Give {source_id} a title or a neutral description "
                "in seeds/sources.yaml (what the document is, not where it came from)",
                mark.facts[0] if mark.facts else None,
            )
    return None


#: Words that tell the reader a figure or date is one account among others, or a plan (and
#: any attribution: "X said", "according to X", :func:`drafting.attribution.attributed`).
_HEDGE = re.compile(
    r"\b(?:reported(?:ly)?|according to|some reports?|one report|reports? (?:say|"
    r"suggest|vary)|estimated?|estimates?|disputed|contested|vary|varies|varying"
    r"|claims?|claimed|said to|put at|between \S+ and"
    # a plan or an expectation: it says what was meant, not what happened
    r"|due to|expected to|expected in|planned|plans? (?:to|for)|scheduled"
    r"|set to|intended|meant to|going to|will|(?:was|were) to)\b",
    re.IGNORECASE,
)


def _disputed(fact_id: str, register: Register, passage: Passage, mark: Mark) -> Finding | None:
    """A disputed fact, or one in a conflict group, cited with no word saying so."""
    from evidence.conflicts import conflicted

    fact = register.facts[fact_id]
    group = conflicted(register).get(fact_id)
    if fact.disputed is None and group is None:
        return None
    sentence_start = passage.text.rfind(". ", 0, mark.offset) + 1
    if _HEDGE.search(passage.text[sentence_start : mark.offset]):
        return None
    if attributed(passage.text[sentence_start : mark.offset + 1], mark.offset - sentence_start):
        return None  # given as somebody's account: "the directors said they expected ..."
    if group is not None and fact.disputed is None:
        others = {m.fact for m in group.members} - {fact_id}
        sentence_end = passage.text.find(". ", mark.offset)
        sentence_end = len(passage.text) if sentence_end < 0 else sentence_end
        if any(
            others & set(m.facts or ())
            for m in passage.marks
            if sentence_start <= m.offset <= sentence_end + 1
        ):
            return None  # the other account is cited beside it: the reader sees both
    why = (
        f"it is marked disputed: {fact.disputed}"
        if fact.disputed
        else f"other facts disagree ({group.summary}: "
        f"{', '.join(m.fact for m in group.members if m.fact != fact_id)})"
        if group is not None
        else ""
    )
    return Finding(
        "warning",
        "disputed-fact",
        f"cites {fact_id} as settled, but {why}",
        passage.place,
        _before(passage, mark),
        'Say so ("reported as 148", "estimates vary"), or cite the other '
        "accounts too; see `drafting evidence conflicts`",
        fact_id,
    )


def _before(passage: Passage, mark: Mark) -> str:
    """The words leading up to a citation mark."""
    return excerpt(passage.text, mark.offset - 70, mark.offset, width=70)


def _closest_ids(fact_id: str, register: Register) -> str:
    from evidence.suggest import did_you_mean

    return did_you_mean(fact_id, register.facts) or "See `drafting evidence list` for the ids"


def _failing(fact_id: str, register: Register, passage: Passage, mark: Mark) -> Finding:
    report = register.report(fact_id)
    bad = next(c for c in report.checks if not c.ok)
    detail = f"{bad.status}: {bad.reason}" if bad.reason else bad.status
    if bad.near is not None:
        detail += f"; closest: {bad.near.diff}"
    return Finding(
        "error",
        "fact-fails",
        f"cited fact {fact_id} no longer verifies ({detail})",
        passage.place,
        _before(passage, mark),
        f"Fix the quote in facts.yaml, or run `drafting evidence show {fact_id}`",
        fact_id,
    )


def _as_at(fact: Fact) -> str:
    return fact.as_at.iso() if fact.as_at else "an unknown date"


def later_facts(fact: Fact, register: Register, *, exclude: set[str]) -> list[Fact]:
    """Uncited facts of the same measure that are true as at a later date, newest first.

    Sharing kind and topics is not enough: a later source reporting the same inspection is
    not a newer judgement. Only the register's ``measure`` says two facts are values of one
    thing, and unknown (no measure) never claims that.
    """
    if fact.measure is None or fact.as_at is None:
        return []
    after = fact.as_at.span()[1]
    newer = [
        f
        for f in register.facts.values()
        if f.id not in exclude
        and f.measure == fact.measure
        and f.as_at is not None
        and f.as_at.span()[0] > after
    ]
    return sorted(newer, key=lambda f: f.as_at.sort_key() if f.as_at else (0, 0, 0), reverse=True)
