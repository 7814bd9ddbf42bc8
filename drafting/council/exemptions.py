"""What the Freedom of Information Act 2000 (and the EIR) let an authority refuse, in one table.

Each :class:`Provision` is a section of the Act (or a regulation of the Environmental
Information Regulations 2004) a reply may cite: what it is called, whether it is a ground
for refusing (an exemption, the cost limit, a vexatious request) or a duty of the authority
(s.1, s.10, s.16, s.17), whether the public interest test applies, and the points a
requester can make in asking for an internal review. :func:`provision` finds an entry;
:mod:`drafting.council.sections` finds the citations in a reply's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Act = Literal["FOIA", "EIR"]

#: The "appropriate limit" of s.12 for a local authority: The Freedom of Information and
#: Data Protection (Appropriate Limit and Fees) Regulations 2004, reg. 3 (central government:
#: £600) and reg. 4 (staff time at £25 an hour: 18 hours).
COST_LIMIT = "£450 for a local authority (18 hours of staff time at £25 an hour)"

_REFUSAL_NOTICE = (
    "The refusal notice must say which exemption applies and why (s.17(1)); where the "
    "public interest test applies, it must give the reasons the balance favours "
    "withholding (s.17(3)), and it must explain the internal review procedure and the "
    "right to complain to the Information Commissioner (s.17(7))."
)
_PUBLIC_INTEREST = (
    "This is a qualified exemption: the information must still be released unless the "
    "public interest in withholding it outweighs the public interest in disclosure "
    "(s.2(2)(b)), weighed on the facts of this request, not in general terms."
)
_PARTIAL = (
    "An exemption covers only the information it applies to: the rest should be released, "
    "with only the exempt parts redacted."
)

#: What a requester can say of any refusal: release the rest; the notice's own duties.
ANY_REFUSAL = (_PARTIAL, _REFUSAL_NOTICE)
#: The notice owed for a refusal on cost (s.12) or as vexatious or repeated (s.14): no
#: exemption is claimed, so s.17(1) and the public interest test do not apply.
_LIMIT_NOTICE = (
    "A refusal because of the cost limit or as vexatious must say so in a notice (s.17(5)), "
    "and explain the internal review procedure and the right to complain to the Information "
    "Commissioner (s.17(7))."
)
#: The sections that refuse a request whole, not by an exemption of Part II.
_WHOLE_REQUEST = frozenset(("12", "14"))


def notice_points(refused: tuple[Provision, ...] | list[Provision]) -> tuple[str, ...]:
    """What the refusal notice owed for the provisions ``refused`` under (s.17).

    For an exemption: which and why, and the rest released; for a refusal on cost or as
    vexatious (s.12, s.14): a notice saying so (s.17(5)).
    """
    exempt = [p for p in refused if not (p.act == "FOIA" and p.number in _WHOLE_REQUEST)]
    whole = len(exempt) < len(refused)
    return (*(ANY_REFUSAL if exempt else ()), *((_LIMIT_NOTICE,) if whole else ()))


@dataclass(frozen=True)
class Provision:
    """One section of the Act (or regulation of the EIR), as a reply may cite it."""

    act: Act
    number: str  # "12", "40"; for the EIR, "12(4)(b)"
    name: str
    refusal: bool = True  # a ground for withholding, not a duty of the authority
    qualified: bool = False  # the public interest test applies
    arguments: tuple[str, ...] = ()

    @property
    def cited(self) -> str:
        """``section 12`` or ``regulation 12(4)(b) of the EIR``."""
        if self.act == "EIR":
            return f"regulation {self.number} of the EIR"
        return f"section {self.number}"

    def points(self) -> tuple[str, ...]:
        """What a requester can argue against it (the public interest test where it applies).

        The points every refusal shares are :data:`ANY_REFUSAL`.
        """
        extra = (_PUBLIC_INTEREST,) if self.qualified and self.act == "FOIA" else ()
        return (*self.arguments, *extra)


def _foi(number: str, name: str, *arguments: str, qualified: bool = False) -> Provision:
    return Provision("FOIA", number, name, qualified=qualified, arguments=arguments)


def _duty(number: str, name: str) -> Provision:
    return Provision("FOIA", number, name, refusal=False)


def _eir(number: str, name: str, *arguments: str) -> Provision:
    presumption = (
        "Under regulation 12(2) the authority must apply a presumption in favour of "
        "disclosure, and every exception in regulation 12 is subject to the public "
        "interest test.",
    )
    return Provision("EIR", number, name, qualified=True, arguments=(*arguments, *presumption))


_TABLE: tuple[Provision, ...] = (
    _duty("1", "the general right of access (to be told whether information is held)"),
    _duty("10", "the time for compliance (20 working days)"),
    _duty("16", "the duty to advise and assist"),
    _duty("17", "the refusal notice"),
    _duty("50", "a complaint to the Information Commissioner"),
    _foi(
        "12",
        "the cost limit",
        f"The appropriate limit is {COST_LIMIT}; the authority's estimate must be "
        "reasonable and sensible, backed by evidence such as a sampling exercise.",
        "Only four activities may be counted: determining whether the information is held, "
        "locating it, retrieving it, and extracting it. Time spent redacting or deciding "
        "whether an exemption applies does not count.",
        "Under section 16 the authority must give advice and assistance to help bring the "
        "request within the limit, for example by saying what could be provided for a "
        "shorter period or fewer items.",
    ),
    _foi(
        "14",
        "a vexatious or repeated request",
        "It is for the authority to show that the request is vexatious: that it would "
        "cause a disproportionate or unjustified level of disruption, irritation or "
        "distress. Section 14 concerns the request, not the requester.",
        "The request has a serious purpose and value: it seeks information about a matter "
        "of public concern, which weighs against calling it vexatious.",
        "A repeated request (s.14(2)) must be identical or substantially similar to an "
        "earlier one from the same person, made without a reasonable interval.",
    ),
    _foi(
        "21",
        "information reasonably accessible by other means",
        "The information must be reasonably accessible to this applicant: the authority "
        "should say precisely where it is published, and it must cover what was asked for.",
    ),
    _foi(
        "22",
        "information intended for future publication",
        "The authority must have held a settled intention to publish when the request was "
        "made, and it should say when and where; withholding it until then must be "
        "reasonable.",
        qualified=True,
    ),
    _foi("23", "information supplied by, or relating to, security bodies"),
    _foi("24", "national security", qualified=True),
    _foi("26", "defence", qualified=True),
    _foi("27", "international relations", qualified=True),
    _foi("29", "the economy", qualified=True),
    _foi("30", "investigations and proceedings", qualified=True),
    _foi(
        "31",
        "law enforcement",
        "The authority must show how release would, or would be likely to, prejudice a "
        "specific law enforcement interest listed in s.31(1): a real and significant risk, "
        "not a remote or hypothetical one.",
        qualified=True,
    ),
    _foi("32", "court records"),
    _foi("33", "audit functions", qualified=True),
    _foi("35", "the formulation of government policy", qualified=True),
    _foi(
        "36",
        "prejudice to the effective conduct of public affairs",
        "Section 36 needs the reasonable opinion of the authority's qualified person (for "
        "a council, its monitoring officer): ask when that opinion was given and on what "
        "material.",
        "The prejudice claimed (to free and frank advice, or to the conduct of public "
        "affairs) must be specific to this information, not a general worry about openness.",
        qualified=True,
    ),
    _foi("37", "communications with the Royal Family and honours", qualified=True),
    _foi("38", "health and safety", qualified=True),
    _foi("39", "environmental information (to be handled under the EIR)", qualified=True),
    _foi(
        "40",
        "personal data",
        "Figures in aggregate, or anonymised so that no living individual can be "
        "identified from them (with other information likely to be available), are not "
        "personal data.",
        "Where numbers are small, the authority can suppress or round the small cells "
        "(for example giving '<5') rather than refuse the whole request.",
        "Where information is personal data, disclosure can still be lawful where there "
        "is a legitimate interest, release is necessary for it, and it is not overridden "
        "by the individuals' rights (as with senior officers acting in their public role).",
    ),
    _foi(
        "41",
        "information provided in confidence",
        "The information must have been obtained from another person, have the necessary "
        "quality of confidence, and its release must be an actionable breach of "
        "confidence; information the authority generated itself is not covered.",
    ),
    _foi(
        "42",
        "legal professional privilege",
        "Privilege covers communications for the purpose of legal advice or litigation, "
        "and may have been waived where the advice was shared or relied on in public.",
        qualified=True,
    ),
    _foi(
        "43",
        "commercial interests",
        "A trade secret (s.43(1)) must really be one; otherwise (s.43(2)) the authority "
        "must show how release would, or would be likely to, prejudice someone's "
        "commercial interests: a real and significant risk, not merely that the "
        "information is commercial.",
        "Where a third party's interests are claimed, the authority should have its "
        "actual views, not speculate about them.",
        "There is a strong public interest in how public money is spent and in the "
        "performance of contracts for public services.",
        qualified=True,
    ),
    _foi("44", "prohibitions on disclosure", "The authority must name the law that prohibits it."),
    _eir(
        "12(4)(a)",
        "information not held",
        "The authority should show the searches it made, and where else it might be held.",
    ),
    _eir(
        "12(4)(b)",
        "a manifestly unreasonable request",
        "The burden falling on the authority must be manifestly unreasonable, which is a "
        "high bar; the authority must still advise and assist (regulation 9).",
    ),
    _eir("12(4)(d)", "material in the course of completion or unfinished documents"),
    _eir("12(4)(e)", "internal communications"),
    _eir(
        "12(5)(e)",
        "commercial confidentiality",
        "The confidentiality must protect a legitimate economic interest that release "
        "would actually harm.",
    ),
    _eir("13", "personal data", "Aggregate or anonymised figures are not personal data."),
)
_BY_KEY = {(p.act, p.number): p for p in _TABLE}
#: FOIA Part II, the exemptions (ss.21 to 44).
_PART_II = range(21, 45)


def provision(act: Act, number: str) -> Provision | None:
    """The table's entry for a section or regulation: exact, else its base number.

    ``("EIR", "12(4)(b)")`` is found as it is; ``("FOIA", "40(2)")`` as ``40``; a section of
    Part II the table does not describe (s.25 was repealed) is a bare exemption. None for
    a citation the table does not know and that is no exemption.
    """
    found = _BY_KEY.get((act, number))
    if found is not None:
        return found
    base = number.split("(")[0]
    found = _BY_KEY.get((act, base))
    if found is not None:
        return found
    if act == "EIR" and base == "12":
        return Provision("EIR", number, "an exception to the duty to disclose", qualified=True)
    if act == "FOIA" and base.isdigit() and int(base) in _PART_II:
        return _foi(base, "an exemption in Part II of the Act")
    return None


def grounds() -> list[Provision]:
    """Every entry that is a ground for refusing (for help and error messages)."""
    return [p for p in _TABLE if p.refusal]
