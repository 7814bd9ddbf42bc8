"""Council profiles: each council's rules for motions, amendments and questions, in YAML.

A profile lives in a dossier's ``councils/NAME.yaml`` (a few ship with drafting, and
``generic`` is the default). It says when each kind of document is due (N working days,
or N clear days, before the meeting, by a time of day), the bank-holiday region, the
minimum number of signatories, an optional word limit and what it counts, caps on
motions, required section headings, and where each rule was read. Unknown fields and
impossible rules are errors naming the line; a number of days, signatories, words or
motions must be a whole number within bounds (never ``true``, ``2.5`` or ``'3'``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints

from drafting.council.calendar import Region
from drafting.errors import UsageError
from drafting.models import Model, Text
from evidence.dossier import Dossier, bundled_root
from evidence.suggest import did_you_mean, nearest
from evidence.yamlio import read_yaml, validate

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
Time = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
DeadlineKind = Literal["motion", "amendment", "question"]


def _what(value: Any) -> str:
    """A YAML value as a reader names it: ``true (yes or no)``, ``the text '3'``, ``2.5``."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes or no)"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) < 10**15 else "a number that large"
    if isinstance(value, float):
        return repr(value)
    return {type(None): "empty", list: "a list", dict: "a mapping"}.get(type(value), "that")


def _whole(low: int, high: int) -> Callable[[Any], int]:
    """A check that a value is a whole number (no yes/no, fraction or text) from low to high."""

    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(
                f"should be a whole number from {low:,} to {high:,}, not {_what(value)}"
            )
        if not low <= value <= high:
            raise ValueError(f"should be from {low:,} to {high:,}, not {_what(value)}")
        return value

    return check


#: Whole numbers within a rule's sane bounds: booleans, fractions and text are refused.
Days = Annotated[int, Field(ge=0, le=365), BeforeValidator(_whole(0, 365))]
Count = Annotated[int, Field(ge=1, le=1000), BeforeValidator(_whole(1, 1000))]
Words = Annotated[int, Field(ge=1, le=100_000), BeforeValidator(_whole(1, 100_000))]


class Deadline(Model):
    """When a document is due: ``days`` before the meeting, counted as the rule says."""

    days: Days
    working: bool = Field(default=True, description="count only working days")
    clear: bool = Field(
        default=False,
        description="clear days: the day of notice and the day of the meeting do not count",
    )
    time: Time | None = Field(
        default=None, description="by this time on the day (HH:MM); else by the end of it"
    )

    def describe(self) -> str:
        """``by 10:00 on the 9th working day before the meeting`` and the like."""
        unit = "working day" if self.working else "day"
        when = f"by {self.time}" if self.time else "by the end of the day"
        if self.clear:
            weekends = "" if self.working else " (weekends and bank holidays counted)"
            return f"{when}, {self.days} clear {unit}s before the meeting{weekends}"
        return f"{when} on the {_ordinal(self.days)} {unit} before the meeting"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class Caps(Model):
    """Limits on how many motions may be tabled."""

    per_member: Count | None = None
    per_group: Count | None = None
    per_agenda: Count | None = None
    note: Text | None = None


class RuleSource(Model):
    """Where a rule was read: the page, the day, what it says."""

    url: Text | None = None
    read: dt.date | None = None
    says: Text


class Profile(Model):
    """One council's standing orders, as drafting checks them."""

    name: Slug
    title: Text
    region: Region = "england-and-wales"
    deadlines: dict[DeadlineKind, Deadline] = Field(default_factory=dict)
    signatories: Count = 1
    word_limit: Words | None = None
    words_counted: Text = (
        "the words of the clauses and section headings; not the title, "
        "names, signatures or citations"
    )
    caps: Caps = Caps()
    required_sections: tuple[Text, ...] = ()
    sources: tuple[RuleSource, ...] = ()
    note: Text | None = None


def profile_paths(dossier: Dossier) -> dict[str, Path]:
    """Every profile by name: the dossier's ``councils/``, then the shipped ones."""
    found: dict[str, Path] = {}
    for folder in (dossier.root / "councils", bundled_root() / "councils"):
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                found.setdefault(path.stem, path)
    return found


def load_profile(path: Path) -> Profile:
    """Read and validate one profile; its name must match its file."""
    profile = validate(read_yaml(path), Profile)
    if profile.name != path.stem:
        raise UsageError(
            f"name: {profile.name!r} does not match the file name {path.stem!r}",
            path=path,
            hint="Name the file NAME.yaml",
        )
    return profile


def find_profile(
    dossier: Dossier, name: str | None, *, option: str | None = None
) -> tuple[Profile, str]:
    """The profile named (by file name or by title), else ``generic``; and why it was chosen.

    A name given as ``option`` (``--council``) must name a profile: the wrong council's
    rules would be checked in silence otherwise.

    Raises:
        UsageError: ``option`` names no profile (with the nearest names).
    """
    paths = profile_paths(dossier)
    if name:
        wanted = name.strip()
        for stem, path in paths.items():
            if wanted == stem:
                return load_profile(path), f"profile {stem}"
        for path in paths.values():
            profile = load_profile(path)
            if profile.title.casefold() == wanted.casefold():
                return profile, f"profile {profile.name} (by its title)"
    if name and option:
        titles = {load_profile(path).title: stem for stem, path in paths.items()}
        close = dict.fromkeys(
            titles.get(c, c) for c in nearest(name.strip(), [*paths, *titles], cutoff=50)
        )
        raise UsageError(
            f"{option} {name!r}: there is no such council profile",
            hint=(f"Did you mean: {', '.join(close)}? " if close else "")
            + f"Profiles: {', '.join(paths)}; add your council's as "
            "councils/NAME.yaml in the dossier",
        )
    if "generic" not in paths:
        raise UsageError(
            "no council profiles found (not even 'generic')",
            hint="Reinstall drafting, or add councils/generic.yaml to the dossier",
        )
    why = f"no profile for {name!r}, so the generic one" if name else "the generic profile"
    if name and paths:
        why += f" ({did_you_mean(name, paths)})"
    return load_profile(paths["generic"]), why
