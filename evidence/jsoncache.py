"""Results kept as JSON between runs, each under the key of what it was built from.

A stored result is used only when its key (what it depends on: a content hash, a format
version) is the one asked for; anything else (no file, another key, a damaged file, a
folder that cannot be read) counts as absent. Writes are whole or not at all (temporary
file, then rename), and one that fails is skipped: a cache only saves time, and never
changes an answer. JSON rather than pickle, because a dossier's cache folder may sit on a
shared drive: reading it back builds plain data and can never run code.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

#: What :func:`load` gives when nothing is stored for the key.
MISSING: Final = object()


def load(path: Path, key: object) -> Any:
    """The value stored at ``path`` for ``key`` (JSON-able), or :data:`MISSING`."""
    try:
        with path.open(encoding="utf-8") as handle:
            stored = json.load(handle)
    except (OSError, ValueError):
        return MISSING
    key = json.loads(json.dumps(key))  # as it reads back: tuples are lists
    if not isinstance(stored, dict) or stored.get("key") != key or "value" not in stored:
        return MISSING
    return stored["value"]


def store(path: Path, key: object, value: Any) -> None:
    """Keep ``value`` (JSON-able) at ``path`` for ``key``; skipped when it cannot be written."""
    temporary: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
        ) as out:
            temporary = Path(out.name)
            json.dump({"key": key, "value": value}, out, ensure_ascii=False)
        temporary.replace(path)  # whole or not at all, whoever else writes it
    except (OSError, ValueError, TypeError):  # read-only, or a value JSON cannot hold
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def cached(path: Path, key: object, build: Callable[[], Any]) -> Any:
    """``build()``'s JSON-able result, read from ``path`` when it was built for ``key``."""
    value = load(path, key)
    if value is MISSING:
        value = build()
        store(path, key, value)
    return value
