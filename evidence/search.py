"""The search index: every citable passage and every fact of a dossier, in SQLite FTS5.

The index lives in the dossier's cache folder (:func:`evidence.fsio.cache_dir`), never in
git and never shipped. :meth:`SearchIndex.refresh` runs before a query and
re-indexes exactly the sources whose file changed (size and modification time first, then
the sha256), drops the ones the manifest no longer lists, and re-reads the facts when
``facts.yaml`` or any source changed; unless the dossier's stamp (:mod:`evidence.stamp`)
says nothing a full check would find has changed since the last one. Ranking is FTS5's BM25.

A user's query is never passed to FTS5 as syntax: :func:`fts_query` turns it into quoted
terms, so punctuation, ``NOT``, ``AND``, a lone ``"`` or ``*`` are searched for as words
(or dropped), never a syntax error. ``"two words"`` is a phrase and ``word*`` a prefix.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from evidence.cachedb import connect, damaged, discard, unusable
from evidence.dates import PartialDate
from evidence.errors import UserError
from evidence.fsio import read_input
from evidence.register import Register
from evidence.segment import Paragraph, Segmentation
from evidence.sources import SourceMeta, read_source, segment_source, source_path
from evidence.stamp import Stamp, trusted
from evidence.yamlio import MAX_BYTES as YAML_MAX_BYTES

T = TypeVar("T")
#: The longest query taken (a search is a few words, not a document).
MAX_QUERY = 1_000
#: The most hits a query returns, whatever is asked.
MAX_LIMIT = 200
#: The most matching passages a query scores: a word in more passages than this (a common
#: word) is ranked among its most recently indexed ones, so a query's time stays bounded.
MAX_SCORED = 10_000
#: Bumped when the tables change: an index of another version is rebuilt.
SCHEMA_VERSION = 2
#: Marks around matched words in a snippet (control characters: never in source text).
HIT_START, HIT_END = "\x02", "\x03"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sources (
    id TEXT PRIMARY KEY, file TEXT, sha256 TEXT, mtime_ns INTEGER, size INTEGER,
    label TEXT, publisher TEXT, kind TEXT, date TEXT, date_label TEXT);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY, source TEXT, paragraph INTEGER, text TEXT, place TEXT);
CREATE INDEX IF NOT EXISTS passages_source ON passages (source);
CREATE VIRTUAL TABLE IF NOT EXISTS passage_fts USING fts5(
    text, content='passages', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS facts (
    fact TEXT, source TEXT, paragraph INTEGER, statement TEXT, kind TEXT);
CREATE INDEX IF NOT EXISTS facts_place ON facts (source, paragraph);
CREATE VIRTUAL TABLE IF NOT EXISTS fact_fts USING fts5(
    fact UNINDEXED, statement, quotes, tokenize='unicode61 remove_diacritics 2');
"""


def place_of(segmentation: Segmentation, para: Paragraph) -> str:
    """Where a citable paragraph is, as a reference prints it ("p. 7, para. 23")."""
    assert para.number is not None
    if not (segmentation.pages or segmentation.numbered or segmentation.cells):
        return f"para. {para.number}"
    return segmentation.place(para).label(para.number)


# --- queries -------------------------------------------------------------------------------------

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")


def fts_query(query: str) -> str:
    """A safe FTS5 query for what the user typed.

    Words become quoted terms (all must match); ``"a phrase"`` stays a phrase; a word
    ending in ``*`` is a prefix. Anything else (operators, brackets, a lone quote) is
    searched for as plain words or dropped.

    Raises:
        ValueError: the query has no word to search for.
    """
    if len(query) > MAX_QUERY:
        raise ValueError(f"a query is at most {MAX_QUERY:,} characters")
    terms = []
    for phrase, word in _TOKEN.findall(query):
        if phrase:
            words = _WORD.findall(phrase)
            if words:
                terms.append('"' + " ".join(words) + '"')
            continue
        prefix = word.endswith("*")
        words = _WORD.findall(word)
        for i, w in enumerate(words):
            terms.append(f'"{w}"' + ("*" if prefix and i == len(words) - 1 else ""))
    if not terms:
        raise ValueError("nothing to search for: give at least one word")
    return " ".join(terms)


# --- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One passage found: where it is, the snippet with the matched words marked, who cites it."""

    source: str
    paragraph: int
    snippet: str
    text: str
    label: str
    publisher: str | None
    kind: str
    date: str
    facts: tuple[str, ...]
    score: float
    place: str = ""  # in the document's own terms: "p. 7, para. 23"

    @property
    def locator(self) -> str:
        """``source-id, para. 7`` (``source-id, p. 7, para. 23`` for a report)."""
        return f"{self.source}, {self.place or f'para. {self.paragraph}'}"

    @property
    def cited(self) -> bool:
        """Whether any fact of the register quotes this passage."""
        return bool(self.facts)


class Results(list[Hit]):
    """The hits of a query, best first; ``capped`` when only some matches were scored."""

    def __init__(self, *, capped: bool = False) -> None:
        super().__init__()
        self.capped = capped


@dataclass(frozen=True)
class FactHit:
    """A fact whose statement or quote matches."""

    fact: str
    statement: str
    score: float


@dataclass(frozen=True)
class Refresh:
    """What a refresh did: sources indexed again, dropped, passages written, facts re-read."""

    indexed: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    passages: int = 0
    facts: bool = False


# --- the index -----------------------------------------------------------------------------------


class SearchIndex:
    """A dossier's passages and facts in SQLite FTS5 (one file; safe to delete at any time)."""

    def __init__(self, path: Path, reads: Path | None = None) -> None:
        self.path = path
        self.reads = reads  # where what PDF sources read as is kept (read once, OCR too)
        self._last: tuple[Sequence[SourceMeta], Path, Callable[[], Register] | None, str] | None = (
            None
        )
        self._later: Callable[[], object] | None = None  # a full refresh, when trusted by stamp
        self.db = connect(path, self._prepare)

    def _prepare(self, db: sqlite3.Connection) -> None:
        """Make the tables; refuse (as damaged) an index of another version or shape."""
        db.executescript(_SCHEMA)
        row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is not None and row[0] != str(SCHEMA_VERSION):
            raise sqlite3.DatabaseError("an index of another version")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        db.commit()

    def _guarded(self, work: Callable[[], T], *, refill: bool = True) -> T:
        """Run ``work``; if the index proves damaged, rebuild it (refilled) and run it again."""
        try:
            return work()
        except sqlite3.Error as exc:
            if not damaged(exc):
                raise unusable(exc, self.path) from None
        self.db.close()
        discard(self.path)
        self.db = connect(self.path, self._prepare)
        try:
            if refill and self._last is not None:
                self._refresh(*self._last)
            elif refill and self._later is not None:
                self._later()
            return work()
        except sqlite3.Error as exc:
            raise unusable(exc, self.path) from None

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @contextmanager
    def _bulk(self) -> Iterator[None]:
        """One transaction, without waiting for the disk at each row (the index can be rebuilt)."""
        self.db.execute("PRAGMA synchronous = OFF")
        try:
            with self.db:
                yield
        finally:
            self.db.execute("PRAGMA synchronous = FULL")

    # --- writing ---

    def stored(self) -> dict[str, tuple[str, int, int]]:
        """``{source: (sha256, mtime_ns, size)}`` as indexed."""
        return {
            r[0]: (r[1], r[2], r[3])
            for r in self.db.execute("SELECT id, sha256, mtime_ns, size FROM sources")
        }

    def _drop(self, source_id: str) -> None:
        self.db.execute(
            "INSERT INTO passage_fts (passage_fts, rowid, text) "
            "SELECT 'delete', id, text FROM passages WHERE source = ?",
            (source_id,),
        )
        self.db.execute("DELETE FROM passages WHERE source = ?", (source_id,))
        self.db.execute("DELETE FROM sources WHERE id = ?", (source_id,))

    def put_source(
        self,
        meta: SourceMeta,
        segmentation: Segmentation,
        sha256: str,
        stat: tuple[int, int] = (0, 0),
    ) -> int:
        """(Re-)index one source's citable paragraphs; returns how many.

        Call it inside a transaction (:meth:`refresh` does).
        """
        self._drop(meta.id)
        date = meta.date.value
        self.db.execute(
            "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                meta.id,
                meta.file,
                sha256,
                stat[0],
                stat[1],
                meta.label,
                meta.publisher,
                meta.kind,
                _date_key(date) if date else None,
                meta.date.label(),
            ),
        )
        text = segmentation.text
        rows = [
            (meta.id, p.number, text[p.start : p.end], place_of(segmentation, p))
            for p in segmentation.citable
        ]
        start = self.db.execute("SELECT coalesce(max(id), 0) FROM passages").fetchone()[0] + 1
        self.db.executemany(
            "INSERT INTO passages (id, source, paragraph, text, place) VALUES (?, ?, ?, ?, ?)",
            [(start + i, *row) for i, row in enumerate(rows)],
        )
        self.db.executemany(
            "INSERT INTO passage_fts (rowid, text) VALUES (?, ?)",
            [(start + i, row[2]) for i, row in enumerate(rows)],
        )
        return len(rows)

    def put_sources(self, items: Iterable[tuple[SourceMeta, Segmentation, str]]) -> int:
        """Index many sources from scratch in one transaction; returns the passages written.

        The fast path of a first build: rows first, then one FTS5 rebuild.
        """
        count = 0
        with self._bulk():
            self.db.execute("DROP INDEX IF EXISTS passages_source")  # made again once, below
            self.db.execute("DELETE FROM passages")
            self.db.execute("DELETE FROM sources")
            self.db.execute("INSERT INTO passage_fts (passage_fts) VALUES ('delete-all')")
            next_id = 1
            for meta, segmentation, sha256 in items:
                date = meta.date.value
                self.db.execute(
                    "INSERT INTO sources VALUES (?, ?, ?, 0, 0, ?, ?, ?, ?, ?)",
                    (
                        meta.id,
                        meta.file,
                        sha256,
                        meta.label,
                        meta.publisher,
                        meta.kind,
                        _date_key(date) if date else None,
                        meta.date.label(),
                    ),
                )
                text = segmentation.text
                rows = [
                    (
                        next_id + i,
                        meta.id,
                        p.number,
                        text[p.start : p.end],
                        place_of(segmentation, p),
                    )
                    for i, p in enumerate(segmentation.citable)
                ]
                self.db.executemany("INSERT INTO passages VALUES (?, ?, ?, ?, ?)", rows)
                next_id += len(rows)
                count += len(rows)
            self.db.execute("INSERT INTO passage_fts (passage_fts) VALUES ('rebuild')")
            self.db.execute("CREATE INDEX passages_source ON passages (source)")
        return count

    def current(self, stamp: Stamp, later: Callable[[], object] | None = None) -> bool:
        """Whether the dossier's stamp says the last full check still stands (no refresh).

        ``later``: the full refresh to make if the index proves damaged after all.
        """
        try:
            if not trusted(stamp, self._meta("stamp"), self._meta("stamp-checked")):
                return False
        except sqlite3.Error:
            return False  # damaged: the refresh rebuilds it
        self._later = later
        return True

    def refresh(
        self,
        metas: Sequence[SourceMeta],
        folder: Path,
        register: Callable[[], Register] | None = None,
        facts_key: str = "",
        stamp: Stamp | None = None,
    ) -> Refresh:
        """Bring the index up to date with the manifest's sources (and the register's facts).

        A source is read again only when its size or modification time changed, and
        re-indexed only when its sha256 did. Facts are re-read when ``facts_key`` (a hash
        of facts.yaml) or any source changed, from ``register()`` (loaded only then). An
        index found damaged is rebuilt; the searches after it rebuild it the same way.
        ``stamp``: the dossier's (:mod:`evidence.stamp`), taken before, recorded with the
        facts after this full check so that :meth:`current` can trust it.
        """
        self._last = (metas, folder, register, facts_key)
        done = self._guarded(
            lambda: self._refresh(metas, folder, register, facts_key), refill=False
        )
        if register is not None and stamp is not None:
            self._guarded(lambda: self._record(stamp), refill=False)
        return done

    def _record(self, stamp: Stamp) -> None:
        with self.db:
            if stamp.racy:
                self.db.execute("DELETE FROM meta WHERE key IN ('stamp', 'stamp-checked')")
            else:
                self._set_meta("stamp", stamp.key)
                self._set_meta("stamp-checked", str(stamp.taken_ns))

    def _refresh(
        self,
        metas: Sequence[SourceMeta],
        folder: Path,
        register: Callable[[], Register] | None,
        facts_key: str,
    ) -> Refresh:
        stored = self.stored()
        indexed, passages = [], 0
        with self._bulk():
            for i, meta in enumerate(metas):
                # a link out of the folder is refused, as loading the register refuses it
                path = source_path(folder / "sources.yaml", i, meta)
                try:
                    info = path.stat()
                except OSError:
                    continue  # a missing source: verify reports it; nothing to index
                stat = (info.st_mtime_ns, info.st_size)
                old = stored.get(meta.id)
                if old is not None and (old[1], old[2]) == stat:
                    continue
                read = read_source(path, self.reads)
                digest = read.sha256
                if old is not None and old[0] == digest:
                    self.db.execute(
                        "UPDATE sources SET mtime_ns = ?, size = ? WHERE id = ?", (*stat, meta.id)
                    )
                    continue
                # as the register segments it: a PDF by its blocks, so paragraphs agree
                segmentation = segment_source(read, meta.comments_begin)
                passages += self.put_source(meta, segmentation, digest, stat)
                indexed.append(meta.id)
            wanted = {m.id for m in metas}
            dropped = [s for s in stored if s not in wanted]
            for source_id in dropped:
                self._drop(source_id)
            facts = False
            if register is not None:
                key = (
                    facts_key
                    + "|"
                    + ",".join(sorted(f"{k}:{v[0]}" for k, v in self.stored().items()))
                )
                facts = self._meta("facts") != key
                if facts:
                    self._put_facts(register())
                    self._set_meta("facts", key)
        return Refresh(tuple(indexed), tuple(dropped), passages, facts)

    def _put_facts(self, register: Register) -> None:
        self.db.execute("DELETE FROM facts")
        self.db.execute("DELETE FROM fact_fts")
        for fact in register.facts.values():
            report = register.report(fact.id)
            for check in report.checks:
                if check.locator is not None:
                    self.db.execute(
                        "INSERT INTO facts VALUES (?, ?, ?, ?, ?)",
                        (
                            fact.id,
                            check.source_id,
                            check.locator.paragraph,
                            fact.statement,
                            fact.kind,
                        ),
                    )
            self.db.execute(
                "INSERT INTO fact_fts VALUES (?, ?, ?)",
                (fact.id, fact.statement, " ".join(c.quote for c in fact.citations)),
            )

    # --- reading ---

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        source: str | None = None,
        kind: str | None = None,
        since: PartialDate | None = None,
    ) -> Results:
        """The passages matching ``query``, best first (BM25), at most ``limit``.

        Scoring is bounded: when more than :data:`MAX_SCORED` passages match (a common
        word), the best are chosen among the most recently indexed :data:`MAX_SCORED`, and
        the results say so (``capped``). ``since`` keeps sources dated on or after it (a
        source of unknown date is left out).

        Raises:
            ValueError: the query has no word in it.
        """
        match = fts_query(query)
        return self._guarded(
            lambda: self._search(match, max(1, min(limit, MAX_LIMIT)), source, kind, since)
        )

    def _search(
        self,
        match: str,
        limit: int,
        source: str | None,
        kind: str | None,
        since: PartialDate | None,
    ) -> Results:
        # without filters the passages are chosen on the FTS table alone (its rowid order and
        # BM25), and only the hits are joined to their source; filters need the join first
        joins = (
            ""
            if source is None and kind is None and since is None
            else " JOIN passages p ON p.id = passage_fts.rowid JOIN sources s ON s.id = p.source"
        )
        where, args = ["passage_fts MATCH ?"], [match]
        if source is not None:
            where.append("p.source = ?")
            args.append(source)
        if kind is not None:
            where.append("s.kind = ?")
            args.append(kind)
        if since is not None:
            where.append("s.date >= ?")
            args.append(_date_key(since))
        condition = " AND ".join(where)
        floor = self.db.execute(
            f"SELECT passage_fts.rowid FROM passage_fts{joins} WHERE {condition} "
            "ORDER BY passage_fts.rowid DESC LIMIT 1 OFFSET ?",
            [*args, MAX_SCORED - 1],
        ).fetchone()
        if floor is not None:
            condition += " AND passage_fts.rowid >= ?"
            args.append(floor[0])
        best = self.db.execute(
            f"SELECT passage_fts.rowid, bm25(passage_fts) AS score FROM passage_fts{joins} "
            f"WHERE {condition} ORDER BY score LIMIT ?",
            [*args, limit],
        ).fetchall()
        rows = []
        for rowid, score in best:
            row = self.db.execute(
                "SELECT p.source, p.paragraph, p.text, s.label, s.publisher, s.kind, "
                "s.date_label, p.place FROM passages p JOIN sources s ON s.id = p.source "
                "WHERE p.id = ?",
                (rowid,),
            ).fetchone()
            if row is not None:  # (an index whose tables disagree is only missing hits)
                rows.append((rowid, *row, score))
        # the snippets of all the hits in one query: a prefix is expanded once, not per hit
        marks = ", ".join("?" * len(best))
        # (the range is FTS5's to use; "+rowid IN" only filters, so FTS5 does not seek once
        # per hit, which for a prefix query means expanding the prefix once per hit)
        ids = [rowid for rowid, _ in best]
        snippets = (
            dict(
                self.db.execute(
                    f"SELECT rowid, snippet(passage_fts, 0, '{HIT_START}', '{HIT_END}', '…', 24) "
                    f"FROM passage_fts WHERE passage_fts MATCH ? AND rowid BETWEEN ? AND ? "
                    f"AND +rowid IN ({marks})",
                    [match, min(ids), max(ids), *ids],
                ).fetchall()
            )
            if best
            else {}
        )
        hits = Results(capped=floor is not None)
        for rowid, src, para, text, label, publisher, skind, date, place, score in rows:
            snip = snippets.get(rowid, text)
            facts = tuple(
                r[0]
                for r in self.db.execute(
                    "SELECT DISTINCT fact FROM facts WHERE source = ? AND paragraph = ? "
                    "ORDER BY fact",
                    (src, para),
                )
            )
            hits.append(
                Hit(
                    src,
                    para,
                    snip,
                    text,
                    label,
                    publisher,
                    skind,
                    date,
                    facts,
                    -score,
                    place or f"para. {para}",
                )
            )
        return hits

    def search_facts(self, query: str, *, limit: int = 10) -> list[FactHit]:
        """The facts whose statement or quotes match ``query``, best first."""
        args = (fts_query(query), max(1, min(limit, MAX_LIMIT)))
        rows = self._guarded(
            lambda: self.db.execute(
                "SELECT fact, statement, bm25(fact_fts) AS score FROM fact_fts "
                "WHERE fact_fts MATCH ? ORDER BY score LIMIT ?",
                args,
            ).fetchall()
        )
        return [FactHit(f, s, -score) for f, s, score in rows]

    def source_ids(self) -> list[str]:
        """The ids of the sources indexed, in order."""
        return self._guarded(
            lambda: [r[0] for r in self.db.execute("SELECT id FROM sources ORDER BY id")]
        )

    def counts(self) -> tuple[int, int]:
        """``(sources, passages)`` indexed."""
        return self._guarded(
            lambda: (
                self.db.execute("SELECT count(*) FROM sources").fetchone()[0],
                self.db.execute("SELECT count(*) FROM passages").fetchone()[0],
            )
        )


def _date_key(date: PartialDate) -> str:
    """A sortable ``YYYY-MM-DD`` for a partial date (its first day)."""
    return f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}"


def file_key(path: Path) -> str:
    """A hash of a file's bytes ("" if it cannot be read): how facts.yaml changes are seen.

    It is read as YAML is (:func:`evidence.fsio.read_input`): a FIFO or a device is not
    read here, and loading the register then says what is wrong with it.
    """
    try:
        return hashlib.sha256(read_input(path, limit=YAML_MAX_BYTES)).hexdigest()
    except UserError:
        return ""
