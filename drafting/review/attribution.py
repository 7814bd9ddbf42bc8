"""Whose word a sentence gives a fact as: partisan claims stated as fact, and misattribution.

A claim (a fact of kind ``claim``) must be attributed in the clause that cites it
(:func:`drafting.attribution.attributed`). And whoever a sentence names as a fact's source
("Inspectors concluded that ...", "according to Ofsted") must be somebody the fact is
attributed to, or who published a source quoting it: the subject of the governing frame is
resolved against the register (people by name, alias, surname and the titles of their
roles; organisations by name and alias) and compared with them. A pronoun, or a subject the
register does not know, is never a misattribution. An office-holder speaks for the
organisation a title of theirs names ("Leader of the council"), a public figure for the
organisation of their role (a charity's spokesperson).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from drafting.attribution import Attribution, attributed, clause_span, governing
from drafting.reporting import DETERMINERS, PREPOSITIONS, PRONOUNS, noun_lemma, words
from evidence.register import Fact, Register

#: Titles and honours a name may carry or drop ("Cllr Birch", "Malcolm Newsam CBE").
_HONORIFICS = words(
    "cllr cllrs councillor councillors mr mrs ms miss dr sir dame lord lady "
    "baroness professor prof mp cbe obe mbe"
)
_WORD = re.compile(r"[^\W_][\w'’]*")
_POSSESSIVE = re.compile(r"['’]s?$")


def _words(text: str) -> tuple[str, ...]:
    """Words as names are compared: no determiners, singular, no possessive."""
    return tuple(noun_lemma(w) for w in _WORD.findall(text) if w.lower() not in DETERMINERS)


@dataclass(frozen=True)
class Party:
    """A person or organisation as a draft may name them."""

    id: str
    names: tuple[tuple[str, ...], ...]
    titles: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # (title, title + organisation)


@dataclass(frozen=True)
class Parties:
    """The register's people and organisations, for resolving who a sentence names."""

    parties: tuple[Party, ...]
    members: dict[str, frozenset[str]]  # a person's id: the organisations their roles name

    def resolve(self, subject: str) -> frozenset[str] | None:
        """The party ids ``subject`` names, or None when it names none (or a pronoun)."""
        found: set[str] = set()
        for apposed in re.split(r",", subject):
            parts = [p for p in re.split(r"\band\b|&", apposed) if _words(p)]
            resolved = [self._one(p) for p in parts]
            if resolved and all(r for r in resolved):
                found.update(i for r in resolved if r for i in r)
        return frozenset(found) or None

    def _one(self, text: str) -> frozenset[str]:
        named = _words(text)
        if not named or (len(named) == 1 and named[0] in PRONOUNS):
            return frozenset()
        found = self._match(named)
        if not found and " of " in f" {text.lower()} ":  # "Kathy Evans of Children England"
            found = self._match(_words(re.split(r"\bof\b", text, flags=re.IGNORECASE)[0]))
        tokens = _WORD.findall(text)
        possessive = [w for w in tokens if _POSSESSIVE.search(w)]
        if not found and possessive:  # "Ofsted's report"
            found = self._match(_words(text[: text.find(possessive[0]) + len(possessive[0])]))
        proper = len(tokens)
        while proper > 0 and tokens[proper - 1][0].isupper():
            proper -= 1
        if not found and 0 < proper < len(tokens):  # "after the inspection Ofsted"
            found = self._by_name(_words(" ".join(tokens[proper:])))
        return found

    def _match(self, words: tuple[str, ...]) -> frozenset[str]:
        """Parties by name or alias; failing those, by the titles of people's roles.

        A title is named by its head ("the deputy leader" for "Deputy Leader of the
        Council"), not by any of its words: "the Executive" is not an "Executive Board
        member".
        """
        return self._by_name(words) or frozenset(
            p.id
            for p in self.parties
            for title, described in p.titles
            if words and _head(words) == _head(title) and set(words) <= set(described)
        )

    def _by_name(self, words: tuple[str, ...]) -> frozenset[str]:
        bare = tuple(w for w in words if w not in _HONORIFICS) or words
        return frozenset(
            p.id
            for p in self.parties
            for name in p.names
            if bare and name and bare[-1] == name[-1] and set(bare) <= set(name)
        )

    def mentioned(self, ids: set[str], text: str) -> bool:
        """Whether ``text`` names one of the parties ``ids`` by name, alias or surname."""
        words = _words(text)
        return any(
            _contains(words, name) for p in self.parties if p.id in ids for name in p.names if name
        )

    def related(self, one: str, other: str) -> bool:
        """Whether two parties speak for each other: the same, or one a member of the other."""
        return (
            one == other
            or one in self.members.get(other, frozenset())
            or other in self.members.get(one, frozenset())
        )


def _names(name: str, aliases: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """A name's forms: its first comma part ("Labour Group"), its aliases, honours dropped."""
    forms = [name.split(",")[0], *aliases]
    return tuple(tuple(w for w in _words(f) if w not in _HONORIFICS) for f in forms)


def parties(register: Register) -> Parties:
    """The register's parties, built once per register."""
    cached = register.memo.get("attribution.parties")
    if isinstance(cached, Parties):
        return cached
    found = [Party(o.id, _names(o.name, o.aliases), ()) for o in register.organisations.values()]
    members: dict[str, frozenset[str]] = {}
    for person in register.people.values():
        names = _names(person.name, person.aliases)
        surname = tuple(n[-1:] for n in names[:1] if n)
        titles = tuple(
            (_words(r.title), _words(f"{r.title} {r.organisation or ''}")) for r in person.roles
        )
        found.append(Party(person.id, names + surname, titles))
        # an office-holder speaks for a body their title names ("Leader of the council"); a
        # public figure speaks for the body of their role ("Spokesperson", Children England)
        speaks = [title for title, _ in titles] + [
            _words(r.organisation)
            for r in person.roles
            if r.organisation and person.standing == "public-figure"
        ]
        members[person.id] = frozenset(
            o.id
            for o in register.organisations.values()
            for form in _names(o.name, o.aliases)
            for said in speaks
            if form and _contains(said, form)
        )
    built = Parties(tuple(found), members)
    register.memo["attribution.parties"] = built
    return built


#: Words after a title's head ("Leader of the Council", "member for Children's Services").
_AFTER_HEAD = PREPOSITIONS | words("of for")


def _head(words: tuple[str, ...]) -> str:
    """A noun phrase's head: its last word before a preposition ("leader of council")."""
    stop = next((k for k, w in enumerate(words) if k and w in _AFTER_HEAD), len(words))
    return words[stop - 1]


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    return any(words[k : k + len(part)] == part for k in range(len(words) - len(part) + 1))


def _sources_of(fact: Fact, register: Register) -> list[str]:
    """The publishers of the sources that quote a fact."""
    ids = [
        *dict.fromkeys(c.source for c in fact.citations),
        *register.report(fact.id).also_quoted_in,
    ]
    metas = [register.sources[i].meta for i in ids if i in register.sources]
    return [m.publisher for m in metas if m.publisher]


def _allowed(fact: Fact, register: Register, known: Parties) -> tuple[set[str], list[str]]:
    """Who may be named as the fact's source, and the publishers' names as written.

    Those the fact is attributed to; failing them, the publishers of the sources quoting it.
    """
    if fact.attributed_to:
        return set(fact.attributed_to), []
    publishers = _sources_of(fact, register)
    return {i for name in publishers for i in known.resolve(name) or ()}, publishers


#: A finding's parts: code, message, hint and fact id (the caller places it).
Note = tuple[str, str, str, str]


#: The voice a motion speaks in: "This Council notes", "Council believes".
_OWN_VOICE = re.compile(r"^\s*(?:that\s+)?(?:this\s+)?(?:full\s+)?council\s*$", re.IGNORECASE)
#: An embedded question or a condition: what follows is asked or supposed, not asserted.
_ASKED = re.compile(r"\b(?:whether|if)\b", re.IGNORECASE)


def _asked(text: str, at: int) -> bool:
    """Whether the clause holding offset ``at`` asks or supposes ("ask whether ...")."""
    start, _ = clause_span(text, at)
    return _ASKED.search(text, start, at) is not None


def claim_findings(
    text: str,
    marks: Sequence[tuple[int, Sequence[str] | None]],
    register: Register,
    *,
    speakers: bool = True,
) -> Iterator[Note]:
    """``partisan-claim`` and ``misattributed`` for the facts a sentence cites.

    ``marks`` are the sentence's citation marks: each its offset in ``text`` and fact ids.
    Each fact is read in the clause of the first mark citing it. ``speakers`` false leaves
    out whom the sentence gives the words to (the quotation check has said it already).
    """
    seen: set[str] = set()
    for offset, facts in marks:
        for fact_id in facts or ():
            if fact_id in seen or fact_id not in register.facts:
                continue
            seen.add(fact_id)
            fact = register.facts[fact_id]
            at = max(0, min(offset, len(text)))
            partisan = register.report(fact.id).partisan_only
            frames = governing(text, at)
            wrong = None
            if frames and speakers:
                reported = text[frames[0].end : clause_span(text, at)[1]]
                wrong = next(_misattributed(frames[0], reported, fact, register), None)
            if wrong is not None:
                # one problem, one finding: a partisan account in another's mouth is a
                # partisan claim given as theirs; anything else is misattributed
                code = "partisan-claim" if fact.kind == "claim" or partisan else wrong[0]
                yield (code, *wrong[1:])
            elif fact.kind == "claim" and not attributed(text, at) and not _asked(text, at):
                yield (
                    "partisan-claim",
                    f"cites {fact.id}, a claim"
                    f"{' resting only on partisan sources' * partisan}, as plain fact",
                    'Attribute it ("we believe", "the Labour group says") or cite an '
                    "official finding",
                    fact.id,
                )


def _misattributed(
    frame: Attribution, reported: str, fact: Fact, register: Register
) -> Iterator[Note]:
    """The fact given as the word of ``frame``'s subject, who is not the fact's source.

    Not when what is reported names the fact's source itself ("Cllr Birch said that Ofsted
    had judged the service inadequate").
    """
    if frame.subject is None or frame.pronoun or _OWN_VOICE.match(frame.subject):
        return  # "we", "it"; "This Council notes": the motion's own voice, not a party
    known = parties(register)
    named = known.resolve(frame.subject)
    allowed, publishers = _allowed(fact, register, known)
    if not named or not allowed or any(known.related(n, a) for n in named for a in allowed):
        return
    if known.mentioned(allowed, reported):
        return
    who = register.name_of(next(iter(named))) if len(named) == 1 else frame.subject
    said = (
        f"says {who} {frame.cue} this"
        if frame.verb
        else f"gives this as {who}'s word (“{frame.cue}”)"
    )
    if fact.attributed_to:
        whose = " and ".join(register.name_of(a) for a in fact.attributed_to)
        source = f"the fact {fact.id} is attributed to {whose} ({', '.join(fact.attributed_to)})"
    else:
        source = f"the fact {fact.id} comes from {' and '.join(dict.fromkeys(publishers))}"
    yield (
        "misattributed",
        f"{said}, but {source}",
        f"Attribute it to whom the register does, or cite a fact that states what {who} said",
        fact.id,
    )
