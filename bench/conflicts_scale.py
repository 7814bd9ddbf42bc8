"""How ``evidence conflicts`` scales: 2,000 and 20,000 made-up facts, and the ratio.

Run: ``python bench/conflicts_scale.py [--facts 2000 20000] [--runs 3] [--against DIR]``

A made-up register (no dossier on disk): 80% of its facts give a value of one measure
(figures near 150, some bounds, rates and one-year figures), dated to the day or the month
across a span of days half their number (a longer series, about 1.6 facts a day); 10% are
about events of five facts each, dated to the year; 10% have no measure, and a statement
whose figure names the measure or nothing. Each run builds the register afresh and times
:func:`conflict_groups` on it, in its own process. ``--against DIR``: a checkout of other
code (the code before a change), timed in the same run, alternating with this one; the
table gives the medians of ``--runs`` runs and the ratio of the times at each size.
``--no-gc``: each run also timed with the garbage collector off: CPython's full collections
scan the whole heap, the register's 20,000 facts included, so they grow with it whatever
the code does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent


def register(n: int, seed: int = 1) -> object:
    """A made-up register of ``n`` facts, as the module's description says."""
    from evidence.dates import PartialDate
    from evidence.measures import Measure
    from evidence.register import Citation, Fact, FactFigure, Register

    rng = random.Random(seed)
    start = dt.date(2000, 1, 1)
    facts = {}
    for i in range(n):
        day = start + dt.timedelta(days=rng.randrange(max(1, n // 2)))
        cite = (Citation(source=f"s{i % 7}", quote=f"quote {i}"),)
        roll = rng.random()
        if roll < 0.8:
            monthly = rng.random() < 0.1
            as_at = PartialDate(day.year, day.month, None if monthly else day.day)
            figure = FactFigure(
                value=rng.choice([148, 150, 150, 150, 152]),
                bound=rng.choice(["=", "=", "=", "=", ">"]),
                per=rng.choice([None] * 19 + ["year"]),
                in_period=rng.choice([None] * 19 + ["2017/18"]),
            )
            fact = Fact(
                id=f"f{i}",
                statement=f"{int(figure.value)} children were waiting.",
                kind="statistic",
                as_at=as_at,
                measure="children-waiting",
                figure=figure,
                citations=cite,
            )
        elif roll < 0.9:
            fact = Fact(
                id=f"f{i}",
                statement="The inspection took place.",
                kind="event",
                as_at=PartialDate(rng.randrange(2000, 2030)),
                event=f"event-{i // 50}",
                citations=cite,
            )
        else:
            words = (
                "children waiting for a social worker"
                if rng.random() < 0.5
                else "people came to the meeting"
            )
            fact = Fact(
                id=f"f{i}",
                statement=f"There were {rng.randint(100, 200)} {words}.",
                kind="statistic",
                as_at=PartialDate(day.year, day.month),
                citations=cite,
            )
        facts[fact.id] = fact
    sources = {
        f"s{k}": SimpleNamespace(
            meta=SimpleNamespace(publisher=f"Publisher {k % 3}", duplicate_of=None)
        )
        for k in range(7)
    }
    measures = {"children-waiting": Measure(id="children-waiting", name="children waiting")}
    return Register(
        sources=sources,
        facts=facts,
        people={},  # type: ignore[arg-type]
        organisations={},
        measures=measures,
    )


def worker(n: int, collect: bool) -> None:
    """Print the seconds :func:`conflict_groups` takes on a register of ``n`` facts."""
    from evidence.conflicts import conflict_groups

    made = register(n)
    if not collect:
        gc.disable()
    began = time.perf_counter()
    groups = conflict_groups(made)  # type: ignore[arg-type]
    print(time.perf_counter() - began, len(groups))


def timed(code: Path, n: int, collect: bool = True) -> tuple[float, int]:
    """One run of :func:`worker` with the ``evidence`` of ``code``."""
    out = subprocess.run(
        [
            sys.executable,
            str(HERE / "conflicts_scale.py"),
            "--worker",
            str(n),
            *([] if collect else ["--no-gc"]),
        ],
        cwd=code,
        env={"PYTHONPATH": str(code)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), int(out[1])


def main() -> None:
    """Time each size (and each checkout), alternating; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--against", type=Path, help="a checkout of the code before")
    parser.add_argument(
        "--no-gc",
        action="store_true",
        help="also time each run with Python's garbage collector off",
    )
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, not args.no_gc)
        return
    codes = {"this": HERE.parent}
    if args.against:
        codes["against"] = args.against.resolve()
    kinds = [True, False] if args.no_gc else [True]
    times: dict[tuple[str, int, bool], list[float]] = {}
    found: dict[tuple[str, int], int] = {}
    for _ in range(args.runs):
        for n in args.facts:
            for name, code in codes.items():
                for collect in kinds:
                    seconds, found[name, n] = timed(code, n, collect)
                    times.setdefault((name, n, collect), []).append(seconds)
    print(f"conflict_groups on a made-up register, median of {args.runs} runs")
    print(
        f"{'code':8} {'facts':>7} {'seconds':>9} {'groups':>7}  ratio to the first size"
        + ("; the same, gc off" if args.no_gc else "")
    )
    for name in codes:
        first = {c: statistics.median(times[name, args.facts[0], c]) for c in kinds}
        for n in args.facts:
            median = {c: statistics.median(times[name, n, c]) for c in kinds}
            off = (
                f"; {median[False]:.3f} s, {median[False] / first[False]:.1f}x"
                if args.no_gc
                else ""
            )
            print(
                f"{name:8} {n:>7,} {median[True]:>9.3f} {found[name, n]:>7}  "
                f"{median[True] / first[True]:.1f}x{off}"
            )


if __name__ == "__main__":
    main()
