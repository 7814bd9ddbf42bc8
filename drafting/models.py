"""The parts every kind of draft shares: text fields, people, prose blocks, the common header.

Every text field refuses characters a Word document cannot hold (XML 1.0's
control characters, U+FFFE/U+FFFF and lone surrogates: :func:`evidence.sources.xml_safe`,
shared with the register), so a bad value is a clear error at its line instead of a
corrupt or silently shortened document. Each kind
of draft (:mod:`drafting.kinds`) builds its model from these, strict about
unknown fields.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

# A text field: trimmed, not empty, XML-safe; one definition with the register's.
from evidence.sources import Text as Text

#: The dates a council document can carry: counting deadlines and due dates from them
#: stays inside the calendar (a meeting in year 1 has no 10th working day before it).
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def _plausible(value: dt.date) -> dt.date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(
            f"{value.isoformat()} is outside the years a council document is "
            f"dated in ({FIRST_DAY.year} to {LAST_DAY.year})"
        )
    return value


Day = Annotated[dt.date, AfterValidator(_plausible)]

_CLOCK_24 = re.compile(r"(?P<h>\d{1,2})[:.](?P<m>\d{2})")
_CLOCK_12 = re.compile(
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<half>[ap])\.?\s*m\.?", re.IGNORECASE
)
_NAMED_TIMES = {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}


def clock_time(raw: str) -> str:
    """A time of day as HH:MM (24-hour) from the ways UK councils write one.

    "19:00", "19.00", "9:30", "7pm", "7.30pm", "7:30 p.m.", "10am", "noon"; "12pm" is noon,
    "12am" midnight.

    Raises:
        ValueError: it is not a time of day (or a bare hour, which could be either half).
    """
    text = raw.strip()
    if text.lower() in _NAMED_TIMES:
        return _NAMED_TIMES[text.lower()]
    hour = minute = -1
    if match := _CLOCK_12.fullmatch(text):
        twelve = int(match["h"])
        if 1 <= twelve <= 12:
            hour = twelve % 12 + (12 if match["half"].lower() == "p" else 0)
            minute = int(match["m"] or 0)
    elif match := _CLOCK_24.fullmatch(text):
        hour, minute = int(match["h"]), int(match["m"])
    if 0 <= hour <= 23 and 0 <= minute <= 59:
        return f"{hour:02d}:{minute:02d}"
    raise ValueError(f"{text!r} is not a time of day: write it as 19:00 (24-hour), 7pm or 7.30pm")


def _time(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return value  # the str type refuses it in plain words
    if isinstance(value, int):  # YAML reads an unquoted 19:00 as a number (in base 60)
        raise ValueError(
            "should be in quotes: YAML reads an unquoted time such as 19:00 as a "
            "number; write time: '19:00'"
        )
    return clock_time(value)


#: A time of day, stored as HH:MM on the 24-hour clock; "7pm", "19.00" are read as such.
Time = Annotated[str, BeforeValidator(_time)]


class Model(BaseModel):
    """Frozen, and strict about unknown fields: a typo is an error, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Sender(Model):
    """One signatory: name, role, ward and group."""

    name: Text
    role: Text | None = None
    ward: Text | None = None
    group: Text | None = None

    def signature(self) -> dict[str, Any]:
        """Name, and the lines under it: role, "Councillor for WARD", group."""
        lines = [self.role, f"Councillor for {self.ward}" if self.ward else None, self.group]
        return {"name": self.name, "lines": [x for x in lines if x]}


class Recipient(Model):
    """Who the document goes to: at least a name, a title or an organisation."""

    name: Text | None = None
    honorific: Text | None = Field(default=None, description="Ms, Mr, Dr, Cllr ...")
    title: Text | None = Field(default=None, description="office, e.g. Children's Commissioner")
    organisation: Text | None = None
    address: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _addressed(self) -> Self:
        if not (self.name or self.title or self.organisation):
            raise ValueError("give the recipient at least a name, a title or an organisation")
        return self

    def lines(self) -> list[str]:
        """The address block: name with honorific, title, organisation, address lines."""
        named = " ".join(filter(None, (self.honorific, self.name))) if self.name else None
        return [x for x in (named, self.title, self.organisation) if x] + list(self.address)

    def label(self) -> str:
        """The first line of the address block."""
        return self.lines()[0]


class Bullets(Model):
    """A bulleted list inside the body."""

    bullets: Annotated[tuple[Text, ...], Field(min_length=1)]


class Numbered(Model):
    """A numbered list inside the body."""

    numbered: Annotated[tuple[Text, ...], Field(min_length=1)]


def _block_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "text"
    for key, model in (("bullets", Bullets), ("numbered", Numbered)):
        if isinstance(value, model) or (isinstance(value, dict) and key in value):
            return key
    return None


Block = Annotated[
    Annotated[Text, Tag("text")]
    | Annotated[Bullets, Tag("bullets")]
    | Annotated[Numbered, Tag("numbered")],
    Discriminator(
        _block_kind,
        custom_error_type="block",
        custom_error_message="a block is a paragraph of text, {bullets: [...]} or "
        "{numbered: [...]}",
    ),
]


class DraftBase(Model):
    """What every kind of draft has."""

    kind: str
    template: Text | None = Field(default=None, description="template name or .docx path")
    date: Day | None = Field(default=None, description="defaults to today")
    title: Text | None = Field(default=None, description="document title for its properties")
