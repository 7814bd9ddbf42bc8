"""Finding the sections of the FOI Act (and regulations of the EIR) a reply cites.

A citation is a keyword, then a number with any subsections, ``(2)``, ``(4)(b)``:
``section 12``, ``s.12``, ``s 12(1)``, ``S14(1)``, ``sections 40 and 43`` (a plural keyword
takes a list), ``regulation 12(4)(b)``. It counts as the FOI Act's (or the EIR's) unless
it names another law right after it (``section 12 of the Children Act 1989``) or right
before it (``Children Act 1989, section 12``). As a regulation counts only where the text
names the Environmental Information Regulations (or "EIR") somewhere, a text that names
another Act ("the Children Act 1989") and never the FOI Act (or "FOIA", "FOI", "freedom of
information") cites that Act's sections: a social-care report's "section 47" is no FOI
section. A number before the
word (``12 sections``), and other words (``paragraph 12``, ``page 12``), are no citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafting.council.exemptions import Act, Provision, provision

_NUMBER = r"\d{1,3}[A-Z]?(?![\w])"
_SUBS = r"(?:\s?\((?:\d{1,2}[A-Z]{0,2}|[a-z]{1,4})\))*"
_ONE = rf"{_NUMBER}{_SUBS}"
_LIST = rf"{_ONE}(?:\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*){_ONE})*"
_CITATION = re.compile(
    rf"(?<![\w'’.])(?:"
    rf"(?P<many>sections|ss\.?)\s?(?P<list>{_LIST})"
    rf"|(?P<regs>regulations|regs\.?)\s?(?P<rlist>{_LIST})"
    rf"|(?P<reg>regulation|reg\.)\s?(?P<rone>{_ONE})"
    rf"|(?:section|sec\.|s\.|s)\s?(?P<one>{_ONE}))",
    re.IGNORECASE,
)
_ITEM = re.compile(_ONE, re.IGNORECASE)
_AFTER = re.compile(r"\s+(?P<word>of|under)\s+(?P<rest>.{0,80})", re.S)
#: The FOI Act (or the EIR) named after "of"/"under": "of the Act", "under FOIA".
_OURS_AFTER = {
    "FOIA": re.compile(r"(?:the\s+)?(?:Act\b|FOIA\b|FoIA\b|Freedom\s+of\s+Information\s+Act\b)"),
    "EIR": re.compile(
        r"(?:the\s+)?(?:Regulations\b|EIRs?\b|Environmental\s+Information\s+Regulations\b)"
    ),
}
#: A law named right before a citation ("Children Act 1989, section 12").
_LAW_BEFORE = re.compile(r"\b(?:Act|Regulations|Order|Rules)(?:\s+\d{4})?\s*,?\s*$")
_OURS_BEFORE = re.compile(
    r"(?:Freedom\s+of\s+Information|Environmental\s+Information|\bthe)\s+"
    r"(?:Act|Regulations)(?:\s+\d{4})?\s*,?\s*$"
)
_MENTIONS_EIR = re.compile(r"\bEnvironmental Information Regulations\b|\bEIRs?\b")
_MENTIONS_FOI = re.compile(r"\bfreedom\s+of\s+information\b|\bFOI(?:A|\s+Act)?\b", re.I)
#: Another Act named: capitalised words, "Act", a year ("the Children Act 1989").
_OTHER_ACT = re.compile(r"\b(?:[A-Z][\w'’]*\s+(?:and\s+|of\s+)?){1,6}Act\s+\d{4}\b")


@dataclass(frozen=True)
class Cited:
    """One section (or regulation) cited: which, as written, and where in the text."""

    act: Act
    number: str  # with its subsections, spaces removed: "40(2)", "12(4)(b)"
    written: str
    start: int

    @property
    def provision(self) -> Provision | None:
        """What the table knows of it (None: a section the table does not describe)."""
        return provision(self.act, self.number)


def _ours(text: str, start: int, end: int, act: Act) -> bool:
    """Whether the citation at ``start:end`` is of the FOI Act (or the EIR), not another law.

    "of ..." must name the Act ("of the Act", "of the Freedom of Information Act"); "under"
    a name (a capital) must too; a law named right before it must be the Act.
    """
    after = _AFTER.match(text, end)
    if after is not None:
        rest = after.group("rest")
        named = after.group("word") == "of" or re.match(r"(?:the\s+)?[A-Z]", rest)
        if named and not _OURS_AFTER[act].match(rest):
            return False
    before = text[max(0, start - 80) : start]
    return not _LAW_BEFORE.search(before) or bool(_OURS_BEFORE.search(before))


def citations(text: str) -> list[Cited]:
    """Every section of the FOI Act (and regulation of the EIR) ``text`` cites, in order."""
    foi = bool(_MENTIONS_FOI.search(text)) or not _OTHER_ACT.search(text)
    named = {"EIR": bool(_MENTIONS_EIR.search(text)), "FOIA": foi}
    out: list[Cited] = []
    for found in _CITATION.finditer(text):
        regulation = found.group("reg") or found.group("regs")
        act: Act = "EIR" if regulation else "FOIA"
        if not named[act]:
            continue
        if not _ours(text, found.start(), found.end(), act):
            continue
        listed = found.group("list") or found.group("rlist")
        numbers = (
            [m.group() for m in _ITEM.finditer(listed)]
            if listed
            else [found.group("one") or found.group("rone")]
        )
        for number in numbers:
            out.append(Cited(act, re.sub(r"\s+", "", number), found.group(), found.start()))
    return out


def refusal_grounds(text: str) -> list[Provision]:
    """The grounds for refusing that ``text`` cites, each once, in the order first cited.

    Duties of the authority (s.1, s.10, s.16, s.17) are cited in every reply and are no
    ground; an EIR exception is kept with its subsections, a section of the Act without.
    """
    out: dict[tuple[str, str], Provision] = {}
    for cited in citations(text):
        found = cited.provision
        if found is not None and found.refusal:
            out.setdefault((found.act, found.number), found)
    return list(out.values())


def extends_for_public_interest(text: str) -> bool:
    """Whether a reply says it is taking more time to consider the public interest (s.10(3))."""
    if any(c.act == "FOIA" and c.number.startswith("10(3)") for c in citations(text)):
        return True
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if re.search(r"public\s+interest", sentence, re.IGNORECASE) and re.search(
            r"\b(?:extend\w*|extension|further\s+time|more\s+time|additional\s+time)\b",
            sentence,
            re.IGNORECASE,
        ):
            return True
    return False


def parse_refused(value: str) -> list[Provision]:
    """``--refused 12,40`` (or ``s.12, 40(2), reg 12(4)(b)``): the grounds named.

    Raises:
        ValueError: an item is not a section or regulation that is a ground for refusing,
            or none is named; the message names it.
    """
    out: list[Provision] = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        act: Act = "EIR" if re.match(r"(?i)(?:reg|eir)", item) else "FOIA"
        number = re.sub(r"(?i)^(?:regulation|reg\.?|eir|section|s\.?)\s*", "", item)
        number = re.sub(r"\s+", "", number)
        found = provision(act, number) if re.fullmatch(_ONE, number) else None
        if found is None or not found.refusal:
            what = "a regulation of the EIR" if act == "EIR" else "a section of the Act"
            raise ValueError(f"{item!r} is not {what} that is a ground for refusing")
        if found not in out:
            out.append(found)
    if not out:  # "--refused ''" or "--refused ,": a ground left out, not "none"
        raise ValueError(f"{value!r} names no section")
    return out
