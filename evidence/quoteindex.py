"""Which sources may hold a quote: the quotes' word sequences matched against each source's.

Corroboration asks, for every fact, which other sources quote it: looked for in each
source, that is facts times sources searches. Instead, every quote of the register is
cut into its words (runs of letters and digits) and each three words in a row are
hashed; then each source's citable text (normalised once:
:attr:`evidence.segment.Segmentation.flat`) is cut the same way, once, and its
sequences are matched against the quotes' in one set operation. A quote found on word
boundaries (:func:`evidence.verify.find_words`) has its words in the same order in the
source, so every three of them in a row are among the source's: a source missing any
of them cannot hold the quote. The index only narrows the search; each candidate is
then searched verbatim exactly as before, so the answers are the same. Sources read by
OCR match with OCR's confusions, not word for word, so they are always candidates; so
is every source for a quote of fewer than three words.

Sequences are kept by their hash (in memory, for one process): two sequences with one
hash only make a candidate more, never one fewer. What the index finds (each quote's
candidate sources) is kept between runs in the dossier's cache, under the sources' hashes,
the quotes and the code's version: built again when any of them changes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence import jsoncache
from evidence.normalise import normalise

if TYPE_CHECKING:
    from evidence.sources import Source

#: A word of normalised text: a run of letters and digits (``str.isalnum``), as the word
#: boundaries of :func:`evidence.verify.find_words` count them.
_WORD = re.compile(r"[^\W_]+")
#: How many words in a row are matched.
WIDTH = 3


def sequences(text: str) -> frozenset[int]:
    """The hashes of every :data:`WIDTH` words in a row in ``text``."""
    words = _WORD.findall(text)
    return frozenset(map(hash, zip(words, words[1:], words[2:], strict=False)))


class QuoteIndex:
    """For each quote of a register, the sources (in the register's order) that may hold it."""

    def __init__(
        self,
        sources: Mapping[str, Source],
        quotes: Iterable[str],
        found: dict[str, list[int]] | None = None,
    ) -> None:
        """Match ``quotes`` against ``sources``: one pass over each source's words.

        ``found``: what an index of the same sources and quotes found (read back).
        """
        self.ids = tuple(sources)
        #: Each source's position in the register's order.
        self.position = {sid: n for n, sid in enumerate(self.ids)}
        self._found: dict[str, list[int]] = {}
        if found is not None:
            self._found = found
            return
        keys = {q: sequences(normalise(q)) for q in set(quotes)}
        always = [n for n, s in enumerate(sources.values()) if s.segmentation.ocr]
        self._found = {q: list(always) for q, k in keys.items() if k}
        by_first: dict[int, list[tuple[str, frozenset[int]]]] = {}
        for quote, held in keys.items():
            if held:  # any one of its sequences: a source holding the quote holds it
                by_first.setdefault(min(held), []).append((quote, held))
        firsts = by_first.keys()
        for n, source in enumerate(sources.values()):
            if source.segmentation.ocr:
                continue
            have = sequences(source.segmentation.flat[0])
            for key in have & firsts:
                for quote, held in by_first[key]:
                    if held <= have:
                        self._found[quote].append(n)

    def candidates(self, quote: str) -> tuple[str, ...] | None:
        """The ids of the sources that may hold ``quote``, in order; None: any may.

        Every source that holds it is among them (see the module's docstring); a quote
        the index was not built with, or of fewer than three words, may be anywhere.
        """
        found = self._found.get(quote)
        return None if found is None else tuple(self.ids[n] for n in sorted(found))


def quote_index(
    sources: Mapping[str, Source],
    quotes: Iterable[str],
    memo: dict[str, object],
    folder: Path | None = None,
) -> QuoteIndex:
    """The index of ``quotes`` in ``sources``, built once and kept in ``memo`` (a register's).

    With a ``folder``, what it finds is kept there between runs (see the module's docstring).
    """
    index = memo.get("quote-index")
    if isinstance(index, QuoteIndex):
        return index
    if folder is None:
        index = QuoteIndex(sources, quotes)
    else:
        index = _kept(sources, sorted(set(quotes)), folder / "quote-index.json")
    memo["quote-index"] = index
    return index


def _kept(sources: Mapping[str, Source], quotes: list[str], path: Path) -> QuoteIndex:
    from evidence.sources import code_version

    digest = hashlib.sha256("\0".join(quotes).encode("utf-8", "surrogatepass")).hexdigest()
    key = [
        code_version(),
        [[sid, s.sha256, s.meta.comments_begin or ""] for sid, s in sources.items()],
        digest,
    ]
    stored = jsoncache.load(path, key)
    if _valid(stored, len(quotes), len(sources)):
        found = {q: f for q, f in zip(quotes, stored, strict=True) if f is not None}
        return QuoteIndex(sources, quotes, found)
    index = QuoteIndex(sources, quotes)
    jsoncache.store(path, key, [index._found.get(q) for q in quotes])
    return index


def _valid(stored: Any, quotes: int, sources: int) -> bool:
    """Whether ``stored`` is a list of each quote's source positions (or null) in range."""
    return (
        isinstance(stored, list)
        and len(stored) == quotes
        and all(
            found is None
            or (isinstance(found, list) and all(type(n) is int and 0 <= n < sources for n in found))
            for found in stored
        )
    )
