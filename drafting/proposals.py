"""What a sentence proposes rather than states: a figure there is the proposal, not a claim.

A motion resolves, a letter asks, a group pledges: "This Council resolves to allocate
£50,000", "calls on the Government to give a £300 million funding boost", "That £900,000 be
approved for 2025/26", "Achieve 100% clean energy by 2030", "We will plant 10,000 trees".
Nobody can cite evidence for a sum not yet spent; review asks a citation only for what a
sentence says is so. The grammar, read from the words, not from a list of sentences:

- a **directive verb** (resolve, ask, call on, urge, instruct, commit, pledge, propose ...,
  in any inflection) followed within its clause by "to" and a verb ("resolves to allocate",
  "asking the council to call on the government to give") or by "that" ("requests that the
  cabinet publish"): what follows is proposed, to the clause's end;
- a **mandative subjunctive**: a clause whose verb is a bare "be" with a participle ("that
  £900,000 be approved"), proposed whole;
- an **imperative**: a sentence or list item opening with a verb in its base form and its
  object ("Make the council's activities net zero by 2030"), with no finite verb after;
- a **first-person undertaking**: "we will", "I shall", "we would like to", "we aim to".

A figure inside a proposal is still a claim when the words present it as known: after a
definite determiner ("to fund the 232 missing social workers": the 232 are presupposed).
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from functools import cache, lru_cache

from drafting.lexicon import inflections, is_participle, parts_of_speech, verb_lemmas
from drafting.reporting import FINITE, PREPOSITIONS, is_finite, is_noun, words

#: Lemmas of verbs whose complement is something to be done ("resolves to", "asks X to",
#: "calls on X to", "urges that"): a proposal when the document's own voice uses them.
DIRECTIVE = (
    "resolve",
    "ask",
    "request",
    "call",
    "urge",
    "instruct",
    "direct",
    "invite",
    "commit",
    "pledge",
    "propose",
    "undertake",
    "agree",
    "aim",
    "seek",
    "demand",
    "lobby",
    "press",
    "encourage",
    "recommend",
    "intend",
    "task",
    "mandate",
    "empower",
    "authorise",
    "authorize",
    "petition",
    "implore",
    "move",
    "want",
    "plan",
    "support",
    "write",
)
#: Lemmas of verbs by which a motion's own voice records what is so ("This Council notes",
#: "recognises", "acknowledges that"): the clauses under them state facts, to be cited.
NOTING = ("note", "recognise", "recognize", "acknowledge", "observe")
#: Those that take a mandative "that" ("requests that the cabinet publish").
THAT_DIRECTIVE = frozenset(
    (
        "resolve",
        "ask",
        "request",
        "urge",
        "instruct",
        "direct",
        "demand",
        "propose",
        "recommend",
        "move",
        "require",
    )
)
#: An opening list marker, if any: "(i)", "2.", "3.1)", "a)".
LIST_MARKER = r"^\W*(?:\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-z]|[ivx]{1,4})[.)]\s+)?"
#: Who speaks in the document's own voice: nobody (an item, a participle), the first person,
#: or the body a motion speaks for, opening the sentence ("This Council resolves", "Council
#: calls on"; "The council plans to close 12 libraries" is a claim about a third party).
_OWN_VOICE = re.compile(
    LIST_MARKER + r"(?:that\s+)?"
    r"(?:(?:this\s+)?(?:full\s+)?(?:council|cabinet|committee|executive|board|assembly)"
    r"|we|i)?(?:\s+(?:also|further|therefore|hereby|now|then|formally|strongly|shall|will"
    r"|would|must|should|therefore))*\s*$",
    re.IGNORECASE,
)
#: Words a proposal's clause ends at: a reason or a fact given alongside it follows.
#: How many characters before a directive verb its opening may take ("That this full
#: council therefore hereby").
_VOICE_REACH = 200
_CLAUSE_END = re.compile(
    r"[;.!?]|\b(?:because|since|given that|as it|as they|as there|which|who|whereas|although"
    r"|though|while|where|despite|after|following)\b",
    re.IGNORECASE,
)
#: Determiners that present what follows as known ("the 232 cases", "its £4m deficit").
_DEFINITE = words("the these those its their our his her this that my your")
#: What may open a verb's object: "Make the council's ...", "Cut our ...", "Fund a ...".
_DETERMINERS = words("the a an our its their all every each this these those more")
_WORD = re.compile(r"[^\W_][\w'’-]*")
_MARKER = re.compile(LIST_MARKER, re.IGNORECASE)
#: What ought to be done: "The council should allocate £2m", "must fund", "ought to set".
#: Not "must have spent" (what surely was), nor "should be" and an adjective alone.
_DEONTIC = re.compile(
    r"\b(?:should|must|ought\s+to|needs?\s+to)\s+(?:(?:also|now|urgently"
    r"|immediately|therefore|instead|at\s+least)\s+)?(?P<verb>[a-z]+)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(
    r"\b(?:we|i)\s+(?:will|shall|would\s+like\s+to|want\s+to|aim\s+to|intend\s+to"
    r"|plan\s+to|propose\s+to|undertake\s+to|pledge\s+to|commit\s+to|are\s+committed\s+to"
    r"|am\s+committed\s+to)\b",
    re.IGNORECASE,
)
#: A bare "be", not after "to" or a modal, and the word after it (a participle makes it a
#: mandative subjunctive: "£900,000 be approved", "£200,000 be set aside").
_SUBJUNCTIVE = re.compile(
    r"(?<!\bto )(?<!\bwill )(?<!\bwould )(?<!\bshall )(?<!\bshould )(?<!\bmust )(?<!\bmay )"
    r"(?<!\bmight )(?<!\bcan )(?<!\bcould )(?<!\bnot )(?<!\bnever )\bbe\s+(?:\w+ly\s+)?"
    r"(?P<participle>[a-z]+)\b",
    re.IGNORECASE,
)


#: A question or a request, from its first words: "How many ...?", "Please provide", "I
#: request", "Could you tell me" (not a claim that ends in one: "Since 2019 ..., why?").
_ASKS = re.compile(
    LIST_MARKER  # after a list marker: "2. How many"
    + r"(?:(?:how|what|when|where|which|who|why|will|would|could|can|does|do|did|is|are|has"
    r"|have|may|shall)\b.*\?\s*$"  # a question, from its first word
    r"|(?:please|kindly)\s+(?:\w+\s+)?(?:provide|tell|give|send|supply|confirm|list|set\s+out"
    r"|say|explain|state|share|reply|respond|publish|include|break)\b"
    r"|I\s+(?:would\s+like\s+to\s+|therefore\s+|also\s+)?(?:request|ask)\b"
    r"|(?:could|would|will|can)\s+you\b)",
    re.IGNORECASE | re.DOTALL,
)


def asks(text: str) -> bool:
    """Whether ``text`` asks, from its first words: a question, or a request."""
    return _ASKS.match(text) is not None


@cache
def _directive_forms() -> frozenset[str]:
    """Every inflection of the directive verbs."""
    forms = set(DIRECTIVE)
    for table in inflections(DIRECTIVE, "VERB").values():
        forms.update(w.lower() for words in table.values() for w in words)
    return frozenset(forms)


@cache
def _noting_forms() -> frozenset[str]:
    """Every inflection of the noting verbs ("notes", "noting", "recognised")."""
    forms = set(NOTING)
    for table in inflections(NOTING, "VERB").values():
        forms.update(w.lower() for words in table.values() for w in words)
    return frozenset(forms)


@cache
def _base_verb(word: str) -> bool:
    """Whether ``word`` is a verb in its base form ("make", "achieve", "publish")."""
    low = word.lower()
    return low in verb_lemmas(low) and low not in FINITE


def _finite(word: str) -> bool:
    """A finite verb for sure: an auxiliary, or a past or -s form that is no noun too."""
    low = word.lower()
    return low in FINITE or (is_finite(low) and not is_noun(low))


def _clause_end(text: str, at: int) -> int:
    """Where the clause running from ``at`` ends."""
    ends = _clause_ends(text)
    i = bisect_left(ends, at)
    return ends[i] if i < len(ends) else len(text)


@lru_cache(maxsize=8)
def _clause_ends(text: str) -> tuple[int, ...]:
    """Where ``text``'s clauses end, found in one pass (a text's every clause is asked for)."""
    return tuple(m.start() for m in _CLAUSE_END.finditer(text))


#: A sentence opening in the document's own voice, and a verb coordinated with its first
#: ("Council notes that ... and calls on the cabinet to ...").
_OPENS_OWN = re.compile(
    LIST_MARKER + r"(?:that\s+)?"
    r"(?:(?:this\s+)?(?:full\s+)?(?:council|cabinet|committee|executive|board|assembly)"
    r"|we|i)\s+[a-z]",
    re.IGNORECASE,
)
_COORDINATED = re.compile(r"(?:,|\band)\s*(?:(?:also|further|therefore)\s+)?$", re.IGNORECASE)
_TO = re.compile(r"\b(?:to\s+(?P<verb>[\w'’-]+)|(?P<that>that)\b)", re.IGNORECASE)


def _lemma(word: str) -> str:
    """A directive form's lemma ("resolves": "resolve")."""
    low = word.lower()
    return next((v for v in verb_lemmas(low) if v in DIRECTIVE), low)


def _directives(text: str) -> list[tuple[int, int]]:
    """Spans after a directive verb's "to VERB" (or "that"), to the end of its clause.

    The verb must be the document's own voice (:data:`_OWN_VOICE`), or sit inside a span
    already proposed ("asks the council to call on the Government to give £300m").
    """
    spans: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []  # spans not yet reached, by start
    reach = 0  # the furthest end of the spans starting at or before this word
    opens_own = _OPENS_OWN.match(text) is not None
    forms = _directive_forms()
    for m in _WORD.finditer(text):
        if m.group().lower() not in forms:
            continue
        while pending and pending[0][0] <= m.start():
            reach = max(reach, heapq.heappop(pending)[1])
        clause = max(text.rfind(c, 0, m.start()) for c in ";:") + 1
        # the words before it in its clause: only a few can be its own voice's opening
        before = text[max(clause, m.start() - _VOICE_REACH) : m.start()]
        own = m.start() - clause <= _VOICE_REACH and _OWN_VOICE.match(before)
        if not (reach > m.start() or own or (opens_own and _COORDINATED.search(before))):
            continue
        end = _clause_end(text, m.end())
        for to in _TO.finditer(text, m.end(), end):
            if len(_WORD.findall(text[m.end() : to.start()])) > 8:
                break
            verb = to.group("verb")
            if (to.group("that") and _lemma(m.group()) in THAT_DIRECTIVE) or (
                verb and (_base_verb(verb) or verb.lower().endswith("ing"))
            ):
                spans.append((to.start(), end))
                heapq.heappush(pending, (to.start(), end))
                break
    return spans


def _imperative(text: str) -> list[tuple[int, int]]:
    """The whole clause when it opens (after a list marker) with a verb and its object.

    A word that is only a verb ("Achieve", "Publish") opens an imperative unless a finite
    verb follows in its clause. A word that may be a noun or an adjective too ("Make",
    "Increase", "Section", "Foster") only before a determiner ("Make the ...", "Cut our
    ..."), and with nothing after that could be a finite verb: "Section 17 assessments rose"
    and "Foster carers provided" state what is so. A capitalised word is a name ("by 1 May").
    """
    start = _MARKER.match(text)
    at = start.end() if start else 0
    tokens = list(_WORD.finditer(text, at))
    if len(tokens) < 2 or tokens[0].start() != at:
        return []
    first, second = tokens[0].group().lower(), tokens[1].group().lower()
    kinds = parts_of_speech(first)
    if first not in verb_lemmas(first) or first in FINITE or first in PREPOSITIONS:
        return []
    end = _clause_end(text, tokens[0].end())
    rest = [t.group() for t in tokens[1:] if t.start() < end and not t.group()[0].isupper()]
    if set(kinds) == {"VERB"}:
        finite = _finite
    elif second in _DETERMINERS or second[0].isdigit():
        finite = is_finite  # "Make the ...", "Recruit 30 social workers by March"
    else:
        return []
    if second in PREPOSITIONS or any(finite(w) for w in rest):
        return []  # "Rise in homelessness"; "Record numbers were reached"
    return [(at, end)]


def proposed(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that propose, ask or undertake rather than state."""
    spans = _directives(text) + _imperative(text)
    for m in _SUBJUNCTIVE.finditer(text):
        if not is_participle(m.group("participle").lower()):
            continue
        start = max(
            max(text.rfind(c, 0, m.start()) for c in ";:(") + 1, text.rfind(", ", 0, m.start()) + 2
        )
        spans.append((start, _clause_end(text, m.end())))
    for m in _FIRST_PERSON.finditer(text):
        spans.append((m.end(), _clause_end(text, m.end())))
    for m in _DEONTIC.finditer(text):
        verb = m.group("verb").lower()
        if verb not in ("have", "be") and _base_verb(verb):
            spans.append((m.start("verb"), _clause_end(text, m.end())))
    return sorted(spans)


def resolves(heading: str) -> bool:
    """Whether a motion's section heading introduces what the motion proposes.

    "This Council resolves:", "Council therefore calls on the Cabinet to:", "Resolved:";
    not "This Council notes" or "believes", whose clauses state.
    """
    return any(w.group().lower() in _directive_forms() for w in _WORD.finditer(heading))


def notes(heading: str) -> bool:
    """Whether a motion's section heading introduces what it records as so.

    "This Council notes:", "Council recognises that", "Noting:"; not a heading that also
    resolves ("notes and resolves": its clauses propose).
    """
    if resolves(heading):
        return False
    return any(w.group().lower() in _noting_forms() for w in _WORD.finditer(heading))


def is_proposed(text: str, at: int, spans: list[tuple[int, int]] | None = None) -> bool:
    """Whether the figure at offset ``at`` of ``text`` is part of what the text proposes.

    Not when a definite determiner presents it as known ("to fund the 232 missing posts");
    the "That" opening a resolution is no determiner ("That £200,000 be set aside").
    """
    spans = proposed(text) if spans is None else spans
    if not any(a <= at < b for a, b in spans):
        return False
    opening = _MARKER.match(text)
    before = list(_WORD.finditer(text, max(0, at - 40), at))
    if not before or (
        before[-1].start() == (opening.end() if opening else 0)
        and before[-1].group().lower() == "that"
    ):
        return True
    return before[-1].group().lower() not in _DEFINITE
