"""What the ``evidence`` commands share: their group, and the choices and dates they take."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from drafting.cli.common import new_app

if TYPE_CHECKING:
    from evidence.dates import PartialDate
    from evidence.register import FactFigure

evidence_app = new_app("The dossier's sources and fact register.")


class Kind(StrEnum):
    """Kinds of fact (mirrors evidence.register.FACT_KINDS)."""

    official_finding = "official-finding"
    statistic = "statistic"
    event = "event"
    statement = "statement"
    claim = "claim"


class SourceKindChoice(StrEnum):
    """Kinds of source (mirrors evidence.sources.SourceKind)."""

    news = "news"
    blog = "blog"
    letter = "letter"
    press_release = "press-release"
    report = "report"
    motion = "motion"
    minutes = "minutes"
    statement = "statement"
    foi_response = "foi-response"
    other = "other"


def date_option(value: str | None, option: str) -> PartialDate | None:
    """An option's date (YYYY, YYYY-MM or YYYY-MM-DD), or a usage error naming the option."""
    from drafting.errors import UsageError
    from evidence.dates import PartialDate

    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def unit_option(unit: str) -> str:
    """``--unit`` as a fact's figure has it ("%" is "per cent"); a usage error if no unit."""
    from drafting.errors import UsageError
    from evidence.headfigure import parse_unit

    try:
        return parse_unit(unit)
    except ValueError as exc:
        raise UsageError(f"--unit: {exc}") from None


def figure_option(figure: str | None, unit: str | None) -> FactFigure | None:
    """``--figure`` (with ``--unit``) as a fact's figure; a usage error when it is none."""
    from drafting.errors import UsageError
    from evidence.headfigure import parse_figure

    if figure is None:
        return None
    try:
        return parse_figure(figure, None if unit is None else unit_option(unit))
    except ValueError as exc:
        raise UsageError(f"--figure: {exc}") from None
