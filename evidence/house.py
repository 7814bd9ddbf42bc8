"""A dossier's house style: its group's letterhead, and how its documents cite.

Both are set once in ``dossier.yaml`` (``letterhead:``, ``citations:``) and may be
overridden per draft (a letter's own ``letterhead:``) or per command
(``--citations``, ``--repeats``). The letterhead's email and telephone are checked
for the slips a letterhead must not print (a missing ``@``, letters in a number),
not for existence: nothing here is looked up.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from evidence.sources import Text

_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")
#: A telephone number as written: digits with spaces, dashes, dots, brackets, a leading +.
_PHONE = re.compile(r"\+?[\d\s().-]+(?:\s*(?:ext\.?|extension|x)\s*\d{1,6})?", re.IGNORECASE)


def _email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError(f"{value!r} is not an email address (name@example.org)")
    return value


def _telephone(value: str) -> str:
    digits = sum(c.isdigit() for c in re.split(r"(?i)\s*(?:ext|extension|x)", value)[0])
    if not _PHONE.fullmatch(value) or not 7 <= digits <= 15:
        raise ValueError(
            f"{value!r} is not a telephone number (digits and spaces, e.g. "
            "01604 367000 or +44 1604 367000, optionally 'ext 123')"
        )
    return value


Email = Annotated[Text, AfterValidator(_email)]
Telephone = Annotated[Text, AfterValidator(_telephone)]


class Letterhead(BaseModel):
    """Who a letter is from, as its head prints it: name, postal address, telephone, email."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text | None = Field(default=None, description="the group or office, printed first")
    address: tuple[Text, ...] = ()
    telephone: Telephone | None = None
    email: Email | None = None

    def over(self, base: Letterhead | None) -> Letterhead:
        """This letterhead, with what it leaves out taken from ``base`` (the dossier's)."""
        if base is None:
            return self
        given = self.model_dump(exclude_defaults=True)
        return base.model_copy(update=given)

    def lines(self) -> list[str]:
        """The lines under the name: address, then "Tel: ..." and "Email: ..."."""
        return [
            *self.address,
            *((f"Tel: {self.telephone}",) if self.telephone else ()),
            *((f"Email: {self.email}",) if self.email else ()),
        ]


#: Where citations go: footnotes, numbered markers and a references list, or a background
#: section (a motion read in the chamber carries no marks).
Placement = Literal["footnotes", "references", "background"]
#: How a source cited again is given: in short, "ibid." after a note citing it alone, or in
#: full every time.
Repeats = Literal["short", "ibid", "full"]


class CitationSettings(BaseModel):
    """How this dossier's documents cite, unless a command says otherwise."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    style: Placement = "footnotes"
    repeats: Repeats = "short"
