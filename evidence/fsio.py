"""Writing files without losing anything: atomic replace, and never overwrite without force."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from evidence.errors import UserError


def refuse_overwrite(path: Path, *, force: bool = False) -> None:
    """Raise unless ``path`` is free or ``force`` allows replacing it (check before work)."""
    if path.exists() and not force:
        raise UserError("already exists; not overwritten", path=path,
                        hint="Use --force to replace it, or choose another output path")


def write_atomic(path: Path, data: bytes | str, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    Raises:
        UserError: ``path`` exists and ``force`` is false, or its folder is missing.
    """
    refuse_overwrite(path, force=force)
    if not path.parent.is_dir():
        raise UserError("folder does not exist", path=path.parent)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
