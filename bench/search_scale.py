"""How the search index scales: build, one source's re-index, and query latency.

Run: ``python bench/search_scale.py [--sources 10000] [--passages 100] [--runs 50]``

A dossier of generated sources (made-up English-like text, a paragraph a passage) is
segmented and indexed from scratch; then one source is changed and refreshed; a refresh
with nothing changed is timed beside the dossier's stamp checked instead; then three
queries (a phrase, a prefix, a common word) are timed over ``--runs`` runs each, top 20
with snippets, locators and the facts of each hit. Each figure is reported beside a
baseline measured in the same run on the same rows: plain FTS5 (one table, no joins, no
snippets), so the ratio says what the index's own work costs on this machine.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from evidence.register import Register  # noqa: E402
from evidence.search import SearchIndex  # noqa: E402
from evidence.segment import segment  # noqa: E402
from evidence.sources import DateInfo, SourceMeta  # noqa: E402
from evidence.stamp import dossier_stamp  # noqa: E402

COMMON = re.findall(
    r"\w+",
    "the council said children services social care report would "
    "which their have been were that with from this will also after more than "
    "years families budget staff cases review inspection inspectors authority "
    "county trust plan",
)
RARE = [
    f"{a}{b}"
    for a in ("cor", "bal", "fen", "mir", "tal", "ves", "pon", "gar", "lum", "dr")
    for b in (
        "ane",
        "ist",
        "ory",
        "ment",
        "ville",
        "ford",
        "ham",
        "ton",
        "wick",
        "by",
        "ley",
        "stead",
        "worth",
        "field",
        "bury",
        "cott",
        "dale",
        "gate",
        "well",
        "more",
    )
]


def paragraph(rng: random.Random, serial: int) -> str:
    """Two or three sentences of made-up prose; one in a thousand holds the test phrase."""
    sentences = []
    for _ in range(rng.randint(2, 3)):
        words = [
            rng.choice(COMMON) if rng.random() < 0.7 else rng.choice(RARE)
            for _ in range(rng.randint(8, 16))
        ]
        if rng.random() < 0.05:
            words.insert(rng.randint(0, len(words)), "inspectorate")
        if serial % 1000 == 0:
            words[1:1] = ["unallocated", "referrals"]
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def generate(n_sources: int, per_source: int, seed: int = 1) -> list[tuple[SourceMeta, str]]:
    """``n_sources`` made-up sources of ``per_source`` paragraphs each."""
    rng = random.Random(seed)
    out = []
    serial = 0
    for i in range(n_sources):
        paras = []
        for _ in range(per_source):
            paras.append(paragraph(rng, serial))
            serial += 1
        meta = SourceMeta(
            id=f"s-{i}",
            file=f"s-{i}.txt",
            description=f"Generated source {i}",
            kind="news",
            date=DateInfo(how="unknown"),
        )
        out.append((meta, "\n\n".join(paras) + "\n"))
    return out


def timed(fn) -> tuple[float, object]:
    """Seconds ``fn()`` took, and what it returned."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def percentiles(samples: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    ordered = sorted(samples)
    return (
        1000 * statistics.median(ordered),
        1000 * ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
    )


def main() -> None:
    """Generate, build, refresh, search; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--passages", type=int, default=100, help="paragraphs per source")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    print(f"generating {args.sources:,} sources x {args.passages} passages ...", flush=True)
    docs = generate(args.sources, args.passages)
    seg_time, segmented = timed(lambda: [(m, segment(t), "0" * 64) for m, t in docs])
    passages = sum(len(s.citable) for _, s, _ in segmented)  # type: ignore[union-attr]

    with tempfile.TemporaryDirectory() as tmp:
        index = SearchIndex(Path(tmp) / "search.sqlite")
        build, _ = timed(lambda: index.put_sources(segmented))  # type: ignore[arg-type]

        base = sqlite3.connect(Path(tmp) / "baseline.sqlite")
        base.execute("PRAGMA synchronous = OFF")
        base.execute("CREATE VIRTUAL TABLE fts USING fts5(text)")
        rows = [
            (s.text[p.start : p.end],)
            for _, s, _ in segmented  # type: ignore[union-attr]
            for p in s.citable
        ]

        def plain_build() -> None:
            with base:
                base.executemany("INSERT INTO fts (text) VALUES (?)", rows)

        base_build, _ = timed(plain_build)
        with base:  # merged, as the index's own build leaves it, so searches compare fairly
            base.execute("INSERT INTO fts (fts) VALUES ('optimize')")

        # one source changed: refresh re-reads and re-indexes only it
        folder = Path(tmp) / "seeds"
        folder.mkdir()
        metas = [m for m, _ in docs]
        for meta, text in docs[:50]:
            (folder / meta.file).write_text(text, encoding="utf-8")
        # every source is in the manifest; 50 are on disk (a missing file is skipped, not
        # dropped), so refresh checks 10,000 entries and re-reads only the changed one
        index.refresh(metas, folder)
        changed = docs[7][0]
        (folder / changed.file).write_text(
            docs[7][1] + "\nA new paragraph about inspectorate findings.\n", encoding="utf-8"
        )
        refresh_times = []
        for n in range(5):
            (folder / changed.file).write_text(
                docs[7][1] + f"\nA new paragraph {n}.\n", encoding="utf-8"
            )
            t, done = timed(lambda: index.refresh(metas, folder))
            assert done.indexed == (changed.id,), done  # type: ignore[union-attr]
            refresh_times.append(t)
        # nothing changed: the full check (stat every source) against the dossier's stamp
        # checked first (evidence.stamp), five interleaved pairs; files an hour old, as a
        # dossier not touched in the last seconds is (a newer stamp is not trusted)
        manifest = folder / "sources.yaml"
        manifest.write_text("sources: []\n", encoding="utf-8")  # stands for the manifest
        past = time.time() - 3600
        for path in (manifest, folder):
            os.utime(path, (past, past))
        empty = Register(sources={}, facts={}, people={}, organisations={})
        index.refresh(metas, folder, lambda: empty, "", dossier_stamp(manifest, folder))
        unchanged_times, stamped_times = [], []
        for _ in range(5):
            unchanged_times.append(timed(lambda: index.refresh(metas, folder))[0])
            t, trusted = timed(lambda: index.current(dossier_stamp(manifest, folder)))
            assert trusted
            stamped_times.append(t)
        unchanged = statistics.median(unchanged_times)
        stamped = statistics.median(stamped_times)
        one_source = []
        for _ in range(5):  # the re-index alone: drop the source's passages, write them again

            def reindex() -> None:
                with index.db:
                    index.put_source(changed, segmented[7][1], "1" * 64)  # type: ignore[index]

            one_source.append(timed(reindex)[0])
        assert index.counts()[1] >= passages

        queries = {
            "phrase": '"unallocated referrals"',
            "prefix": "inspector*",
            "common word": "council",
        }
        results = {}
        capped: dict[str, bool] = {}
        for name, query in queries.items():
            ours, plain = [], []
            hits = index.search(query, limit=20)
            capped[name] = hits.capped
            for _ in range(args.runs):
                ours.append(timed(lambda q=query: index.search(q, limit=20))[0])
                plain.append(
                    timed(
                        lambda q=query: base.execute(
                            "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT 20",
                            (q,),
                        ).fetchall()
                    )[0]
                )
            results[name] = (percentiles(ours), percentiles(plain), len(hits))
        index.close()
        base.close()

    print(
        f"\n{args.sources:,} sources, {passages:,} passages "
        f"(segmentation {seg_time:.1f} s, {passages / seg_time:,.0f} passages/s)\n"
    )
    print(f"{'measure':34} {'drafting':>12} {'plain FTS5':>12} {'ratio':>7}")
    print(
        f"{'build (passages/s)':34} {passages / build:>12,.0f} {passages / base_build:>12,.0f} "
        f"{base_build / build:>7.2f}"
    )
    median_refresh = 1000 * statistics.median(refresh_times)
    median_one = 1000 * statistics.median(one_source)
    per = len(segmented[7][1].citable)  # type: ignore[index]
    print(f"{f'one source ({per} passages) re-indexed':34} {median_one:>10.1f}ms {'':>12} {'':>7}")
    print(f"{'refresh finding and re-indexing it':34} {median_refresh:>10.1f}ms {'':>12} {'':>7}")
    print(f"{'refresh, nothing changed':34} {1000 * unchanged:>10.1f}ms {'':>12} {'':>7}")
    print(
        f"{'  the same, stamp checked first':34} {1000 * stamped:>10.2f}ms {'':>12} "
        f"{stamped / unchanged:>7.3f}"
    )
    for name, ((p50, p95), (b50, b95), count) in results.items():
        print(
            f"{f'search {name}: p50 / p95 (ms)':34} {p50:>5.1f} /{p95:>5.1f} "
            f"{b50:>5.1f} /{b95:>5.1f} {p95 / b95 if b95 else 0:>7.2f}  ({count} hits"
            f"{', scoring capped' if capped[name] else ''})"
        )


if __name__ == "__main__":
    main()
