"""A dossier's change stamp: what a search checks before it stats every source.

Stating each of 10,000 sources before a query costs many times the query. The stamp is
a few stats instead: the manifest's (``sources.yaml``) inode, modification time and size;
the sources folder's (its modification time changes when a file in it is added, removed,
renamed or replaced by a rename, as editors and ``drafting`` save); and a hash of
``facts.yaml`` and ``people.yaml``. When the stamp is the one recorded at the last full
check, that check's findings stand.

What the stamp cannot see: a source file written over in place (``>>``, an editor that
writes into the same file) changes only that file's own time, not its folder's. A full
check runs whenever the last one is more than :data:`FULL_CHECK_SECONDS` old, so such an
edit is seen by the first search after that. A stamp taken within :data:`RACY_NS` of a
change it records is not trusted (a time is only as fine as the file system keeps it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

#: How old the last full check of every source may be before a search makes another.
FULL_CHECK_SECONDS = 30
#: A stamp whose newest time is this close to when it was taken is checked again.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Stamp:
    """What a dossier's files looked like at ``taken_ns``, as one string."""

    key: str
    newest_ns: int  # the latest modification time among them
    taken_ns: int

    @property
    def racy(self) -> bool:
        """Whether a change in the same tick as the stamp could leave it unchanged."""
        return self.newest_ns >= self.taken_ns - RACY_NS


def dossier_stamp(manifest: Path, folder: Path, facts_key: str = "") -> Stamp:
    """The stamp of a dossier's manifest, sources folder and facts (``facts_key``)."""
    taken = time.time_ns()
    parts, newest = [facts_key], 0
    for path in (manifest, folder):
        try:
            info = path.stat()
        except OSError:
            parts.append("-")
            continue
        parts.append(f"{info.st_dev}:{info.st_ino}:{info.st_mtime_ns}:{info.st_size}")
        newest = max(newest, info.st_mtime_ns)
    return Stamp("|".join(parts), newest, taken)


def trusted(stamp: Stamp, recorded: str | None, checked_ns: str | None) -> bool:
    """Whether ``stamp`` is the one a recent full check (at ``checked_ns``) ``recorded``.

    Recent: within :data:`FULL_CHECK_SECONDS` of it.
    """
    if recorded != stamp.key or checked_ns is None or not checked_ns.isdigit():
        return False
    age = stamp.taken_ns - int(checked_ns)
    return 0 <= age <= FULL_CHECK_SECONDS * 1_000_000_000
