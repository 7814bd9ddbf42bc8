"""Adding a fact to ``facts.yaml``: checked whole in memory, then written in one rename."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from evidence.register import Register


def accept(
    facts_path: Path,
    entry: dict[str, object],
    load: Callable[..., Register],
    aliases: tuple[str, ...] = (),
) -> Register:
    """Add ``entry`` to ``facts_path`` once it is known to verify; return the new register.

    Its measure is declared under ``measures:`` where it must be, with ``aliases``
    (:func:`evidence.declare.declared_text`).

    ``load()`` loads the register, and ``load(facts_text=TEXT)`` loads it with ``TEXT``
    standing for the facts file. The new text is loaded and verified in memory first and
    written (atomically) only when the fact verifies and the file has not changed meanwhile,
    so an interruption at any point leaves the file as it was, or with the verified fact.
    Call it holding the dossier (:meth:`evidence.dossier.Dossier.editing`).

    Raises:
        RegisterError: the id is taken, or the new fact does not load or verify.
        UserError: the file changed while the fact was checked (nothing is written).
    """
    from evidence.declare import declared_text
    from evidence.errors import EvidenceError, RegisterError
    from evidence.fsio import unchanged, write_atomic
    from evidence.yamledit import appended
    from evidence.yamlio import read_yaml_text

    before = read_yaml_text(facts_path)
    now = load()
    if str(entry["id"]) in now.facts:
        raise RegisterError(
            f"fact {entry['id']} is already in the register",
            path=facts_path,
            hint="Choose another id",
        )
    text = before
    if entry.get("measure"):
        figure = entry.get("figure")
        unit = figure.get("unit") if isinstance(figure, dict) else None
        text = declared_text(
            before,
            facts_path,
            now.measures,
            [f.measure for f in now.facts.values() if f.measure],
            str(entry["measure"]),
            aliases,
            unit if unit in ("£", "per cent", "percentage points") else None,
        )
    after = appended(
        text, "facts", entry, path=facts_path, quoted=frozenset({"quote", "statement"})
    )
    try:
        register = load(facts_text=after)
    except EvidenceError as e:  # the file loaded before: what this adds is at fault
        raise RegisterError(
            f"what this would add to facts.yaml does not load ({e.message}); nothing was written",
            path=facts_path,
            hint=e.hint,
        ) from None
    report = register.report(str(entry["id"]))
    if not report.ok:
        bad = next(c for c in report.checks if not c.ok)
        raise RegisterError(
            f"fact {entry['id']} does not verify ({bad.status}: {bad.reason}); nothing was written",
            path=facts_path,
        )
    unchanged(facts_path, before.encode("utf-8"))
    write_atomic(facts_path, after, force=True, own=True)
    return register
