"""How the commands scale with the dossier: N facts quoting M sources.

Run: ``python bench/scale.py [--facts 5000] [--sources 1000] [--runs 3] [--quick]``

A dossier is generated (deterministically, made-up prose as :mod:`bench.madeup` writes
it): ``--sources`` text sources of twenty paragraphs each and ``--facts`` facts, each
quoting a passage of one source; one fact in ten has its passage repeated in one to
three other sources (corroboration, found by verify), one in twenty a second citation
in another source with one word changed (a variant). Then each command runs in its own
process, alternating with a baseline run in the same way, ``--runs`` times:
``drafting evidence verify`` cold (the cache folder removed first) and warm, ``evidence
list``, ``evidence conflicts``, ``review`` of a letter of 1,000 paragraphs citing facts,
and ``evidence search``. The baselines: a plain read of every source and of facts.yaml
(what any tool must read), and ``python -c "import typer"``. The table gives medians
(wall seconds) and the peak memory of each command. ``--quick``: 1,000 facts x 200
sources. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from madeup import DRAFTING, WORDS  # noqa: E402

PY = sys.executable
PARAGRAPHS = 20
#: Rarer words, so the prose is not forty words over and over.
RARE = [
    f"{a}{b}"
    for a in (
        "cor",
        "bal",
        "fen",
        "mir",
        "tal",
        "ves",
        "pon",
        "gar",
        "lum",
        "dr",
        "wes",
        "ash",
        "bro",
        "kel",
        "nor",
        "har",
        "pel",
        "sto",
        "rim",
        "vin",
    )
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
PUBLISHERS = [
    None,
    None,
    "Northshire Gazette",
    "County Echo",
    "Northshire County Council",
    "Ofsted",
]
PLAIN_READ = """
import pathlib, sys, yaml
root = pathlib.Path(sys.argv[1])
for path in sorted((root / "seeds").glob("*.txt")):
    path.read_text(encoding="utf-8")
yaml.safe_load((root / "facts.yaml").read_text(encoding="utf-8"))
"""


def sentence(rng: random.Random) -> list[str]:
    """A sentence's words: mostly common ones, some rarer, a figure now and then."""
    words = [
        rng.choice(WORDS) if rng.random() < 0.7 else rng.choice(RARE)
        for _ in range(rng.randint(10, 18))
    ]
    if rng.random() < 0.3:
        words.insert(rng.randint(1, len(words) - 1), str(rng.randint(12, 9999)))
    return words


def text_of(words: list[str]) -> str:
    """Words as a sentence: a capital first, a full stop last."""
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def generate(
    n_facts: int, n_sources: int, seed: int = 23
) -> tuple[list[list[list[str]]], list[dict[str, object]]]:
    """The sources (paragraphs of sentences) and the facts quoting them."""
    rng = random.Random(seed)
    sources = [
        [[text_of(sentence(rng)) for _ in range(rng.randint(2, 4))] for _ in range(PARAGRAPHS)]
        for _ in range(n_sources)
    ]
    facts: list[dict[str, object]] = []
    for i in range(n_facts):
        home = i % n_sources
        words = sentence(rng)
        start = rng.randint(1, 3)
        length = rng.randint(6, 9)
        quote = " ".join(words[start : start + length])
        sources[home][rng.randrange(PARAGRAPHS)].append(text_of(words))
        citations = [{"source": f"s{home:05d}", "quote": quote}]
        if i % 10 == 3:  # corroborated: the same passage in other sources
            for other in rng.sample(range(n_sources), rng.randint(1, 3)):
                sources[other][rng.randrange(PARAGRAPHS)].append(text_of(words))
        if i % 20 == 7:  # a variant: one word changed, in another source
            other = (home + 1 + rng.randrange(n_sources - 1)) % n_sources
            changed = list(words)
            changed[start + length // 2] = rng.choice(RARE)
            sources[other][rng.randrange(PARAGRAPHS)].insert(0, text_of(changed))
            citations.append(
                {"source": f"s{other:05d}", "quote": " ".join(changed[start : start + length])}
            )
        facts.append(
            {
                "id": f"fact-{i:05d}",
                "statement": f"Made-up fact {i}.",
                "kind": "statistic",
                "topics": [f"topic-{i % 12}"],
                "as_at": f"20{10 + i % 10}-0{1 + i % 9}",
                "citations": citations,
            }
        )
    return sources, facts


def write_dossier(root: Path, n_facts: int, n_sources: int) -> Path:
    """Write the generated dossier and a long letter citing it; return the letter."""
    import yaml

    sources, facts = generate(n_facts, n_sources)
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    manifest = []
    for i, paras in enumerate(sources):
        data = ("\n\n".join(" ".join(p) for p in paras) + "\n").encode("utf-8")
        (seeds / f"s{i:05d}.txt").write_bytes(data)
        manifest.append(
            {
                "id": f"s{i:05d}",
                "file": f"s{i:05d}.txt",
                "description": f"Generated source {i}",
                "kind": "news",
                "publisher": PUBLISHERS[i % len(PUBLISHERS)],
                "date": {"value": f"20{10 + i % 10}-05-01", "how": "stated"},
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    dump = lambda data: yaml.safe_dump(  # noqa: E731
        data,
        allow_unicode=True,
        width=1000,
        sort_keys=False,
    )
    (seeds / "sources.yaml").write_text(dump({"sources": manifest}), encoding="utf-8")
    (root / "facts.yaml").write_text(dump({"facts": facts}), encoding="utf-8")
    (root / "people.yaml").write_text("people: []\norganisations: []\n", encoding="utf-8")
    (root / "dossier.yaml").write_text(
        "name: scale\ntitle: Scale benchmark\ndescription: Generated.\n", encoding="utf-8"
    )
    rng = random.Random(5)
    letter = {
        "kind": "letter",
        "senders": [
            {
                "name": "Cllr Jo Bloggs",
                "role": "Councillor",
                "ward": "Northtown",
                "group": "Independents",
            }
        ],
        "recipient": {"name": "Sam Smith", "title": "Chief Executive"},
        "subject": "Services",
        "date": "2026-11-23",
        "body": [
            f"{text_of(sentence(rng))} [@fact-{rng.randrange(n_facts):05d}]" for _ in range(1000)
        ],
    }
    (root / "drafts").mkdir()
    draft = root / "drafts" / "long-letter.yaml"
    draft.write_text(dump(letter), encoding="utf-8")
    return draft


def run(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB) of one process (exit 0 or 1: problems found)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(cmd)}: {err.decode(errors='replace')[-500:]}")
    return wall, usage.ru_maxrss / 1024


def paired(a: list[str], b: list[str], runs: int, cwd: Path) -> tuple[float, float, float]:
    """Medians of A and of B (wall s), and A's median peak MiB, alternating A B A B."""
    wa, wb, ma = [], [], []
    for _ in range(runs):
        t, m = run(a, cwd)
        wa.append(t)
        ma.append(m)
        wb.append(run(b, cwd)[0])
    return statistics.median(wa), statistics.median(wb), statistics.median(ma)


def main() -> None:
    """Generate the dossier, time each command beside its baseline; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=5000)
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="1,000 facts x 200 sources")
    parser.add_argument("--only", default="", help="comma-separated row names to run")
    args = parser.parse_args()
    if args.quick:
        args.facts, args.sources = 1000, 200
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "dossier"
        draft = write_dossier(root, args.facts, args.sources)
        cache = root / ".drafting-cache"
        read = [PY, "-c", PLAIN_READ, str(root)]
        typer = [PY, "-c", "import typer"]
        d = [DRAFTING, "--dossier", str(root)]
        rows = [
            (
                "verify, cold",
                [
                    "sh",
                    "-c",
                    f'rm -rf "{cache}" && exec "{DRAFTING}" --dossier "{root}" evidence verify',
                ],
                read,
            ),
            ("verify, warm", [*d, "evidence", "verify"], read),
            ("evidence list", [*d, "evidence", "list"], read),
            ("evidence conflicts", [*d, "evidence", "conflicts"], read),
            ("review, 1,000 paragraphs", [*d, "review", str(draft)], read),
            ("evidence search", [*d, "evidence", "search", "safeguarding partnership"], typer),
        ]
        only = {o.strip() for o in args.only.split(",") if o.strip()}
        print(
            f"{args.facts:,} facts x {args.sources:,} sources, {args.runs} runs each\n"
            f"{'command':26} {'drafting':>10} {'peak':>9}  {'baseline':>10}  ratio",
            flush=True,
        )
        if not only or only - {"cold"}:  # warms the caches (and the search index)
            run([*d, "evidence", "verify"], root)
        for label, cmd, base in rows:
            if only and not any(o in label for o in only):
                continue
            a, b, mem = paired(cmd, base, args.runs, root)
            name = "plain read" if base is read else "import typer"
            print(
                f"{label:26} {a:9.2f}s {mem:6.0f} MiB  {b:9.2f}s ({name})  {a / b:.1f}", flush=True
            )
    print(
        "\nbaselines: plain read = python reading every source and facts.yaml (yaml); "
        "ratio = drafting / baseline (lower is better)"
    )


if __name__ == "__main__":
    main()
