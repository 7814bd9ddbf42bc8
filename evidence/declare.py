"""Declaring a measure in ``facts.yaml``: ``evidence accept``'s ``--measure`` and ``--alias``.

Only lines are added (:mod:`evidence.yamledit`); what is added is checked first: an alias
once by its words, on one line, of words a Word document can hold and a reader can see,
belonging to one measure; a new measure not spelt like, or named like, a declared one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from evidence.errors import RegisterError
from evidence.measures import MAX_WORDS, Measure, hidden_character, phrase_key, shortened

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path


def declared_text(
    before: str,
    path: Path,
    measures: dict[str, Measure],
    used: Sequence[str],
    measure: str,
    aliases: Sequence[str],
    unit: str | None = None,
) -> str:
    """``facts.yaml``'s text with ``measure`` declared where it must be, and given ``aliases``.

    With a ``measures:`` list, an undeclared measure is added to it (named by its id's words,
    with ``unit``) unless its id is a near misspelling of a declared one; a declared one gets
    the aliases it lacks. Without the list, aliases start one at the end of the file that
    declares every measure the facts already use (``used``), so they stay valid; with no
    aliases the text is left as it is.

    Raises:
        RegisterError: an alias names another measure, or the id looks like a misspelling.
    """
    from evidence.suggest import nearest
    from evidence.yamledit import appended, extended, with_key

    aliases = _checked_aliases(aliases)
    for alias in aliases:
        owner = next(
            (
                m
                for m in measures.values()
                if m.id != measure and phrase_key(alias) in {phrase_key(p) for p in m.phrases}
            ),
            None,
        )
        if owner is not None:
            raise RegisterError(
                f"--alias {alias!r} already names measure {owner.id!r}",
                hint="An alias may belong to one measure: choose other words",
            )
    section = re.search(r"^measures\s*:", before, re.MULTILINE) is not None
    if measure in measures:
        known = {phrase_key(p) for p in measures[measure].phrases}
        new = [a for a in aliases if phrase_key(a) not in known]
        index = list(measures).index(measure)
        return extended(before, "measures", index, "aliases", new, path=path) if new else before
    name = measure.replace("-", " ")
    owner = next(
        (m for m in measures.values() if phrase_key(name) in {phrase_key(p) for p in m.phrases}),
        None,
    )
    if owner is not None:
        raise RegisterError(
            f"--measure {measure!r} would be named {name!r}, which already "
            f"names measure {owner.id!r}",
            hint=f"Use --measure {owner.id}, or another id for another measure",
        )
    entry: dict[str, object] = {"id": measure, "name": name}
    if unit:
        entry["unit"] = unit
    aliases = [a for a in aliases if phrase_key(a) != phrase_key(name)]
    if aliases:
        entry["aliases"] = aliases
    if section:
        close = nearest(measure, measures, scorer="spelling", cutoff=85)
        if close:
            raise RegisterError(
                f"--measure {measure!r} is not declared, and is spelt like {close[0]!r}",
                hint=f"Use --measure {close[0]}; to declare "
                "a new measure so like another, add it under measures: in "
                "facts.yaml first",
            )
        return appended(before, "measures", entry, path=path)
    if not aliases:
        return before
    first = [{"id": m, "name": m.replace("-", " ")} for m in dict.fromkeys(used) if m != measure]
    return with_key(before, "measures", [*first, entry], path=path)


def _checked_aliases(aliases: Sequence[str]) -> list[str]:
    """``--alias`` values on one line each, once each by their words.

    Raises:
        RegisterError: one has no words to match, too many, or a character a Word
            document cannot hold, or one that cannot be seen.
    """
    from evidence.sources import xml_safe

    out: dict[tuple[str, ...], str] = {}
    for given in aliases:
        alias = " ".join(given.split())
        try:
            xml_safe(alias)
        except ValueError as e:
            raise RegisterError(f"--alias {shortened(alias)!r}: {e}") from None
        hidden = hidden_character(alias)
        if hidden:
            raise RegisterError(
                f"--alias {shortened(alias)!r}: {hidden}",
                hint="Type the words as a source prints them",
            )
        key = phrase_key(alias)
        if not key:
            raise RegisterError(
                f"--alias {alias!r} has no words to match",
                hint="Give the words a source uses, e.g. unallocated cases",
            )
        if len(key) > MAX_WORDS:
            raise RegisterError(
                f"--alias {shortened(alias)!r} has {len(key)} words; a measure's "
                f"name or alias has at most {MAX_WORDS}",
                hint="Give the few words sources name it by",
            )
        out.setdefault(key, alias)
    return list(out.values())
