"""Inspection judgements: a grade with the area it judges, read from a sentence.

The grades, in one place, as inspectorates give them:

* Ofsted, children's services (ILACS, from 2018): Outstanding, Good, Requires improvement to
  be good, Inadequate; its earlier framework (SIF, 2013 to 2017) also wrote "Requires
  improvement"; before 2013, Outstanding (grade 1), Good (2), Adequate (3), Inadequate (4).
* CQC: Outstanding, Good, Requires improvement, Inadequate.
* HMICFRS: Outstanding, Good, Adequate, Requires improvement, Inadequate.

A sentence states a judgement when it names the area and its grade in one of the forms
reports use: a heading or table row ("Overall effectiveness: Inadequate", "The impact of
leaders on social work practice with children and families Requires improvement to be
good"), an area that is, or was judged, a grade ("Children's services in Norfolk are
inadequate", "Leadership and management are good"), "the overall judgement is (that ...
are) inadequate", "Quality of provision Grade 3 (Adequate)", or a judging verb ("the
council was judged to be good", "Ofsted rated its children's services inadequate"). A grade
word alone is not one: "good progress", "the quality of recording is inadequate".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Each grade as written, and the name it is given as; longest first.
GRADES: tuple[tuple[str, str], ...] = (
    (r"requires?\s+improvement\s+to\s+be\s+good", "requires improvement to be good"),
    (r"(?:requires?|required)\s+improvement", "requires improvement"),
    (r"inadequate", "inadequate"),
    (r"outstanding", "outstanding"),
    (r"adequate", "adequate"),
    (r"good", "good"),
)
GRADE = "|".join(f"(?:{pattern})" for pattern, _ in GRADES)
#: A grade said of an inspection without its area, as news reports say it ("Ofsted found
#: the service inadequate", "rated good"): "good" and "adequate" only after a judging verb.
MENTION = re.compile(
    r"\b(?:inadequate|(?:requires?|required)\s+improvement|outstanding"
    r"|(?:rated|judged|graded)\s+(?:as\s+)?(?:good|adequate)"
    r"|special\s+measures|serious\s+weaknesses|failing)\b",
    re.IGNORECASE,
)
_TAIL = r"(?:\s+(?:of|for|in|at|to|by|across|with)\s+[^:;,.()]{1,90}?)?"
#: Areas inspectorates judge, in general terms (Ofsted's, then any service's).
AREAS = (
    r"overall\s+(?:effectiveness|judgement|rating|grade)"
    r"|(?:the\s+)?impact\s+of\s+leaders|(?:the\s+)?experiences?\s+and\s+progress"
    r"|leadership(?:,\s*|\s+and\s+)management(?:,?\s+and\s+governance)?|capacity\s+to\s+improve"
    r"|(?:the\s+)?quality\s+of\s+provision|outcomes"
    r"|children\s+(?:who\s+need|in\s+need\s+of)\s+help\s+and\s+protection"
    r"|children\s+looked\s+after\s+and\s+achieving\s+permanence|adoption\s+performance"
    r"|(?:the\s+)?(?:effectiveness\s+of\s+the\s+)?(?:local\s+safeguarding\s+children\s+board"
    r"|LSCB)|(?:the\s+)?(?:council['’]s\s+|local\s+authority['’]s\s+)?children['’]?s\s+"
    r"(?:social\s+care\s+)?services|(?:the\s+)?services\s+(?:for|to)\s+(?:children|care\s+"
    r"leavers|looked\s+after|young\s+people|adults?|older\s+people)"
    r"|(?:the\s+)?local\s+authority|(?:the\s+)?council"
)
#: Single words that are areas only as a heading or a table row (CQC's key questions,
#: HMICFRS's pillars): "Safe: Requires improvement".
_PILLARS = r"safe|effective|caring|responsive|well[- ]led|effectiveness|efficiency|legitimacy"
_BE = (
    r"(?:is|are|was|were|remains?|remained|has\s+been|have\s+been|had\s+been)"
    r"(?:\s+(?:now|still|also|again))?"
)
_JUDGING = r"(?:judged|rated|graded|assessed|found)"
#: After a grade said of an area, the clause ends: "are good." but not "is good at listening"
#: or "is inadequate support".
_END = (
    r"(?=\s*(?:$|[.,;:()]|(?:and|but|because|as|overall|since|although|though|while|or"
    r"|now|again|by|when|after|following|last|across|in\s+(?:its|their|all|every|most|each"
    r"|(?:[a-z]+\s+)?(?:19|20)\d\d))\b))"
)
_AS = r"(?:\s+(?:to\s+be|as|to))?"
_FORMS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        # a heading or a table row: "Overall effectiveness: Inadequate"
        rf"^\s*(?P<area>[^:;.]{{3,200}}?)\s*[:–—]\s*(?P<grade>{GRADE})\s*\.?\s*$",
        # "Quality of provision Grade 3 (Adequate)"
        rf"^\s*(?P<area>[^:;.]{{3,200}}?)\s+grade\s+[1-4]\s*\(\s*(?P<grade>{GRADE})\s*\)\s*\.?\s*$",
        # "the overall judgement is that children's services are inadequate"
        rf"\b(?P<area>overall\s+judgement)\s+is\s+(?:that\s+(?P<subject>[^,;:.]{{2,120}}?)\s+"
        rf"(?:is|are|require|requires)\s+)?(?P<grade>{GRADE})\b",
        # "Children's services in Norfolk are inadequate", "... were judged to be good"
        rf"^\s*(?P<area>(?:{AREAS}){_TAIL})\s+{_BE}(?:\s+{_JUDGING}{_AS})?\s+(?P<grade>{GRADE}){_END}",
        # "Children's services in Brighton require improvement to be good"
        rf"^\s*(?P<area>(?:{AREAS}){_TAIL})\s+(?P<grade>requires?\s+improvement(?:\s+to\s+be\s+good)?)"
        rf"{_END}",
        # "when services were judged to require improvement": the subject after the last start
        # of a clause ("... good overall and the adoption service is judged outstanding"), not
        # after an "and" within it ("services for children and looked after children")
        rf"^(?:.*(?:[,;:(]\s*|\b(?:when|where|that|which|and|but|since|after|until|while)\s+"
        rf"(?=(?:the|its|their|his|her|our|this|these|those|a|an|all|both|each|every|some|most)\b"
        rf"|(?-i:[A-Z]))))?"
        rf"(?P<area>[^,;:()]{{2,120}}?)\s+{_BE}\s+(?:judged|rated|graded){_AS}\s+(?P<grade>{GRADE})"
        rf"{_END}",
        # "Ofsted rated its children's services inadequate"
        rf"\b(?:rated|judged|graded)\s+(?P<area>(?:the|its|their|his|her)\s+[^,;:.()]{{2,80}}?)"
        rf"(?:\s+(?:as|to\s+be))?\s+(?P<grade>{GRADE}){_END}",
    )
]
#: A table row run together, with a known area: "Overall effectiveness Outstanding".
_ROW = re.compile(
    rf"^\s*(?P<area>(?:{AREAS}|{_PILLARS}){_TAIL}|(?:the\s+)?experiences?\s+and\s+"
    rf"progress\s+of\s+[^:;.]{{3,120}}?|(?:the\s+)?impact\s+of\s+leaders\s+"
    rf"[^:;.]{{3,120}}?)\s+(?P<grade>(?=(?-i:[A-Z]))(?:{GRADE}))\s*\.?\s*$",
    re.IGNORECASE,
)
#: Subjects that name no area: "Eight were judged good", "It is good", "This was rated".
_NO_AREA = re.compile(
    r"^(?:it|they|this|these|those|that|there|which|who|one|two|three|four"
    r"|five|six|seven|eight|nine|ten|all|most|some|many|none|both|each"
    r"|\d+)$",
    re.IGNORECASE,
)
_TRAILING = re.compile(rf"(?:\s+{_BE})?[\s\-–—]*$", re.IGNORECASE)
_LEADING = re.compile(
    r"^(?:(?:when|where|that|which|and|but|since|after|until|so|as)\s+)+", re.IGNORECASE
)


@dataclass(frozen=True)
class Judgement:
    """A grade and the area it judges, with where the sentence states them."""

    area: str
    grade: str  # as GRADES names it: "requires improvement to be good"
    start: int
    end: int

    def statement(self, who: str | None = None) -> str:
        """``Overall effectiveness: inadequate (Ofsted judgement).``."""
        area = self.area[0].upper() + self.area[1:]
        return f"{area}: {self.grade} ({who or 'inspection'} judgement)."


def grade_name(words: str) -> str:
    """The name of the grade ``words`` write, across lines: "Requires improvement"."""
    flat = " ".join(words.split())
    return next(name for pattern, name in GRADES if re.fullmatch(pattern, flat, re.IGNORECASE))


def judgement(sentence: str) -> Judgement | None:
    """The judgement ``sentence`` states, or None."""
    for form in (*_FORMS, _ROW):
        m = form.search(sentence)
        if m is None:
            continue
        area = _TRAILING.sub("", " ".join(_LEADING.sub("", m.group("area")).split()))
        if m.groupdict().get("subject"):
            area = " ".join(m.group("subject").split())
        if not area or _NO_AREA.match(area) or len(area.split()) > 25:
            continue
        return Judgement(area, grade_name(m.group("grade")), m.start(), m.end())
    return None
