"""Writing an amendment draft, checked first as ``drafting render`` will check it.

``drafting amend`` builds the clerk's wording from two versions of a motion
(:mod:`drafting.amend`). Whatever the wording holds (the amended motion's citations, the
original's words quoted) must render: it is parsed and checked with render's rules and,
with a dossier, reviewed and rendered in memory exactly as ``drafting render`` would. A
refusal names the amended motion's line the instruction comes from; nothing is written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from drafting.amend import AmendError, amend_located, amendment_data
from drafting.citations import parse_inline
from drafting.errors import DraftingError
from drafting.kinds import LoadedDraft, load_draft
from drafting.kinds.amendment import KIND, Instruction, wording
from drafting.kinds.motion import MotionDraft
from evidence.errors import UserError
from evidence.fsio import refuse_overwrite, write_atomic
from evidence.yamlio import Loc, parse_yaml, validate

if TYPE_CHECKING:
    from evidence.dossier import Dossier


class AmendmentWouldNotRender(DraftingError):
    """The amendment's wording would be refused by ``drafting render``."""


def _refuse(
    amended: LoadedDraft, locs: list[Loc], number: int, said: str, message: str, hint: str | None
) -> AmendmentWouldNotRender:
    short = said if len(said) <= 70 else said[:67] + "..."
    return AmendmentWouldNotRender(
        f"the amendment would not render: instruction {number} (“{short}”): {message.rstrip('.')}",
        path=amended.path,
        line=amended.doc.line_of(locs[number - 1]) if number <= len(locs) else None,
        hint=(f"{hint.rstrip('.')}. " if hint else "") + "Correct the amended motion; "
        "nothing was written",
    )


def check_renders(
    instructions: list[dict[str, Any]],
    text: str,
    out: Path,
    amended: LoadedDraft,
    locs: list[Loc],
    dossier: Dossier | None,
) -> None:
    """Raise unless the amendment draft ``text`` (to be written at ``out``) would render.

    ``locs[i]`` is where instruction ``i``'s words are in the ``amended`` motion. Without a
    dossier only the citation markup is checked; with one, the draft is reviewed and
    rendered in memory as ``drafting render`` would.

    Raises:
        AmendmentWouldNotRender: naming the amended motion's line and the instruction.
    """
    said = []
    for number, data in enumerate(instructions, 1):
        try:
            said.append(wording(Instruction.model_validate(data)))
            parse_inline(said[-1])
        except ValidationError as exc:
            raise _refuse(amended, locs, number, str(data), exc.errors()[0]["msg"], None) from None
        except UserError as exc:
            raise _refuse(amended, locs, number, said[-1], exc.message, exc.hint) from None
    if dossier is None:
        return
    from drafting.render import RenderSession, ReviewRefused

    doc = parse_yaml(text, out)
    loaded = LoadedDraft(KIND, validate(doc, KIND.model), doc)
    try:
        RenderSession(dossier).render(loaded)
    except ReviewRefused as exc:
        first = exc.review.errors[0]
        place = re.match(r"(?:instruction|paragraph) (\d+)", first.place)
        number = int(place.group(1)) if place else 1
        raise _refuse(amended, locs, number, said[number - 1], first.message, first.hint) from None
    except UserError as exc:
        lines = [doc.line_of(("instructions", i)) for i in range(len(instructions))]
        number = lines.index(exc.line) + 1 if exc.line in lines else 1
        raise _refuse(amended, locs, number, said[number - 1], exc.message, exc.hint) from None


def write_amendment(
    original: Path, amended: Path, out: Path, *, force: bool = False, dossier: Dossier | None = None
) -> dict[str, Any]:
    """Compare two motion drafts and write the amendment draft to ``out``; return its data.

    Before anything is written the amendment is checked as ``drafting render`` will check
    it (with ``dossier``: reviewed and rendered in memory; without: its citation markup).

    Raises:
        AmendError: either file is not a motion, or the versions cannot be compared.
        AmendmentWouldNotRender: render would refuse the amendment (naming the amended
            motion's line).
        UserError: ``out`` is an input, or exists and ``force`` is false.
    """
    import yaml

    refuse_overwrite(out, force=force, inputs=(original, amended))
    motions, loaded = [], []
    for path in (original, amended):
        loaded.append(load_draft(path))
        if not isinstance(loaded[-1].draft, MotionDraft):
            raise AmendError(
                f"is a {loaded[-1].kind.name}, not a motion",
                path=path,
                hint="drafting amend compares two versions of a motion",
            )
        motions.append(loaded[-1].draft)
    data = amendment_data(*motions)
    text = (
        f"# Amendment made by 'drafting amend {original} {amended}'.\n"
        f"# Render it with: drafting render {out}\n"
        + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)
    )
    check_renders(
        data["instructions"],
        text,
        out,
        loaded[1],
        [loc for _, loc in amend_located(*motions)],
        dossier,
    )
    write_atomic(out, text, force=force, inputs=(original, amended))
    return data
