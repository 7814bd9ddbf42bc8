"""Draft files: pydantic models for what a user writes, strict about unknown fields.

Every text field refuses characters a Word document cannot hold (XML 1.0's
control characters, U+FFFE/U+FFFF and lone surrogates), so a bad value is a clear
error at its line instead of a corrupt or silently shortened document. Kinds
beyond ``letter`` (motion, question, foi) share :class:`DraftBase`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(value: str) -> str:
    bad = _XML_ILLEGAL.search(value)
    if bad:
        raise ValueError(f"contains the control character U+{ord(bad.group()):04X}, which a Word "
                         "document cannot hold; remove it")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1),
                 AfterValidator(_xml_safe)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sender(_Model):
    """One signatory: name, role, ward and group."""

    name: Text
    role: Text | None = None
    ward: Text | None = None
    group: Text | None = None


class Recipient(_Model):
    """Who the letter goes to."""

    name: Text | None = None
    honorific: Text | None = Field(default=None, description="Ms, Mr, Dr, Cllr ...")
    title: Text | None = Field(default=None, description="office, e.g. Children's Commissioner")
    organisation: Text | None = None
    address: tuple[Text, ...] = ()


class Bullets(_Model):
    """A bulleted list inside the body."""

    bullets: Annotated[tuple[Text, ...], Field(min_length=1)]


class Numbered(_Model):
    """A numbered list inside the body."""

    numbered: Annotated[tuple[Text, ...], Field(min_length=1)]


Block = Text | Bullets | Numbered


class DraftBase(_Model):
    """What every kind of draft has."""

    kind: str
    template: Text | None = Field(default=None, description="template name or .docx path")
    date: dt.date | None = Field(default=None, description="defaults to today")
    title: Text | None = Field(default=None, description="document title for its properties")


class LetterDraft(DraftBase):
    """A letter: senders, recipient, body with citations, closing."""

    kind: Literal["letter"]
    senders: Annotated[tuple[Sender, ...], Field(min_length=1)]
    sender_address: tuple[Text, ...] = ()
    recipient: Recipient
    subject: Text | None = None
    salutation: Text | None = None
    body: Annotated[tuple[Block, ...], Field(min_length=1)]
    asks: tuple[Text, ...] = ()
    closing: Text | None = None
    cc: tuple[Text, ...] = ()
    enclosures: tuple[Text, ...] = ()

    def derived_salutation(self) -> str:
        """The salutation UK convention gives for the recipient."""
        if self.salutation:
            return self.salutation
        r = self.recipient
        if r.name and r.honorific:
            return f"Dear {r.honorific} {r.name.split()[-1]}"
        return f"Dear {r.name}" if r.name else "Dear Sir or Madam"

    def derived_closing(self) -> str:
        """"Yours faithfully" after "Dear Sir or Madam", else "Yours sincerely"."""
        if self.closing:
            return self.closing
        return _convention(self.derived_salutation())

    def warnings(self) -> list[str]:
        """Convention problems worth a look, but not errors."""
        expected = _convention(self.derived_salutation())
        if self.closing and self.closing.rstrip(",.") != expected:
            return [f"closing {self.closing!r} after {self.derived_salutation()!r}: UK "
                    f"convention is {expected!r}"]
        return []


def _convention(salutation: str) -> str:
    anonymous = re.search(r"\b(sir|madam)\b", salutation, re.IGNORECASE)
    return "Yours faithfully" if anonymous else "Yours sincerely"


DRAFT_KINDS: dict[str, type[DraftBase]] = {"letter": LetterDraft}
