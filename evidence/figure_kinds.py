"""What a figure measures, so that like is compared with like.

Every figure :func:`evidence.figures.figures` finds is one of seven kinds: a year (or a
period named by its years), a month, a day of a month, a sum of money, a share (a
percentage, percentage points, "three of the four"), a count (a number, a count in words)
or an ordinal ("the third council": a place in an order, not a count). A count is
compared with counts, a year with years, money with money: "the four priorities", cited to
a fact whose only figure is its year, neither matches nor contradicts it; nor does "eight
councils" a fact's "two unitary authorities" (a count is compared with counts of the same
thing, by the words after it), nor "the fourth director" a fact's "seven directors". A
period is compared with years and months alike (it spans both).

A fact's dates are its own: those its statement gives, else its as-at date, else its
quotes'. A year that only appears in a quote's words ("due to be created in April 2021", in
a fact about a report of May 2019) is not the fact's date. A day, month and year written
together ("1 November 2020") are one date: :func:`phrases` groups them, so a wrong date is
one finding, not one for each part.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from evidence.figures import MONTHS, Figure, figures, is_ordinal, is_year, ratios
from evidence.normalise import normalise
from evidence.register import Fact

Kind = Literal["year", "month", "day", "money", "share", "count", "ordinal"]
DATE_KINDS: frozenset[Kind] = frozenset(("year", "month", "day"))

_MONTH = (
    r"(?:"
    + "|".join(m.capitalize() for m in MONTHS)
    + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)\b"
)
#: A day before its month ("1 November", "3rd of May") or after it ("November 1").
_DAY_BEFORE = re.compile(rf"\s*(?:of\s+)?{_MONTH}")
_MONTH_BEFORE = re.compile(rf"{_MONTH}\s+(?:the\s+)?$")
#: After "November 1": a year or the end of a phrase ("In June 12 councils" is a count).
_AFTER_DAY = re.compile(r"(?:st|nd|rd|th)?(?:,?\s+(?:1[89]|20)\d\d\b|\s*(?:[,.;:)]|$))")
#: The word that finishes an amount: "£20 million", "40 per cent".
_SCALE = re.compile(r"hundred|thousand|million|billion|bn|m|per|cent|percent|%", re.IGNORECASE)
#: What may stand between the parts of one date: "1 November 2020", "November 1, 2020".
_JOIN = re.compile(r"\s*(?:of\s+)?,?\s*")


@dataclass(frozen=True)
class Stated:
    """A figure with the kind of thing it measures."""

    figure: Figure
    kind: Kind
    #: What a count counts, as the words after it say ("seven directors": "director").
    counted: frozenset[str] = frozenset()

    def alike(self, other: Stated) -> bool:
        """Whether the two measure the same kind of thing (a period is a year and months).

        Counts of things the words after them name differently ("eight councils", "two
        unitary authorities") are not alike; a count with no word after it ("back to 232")
        is like any count.
        """
        if self.kind == other.kind == "count":
            return not (self.counted and other.counted) or bool(self.counted & other.counted)
        if self.kind == other.kind:
            return True
        periods = "period" in (self.figure.kind, other.figure.kind)
        return periods and {self.kind, other.kind} == {"year", "month"}

    def label(self) -> str:
        """How to print it: a month by name, a part of "1/11/2020" by itself, else as written."""
        if (
            self.kind in ("day", "year")
            and "/" in self.figure.text
            and self.figure.kind == "number"
        ):
            return str(int(self.figure.value))
        return self.figure.label()


def kind_of(figure: Figure, text: str) -> Kind:
    """The kind of ``figure``, found in ``text`` (its words around decide a day)."""
    if figure.kind == "period" or is_year(figure):
        return "year"
    if figure.kind == "number" and "/" in figure.text:  # "1/11/2020" states a day and a year
        return "day" if figure.value <= 31 else "year"
    if figure.kind in ("month", "money"):
        return figure.kind
    if figure.kind in ("percent", "points"):
        return "share"
    if _is_day(figure, text):
        return "day"
    return "ordinal" if is_ordinal(figure) else "count"


def _is_day(figure: Figure, text: str) -> bool:
    """A number of 1 to 31 beside a month ("1 November", "November 1st", "1/11/2020")."""
    if figure.kind != "number" or not 1 <= figure.value <= 31:
        return False
    if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", figure.text) is None:
        return False
    if _DAY_BEFORE.match(text, figure.end) is not None:
        return True
    return (
        _MONTH_BEFORE.search(text[max(0, figure.start - 16) : figure.start]) is not None
        and _AFTER_DAY.match(text, figure.end) is not None
    )


def stated(text: str) -> list[Stated]:
    """The figures ``text`` states, each with its kind (and a count, what it counts)."""
    out = []
    for f in figures(text):
        kind = kind_of(f, text)
        out.append(Stated(f, kind, counted(f, text) if kind == "count" else frozenset()))
    return out


#: Words that end what a count counts: "232 cases are", "seven directors and interims".
_ENDS = frozenset(
    (
        "and",
        "or",
        "but",
        "of",
        "in",
        "into",
        "to",
        "from",
        "for",
        "with",
        "by",
        "at",
        "on",
        "per",
        "a",
        "an",
        "the",
        "this",
        "that",
        "than",
        "as",
        "over",
        "under",
        "since",
        "after",
        "before",
        "were",
        "was",
        "are",
        "is",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "must",
        "can",
        "who",
        "which",
        "whom",
        "whose",
        "where",
        "when",
        "while",
        "not",
        "no",
        "out",
        "each",
        "every",
        "other",
        "others",
        "more",
        "less",
        "fewer",
        "only",
        "all",
        "some",
        "its",
        "their",
        "our",
        "his",
        "her",
        "last",
        "next",
    )
)


_PLURALS = frozenset(("children", "people", "staff", "men", "women", "police", "personnel"))


def counted(figure: Figure, text: str) -> frozenset[str]:
    """What a count counts: up to three words after it, to its plural noun.

    "seven directors and interims": {"director"}; "two unitary authorities": {"unitary",
    "authority"}; "back to 232.": none.
    """
    words = []
    for word in re.findall(r"[\w'’-]+|[^\w\s]", text[figure.end : figure.end + 60])[:3]:
        if not word[0].isalpha() or word.lower() in _ENDS:
            break
        words.append(_stem(word.lower()))
        if words[-1] != word.lower() or word.lower() in _PLURALS:
            break  # the plural noun ends it: "340 families last year" counts families
    return frozenset(words)


def noun_stem(word: str) -> str:
    """A word as :func:`counted` gives the noun a count counts ("Cases": "case")."""
    return _stem(word.lower())


def _stem(word: str) -> str:
    """A plural's singular, roughly: "authorities" -> "authority", "councils" -> "council"."""
    word = re.sub(r"['’]s$", "", word)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def phrases(found: list[Stated], text: str) -> list[list[Stated]]:
    """``found`` grouped into what is said once: a day, month and year together are one date.

    Other figures stand alone. ``found`` is in the order of the text.
    """
    out: list[list[Stated]] = []
    for s in found:
        last = out[-1] if out else None
        if (
            last is not None
            and s.kind in DATE_KINDS
            and last[-1].kind in DATE_KINDS
            and s.kind not in {x.kind for x in last}
            and s.figure.start >= last[-1].figure.end
            and _JOIN.fullmatch(text, last[-1].figure.end, s.figure.start)
        ):
            last.append(s)
        elif last is not None and s.figure.start < last[-1].figure.end:
            last.append(s)  # "1/11/2020": three figures of one span
        else:
            out.append([s])
    return out


def said(group: list[Stated]) -> str:
    """How a figure, or a date of several parts, reads (a month by name).

    "£22 million a year", "1 November 2020".
    """
    if len(group) > 1 and group[0].figure.start == group[-1].figure.start:
        return group[0].figure.text  # "1/11/2020"
    return " ".join(s.figure.label() for s in group)


def fact_figures(fact: Fact) -> tuple[Stated, ...]:
    """What ``fact`` supports: its figures, with their kinds.

    Its statement's and quotes' counts, sums and shares (a ratio "three of the four" as its
    share too), and its own dates: for each of year, month and day, the statement's, else
    the as-at date's, else the quotes'. The date a report was read is not the date of the
    event it reports ("due in April 2021", read in September 2019, is not "due in 2019").
    """
    own = stated(fact.statement)
    quoted = [s for c in fact.citations for s in stated(c.quote)]
    texts = (fact.statement, *(c.quote for c in fact.citations))
    shares = [
        Stated(Figure(r.text, r.start, r.end, "percent", r.percent()), "share")
        for t in texts
        for r in ratios(t)
    ]
    found = [s for s in own + quoted if s.kind not in DATE_KINDS] + shares
    dates = [s for s in own if s.kind in DATE_KINDS]
    for kind in ("year", "month", "day"):
        if any(s.kind == kind or s.figure.kind == "period" for s in dates):
            continue
        fallback = [s for s in _as_at(fact) if s.kind == kind] or [
            s for s in quoted if s.kind == kind
        ]
        dates += fallback
    return tuple(found + dates)


def _as_at(fact: Fact) -> list[Stated]:
    """The fact's as-at date as figures: a period, or its year, month and day."""
    d = fact.as_at
    if d is None:
        return []
    if d.until is not None:  # "as_at: 2018-04/2019-03"
        return [Stated(Figure(d.long(), 0, 0, "period", float(d.year), period=d), "year")]
    out = [Stated(Figure(str(d.year), 0, 0, "number", float(d.year)), "year")]
    if d.month:
        out.append(Stated(Figure(str(d.month), 0, 0, "month", float(d.month)), "month"))
    if d.day:
        out.append(Stated(Figure(str(d.day), 0, 0, "number", float(d.day)), "day"))
    return out


def figure_changes(quote: str, passage: str) -> list[tuple[str, str]]:
    """Where a quotation's figures differ from its source's: ``[("230", "232")]``.

    The words are lined up as :func:`evidence.verify.word_diff` lines them up; each run of
    words replaced by others that states figures of the same kinds on both sides, and not the
    same, is one change, named as written ("six" for "seven", "£20" for "£22"); a year for
    a count is a change of words, not of a figure.
    """
    a, b = normalise(quote).split(" "), normalise(passage).split(" ")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op != "replace":
            continue
        k = 0  # the words that finish both amounts: "£20 million", not "£20"
        while (
            k < 2
            and i2 + k < len(a)
            and j2 + k < len(b)
            and a[i2 + k] == b[j2 + k]
            and _SCALE.fullmatch(a[i2 + k])
        ):
            k += 1
        said, source = " ".join(a[i1 : i2 + k]), " ".join(b[j1 : j2 + k])
        ours, theirs = figures(said), figures(source)
        if (
            not ours
            or not theirs
            or [s.kind for s in stated(said)] != [s.kind for s in stated(source)]
        ):
            continue  # "by 2025" for ". Three out": words changed, no figure of its kind
        if [f.value for f in ours] != [f.value for f in theirs]:
            out.append((", ".join(f.label() for f in ours), ", ".join(f.label() for f in theirs)))
    return out
