"""An amendment's instruction, read as the kind of change its keys name.

A draft names no kind: an instruction's keys say what it does, as a clerk's wording does
(:mod:`drafting.kinds.changes`). :data:`AnyInstruction` is the union of the kinds: a
before-validator reads the keys first (one clear error for keys of two kinds, naming which
go together; a key the kind needs, missing; an unknown key, with the nearest known one) and
a callable discriminator picks the model, tagged by its class name. :class:`Instruction`
reads one instruction alone.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Discriminator, RootModel, Tag, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from drafting.kinds.amending import AmendedMotion, AmendError
from drafting.kinds.changes import (
    AS_MADE,
    KINDS,
    Change,
    ChangeHeading,
    InsertAfter,
    InsertAtEnd,
    InsertAtStart,
    InsertBefore,
    InsertClauseAfter,
    InsertFirstClause,
    LeaveOutClause,
    LeaveOutWords,
    ReplaceBullet,
    ReplaceClause,
)
from evidence.yamlio import plain_problems

#: Every key an instruction may have.
FIELDS = frozenset(name for kind in KINDS for name in kind.model_fields)
#: Keys that, given false, are not given (as an optional field left at its default).
_FLAGS = frozenset({"at_start", "at_end", "leave_out_clause"})


class _Misfit(Exception):
    """Keys that make no one instruction: where (a key, or the instruction) and why."""

    def __init__(self, loc: tuple[str, ...], message: str) -> None:
        super().__init__(message)
        self.loc, self.message = loc, message


def _names(kind: type[Change]) -> tuple[str, ...]:
    return kind.names or (kind.action,)


def _listed(items: list[str], last: str = "and") -> str:
    """“a”, “a and b”, “a, b and c”."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def _goes_with(action: str, said: str) -> str:
    """The keys the key ``said`` (naming ``action``) goes with: “clause, bullet and insert”."""
    family = [k for k in KINDS if k.action == action]
    keys = [f for k in family for f in k.model_fields if f != said]
    return _listed(list(dict.fromkeys(keys)))


_ONE_OF = (
    "leave_out (with insert), after, before, at_start or at_end (with insert), "
    "leave_out_clause, replace_clause, replace_bullet, insert_clause, or heading_from "
    "(with heading_to)"
)


def _given(data: dict[Any, Any]) -> dict[Any, Any]:
    """The keys given: an empty one, or a flag given false, is as if left out."""
    return {
        k: v
        for k, v in data.items()
        if not (k in FIELDS and (v is None or (k in _FLAGS and isinstance(v, int) and not v)))
    }


def _action(given: dict[Any, Any]) -> tuple[str, str]:
    """What the keys say the instruction does, and the key that says it.

    Raises:
        _Misfit: they say nothing, or two things.
    """
    actions = {
        k.action: next(n for n in _names(k) if n in given)
        for k in KINDS
        if given.keys() & set(_names(k))
    }
    if not actions:
        raise _Misfit((), f"an instruction does one thing: give one of {_ONE_OF}")
    if len(actions) > 1:
        together = "; ".join(
            f"{said} goes with {_goes_with(a, said)}" for a, said in actions.items()
        )
        raise _Misfit(
            (),
            f"an instruction does one thing, but this one gives {_listed([*actions.values()])}: "
            f"give each its own instruction ({together})",
        )
    ((action, said),) = actions.items()
    return action, said


def _select(given: dict[Any, Any]) -> type[Change]:
    """The kind of instruction its keys name.

    Raises:
        _Misfit: no kind, two kinds, a key the kind needs missing, or a key of another kind.
    """
    action, said = _action(given)
    family = [k for k in KINDS if k.action == action]
    if len(family) > 1:  # told apart by where they put it: after_clause, or section
        placed = ", or ".join(k.marked_by for k in family)
        family = [k for k in family if given.keys() & set(k.marks)]
        if not family:
            raise _Misfit((), f"{said} needs {placed}")
        if len(family) > 1:
            raise _Misfit((), f"{said} is placed by {placed}, not both")
    kind = family[0]
    for key, what in kind.needs.items():
        if key not in given:
            raise _Misfit((), f"{said} needs {what}")
    for key in given:
        if key not in kind.model_fields:
            others = dict.fromkeys(k.action for k in KINDS if key in k.model_fields)
            raise _Misfit(
                (key,),
                f"does not go with {said}, which goes with {_goes_with(action, said)}; "
                f"{key} goes with {_listed([*others], 'or')}",
            )
    return kind


def _fit(data: Any) -> Any:
    """An instruction's keys, checked to make one instruction (before its kind reads them)."""
    if not isinstance(data, dict):
        return data  # refused by the kind as not a mapping
    given = _given(data)
    unknown = [k for k in given if k not in FIELDS]
    if unknown:  # a typo, reported as pydantic reports an unknown field (the nearest key named)
        raise ValidationError.from_exception_data(
            "Instruction",
            [InitErrorDetails(type="extra_forbidden", loc=(k,), input=given[k]) for k in unknown],
        )
    try:
        _select(given)
    except _Misfit as misfit:  # at the key misplaced, or at the instruction
        error = PydanticCustomError("instruction", "{why}", {"why": misfit.message})
        details = [InitErrorDetails(type=error, loc=misfit.loc, input=data)]
        raise ValidationError.from_exception_data("Instruction", details) from None
    return given


def _tag(value: Any) -> str | None:
    """The name of the kind ``value`` is, or its keys name (None: they name none)."""
    if isinstance(value, Change):
        return type(value).__name__
    if not isinstance(value, dict):
        return LeaveOutWords.__name__  # not a mapping: refused as any kind refuses it
    try:
        return _select(_given(value)).__name__
    except _Misfit:
        return None


#: Any instruction, of the kind its keys name.
AnyInstruction = Annotated[
    Annotated[LeaveOutWords, Tag("LeaveOutWords")]
    | Annotated[InsertAfter, Tag("InsertAfter")]
    | Annotated[InsertBefore, Tag("InsertBefore")]
    | Annotated[InsertAtStart, Tag("InsertAtStart")]
    | Annotated[InsertAtEnd, Tag("InsertAtEnd")]
    | Annotated[LeaveOutClause, Tag("LeaveOutClause")]
    | Annotated[ReplaceClause, Tag("ReplaceClause")]
    | Annotated[ReplaceBullet, Tag("ReplaceBullet")]
    | Annotated[InsertClauseAfter, Tag("InsertClauseAfter")]
    | Annotated[InsertFirstClause, Tag("InsertFirstClause")]
    | Annotated[ChangeHeading, Tag("ChangeHeading")],
    Discriminator(_tag),
    BeforeValidator(_fit),
]


class Instruction(RootModel[AnyInstruction]):
    """One instruction read alone: ``Instruction.model_validate(data).root`` is its kind."""

    def apply(self, motion: AmendedMotion) -> None:
        """Carry the instruction out on ``motion``."""
        self.root.apply(motion)

    def wording(self) -> str:
        """How the clerk reads it."""
        return self.root.wording()

    def data(self) -> dict[str, Any]:
        """The instruction as plain data, as a draft gives it."""
        return self.root.data()


def made(data: dict[str, Any]) -> Change:
    """An instruction ``drafting amend`` has just made, its quoted words checked later.

    Raises:
        AmendError: it is not an instruction.
    """
    try:
        return Instruction.model_validate(data, context=AS_MADE).root
    except ValidationError as exc:
        raise AmendError(f"not an instruction: {plain_problems(exc)}") from None
