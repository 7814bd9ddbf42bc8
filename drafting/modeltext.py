"""A model motion's text read as a motion: its title, its sections and their clauses.

Model motions circulate as web pages, Word files and plain text, each party and campaign
with its own wording, so the structure is read from the grammar of a motion, not from any
one template:

- a **heading** is a short run of words naming who speaks ("This Council", "Council",
  "We", "Brighton & Hove City Council", or nobody: "Notes:") with an adverb or two
  ("further", "therefore"), then a verb of one of a motion's three moods, in any
  inflection: what it **notes** (note, recognise, acknowledge, observe; "is aware
  that"), what it **believes** (believe, consider, feel, regret, welcome, condemn ...;
  "is concerned that"), what it **resolves** (resolve, call on, ask, request, urge,
  instruct, agree ...; "is committed to"; "will write"). A heading may stand alone ("This Council
  resolves to:") or open its own clause ("Council further notes that 40 libraries
  closed."); consecutive clauses of one mood make one section.
- a **clause** is a list item (``1.``, ``a)``, ``(iv)``, ``-``, ``•``) or a paragraph;
  items with another kind of marker under a clause, or a list under a paragraph ending
  in a colon, are its bullets; a line that carries
  on a sentence is joined to it.
- a paragraph wholly in brackets is the model's note to whoever adopts it ("(Delete
  as appropriate)"): kept apart, not made a clause;
- the **title** is a short line before everything else ("Title: ...", "Motion: ..."
  are read too); "Proposed by" and "Seconded by" lines give the proposer and seconder when
  they name someone, not a blank to fill in.

Nothing here reads the dossier: :mod:`drafting.localise` finds the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from drafting.lexicon import inflections, verb_lemmas
from drafting.motionwords import (
    ADVERBS,
    BELIEVING,
    BODIES,
    CONNECTIVE,
    FINITE_NEXT,
    LINKING,
    NAME_WORDS,
    RESOLVING,
    STATES,
    Mood,
)
from drafting.proposals import NOTING

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|&")
_MARKER = re.compile(
    r"^\s*(?:(?P<bullet>[-*+•◦▪‣–—])|\(?(?P<item>\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})[.)])\s+"
)
#: A label before the title: "Title:", "Motion:", "Model motion:", "Green Party model motion:".
_TITLE_PREFIX = re.compile(
    r"^(?:(?:[\w'’&]+\s+){0,4}?(?:model\s+|notice\s+of\s+)?motion(?:\s+title)?|title)"
    r"\s*[:\-–—]\s*",
    re.IGNORECASE,
)
_SIGNER = re.compile(
    r"^(?P<role>proposed\s+by|proposer|moved\s+by|mover|seconded\s+by|seconder)\s*[:\-–—]?\s*"
    r"(?P<name>.*)$",
    re.IGNORECASE,
)
#: What a blank to fill in looks like: brackets, underscores, dots, "name".
_BLANK = re.compile(r"[\[\]<>_…]|\.{3}|\bname\b|\bcllr\s*$|^\W*$", re.IGNORECASE)
#: A line that is the document's label, not part of the motion.
_FURNITURE = re.compile(r"^(?:model\s+motion|notice\s+of\s+motion|motion)\s*:?\s*$", re.I)
#: A paragraph wholly in brackets: the model's note to its reader ("(Delete as appropriate)").
_NOTE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_BREAKS = re.compile(r"[\v\f\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_MARKDOWN = re.compile(r"^#{1,6}\s+|\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)")


@cache
def _forms(lemmas: tuple[str, ...]) -> frozenset[str]:
    """Every inflection of ``lemmas`` as verbs, lower-case."""
    forms = set(lemmas)
    for table in inflections(lemmas, "VERB").values():
        forms.update(w.lower() for words in table.values() for w in words)
    return frozenset(forms)


def verb_mood(word: str) -> Mood:
    """The mood a verb gives a motion's clauses: "notes", "believes", "resolves" or ""."""
    low = word.lower()
    if low in _forms(NOTING):
        return "notes"
    if low in _forms(BELIEVING):
        return "believes"
    if low in _forms(RESOLVING):
        return "resolves"
    return ""


@dataclass(frozen=True)
class Heading:
    """A heading found at the start of a unit: its mood, its words, and the text after."""

    mood: Mood
    words: str  # "This Council notes" (a closing colon left out); "" for a whole clause
    rest: str  # the clause it opens ("that 40 libraries closed."), or ""


def heading_of(text: str) -> Heading | None:
    """The heading ``text`` opens with, or None (see the module's grammar).

    Who speaks is the body a motion speaks for (its last word a body: "Council",
    "Group", "Members"), "we", or nobody; a verb with nobody before it heads only what it
    introduces ("Notes:", "Believes that ...", "Resolves to:"), so a title or an
    imperative ("Supporting our libraries", "Ask the Leader to ...") is no heading. A
    connective before the speaker ("To this end, Council resolves") is left out.
    """
    rest = text
    while (linked := CONNECTIVE.match(rest)) and not BODIES & set(
        linked.group().lower().rstrip(", ").split()
    ):
        rest = rest[linked.end() :]  # a loop, not recursion: "Therefore, " may come 10,000 times
    if rest is not text:
        found = _spoken(rest)
        return found if found is not None and found.words[:1].isupper() else None
    return _spoken(text)


def _spoken(text: str) -> Heading | None:
    """The heading ``text`` opens with, no connective before it (see :func:`heading_of`)."""
    words = list(_WORD.finditer(text))
    speaker: list[str] = []
    for i, word in enumerate(words[:9]):
        w, low = word.group(), word.group().lower()
        if low in LINKING and _speaks(speaker):
            return _linked(speaker, words[i:], text)
        mood = verb_mood(w)
        if mood and (_speaks(speaker) or not speaker):
            return _heading(mood, [*speaker, w], text, word.end(), bare=not speaker)
        if low in ADVERBS:
            continue
        if low in NAME_WORDS or low in BODIES or w[0].isupper():
            speaker.append(w)
            continue
        return None
    return None


def _linked(speaker: list[str], words: list[re.Match[str]], text: str) -> Heading | None:
    """The heading after the speaker: a state, or an undertaking.

    "is"/"are" and a state ("is aware": notes; "is concerned": believes; "is committed":
    resolves), or "will"/"shall" and a verb ("will, therefore, write": what it undertakes,
    so it resolves).
    """
    link = words[0]
    after = [x for x in words[1:4] if x.group().lower() not in ADVERBS]
    if not after:
        return None
    state = after[0]
    if link.group().lower() in ("will", "shall"):
        low = state.group().lower()
        if low not in verb_lemmas(low):
            return None  # "Council will, in future, ..." names no undertaking yet
        return _heading("resolves", [*speaker, link.group()], text, state.start() - 1)
    mood = STATES.get(state.group().lower())
    if mood is None:
        return None
    return _heading(mood, [*speaker, link.group(), state.group()], text, state.end())


def _speaks(speaker: list[str]) -> bool:
    """Whether ``speaker`` names the body a motion speaks for ("This Council", "We")."""
    return bool(speaker) and speaker[-1].lower() in BODIES


def _heading(
    mood: Mood, words: list[str], text: str, end: int, *, bare: bool = False
) -> Heading | None:
    """The heading ending at ``end``; None when what follows opens no clause.

    Its words are the model's own, adverbs and all ("Council is deeply concerned"). A
    verb with an object ("This Council calls on the Government to act.") heads no
    section: the whole sentence is a clause of its mood (words ""), or, ending in a
    colon, a heading over the list that follows ("This Council calls on the Cabinet to:").
    """
    rest = text[end:].strip(" ,")
    colon = rest.startswith(":")
    rest = rest.removeprefix(":").strip()
    if rest and rest[0] in ",;." and not rest[1:].strip():
        rest = ""
    opener = re.match(r"(?:that|to)\b:?", rest, re.IGNORECASE)
    if bare and rest and not colon and not opener:
        return None  # "Supporting our libraries": a title, not "Supports:"
    if rest and not (rest[0].islower() or rest[0] in "“\"'‘(" or colon):
        return None  # "Council Notes On Procedure" reads as a title
    if rest.split(maxsplit=1)[0].lower() in FINITE_NEXT if rest else False:
        return None  # "the council notes were lost": the verb was a noun
    spoken = text[:end].strip(" ,:")
    if rest and not colon and not opener:
        whole = text.strip()
        return (
            Heading(mood, whole[:-1].strip(), "")
            if whole.endswith(":")
            else Heading(mood, "", whole)
        )
    if opener and opener.end() >= len(rest.rstrip()):
        spoken, rest = f"{spoken} {opener.group().rstrip(':')}", ""
    return Heading(mood, spoken, rest)


@dataclass
class Clause:
    """A clause of the model, with the bullets under it."""

    text: str
    bullets: list[str] = field(default_factory=list)
    marker: str = ""  # "number", "letter", "roman", "bullet" or "" (a paragraph)


@dataclass
class Section:
    """A heading (None before the first) and its clauses."""

    heading: str | None
    mood: Mood
    clauses: list[Clause] = field(default_factory=list)


@dataclass
class ModelMotion:
    """What a model motion says, as read."""

    title: str | None = None
    proposer: str | None = None
    seconder: str | None = None
    sections: list[Section] = field(default_factory=list)
    #: The model's notes to whoever adopts it (a paragraph wholly in brackets), left out.
    notes: list[str] = field(default_factory=list)

    @property
    def clauses(self) -> int:
        """How many clauses it has."""
        return sum(len(s.clauses) for s in self.sections)


def _marker(line: str) -> tuple[str, str]:
    """A line's list marker kind ("number", "letter", "roman", "bullet", "") and its text."""
    found = _MARKER.match(line)
    if not found:
        return "", line.strip()
    text = line[found.end() :].strip()
    if found.group("bullet"):
        return "bullet", text
    item = found.group("item")
    if item.isdigit():
        return "number", text
    if re.fullmatch(r"[ivx]{1,4}", item, re.IGNORECASE) and item.lower() not in ("v", "x"):
        return "roman", text
    return "letter", text


def units(text: str) -> list[tuple[str, str]]:
    """The model's lines joined into units (a list item, a paragraph), with their markers."""
    out: list[tuple[str, str]] = []
    open_unit = False
    for raw in text.splitlines():
        line = _MARKDOWN.sub("", raw).strip()
        if not line:
            open_unit = False
            continue
        kind, body = _marker(line)
        if not body:
            continue
        if open_unit and not kind and out and _carries(out[-1][1], body):
            out[-1] = (out[-1][0], f"{out[-1][1]} {body}")
        else:
            out.append((kind, body))
        open_unit = True
    return out


def _carries(before: str, line: str) -> bool:
    """Whether ``line`` carries on the sentence ``before`` (a line wrapped in plain text)."""
    if before.endswith((".", ":", ";", "?", "!")) or _SIGNER.match(line) or heading_of(line):
        return False
    return line[0].islower() or before[-1].islower() or before.endswith((",", "-", "–"))


def read_model(text: str) -> ModelMotion:
    """The motion a model's text states (see the module's grammar).

    A line or page break a word processor wrote as a control character (vertical tab, form
    feed) is a line break; any other control character is dropped: a Word document cannot
    hold it, and it is no part of what the model says.
    """
    motion = ModelMotion()
    text = _CONTROL.sub("", _BREAKS.sub("\n", text))
    for kind, body in units(text):
        if _FURNITURE.match(body):
            continue
        if _NOTE.fullmatch(body):
            motion.notes.append(body)
            continue
        signer = _SIGNER.match(body)
        if signer and not kind:
            _signer(motion, signer.group("role"), signer.group("name"))
            continue
        titled = _TITLE_PREFIX.match(body)
        if titled and motion.title is None and not motion.sections:
            motion.title = body[titled.end() :].strip() or None
            continue
        heading = heading_of(body) if not kind or not motion.sections else None
        if heading is not None:
            _open(motion, heading)
            continue
        if motion.title is None and not motion.sections and _title_like(body) and not kind:
            motion.title = body
            continue
        _clause(motion, kind, body)
    motion.sections = [s for s in motion.sections if s.clauses]
    return motion


def _signer(motion: ModelMotion, role: str, name: str) -> None:
    """A "Proposed by" or "Seconded by" line: its name, unless it is a blank to fill in."""
    name = name.strip().rstrip(".")
    if not name or _BLANK.search(name):
        return
    if role.lower().startswith(("second",)):
        motion.seconder = motion.seconder or name
    else:
        motion.proposer = motion.proposer or name


def _title_like(text: str) -> bool:
    """A short line that does not end as a sentence does."""
    return len(text.split()) <= 15 and not text.endswith((".", ";", ":", ","))


def _open(motion: ModelMotion, heading: Heading) -> None:
    """A heading: a new section, unless it opens a clause in the last one's mood."""
    last = motion.sections[-1] if motion.sections else None
    if not heading.words:  # a whole sentence in a mood, heading nothing
        if last is None or last.mood != heading.mood:
            motion.sections.append(Section(None, heading.mood))
    elif last is None or last.mood != heading.mood or not heading.rest:
        motion.sections.append(Section(heading.words, heading.mood))
    if heading.rest:
        motion.sections[-1].clauses.append(Clause(heading.rest))


def _clause(motion: ModelMotion, kind: str, body: str) -> None:
    """A clause, or a bullet of the clause before it (a marker of another kind)."""
    if not motion.sections:
        motion.sections.append(Section(None, ""))
    section = motion.sections[-1]
    top = section.clauses[0].marker if section.clauses else kind
    last = section.clauses[-1] if section.clauses else None
    leads = last is not None and (last.bullets or last.text.endswith(":"))
    if last is not None and kind and kind != top and (top or leads):
        last.bullets.append(body)  # "to ask the Executive to:" and its list
        return
    section.clauses.append(Clause(body, marker=kind))
