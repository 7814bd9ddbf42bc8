"""Where each quote was found in each source, kept between runs: the verification cache.

Verifying a register locates every fact's quotes in the sources it cites, and looks for
them in every other source (corroboration): facts times sources searches, repeated by
every command that lists, checks, reviews or renders. The answer depends only on the
source's bytes, how it is segmented (``comments_begin``), the quote, and the code that
reads, segments and locates; the cache keys on all four. An edited source, a changed quote or
another version of drafting simply misses and is located again.

The cache is a JSON file in the dossier's cache folder, read once (bounded in size) and
written atomically when the process ends, if anything was added. A missing, damaged,
foreign or unwritable cache is never an error: it is rebuilt, or the process goes without.
"""

from __future__ import annotations

import atexit
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from evidence.errors import UserError
from evidence.fsio import make_cache_dir, write_atomic
from evidence.verify import Locator

if TYPE_CHECKING:
    from evidence.sources import Source

FILE = "locations-v1.json"
#: The largest cache read; a larger file is ignored and rebuilt.
MAX_BYTES = 64 * 2**20
#: The most entries kept; beyond it, the cache starts again (a dossier has far fewer).
MAX_ENTRIES = 200_000
_MISSING = object()


#: The code whose output is cached, relative to this package: reading a source's text
#: (the .docx reader and its package reader included), segmenting, normalising, locating.
CODE = ("sources.py", "readers/docx.py", "readers/package.py", "normalise.py", "segment.py",
        "verify.py")


def code_version() -> str:
    """A digest of the code whose output is cached (:data:`CODE`)."""
    folder = Path(__file__).parent
    digest = hashlib.sha256()
    for name in CODE:
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()[:16]


def source_key(source: Source) -> str:
    """The source's bytes, their format and how they are segmented."""
    return (f"{source.sha256}:{Path(source.meta.file).suffix.lower()}:"
            f"{source.meta.comments_begin or ''}")


class Locations:
    """Quote locations by source key and quote; ``None`` means "not in this source"."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.version = code_version()
        self._entries: dict[str, dict[str, list[int] | None]] = {}
        self._added = 0
        if path is not None:
            self._read(path)

    def _read(self, path: Path) -> None:
        try:
            if path.stat().st_size > MAX_BYTES:
                return
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # absent, unreadable or damaged: start empty
            return
        if not isinstance(data, dict) or data.get("version") != self.version:
            return
        entries = data.get("sources")
        if isinstance(entries, dict):
            self._entries = {k: v for k, v in entries.items() if isinstance(v, dict)}

    def get(self, source: Source, quote: str) -> tuple[bool, Locator | None]:
        """``(known, locator)``: whether the cache knows, and the locator (None: absent)."""
        found = self._entries.get(source_key(source), {}).get(quote, _MISSING)
        if found is None:
            return True, None
        if not (isinstance(found, list) and len(found) == 5
                and all(type(n) is int for n in found)):
            return False, None  # not cached, or a damaged entry: locate again
        return True, Locator(*found)

    def put(self, source: Source, quote: str, locator: Locator | None) -> None:
        """Remember where ``quote`` is in ``source`` (or that it is not there)."""
        if self._added == 0 and self.path is not None:
            atexit.register(self.save)
        if sum(map(len, self._entries.values())) >= MAX_ENTRIES:
            self._entries.clear()
        value = None if locator is None else [locator.paragraph, locator.first_sentence,
                                              locator.last_sentence, locator.start, locator.end]
        self._entries.setdefault(source_key(source), {})[quote] = value
        self._added += 1

    def locate(self, source: Source, quote: str) -> Locator | None:
        """:func:`evidence.verify.locate`, answered from the cache when it can be."""
        from evidence.verify import locate

        known, found = self.get(source, quote)
        if not known:
            found = locate(source, quote)
            self.put(source, quote, found)
        return found

    def save(self) -> None:
        """Write the cache if anything was added (atomically; an unwritable cache is skipped)."""
        if self.path is None or not self._added:
            return
        try:
            make_cache_dir(self.path.parent)
            write_atomic(self.path, json.dumps({"version": self.version,
                                                "sources": self._entries}), force=True)
        except (OSError, UserError):  # a cache that cannot be written is only absent
            return
        self._added = 0


def cache_for(root: Path) -> Locations:
    """The verification cache of the dossier at ``root``."""
    from evidence.fsio import cache_dir

    return Locations(cache_dir(root) / FILE)
