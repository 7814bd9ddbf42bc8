"""The dossier a web server serves, and its register kept loaded while its files are unchanged.

Loading and verifying a register takes a tenth of a second for the bundled dossier and more
for a large one; a page asks for it on every request. The register is kept in memory under a
key made of the size, time and inode of the dossier's files (the register, the people, the
manifest, the sources folder and each file in it): when one changes (another person saves,
the command line adds a source), the next request loads it again. Requests run on a pool of
threads: one lock keeps two of them from loading it at once.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from evidence.dossier import Dossier, open_dossier
from evidence.register import Register


def _stat_key(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return "-"
    return f"{info.st_ino}:{info.st_mtime_ns}:{info.st_size}"


@dataclass
class Workspace:
    """One dossier, opened once, its register loaded when its files change."""

    root: Path
    #: How the command found it: "bundled" when no other was (which is never changed).
    found_by: str = "path"
    dossier: Dossier = field(init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _key: str = field(default="", init=False, repr=False)
    _register: Register | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        """Open the dossier (an error here is the server's to report at start)."""
        self.dossier = open_dossier(self.root, found_by=self.found_by)

    @property
    def drafts(self) -> Path:
        """The dossier's drafts folder (the command line's too)."""
        return self.dossier.root / "drafts"

    def key(self) -> str:
        """What the register depends on, as sizes, times and inodes."""
        d = self.dossier
        parts = [_stat_key(p) for p in (d.facts_path, d.people_path, d.manifest_path)]
        parts.append(_stat_key(d.sources_dir))
        try:
            with os.scandir(d.sources_dir) as found:
                parts += sorted(f"{e.name}={_stat_key(Path(e.path))}" for e in found)
        except OSError:
            parts.append("no sources folder")
        return "|".join(parts)

    def register(self) -> Register:
        """The dossier's register, as its files are now.

        Raises:
            UserError: the register does not load (as the command line says it).
        """
        with self._lock:
            key = self.key()
            if self._register is None or key != self._key:
                self._register = self.dossier.load()
                self._key = key
            return self._register
