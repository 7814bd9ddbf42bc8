"""What in a sentence could identify a child: ages, places narrower than a town, dates.

Each finder returns :class:`Detail` values (what kind of detail, where, the words) for
:mod:`drafting.review.identification`, which decides what together is a risk. They are
grammars, not lists of the dossier's names: an age is "aged 7", "a 7-year-old", "18 months
old", or bare as reports give it ("Jayden, 7,", "Jayden (7)", "who was 7", "a boy of 7");
"children aged 0-17", "aged 16 and 17" and "16-year-olds" count people, no one child; a
street is capitalised words ending in a street word ("Elm Road"); a school is capitalised
words ending in "School", "Academy", "College" or "Nursery"; an estate is "the Y estate"; a
postcode is the UK grammar (an area, a district, then a sector and unit: "NN1 2AB",
"SW1A1AA"), its district alone ("NN1") counting only as a place; a date is one to the day
("3 March 2012", "03/03/2012").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafting.lexicon import noun_lemmas, parts_of_speech


def words(text: str, sep: str | None = None) -> tuple[str, ...]:
    """The words of a constant, space-separated (or by ``sep``): long lists kept readable."""
    return tuple(text.split(sep))


_NUMBER_WORDS = words(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen"
)
_NUMBER = rf"(?:\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})"
#: A child is under 18: an age in years above this is an adult's.
CHILD_YEARS = 17
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
MONTH_WORDS = frozenset(m.lower() for m in words(_MONTHS, "|"))
WEEKDAYS = frozenset(words("monday tuesday wednesday thursday friday saturday sunday"))

#: "aged 7", "aged seven years", "aged 18 months" (not a range: "aged 0-17", "aged 16 and 17").
_AGED = re.compile(
    rf"\b(?:aged|at\s+the\s+age\s+of)\s+(?P<n>{_NUMBER})(?:\s+(?P<unit>years?|months?|weeks?|days?))?\b"
    rf"(?!\s*(?:[-–—+/]\s*\d|to\s+{_NUMBER}\b|(?:and|or|&)\s+(?:over|under|above|older|"
    rf"younger|{_NUMBER})\b|\+))",
    re.IGNORECASE,
)
#: "a 7-year-old", "seven years old", "18 months old" (not "16-year-olds": people counted).
_YEARS_OLD = re.compile(
    rf"(?<![\w–-])(?P<n>{_NUMBER})[-\s](?P<unit>year|month|week|day)s?[-\s]old\b(?!s\b)",
    re.IGNORECASE,
)
#: An age given bare, as reports give a child's: "Jayden Smith, 7, of Elm Road", "Jayden (7)",
#: "who was 7", "a boy of 7". After a name the word before must be capitalised (checked in
#: :func:`ages`): "In 2019, 7 children" and "Rule 12, 7, 9" are no age.
_BARE_AGE = re.compile(
    rf"(?P<after>(?<=[^\W\d_])(?:,\s+(?P<n1>{_NUMBER})(?=\s*,|\s+(?:of|from|who|was|is|and|had|"
    rf"died|lived|attended)\b)|\s+\((?P<n2>{_NUMBER})\)))"
    rf"|\bwho\s+(?:was|is|had\s+just\s+turned|had\s+turned|turned)\s+(?P<n3>{_NUMBER})\b"
    rf"(?!\s*(?:%|per\b|[-–]|\.\d|(?:years?|months?|weeks?|days?|hours?|minutes?|times?)\b"
    rf"(?!\s+old\b)))"
    rf"|\b(?:boy|girl|child|baby|toddler|infant|son|daughter|pupil)\s+of\s+(?P<n4>{_NUMBER})\b"
    rf"(?!\s*(?:%|[-–]|\w+s\b))",
    re.IGNORECASE,
)
#: What makes "N years old" one end of a range ("5 to 7 years old", "5-7 years old").
_RANGE_BEFORE = re.compile(r"(?:[-–—]|\bto|\band|\bor|\bbetween)\s*$", re.IGNORECASE)
#: Words before "aged" that stand for a group ("those aged 7"): no one child.
_GROUP_WORDS = frozenset(words("those all people children pupils young students families"))

_STREET_WORDS = (
    "Street|Road|Close|Avenue|Crescent|Lane|Way|Drive|Grove|Terrace|Gardens|Place|Walk|Row|"
    "Mews|Square|Rise|Court|Parade|Hill"
)
_NOT_A_NAME = r"(?!(?:The|This|That|These|Those|A|An|Every|Each|One|Our|Their|Its|No|Any)\b)"
_CAP = r"[A-Z][^\W\d_]*(?:['’][^\W\d_]+)?"
_STREET = re.compile(rf"(?<![\w-]){_NOT_A_NAME}{_CAP}(?:\s+{_CAP}){{0,2}}\s+(?:{_STREET_WORDS})\b")
_SCHOOL = re.compile(
    rf"(?<![\w-]){_NOT_A_NAME}{_CAP}(?:\s+(?:{_CAP}|of|de|la)){{0,5}}?\s+"
    r"(?:(?:C of E|CE|RC|VA|VC)\s+)?(?:School|Academy|College|Nursery)\b"
)
_ESTATE = re.compile(rf"\bthe\s+{_CAP}(?:\s+{_CAP})?\s+[Ee]state\b")

#: The UK's postcode areas with two letters (the one-letter ones are B E G L M N S W).
_AREAS2 = words(
    "AB AL BA BB BD BF BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT "
    "DY EC EH EN EX FK FY GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY LA LD LE "
    "LL LN LS LU ME MK ML NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM SA SE SG SK SL SM "
    "SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB WA WC WD WF WN WR WS WV YO ZE"
)
_OUTWARD = rf"(?:{'|'.join(_AREAS2)}|[BEGLMNSW])\d[A-Z\d]?"
_POSTCODE = re.compile(rf"(?<![\w-]){_OUTWARD}\s?\d[ABD-HJLNP-UW-Z]{{2}}(?![\w-])")
#: Words of a family or a home: a postcode beside them is where somebody lives.
_HOME = re.compile(
    r"\b(?:famil(?:y|y's|ies)|lived?|lives|living|home|homes|house|flat|resident|"
    r"address of|moved to|neighbours?)\b",
    re.IGNORECASE,
)
#: A postcode district alone ("NN1"): two letters, so that roads ("M1", "A45") are not one.
_DISTRICT = re.compile(rf"(?<![\w-])(?:{'|'.join(_AREAS2)})\d[A-Z\d]?(?![\w-])")

_ORDINAL = r"(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"\b\d{{1,2}}{_ORDINAL}\s+(?:of\s+)?(?:{_MONTHS})\b\.?(?:,?\s+\d{{4}})?"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}{_ORDINAL}(?:,?\s+\d{{4}})?\b"
    r"|\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b"
)
_BORN = re.compile(rf"\bborn\s+(?:on\s+)?(?:the\s+)?(?:{_DATE.pattern})", re.IGNORECASE)
_DOB_LABEL = re.compile(r"\bdate\s+of\s+birth\b|\bDOB\b|\bd\.\s?o\.\s?b\b\.?", re.IGNORECASE)
_DOB_REACH = 30
_DOB_VALUE = re.compile(rf"{_DATE.pattern}|\b(?:{_MONTHS})\s+\d{{4}}\b|\b\d{{4}}\b")

#: Anonymised case labels as serious case reviews print them ("Child A", "Sibling 2").
_LABEL = re.compile(
    r"(?<![\w-])(?:Child|Baby|Infant|Family|Sibling|Young Person|Young person)\s+"
    r"(?!I\b)(?:[A-Z]{1,2}\d?|\d{1,2})(?![\w-])"
)
#: Words that say a person is an adult: a name nearer one than any word saying a child is
#: an adult's ("the report's author, Jane Wonnacott, said the child ...").
ADULT_WORDS = frozenset(
    words(
        "mother father parent parents stepfather stepmother grandmother grandfather "
        "grandparent aunt uncle partner carer author reviewer chair chairman chairwoman "
        "director manager officer leader head headteacher teacher nurse doctor gp worker "
        "practitioner inspector commissioner minister secretary councillor spokesperson "
        "spokesman spokeswoman coroner judge detective paramedic midwife visitor consultant "
        "solicitor barrister man woman adult chief executive"
    )
)
#: Singular words that say a person is a child (a name near one is a child's).
MARKER_WORDS = (
    "child|boy|girl|baby|infant|toddler|pupil|son|daughter|teenager|schoolboy|schoolgirl|"
    "newborn|youngster|stepson|stepdaughter|grandson|granddaughter|kid|minor"
)
_MARKER = re.compile(
    rf"\b(?:{MARKER_WORDS}|young person)(?:['’]s)?\b(?:\s+(?P<next>[a-z]+))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Detail:
    """Something in a sentence that narrows who a child is."""

    kind: str  # "age", "street", "school", "estate", "postcode", "district", "date", "birth"
    start: int
    end: int
    words: str


def covered(details: list[Detail]) -> set[int]:
    """The offsets inside ``details`` (each is a few words long)."""
    return {i for d in details for i in range(d.start, d.end)}


def _value(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS.index(word.lower()) + 1


def _a_child(n: str, unit: str | None) -> bool:
    """Whether an age of ``n`` ``unit`` (years when none) is a child's (months, weeks are)."""
    in_years = unit is None or unit.lower().startswith("year")
    return not in_years or _value(n) <= CHILD_YEARS


def _of_a_group(text: str, at: int) -> bool:
    """Whether the word before offset ``at`` names a group ("children aged 7")."""
    before = re.search(r"([A-Za-z]+)\W*$", text[max(0, at - 40) : at])
    if before is None:
        return False
    word = before.group(1).lower()
    if word in _GROUP_WORDS:
        return True
    lemmas = noun_lemmas(word)
    return bool(lemmas) and word not in lemmas and word.endswith("s")


def ages(text: str) -> list[Detail]:
    """One child's ages in ``text``: "aged 7", "a 7-year-old", "18 months old"."""
    found = [
        Detail("age", m.start(), m.end(), m.group())
        for m in _AGED.finditer(text)
        if _a_child(m["n"], m["unit"]) and not _of_a_group(text, m.start())
    ]
    found += [
        Detail("age", m.start(), m.end(), m.group())
        for m in _YEARS_OLD.finditer(text)
        if _a_child(m["n"], m["unit"])
        and not _RANGE_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
    ]
    found += [
        Detail("age", m.start(), m.end(), m.group().strip(" ,()"))
        for m in _BARE_AGE.finditer(text)
        if _a_child(m["n1"] or m["n2"] or m["n3"] or m["n4"], None)
        and (m["after"] is None or _named_before(text, m.start()))
    ]
    return sorted(found, key=lambda d: d.start)


def _named_before(text: str, at: int) -> bool:
    """Whether a capitalised word, not a month or a weekday, ends just before ``at``."""
    before = re.search(r"([^\W\d_]+)$", text[max(0, at - 40) : at])
    if before is None or not before.group(1)[0].isupper():
        return False
    word = before.group(1).lower()
    return word not in MONTH_WORDS and word not in WEEKDAYS


def places(text: str) -> list[Detail]:
    """Places narrower than a town: streets, schools, estates, postcodes and their districts."""
    found = [
        Detail(kind, m.start(), m.end(), m.group())
        for kind, pattern in (
            ("school", _SCHOOL),
            ("street", _STREET),
            ("estate", _ESTATE),
            ("postcode", _POSTCODE),
        )
        for m in pattern.finditer(text)
    ]
    in_postcodes = covered([d for d in found if d.kind == "postcode"])
    found += [
        Detail("district", m.start(), m.end(), m.group())
        for m in _DISTRICT.finditer(text)
        if m.start() not in in_postcodes
    ]
    return sorted(found, key=lambda d: d.start)


def speaks_of_a_home(text: str) -> bool:
    """Whether ``text`` speaks of a family or where somebody lives ("the family lived at")."""
    return _HOME.search(text) is not None


def dates(text: str) -> list[Detail]:
    """Dates to the day ("3 March 2012", "March 3rd", "03/03/2012")."""
    return [Detail("date", m.start(), m.end(), m.group()) for m in _DATE.finditer(text)]


def births(text: str, after: str = "") -> list[Detail]:
    """Dates of birth: "born on 3 March 2012", or "date of birth" / "DOB" with a date.

    ``after``: the text that follows (a label's full stop, "d.o.b.", may end a sentence
    before its value); what is found starts in ``text``.
    """
    found = [Detail("birth", m.start(), m.end(), m.group()) for m in _BORN.finditer(text)]
    end = len(text)
    text = f"{text} {after}" if after else text
    for m in _DOB_LABEL.finditer(text, 0, end):
        # its value, close after it ("date of birth: 3 March 2012", "DOB 03/03/12")
        value = _DOB_VALUE.search(text, m.end(), m.end() + _DOB_REACH)
        if value is not None:
            found.append(Detail("birth", m.start(), value.end(), text[m.start() : value.end()]))
    return sorted(found, key=lambda d: d.start)


def labels(text: str) -> list[Detail]:
    """Anonymised case labels: "Child A", "Family B", "Baby C", "Sibling 2", "Young Person D"."""
    return [Detail("label", m.start(), m.end(), m.group()) for m in _LABEL.finditer(text)]


def markers(text: str) -> list[Detail]:
    """Words that say someone is a child ("boy", "daughter", "child's").

    A word used as a modifier ("child protection", "child sexual exploitation") says
    nothing of a person: the word after it is a noun or adjective and no verb.
    """
    found = []
    for m in _MARKER.finditer(text):
        after = m["next"]
        if after:
            pos = parts_of_speech(after)
            if pos & {"NOUN", "ADJ"} and not pos & {"VERB", "AUX"}:
                continue
        end = m.start("next") - 1 if after else m.end()
        found.append(Detail("marker", m.start(), end, text[m.start() : end].rstrip()))
    return found
