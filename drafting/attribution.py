"""Whose view a clause gives: reporting frames, found by a small grammar over the lexicon.

A frame is a reporting verb or noun of :mod:`drafting.reporting` (any inflection) in a
construction that makes it report: "<subject> <aux>* <verb> (that | a clause | a quotation |
a colon)", "as <subject> <aux>* <verb>", ", <subject> <verb>," and ", <verb> <subject>.",
"<verb>-ed by <agent>", "it is <verb>-ed that", "according to <X>", "in <X's> view", "in
the words of <X>", "<X's> position is that", "the claim that", "<X> describes it as",
"<X> calls for", "we have doubts", "we are concerned". The same verb with a plain object is
not reporting: "the council maintained the roads", "the said report". A frame's subject
(the agent, the possessor, the object of "according to") is kept as written, for review to
resolve against the register. Verbs of finding ("found", "concluded") make frames that name
a source but do not make a claim somebody's view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from drafting.reporting import (
    AUXILIARIES,
    BE,
    CONJUNCTIONS,
    DETERMINERS,
    FINITE,
    HEDGES,
    MONTHS,
    OPINION,
    PREPOSITIONS,
    PRONOUNS,
    Verb,
    is_finite,
    is_noun,
    noun_forms,
    verb_forms,
    words,
)

_TOKEN = re.compile(r"[^\W_][\w'’-]*|[“”\"‘:;,.!?()—–]")
_QUOTES = frozenset('“”"‘')
_POSSESSIVE = re.compile(r"\w(?:['’]s|s['’])$", re.IGNORECASE)
_POSSESSIVE_PRONOUNS = words("our my their his her its your")
#: Verbs that take a hedging noun: "we have doubts", "the union raised concerns".
_HAVING = words(
    "have has had having share shares shared express expresses expressed "
    "voice voices voiced raise raises raised hold holds held"
)
_HEDGE_NOUNS = words(
    "concern concerns fear fears doubt doubts worry worries reservation "
    "reservations misgiving misgivings suspicion suspicions"
)
#: Words a noun phrase does not run across ("long" may be in one: "a long history").
_NOT_IN_PHRASE = CONJUNCTIONS | PREPOSITIONS | MONTHS | (AUXILIARIES - {"long"})
#: Where a new clause begins: an attribution before it does not govern what follows.
_CONTRAST = re.compile(r";|\bbut\b|\byet\b|\bhowever\b|\bin fact\b|\bwhereas\b", re.IGNORECASE)


@dataclass(frozen=True)
class Attribution:
    """A reporting frame: where its cue is, whose view it gives, and whether it reports.

    ``subject`` is the words naming whose view it is, as written ("the Labour group",
    "Inspectors"), or None (a passive with no agent, "the claim that"); ``pronoun`` is true
    when they are a pronoun ("it", "we"). ``reports`` is false for a verb of finding.
    """

    start: int
    end: int
    cue: str
    subject: str | None
    pronoun: bool
    reports: bool
    verb: bool = True


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int

    @cached_property
    def low(self) -> str:
        return self.text.lower().replace("’", "'")

    @property
    def word(self) -> bool:
        return self.text[0].isalnum()


#: Penn tags of a finite verb form (past, present), the only ones inverted after a comma.
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


class _Reader:
    """One text's tokens and the frames found in them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]

    def low(self, i: int) -> str:
        return self.toks[i].low if 0 <= i < len(self.toks) else ""

    def frame(
        self,
        cue: tuple[int, int],
        who: tuple[int, int] | None,
        reports: bool = True,
        verb: bool = False,
    ) -> Attribution:
        """An attribution with its cue tokens ``cue`` and subject tokens ``who`` (inclusive)."""
        a, b = self.toks[cue[0]], self.toks[cue[1]]
        subject, pronoun = None, False
        if who is not None and who[0] <= who[1]:
            words = self.toks[who[0] : who[1] + 1]
            subject = self.text[words[0].start : words[-1].end]
            pronoun = len(words) == 1 and (
                words[0].low in PRONOUNS or words[0].low in _POSSESSIVE_PRONOUNS
            )
        return Attribution(
            a.start, b.end, self.text[a.start : b.end], subject, pronoun, reports, verb
        )

    # --- noun phrases ----------------------------------------------------------------------

    def _np_word(self, i: int) -> bool:
        """Whether token ``i`` can be in a noun phrase.

        Not a function word, a number, a month, or a verb that is only a verb ("closed";
        "plans" may be a noun, "Said" a name).
        """
        t = self.toks[i]
        if not t.word or t.text[0].isdigit() or t.low in _NOT_IN_PHRASE:
            return False
        return t.text[0].isupper() or not is_finite(t.low) or is_noun(t.low)

    def subject_before(self, i: int) -> tuple[int, int] | None:
        """The noun phrase ending just before token ``i``, past auxiliaries and adverbs."""
        j = i - 1
        while (
            j >= 0
            and self.toks[j].word
            and (self.low(j) in AUXILIARIES or self.low(j).endswith("ly"))
        ):
            j -= 1
        end = j
        while j >= 0 and end - j < 8 and self._np_word(j):
            j -= 1
        first = j + 1
        while first <= end and self.low(first) in {"and", "or"}:
            first += 1
        return (first, end) if first <= end else None

    def subject_after(self, i: int) -> tuple[int, int] | None:
        """The noun phrase starting at token ``i``."""
        j = i
        while j < len(self.toks) and j - i < 8 and (self._np_word(j) or self.low(j) == "of"):
            j += 1
        while j > i and self.low(j - 1) in {"of", "and", "or"}:
            j -= 1
        return (i, j - 1) if j > i else None

    def _adverbs(self, i: int) -> int:
        while i < len(self.toks) and self.toks[i].word and self.low(i).endswith("ly"):
            i += 1
        return i

    def _object_then(self, i: int, ends: set[str], most: int = 5) -> bool:
        """Whether a short noun phrase from token ``i`` is followed by one of ``ends``."""
        j = i
        while j < len(self.toks) and j - i < most and self._np_word(j):
            j += 1
        if j > i and self.low(j) in _QUOTES and self.low(j - 1) in DETERMINERS:
            return False  # "declare a ‘climate emergency’": the quotation names the object
        return j > i and self.low(j) in ends

    def _clause_at(self, i: int) -> bool:
        """Whether a clause starts at token ``i``: a noun phrase, then a finite verb."""
        j = i
        if j >= len(self.toks) or not self._np_word(i):
            return False
        while j < len(self.toks) and j - i < 8:
            t = self.toks[j]
            if j > i and t.word and is_finite(t.low) and self.low(j - 1) not in {"and", "or"}:
                if self._verb_here(j):
                    return True
                if not is_noun(t.low):
                    return False  # "the said": not a clause; "the figures were": read on
            if not t.word or t.low in PREPOSITIONS or (t.low in CONJUNCTIONS):
                return False
            j += 1
        return False

    # --- verb frames -----------------------------------------------------------------------

    def verb_frame(self, i: int, verb: Verb) -> Attribution | None:
        """The frame the verb at token ``i`` makes, if it reports here."""
        last = self._particle(i, verb.particle)
        if last is None:
            return None
        prev = self.low(i - 1)
        if prev in DETERMINERS or prev in _POSSESSIVE_PRONOUNS or self._noun_before(i):
            return None  # "the said report", "Ofsted's report shows"
        if prev in BE and verb.tag not in {"VBN", "VBG"}:
            return None  # "it is alleged": read as the participle
        reports = verb.kind != "finding"
        nxt = self._adverbs(last + 1)
        after = self.low(nxt)
        if verb.tag == "VBN" and (prev in BE or prev == "as" or prev == ","):
            if after == "by":
                return self.frame((i, last), self.subject_after(nxt + 1), reports, True)
            if prev in BE and (after in {"that", "to"} or self._clause_at(nxt)):
                return self.frame((i, last), None, reports, True)  # "it is alleged that"
            return None
        who = self.subject_before(i) or self._apposition(i)
        if (
            who is not None
            and self.low(who[0] - 1) == "as"
            and (
                nxt >= len(self.toks)
                or not self.toks[nxt].word
                or after in PREPOSITIONS
                or after in {"last", "this", "then", "once", "again"}
            )
        ):
            return self.frame((i, last), who, reports, True)  # "as the group has argued,"
        if verb.lemma == "put it":
            return None
        if self._complement(nxt, verb):
            return self.frame((i, last), who, reports, True)
        return self._parenthetical(i, last, who, reports, inverts=verb.tag in _FINITE_TAGS)

    def _particle(self, i: int, particle: tuple[str, ...]) -> int | None:
        """The last token of a phrasal verb at ``i`` ("made clear", "made it clear"), or None."""
        if not particle:
            return i
        for start in (i + 1, i + 2):
            if start == i + 2 and self.low(i + 1) != "it":
                break
            if tuple(self.low(start + k) for k in range(len(particle))) == particle:
                return start + len(particle) - 1
        return None

    def _noun_before(self, i: int) -> bool:
        """Whether token ``i`` follows a possessive or a verb form: a noun ("said report")."""
        if i == 0 or not self.toks[i - 1].word:
            return False
        prev = self.toks[i - 1]
        return bool(_POSSESSIVE.search(prev.text)) or (
            prev.low not in AUXILIARIES and is_finite(prev.low) and not is_noun(prev.low)
        )

    def _apposition(self, i: int) -> tuple[int, int] | None:
        """“Heather Smith, the deputy leader, said”: the subject and its apposition."""
        j = i - 1
        while j >= 0 and self.toks[j].word and self.low(j) in AUXILIARIES:
            j -= 1
        if self.low(j) != ",":
            return None
        second = self.subject_before(j)
        if second is None or self.low(second[0] - 1) != ",":
            return None
        first = self.subject_before(second[0] - 1)
        return (first[0], second[1]) if first is not None else None

    def _verb_here(self, j: int) -> bool:
        """Whether a finite form at ``j`` inside a phrase is its verb, not a plural noun.

        Not after a determiner ("the figures were"); a form that is also a plural noun
        ("centres", "pounds") only before a word that can go on a clause ("the service
        needs a fresh start", not "two centres." or "four million pounds in 2019").
        """
        if self.low(j - 1) in DETERMINERS:
            return False
        low = self.low(j)
        if not (low.endswith("s") and is_noun(low)) or low in FINITE:
            return True
        nxt = self.low(j + 1)
        return (
            bool(nxt)
            and self.toks[j + 1].word
            and nxt not in PREPOSITIONS
            and nxt not in CONJUNCTIONS
            and nxt not in {"and", "or", "of"}
        )

    def _past_phrase(self, at: int) -> tuple[int, str]:
        """Past a short phrase after a verb to what it introduces: "that", ":" or a quotation.

        Where no such word follows, the phrase is the verb's complement: ``at`` is kept.
        """
        j = at + 1
        while (
            j < len(self.toks)
            and j - at <= 5
            and self.toks[j].word
            and self.low(j) not in CONJUNCTIONS
        ):
            j += 1
        if self.low(j) == "," and self.low(j + 1) in _QUOTES:
            j += 1
        if self.low(j) in {"that", ":"} | _QUOTES:
            return j, self.low(j)
        return at, self.low(at)

    def _complement(self, nxt: int, verb: Verb) -> bool:
        after = self.low(nxt)
        if after in PREPOSITIONS:  # "stated in her letter that", "said in March:"
            nxt, after = self._past_phrase(nxt)
        if after in {"that", "whether", "if", ":"} or after in _QUOTES:
            return True
        if verb.kind == "demanding":
            return True
        if verb.kind == "describing":
            return self._object_then(nxt, {"as", *_QUOTES})
        return (
            (after == "," and self.low(nxt + 1) in _QUOTES)
            or self._object_then(nxt, {"that", ":", *_QUOTES})
            or self._clause_at(nxt)
        )

    def _parenthetical(
        self, i: int, last: int, who: tuple[int, int] | None, reports: bool, inverts: bool
    ) -> Attribution | None:
        """“, the group says,” and ", says the group.": a report set off by commas.

        Only a finite verb goes before its subject: in ", recognising this," the word after
        the participle is its object.
        """
        after = self.low(last + 1)
        if who is not None and self.low(who[0] - 1) == "," and after in {"", ",", ".", ";"}:
            return self.frame((i, last), who, reports, True)
        if inverts and self.low(i - 1) == ",":
            inverted = self.subject_after(last + 1)
            if inverted is not None and self.low(inverted[1] + 1) in {"", ".", ",", ";"}:
                return self.frame((i, last), inverted, reports, True)
        return None

    # --- noun and other frames -------------------------------------------------------------

    def noun_frame(self, i: int) -> Attribution | None:
        """“in X's view”, "in the words of X", "X's position is that", "the claim that"."""
        prev, after = self.low(i - 1), self.low(i + 1)
        possessor = self._possessor(i - 1)
        if self.low(i - 2) == "in" and prev == "the" and after == "of":
            return self.frame((i - 2, i + 1), self.subject_after(i + 2))
        if possessor is not None and self.low(possessor[0] - 1) == "in":
            return self.frame((possessor[0] - 1, i), possessor)
        is_that = after in {"is", "was", "remains"} and self.low(i + 2) in {"that", ":"}
        if possessor is not None and (is_that or after == "that"):
            return self.frame((possessor[0], i), possessor)
        if prev in {"the", "a", "an", "this"} and after == "that" and self.low(i - 2) != "no":
            return self.frame((i - 1, i), None)
        if prev in {"the", "a", "an", "this"} and after in {"of", "by"}:
            who = self.subject_after(i + 2)  # "the acknowledgement of the Executive that"
            that = who[1] + 1 if who is not None else -1
            # a clause after "that", not a relative's verb ("the view of the river that
            # inspired painters")
            if that > 0 and (
                self.low(that) == ":" or (self.low(that) == "that" and self._clause_at(that + 1))
            ):
                return self.frame((i - 1, i), who)
        return None

    def _possessor(self, i: int) -> tuple[int, int] | None:
        """The possessor ending at token ``i`` ("Cllr Birch's", "our"), or None."""
        if i < 0 or not self.toks[i].word:
            return None
        if self.low(i) in _POSSESSIVE_PRONOUNS:
            return i, i
        if not _POSSESSIVE.search(self.toks[i].text):
            return None
        who = self.subject_before(i + 1)
        return who if who is not None and who[1] == i else (i, i)

    def other_frame(self, i: int) -> Attribution | None:
        """“according to X”, "we have doubts", "we are concerned"."""
        low = self.low(i)
        if low == "according" and self.low(i + 1) == "to":
            return self.frame((i, i + 1), self.subject_after(i + 2))
        if low in _HAVING:
            j = i + 1
            while (
                j < len(self.toks)
                and j - i <= 3
                and self.low(j) not in _HEDGE_NOUNS
                and self._np_word(j)
            ):
                j += 1
            if self.low(j) in _HEDGE_NOUNS and all(self.toks[k].word for k in range(i, j)):
                return self.frame((i, j), self.subject_before(i))
        if low in HEDGES and self.low(i - 1) in BE:
            return self.frame((i, i), self.subject_before(i - 1))
        return None

    def frames(self) -> list[Attribution]:
        """Every frame, in the order of their cues."""
        found: list[Attribution] = []
        forms, nouns = verb_forms(), noun_forms()
        for i, tok in enumerate(self.toks):
            frame = self.other_frame(i)
            for verb in forms.get(tok.low, ()) if frame is None else ():
                frame = self.verb_frame(i, verb)
                if frame is not None:
                    break
            if frame is None and tok.low in nouns:
                frame = self.noun_frame(i)
            if frame is not None:
                found.append(frame)
        return sorted(found, key=lambda f: f.start)


@lru_cache(maxsize=512)
def attributions(text: str) -> tuple[Attribution, ...]:
    """The reporting frames in ``text``, in order (a sentence is read once for all its facts)."""
    return tuple(_Reader(text).frames())


def clause_span(text: str, at: int) -> tuple[int, int]:
    """The clause of ``text`` around offset ``at``: between "but", "however", ";" ..."""
    start, end = 0, len(text)
    for m in _CONTRAST.finditer(text):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at:
            end = min(end, m.start())
    return start, end


def governing(text: str, at: int | None = None) -> list[Attribution]:
    """The frames in the clause around offset ``at`` (default: the last clause)."""
    start, end = clause_span(text, len(text) if at is None else at)
    return [f for f in attributions(text) if start <= f.start < end]


def attributed(text: str, at: int | None = None) -> bool:
    """Whether the clause around ``at`` presents what it says as somebody's view.

    The cue must govern the clause: in "The leader insists all is well, but in fact the
    service is failing", the words after "but in fact" are not attributed. A verb of
    finding ("Ofsted found that ...") names a source but is not an attribution.
    """
    return any(f.reports and not _own_assertion(f) for f in governing(text, at))


#: The writer's own voice: "we", "I", a motion's "This Council".
_OWN = re.compile(r"^\s*(?:that\s+)?(?:we|i|(?:this\s+)?(?:full\s+)?council)\s*$", re.IGNORECASE)


def _own_assertion(frame: Attribution) -> bool:
    """Whether a frame is the writer asserting, not giving a view: "This Council notes that".

    In the writer's own voice only a verb of opinion makes the clause a view ("we believe",
    "this council considers", "we are concerned"); "notes", "recognises", "affirms" state it.
    """
    if not frame.verb or frame.subject is None or not _OWN.match(frame.subject):
        return False
    forms = verb_forms().get(frame.cue.split()[0].lower(), ())
    return bool(forms) and not any(v.lemma in OPINION for v in forms)


def reports_words(sentence: str) -> bool:
    """Whether a sentence reports someone saying something ("called the report ...")."""
    return any(f.reports for f in attributions(sentence))
