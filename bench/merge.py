"""Mail merge against the naive docxtpl loop, in interleaved runs, with the spread.

Run: ``python bench/merge.py [--runs 3] [--counts 100,1000] [--hogs 2] [--also DIR]
[--dir DIR] [--warm 200]``

Each run is one process per side, taken in turn (drafting, naive; then naive, drafting;
...), so a change in the machine's load falls on both sides alike:

* drafting: ``drafting render LETTER --recipients N.csv -o DIR`` (the CLI, its default
  ``--jobs``: the cores), run in-process by a small script that times the command itself;
* naive: the loop of ``bench/speed.py`` (per letter: load the template, render the same
  context drafting builds, save), from a fresh process.

For each count it prints the median ratio (naive wall / drafting wall, whole processes:
start-up included) with its min-max over the runs, and for each side the wall and the CPU
per letter of the work itself (after imports; CPU is user + system of the process and of
the worker processes it waited for, from ``getrusage``). ``--hogs N`` starts N busy loops
(``python -c "while 1: pass"``) for the whole run and ends them after: the loaded machine.
``--also DIR`` adds a third side, drafting from another checkout's ``drafting`` and
``evidence`` (``git archive REV drafting evidence | tar -x -C DIR``) run against the same
dossier, to compare before and after in the same run. ``--dir DIR`` writes the letters in
a temporary folder made in DIR. Creating a file costs what the filesystem makes it cost at
the time, the same for both sides; on a shared machine it swung from 40 to 900 µs of CPU
from one minute, and one folder, to the next: it is measured in the folder before and
after the runs. ``--warm N`` adds the CPU per letter of N letters merged again and again
in one warm process with ``--jobs 1`` (a process per side, in turn, twice; each merges
once to warm up, then ``--runs`` times). Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
sys.path.insert(0, str(HERE))

from speed import LETTER, prepared_context  # noqa: E402

_USED = """
import json, resource, sys, time
def used():
    own, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF,
                                                 resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
RESULT = sys.argv[1]
def done(wall, cpu):
    with open(RESULT, "w") as out:
        json.dump({"wall": time.perf_counter() - wall, "cpu": used() - cpu}, out)
"""

OURS = (
    _USED
    + """
from drafting.cli import main
wall, cpu = time.perf_counter(), used()
sys.argv = ["drafting", *sys.argv[2:]]
try:
    main()
except SystemExit as exc:
    if exc.code:
        raise
done(wall, cpu)
"""
)

NAIVE = (
    _USED
    + """
import pickle
from docxtpl import DocxTemplate
context = pickle.load(open(sys.argv[2], "rb"))
wall, cpu = time.perf_counter(), used()
for n in range(int(sys.argv[5])):
    tpl = DocxTemplate(sys.argv[3])
    tpl.render(dict(context, recipient_block=[f"Person {n}", "Councillor"]))
    tpl.save(f"{sys.argv[4]}/{n:04d}.docx")
done(wall, cpu)
"""
)


def run(cmd: list[str], result: Path, env: dict[str, str] | None = None) -> dict[str, float]:
    """One process: its whole wall time, and the wall and CPU of its work (from itself)."""
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    total = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.decode()[-2000:]}")
    work = json.loads(result.read_text(encoding="utf-8"))
    return {"total": total, "wall": work["wall"], "cpu": work["cpu"]}


def sides(
    out: Path, count: int, also: Path | None
) -> dict[str, tuple[list[str], dict[str, str] | None]]:
    """Each side's command for ``count`` letters (its output folder emptied first)."""
    recipients = out / f"r{count}.csv"
    recipients.write_text(
        "name,title\n" + "".join(f"Person {i},Councillor\n" for i in range(count)), encoding="utf-8"
    )
    (out / "ours.py").write_text(OURS, encoding="utf-8")
    (out / "naive.py").write_text(NAIVE, encoding="utf-8")
    context = prepared_context(out)
    template = REPO / "templates" / "letter.docx"

    def ours(name: str) -> list[str]:
        return [
            PY,
            str(out / "ours.py"),
            str(out / f"{name}.json"),
            "--dossier",
            str(REPO),
            "render",
            str(LETTER),
            "--recipients",
            str(recipients),
            "-o",
            str(out / f"{name}{count}"),
            "--force",
        ]

    found = {
        "drafting": (ours("drafting"), None),
        "naive": (
            [
                PY,
                str(out / "naive.py"),
                str(out / "naive.json"),
                str(context),
                str(template),
                str(out / f"naive{count}"),
                str(count),
            ],
            None,
        ),
    }
    if also is not None:
        env = {**os.environ, "PYTHONPATH": str(also)}
        found["before"] = (ours("before"), env)
    return found


def measure(
    out: Path, count: int, runs: int, also: Path | None
) -> dict[str, list[dict[str, float]]]:
    """``runs`` interleaved runs of every side; the order turns round each run."""
    commands = sides(out, count, also)
    for name in commands:
        (out / f"{name}{count}").mkdir(exist_ok=True)
    found: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
    order = list(commands)
    for i in range(runs):
        for name in order if i % 2 == 0 else order[::-1]:
            folder = out / f"{name}{count}"
            for old in folder.iterdir():
                old.unlink()
            cmd, env = commands[name]
            found[name].append(run(cmd, out / f"{name}.json", env))
    return found


def report(count: int, found: dict[str, list[dict[str, float]]]) -> None:
    """One block per count: ratio median (min-max), and each side's figures."""
    naive = [r["total"] for r in found["naive"]]
    print(f"\n{count} letters, {len(naive)} interleaved runs")
    for name, results in found.items():
        totals = [r["total"] for r in results]
        wall = statistics.median(r["wall"] for r in results) / count * 1000
        cpu = statistics.median(r["cpu"] for r in results) / count * 1000
        line = (
            f"  {name:9} whole process {statistics.median(totals):7.2f} s "
            f"({min(totals):.2f}-{max(totals):.2f}); per letter: wall {wall:6.2f} ms, "
            f"CPU {cpu:6.2f} ms"
        )
        if name != "naive":
            ratios = [n / t for n, t in zip(naive, totals, strict=True)]
            line += (
                f"; naive/this {statistics.median(ratios):5.1f}x "
                f"({min(ratios):.1f}-{max(ratios):.1f})"
            )
        print(line, flush=True)


WARM = """
import json, resource, shutil, sys
from pathlib import Path
from drafting.merge import merge
from evidence.dossier import open_dossier
repo, csv, out, runs = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
dossier = open_dossier(repo)
letter = repo / "drafts" / "letter-to-childrens-commissioner.yaml"
def used():
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime
count, spent = 0, []
for n in range(runs + 1):  # the first warms the process: register, template, review
    shutil.rmtree(out, ignore_errors=True)
    cpu = used()
    count = len(merge(letter, csv, out, dossier, jobs=1))
    spent.append((used() - cpu) / count)
print(json.dumps(spent[1:]))
"""


def warm(out: Path, count: int, runs: int, also: Path | None) -> None:
    """CPU per letter of ``count`` letters merged again and again in one process, ``--jobs 1``.

    A process per side, the sides taken in turn, twice; each merges once to warm up, then
    ``runs`` times (letters written, the folder emptied between).
    """
    recipients = out / f"warm{count}.csv"
    recipients.write_text(
        "name,title\n" + "".join(f"Person {i},Councillor\n" for i in range(count)),
        encoding="utf-8",
    )
    script = out / "warm.py"  # a file, so that the code comes from PYTHONPATH, not the cwd
    script.write_text(WARM, encoding="utf-8")
    found: dict[str, list[float]] = {"drafting": []}
    if also is not None:
        found["before"] = []
    for turn in range(2):
        for name in found if turn == 0 else list(found)[::-1]:
            env = {**os.environ, "PYTHONPATH": str(also)} if name == "before" else None
            folder = out / f"warm-{name}"
            cmd = [PY, str(script), str(REPO), str(recipients), str(folder), str(runs)]
            proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, check=True)
            found[name] += json.loads(proc.stdout)
    merges = len(found["drafting"])
    print(f"\n{count} letters in one warm process (--jobs 1), {merges} merges each:")
    for name, spent in found.items():
        print(
            f"  {name:9} CPU per letter {statistics.median(spent) * 1000:.2f} ms "
            f"({min(spent) * 1000:.2f}-{max(spent) * 1000:.2f})",
            flush=True,
        )


def file_cost(folder: Path, count: int = 200) -> float:
    """CPU (µs) to create, write (40 KB) and rename one file in ``folder``.

    What the filesystem charges every letter of either side; it can swing tenfold.
    """
    data = os.urandom(40_000)
    place = folder / "probe"
    place.mkdir()
    start = time.process_time()
    for n in range(count):
        part = place / f".{n}.tmp"
        part.write_bytes(data)
        part.rename(place / f"{n}.docx")
    spent = (time.process_time() - start) / count * 1e6
    for old in place.iterdir():
        old.unlink()
    place.rmdir()
    return spent


def main() -> None:
    """Run every count, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--counts", default="100,1000")
    parser.add_argument("--hogs", type=int, default=0, help="busy loops running meanwhile")
    parser.add_argument("--also", type=Path, help="another checkout's code to run as well")
    parser.add_argument(
        "--dir", type=Path, help="where the letters are written (default: the temporary folder)"
    )
    parser.add_argument(
        "--warm", type=int, default=0, help="also: CPU per letter of N in one warm process"
    )
    args = parser.parse_args()
    hogs = [subprocess.Popen([PY, "-c", "while 1: pass"]) for _ in range(args.hogs)]
    try:
        print(
            f"cores {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}, hogs {args.hogs}, "
            f"letters written under {args.dir or tempfile.gettempdir()}",
            flush=True,
        )
        counts = sorted(int(c) for c in args.counts.split(",") if c)
        cpu: dict[int, dict[str, float]] = {}
        with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
            print(f"creating a file there: {file_cost(Path(tmp)):.0f} µs of CPU", flush=True)
            for count in counts:
                found = measure(Path(tmp), count, args.runs, args.also)
                report(count, found)
                cpu[count] = {n: statistics.median(r["cpu"] for r in rs) for n, rs in found.items()}
            if args.warm:
                warm(Path(tmp), args.warm, args.runs, args.also)
            print(f"\ncreating a file there after: {file_cost(Path(tmp)):.0f} µs of CPU")
        if len(counts) > 1:  # what one more letter costs, the fixed costs left out
            low, high = counts[0], counts[-1]
            print(
                f"\nCPU of each letter from {low} to {high} (fixed costs left out): "
                + ", ".join(
                    f"{n} {(cpu[high][n] - cpu[low][n]) / (high - low) * 1000:.2f} ms"
                    for n in cpu[high]
                )
            )
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()


if __name__ == "__main__":
    main()
