"""A SQLite file kept in the cache folder: opened with care, thrown away when it is damaged.

What is in the cache folder is the program's own and can always be rebuilt, so what
sits where the file should be is never trusted:

* anything that is not a regular file (a folder, a FIFO, a device, a symlink, which
  could lead SQLite to write into a database elsewhere) is removed before SQLite opens
  the path, so opening never blocks and never writes outside the cache folder;
* a file that is not a database, is truncated or damaged, or has other tables
  (:func:`damaged`) is removed with its journals and made again;
* what cannot be helped (the folder is read-only, the disk is full, another process
  holds the file) is one :class:`~evidence.errors.DossierError`, saying what to do.
"""

from __future__ import annotations

import shutil
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

from evidence.errors import DossierError
from evidence.fsio import make_cache_dir, os_error

#: SQLite's primary result codes that mean "not a usable file of ours": a generic error
#: (a missing table or column: another shape), corrupt, schema changed, type mismatch,
#: format, range, not a database. Busy, locked, read-only, full and I/O errors are not.
_DAMAGE = frozenset({1, 11, 17, 20, 24, 25, 26})
_SQLITE_READONLY, _SQLITE_CANTOPEN, _SQLITE_FULL = 8, 14, 13


def damaged(exc: sqlite3.Error) -> bool:
    """Whether ``exc`` says the file is damaged or foreign (rebuild it), not unusable now."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is None or code & 0xFF in _DAMAGE


def unusable(exc: sqlite3.Error, path: Path) -> DossierError:
    """The one-line error for a cache file that cannot be used and will not be rebuilt."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (_SQLITE_READONLY, _SQLITE_CANTOPEN):
        return DossierError(
            f"cannot write the search index in its folder ({exc})",
            path=path.parent,
            hint="Make the folder writable, or delete it",
        )
    if code == _SQLITE_FULL:
        return DossierError(
            "cannot write the search index: the disk is full",
            path=path,
            hint="Free some space and try again",
        )
    return DossierError(
        f"cannot use the search index ({exc})",
        path=path,
        hint=f"Try again; if it persists, delete {path} (it is rebuilt)",
    )


def discard(path: Path) -> None:
    """Remove whatever is at ``path`` and SQLite's journals beside it (never a link's target)."""
    for item in (path, *(path.with_name(path.name + end) for end in ("-journal", "-wal", "-shm"))):
        if item.is_dir() and not item.is_symlink():
            shutil.rmtree(item)
        else:
            item.unlink(missing_ok=True)


def _regular_or_absent(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except FileNotFoundError:
        return True


def connect(path: Path, prepare: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    """Open the cache database at ``path``; ``prepare`` makes its tables and checks them.

    Anything at ``path`` that is not a regular file, or that ``prepare`` finds damaged or
    foreign (a :func:`damaged` error), is discarded and the file made again, once.

    Raises:
        DossierError: the folder cannot be written, or the file cannot be used now.
    """
    try:
        make_cache_dir(path.parent)
        if not _regular_or_absent(path):
            discard(path)
    except OSError as exc:
        raise os_error(exc, path.parent, "cannot keep the search index") from None
    for attempt in (1, 2):
        try:
            db = sqlite3.connect(path)
        except sqlite3.Error as exc:
            raise unusable(exc, path) from None
        try:
            prepare(db)
            return db
        except sqlite3.Error as exc:
            db.close()
            if attempt == 2 or not damaged(exc):
                raise unusable(exc, path) from None
        try:
            discard(path)
        except OSError as exc:
            raise os_error(exc, path, "cannot replace the damaged search index") from None
    raise AssertionError("unreachable")  # pragma: no cover
