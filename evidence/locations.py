"""Where each quote was found in each source, kept between runs: the verification cache.

Verifying a register locates every fact's quotes in the sources it cites, and in the
other sources that may hold them (corroboration, narrowed by :mod:`evidence.quoteindex`),
repeated by every command that lists, checks, reviews or renders. It holds one entry per
quote found in a source: it grows with the facts, not with facts times sources, keeps
its size as entries come and go, and is never emptied while a process runs; a file
past :data:`MAX_ENTRIES` keeps the entries that process used. The answer depends only on the
source's bytes, how it is segmented (``comments_begin``), the quote, and the code that
reads, segments and locates; the cache keys on all four. An edited source, a changed quote or
another version of drafting simply misses and is located again.

The cache is a JSON file in the dossier's cache folder, written atomically when the
process ends if anything was added. It is never trusted:

* it is read as a user's file is (a regular file, at most :data:`MAX_BYTES`), and its
  nesting is bounded before it is parsed (:func:`_shallow`); keys are hashes, so the file
  holds no text of its own;
* each location is checked against the source before it is used: the span must hold the
  quote, on word boundaries, in a citable paragraph (:func:`evidence.verify.locator_at`),
  and the sentences are computed again;
* "not found" is not kept: proving it takes one search of the source's normalised text,
  which is all that locating costs, so a quote not found is looked for again.

A missing, damaged, hostile, foreign or unwritable cache is never an error: what cannot
be believed is located again, and the process goes without what it cannot write.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from evidence.errors import UserError
from evidence.fsio import make_cache_dir, read_input, write_atomic
from evidence.sources import code_version
from evidence.verify import Locator, locator_at

if TYPE_CHECKING:
    from evidence.sources import Source

FILE = "locations-v1.json"
#: The largest cache read; a larger file is ignored and rebuilt.
MAX_BYTES = 64 * 2**20
#: The most entries written; beyond it, only those used by the run are (never fewer while
#: it runs). An entry is about 60 bytes: the file stays well under :data:`MAX_BYTES`.
MAX_ENTRIES = 500_000
#: How deep the file nests: the file, its sources, a source's quotes, one location.
DEPTH = 4
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def source_key(source: Source) -> str:
    """The source's bytes, their format and how they are segmented (hashed)."""
    return _source_key(source.sha256, source.meta.file, source.meta.comments_begin or "")


@lru_cache(maxsize=4096)
def _source_key(sha256: str, file: str, comments_begin: str) -> str:
    # remembered: verify looks up every quote in every source (a fact quoted elsewhere)
    return _hash(f"{sha256}:{Path(file).suffix.lower()}:{comments_begin}")


def _shallow(text: str) -> bool:
    """Whether ``text``'s brackets nest at most :data:`DEPTH` deep and balance.

    Checked before parsing, in a few linear passes: every string in a cache this module
    writes is a hex digest, so every bracket is structure (a file with brackets in its
    strings is not ours, and may be refused). Each pass removes the innermost pairs.
    """
    brackets = _NOT_BRACKETS.sub("", text)
    for _ in range(DEPTH):
        brackets = _INNERMOST.sub("", brackets)
    return not brackets


def _read(path: Path) -> object:
    """The parsed cache file, or None when it is absent, odd or cannot be believed."""
    try:
        text = read_input(path, limit=MAX_BYTES, what="cache").decode("utf-8")
        return json.loads(text) if _shallow(text) else None
    except (UserError, ValueError, RecursionError):  # absent, not a file, damaged: a miss
        return None


class Locations:
    """Quote locations by source key and quote hash: ``[paragraph, start, end]``."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.version = code_version()
        self._entries: dict[str, dict[str, list[int]]] = {}
        self._added = 0
        #: How many entries there are, kept as they come and go (never summed per put).
        self.size = 0
        #: The entries this run found or added (what is written if there are too many).
        self._used: set[tuple[str, str]] = set()
        if path is not None:
            data = _read(path)
            if (
                isinstance(data, dict)
                and data.get("version") == self.version
                and isinstance(data.get("sources"), dict)
            ):
                self._entries = {k: v for k, v in data["sources"].items() if isinstance(v, dict)}
                self.size = sum(map(len, self._entries.values()))

    def get(self, source: Source, quote: str) -> Locator | None:
        """Where the cache says ``quote`` is in ``source``, if the source holds it there."""
        key, quote_key = source_key(source), _hash(quote)
        found = self._entries.get(key, {}).get(quote_key)
        if not (isinstance(found, list) and len(found) == 3 and all(type(n) is int for n in found)):
            return None  # not cached, or a damaged entry
        located = locator_at(source, quote, *found)
        if located is not None:
            self._used.add((key, quote_key))
        return located

    def put(self, source: Source, quote: str, locator: Locator | None) -> None:
        """Remember where ``quote`` is in ``source`` (a quote not found is not kept)."""
        key, quote_key = source_key(source), _hash(quote)
        quotes = self._entries.get(key)
        if locator is None:
            if quotes is not None and quotes.pop(quote_key, None) is not None:
                self.size -= 1
                self._used.discard((key, quote_key))
                self._changed()  # a wrong entry is dropped from the file too
            return
        if quotes is None:
            quotes = self._entries[key] = {}
        self.size += quote_key not in quotes
        quotes[quote_key] = [locator.paragraph, locator.start, locator.end]
        self._used.add((key, quote_key))
        self._changed()

    def _changed(self) -> None:
        if self._added == 0 and self.path is not None:
            atexit.register(self.save)
        self._added += 1

    def locate(self, source: Source, quote: str) -> Locator | None:
        """:func:`evidence.verify.locate`, answered from the cache when it can be believed."""
        from evidence.verify import locate

        found = self.get(source, quote)
        if found is None:
            found = locate(source, quote)
            self.put(source, quote, found)
        return found

    def save(self) -> None:
        """Write the cache if anything was added (atomically; an unwritable cache is skipped)."""
        if self.path is None or not self._added:
            return
        if self.size > MAX_ENTRIES:  # too many to keep: those this run used
            self._entries = _only(self._entries, self._used)
            self.size = sum(map(len, self._entries.values()))
        try:
            make_cache_dir(self.path.parent)
            write_atomic(
                self.path,
                json.dumps({"version": self.version, "sources": self._entries}),
                force=True,
                own=True,
            )
        except (OSError, UserError):  # a cache that cannot be written is only absent
            return
        self._added = 0


def _only(
    entries: dict[str, dict[str, list[int]]], keep: set[tuple[str, str]]
) -> dict[str, dict[str, list[int]]]:
    """The entries named in ``keep``, by source key and quote key."""
    out: dict[str, dict[str, list[int]]] = {}
    for key, quote_key in keep:
        if (found := entries.get(key, {}).get(quote_key)) is not None:
            out.setdefault(key, {})[quote_key] = found
    return out


def cache_for(root: Path) -> Locations:
    """The verification cache of the dossier at ``root``."""
    from evidence.fsio import cache_dir

    return Locations(cache_dir(root) / FILE)
