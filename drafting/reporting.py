"""The words that report somebody's view: a lexicon of lemmas, every inflection from a library.

The lexicon is data: lemmas of reporting verbs (phrasal ones too: "point out", "make clear",
"call for"), of verbs that name a source while endorsing what it found ("found",
"concluded"), and of reporting nouns ("view", "claim", "words"). :mod:`lemminflect` expands
each verb to every inflection ("argue", "argues", "argued", "arguing"; "say", "said"), once,
when first needed. :mod:`drafting.attribution` reads sentences with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from drafting.lexicon import (
    inflections,
    is_finite_form,
    noun_lemmas,
    parts_of_speech,
    verb_lemmas,
)

#: Verbs of saying and thinking: reporting when they take a that-clause, a clause, a
#: quotation or a colon, or in a frame ("as X argued", ", X says").
SAYING = (
    "say",
    "argue",
    "allege",
    "maintain",
    "assert",
    "contend",
    "claim",
    "insist",
    "warn",
    "acknowledge",
    "admit",
    "concede",
    "state",
    "suggest",
    "believe",
    "think",
    "consider",
    "feel",
    "fear",
    "suspect",
    "doubt",
    "reckon",
    "write",
    "tell",
    "note",
    "observe",
    "comment",
    "remark",
    "report",
    "explain",
    "stress",
    "emphasise",
    "emphasize",
    "add",
    "announce",
    "declare",
    "predict",
    "promise",
    "deny",
    "dispute",
    "question",
    "hold",
    "agree",
    "propose",
    "recommend",
    "complain",
    "protest",
    "counter",
    "reply",
    "respond",
    "tweet",
    "post",
    "estimate",
    "speculate",
    "imply",
    "hint",
    "accept",
    "recognise",
    "recognize",
    "worry",
    "caution",
    "advise",
    "assure",
    "inform",
    "remind",
    "point out",
    "make clear",
    "set out",
    "go on to say",
    "put it",
    "ask",
    "wonder",
    "recall",
    "reiterate",
    "repeat",
    "testify",
    "affirm",
    "reaffirm",
    "boast",
    "pledge",
    "expect",
    "anticipate",
    "forecast",
    "project",
)
#: Verbs of opinion: in the writer's own voice ("we believe", "this council considers") they
#: make a clause a view; the other verbs of saying there assert it ("Council notes that").
OPINION = frozenset(
    (
        "believe",
        "think",
        "consider",
        "feel",
        "fear",
        "suspect",
        "doubt",
        "reckon",
        "argue",
        "contend",
        "expect",
        "worry",
        "anticipate",
        "question",
        "dispute",
        "deny",
        "suggest",
        "hold",
        "predict",
        "estimate",
        "speculate",
        "wonder",
        "caution",
        "warn",
    )
)
#: Verbs whose object is a demand or an accusation: reporting with any object.
DEMANDING = (
    "call for",
    "call on",
    "press for",
    "push for",
    "ask for",
    "demand",
    "accuse",
    "blame",
    "urge",
    "warn of",
    "warn about",
    "complain of",
    "complain about",
    "speak of",
    "talk of",
)
#: Verbs that characterise something "as" something: reporting with "X as" or a quotation.
DESCRIBING = (
    "describe",
    "characterise",
    "characterize",
    "portray",
    "depict",
    "brand",
    "label",
    "dismiss",
    "present",
    "regard",
    "view",
    "criticise",
    "criticize",
    "condemn",
    "denounce",
    "hail",
    "call",
)
#: Verbs that name a source and endorse what it found: not an attribution of a view, but
#: the source they name must be the fact's.
FINDING = (
    "find",
    "conclude",
    "judge",
    "establish",
    "show",
    "reveal",
    "demonstrate",
    "prove",
    "determine",
    "rule",
    "deem",
    "highlight",
    "identify",
    "record",
    "confirm",
)
#: Nouns of a view or an utterance ("in X's view", "the claim that", "X's position is").
NOUNS = (
    "view",
    "claim",
    "argument",
    "position",
    "assertion",
    "allegation",
    "belief",
    "words",
    "opinion",
    "contention",
    "assessment",
    "complaint",
    "warning",
    "suggestion",
    "accusation",
    "account",
    "version",
    "understanding",
    "judgement",
    "judgment",
    "case",
    "concern",
    "fear",
    "doubt",
    "worry",
    "reservation",
    "misgiving",
    "suspicion",
    "verdict",
    "estimate",
    "insistence",
    "charge",
    "line",
    # the nouns of the verbs of saying ("the acknowledgement of the Executive that")
    "acknowledgement",
    "acknowledgment",
    "admission",
    "statement",
    "observation",
    "assurance",
    "declaration",
    "announcement",
    "prediction",
    "promise",
    "denial",
    "affirmation",
    "concession",
    "pledge",
    "boast",
)
#: Hedging adjectives after "be": "we are concerned that".
HEDGES = ("concerned", "worried", "afraid", "convinced", "anxious", "fearful")


def words(text: str) -> frozenset[str]:
    """A set of words written as one string."""
    return frozenset(text.split())


#: Auxiliaries and the adverbs that may sit between a subject and its verb.
AUXILIARIES = words(
    "is are was were be been being am has have had having will would shall should can could "
    "may might must do does did also always long never not since still once already just "
    "even now then repeatedly consistently rightly wrongly publicly privately previously "
    "recently often reportedly apparently first later subsequently today yesterday "
    "themselves itself himself herself n't"
)
#: Forms of "be" (a passive: "it is alleged that").
BE = words("is are was were be been being am")
#: Words that make the next one a noun or an adjective ("the said report").
DETERMINERS = words(
    "the a an this that these those its their his her our my your some any every each no"
)
#: Subject pronouns: attribution, never resolved to a party.
PRONOUNS = words("i we you he she it they one who which this that these those")
#: Finite auxiliaries and modals (what marks a clause: "the service is failing").
FINITE = words(
    "is are was were am has have had will would shall should can could may "
    "might must does do did isn't aren't wasn't weren't hasn't haven't hadn't "
    "won't wouldn't can't couldn't shouldn't doesn't don't didn't"
)
#: Words no subject or clause runs across.
PREPOSITIONS = words(
    "in on at by from to with after before during under over into "
    "about than through across against without within between among "
    "until upon via per"
)
CONJUNCTIONS = words(
    "that which who whom whose as because since while when whenever "
    "if whether but yet so then although though whereas where unless "
    "once nor"
)
MONTHS = words(
    "january february march april may june july august september october november december"
)


@dataclass(frozen=True)
class Verb:
    """A verb form of the lexicon: its lemma (with particle), class and tag."""

    lemma: str
    kind: str  # "saying", "demanding", "describing" or "finding"
    tag: str  # VB, VBD, VBG, VBN, VBP, VBZ
    particle: tuple[str, ...]  # the fixed words after it ("out" of "point out")


def _expand(lemma: str, table: dict[str, list[str]]) -> dict[str, set[str]]:
    """Every inflection of a verb lemma's head word (``table``: by tag), by form: its tags."""
    forms: dict[str, set[str]] = {}
    for tag, words in table.items():
        for word in words:
            forms.setdefault(word.lower(), set()).add(tag)
    for word in table.get("VBD", ()):  # a regular verb's participle is its past form
        if "VBN" not in table:
            forms.setdefault(word.lower(), set()).add("VBN")
    forms.setdefault(lemma, set()).update({"VB", "VBP"})
    return forms


@cache
def verb_forms() -> dict[str, tuple[Verb, ...]]:
    """Each inflected form of every verb in the lexicon: the verbs it may be."""
    out: dict[str, list[Verb]] = {}
    classes = (
        ("demanding", DEMANDING),
        ("describing", DESCRIBING),
        ("finding", FINDING),
        ("saying", SAYING),
    )
    tables = inflections((lemma.split()[0] for _, lemmas in classes for lemma in lemmas), "VERB")
    for kind, lemmas in classes:
        for lemma in lemmas:
            head, *particle = lemma.split()
            for form, tags in _expand(head, tables[head]).items():
                for tag in sorted(tags):
                    out.setdefault(form, []).append(Verb(lemma, kind, tag, tuple(particle)))
    return {form: tuple(verbs) for form, verbs in out.items()}


@cache
def noun_forms() -> frozenset[str]:
    """Every singular and plural form of the reporting nouns."""
    forms = set(NOUNS)
    for table in inflections(NOUNS, "NOUN").values():
        forms.update(w.lower() for words in table.values() for w in words)
    return frozenset(forms)


@cache
def is_finite(word: str) -> bool:
    """Whether a word can be a finite verb: an auxiliary, or a verb's past or -s form."""
    word = word.lower()
    return word in FINITE or (bool(verb_lemmas(word)) and is_finite_form(word))


@cache
def is_noun(word: str) -> bool:
    """Whether a word can be a noun ("plans", "costs"), so part of a noun phrase."""
    return bool(parts_of_speech(word) & {"NOUN", "PROPN"})


@cache
def noun_lemma(word: str) -> str:
    """A word as a name is compared: lower case, no possessive, a plural noun singular."""
    word = re.sub(r"['’]s?$", "", word.lower())
    nouns = noun_lemmas(word)
    return nouns[0] if nouns else word
