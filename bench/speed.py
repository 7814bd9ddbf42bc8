"""Every speed benchmark in one table, each beside a baseline measured in the same run.

Run: ``python bench/speed.py [--runs 5] [--quick] [--search-sources 1000]``

* CLI start: ``drafting --help`` and ``drafting evidence list`` against ``python -c "import
  typer"``; and, as the floor of any command with options, ``import typer, pydantic``
  (typer 0.29 coerces every option through pydantic).
* One render: ``drafting render`` of the example letter against a plain docxtpl script that
  renders the same template with the same context, prepared beforehand.
* Mail merge: ``drafting render --recipients`` against the naive loop (load the template,
  render, save, per letter) at 10, 100 and 1,000 letters (``--quick``: not 1,000): time
  and peak memory, the median of at least three interleaved pairs at every count (the
  ratio is of the medians). ``bench/merge.py`` measures more (the spread of the ratio,
  CPU per letter, a loaded machine).
* Review of a 20-page motion pack (120 clauses) against loading the same draft.
* Search: ``bench/search_scale.py`` at ``--search-sources`` sources of 100 passages, its
  own table (each figure beside plain FTS5 in the same run).

Each command runs in its own process, alternating with its baseline, ``--runs`` times; the
table gives medians and the ratio. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
DRAFTING = str(Path(PY).with_name("drafting"))
LETTER = REPO / "drafts" / "letter-to-childrens-commissioner.yaml"

PLAIN_RENDER = """
import pickle, sys
from docxtpl import DocxTemplate
context = pickle.load(open(sys.argv[1], "rb"))
tpl = DocxTemplate(sys.argv[2])
tpl.render(context)
tpl.save(sys.argv[3])
"""

NAIVE_MERGE = """
import pickle, sys
from docxtpl import DocxTemplate
context = pickle.load(open(sys.argv[1], "rb"))
for n in range(int(sys.argv[4])):
    tpl = DocxTemplate(sys.argv[2])
    tpl.render(dict(context, recipient_block=[f"Person {n}", "Councillor"]))
    tpl.save(f"{sys.argv[3]}/{n:04d}.docx")
"""


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024


def paired(
    a: list[str], b: list[str], runs: int, warm: bool = True
) -> tuple[float, float, float, float]:
    """Medians of A and B (wall s), and of their peak MiB, alternating A B A B."""
    if warm:
        run(a), run(b)
    wa, wb, ma, mb = [], [], [], []
    for _ in range(runs):
        t, m = run(a)
        wa.append(t)
        ma.append(m)
        t, m = run(b)
        wb.append(t)
        mb.append(m)
    return (
        statistics.median(wa),
        statistics.median(wb),
        statistics.median(ma),
        statistics.median(mb),
    )


def prepared_context(out: Path) -> Path:
    """The letter's template context exactly as drafting builds it, pickled.

    The plain script renders it and does none of drafting's work: no review, no citations.
    """
    sys.path.insert(0, str(REPO))
    from drafting.docx.template import CompiledTemplate
    from drafting.kinds import load_draft
    from drafting.render import RenderSession
    from evidence.dossier import open_dossier

    captured: dict[str, object] = {}
    original = CompiledTemplate.render

    def capture(self: CompiledTemplate, context: dict[str, object]) -> object:
        captured.update(context)
        return original(self, context)

    CompiledTemplate.render = capture  # type: ignore[method-assign]
    try:
        RenderSession(open_dossier(REPO)).render(load_draft(LETTER))
    finally:
        CompiledTemplate.render = original  # type: ignore[method-assign]
    path = out / "context.pickle"
    path.write_bytes(pickle.dumps({k: v for k, v in captured.items()}))
    return path


def motion_pack(out: Path) -> Path:
    """A motion of 120 cited clauses: about 20 pages."""
    import yaml

    base = yaml.safe_load(
        (REPO / "drafts" / "motion-childrens-commissioner-programme.yaml").read_text(
            encoding="utf-8"
        )
    )
    first = base["sections"][0]
    cited = [c for c in first["clauses"] if isinstance(c, str)]
    first["clauses"] = [cited[i % len(cited)] for i in range(120)]
    path = out / "pack.yaml"
    path.write_text(yaml.safe_dump(base, allow_unicode=True, width=1000), encoding="utf-8")
    return path


def main() -> None:
    """Run everything; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="leave out 1,000 letters")
    parser.add_argument(
        "--search-sources",
        type=int,
        default=1000,
        help="sources for the search benchmark (0: leave it out)",
    )
    args = parser.parse_args()
    rows: list[tuple[str, str, str, str]] = []
    typer_import = [PY, "-c", "import typer"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for label, cmd in [
            ("drafting --help", [DRAFTING, "--help"]),
            ("drafting evidence list", [DRAFTING, "evidence", "list"]),
            ("floor: import typer, pydantic", [PY, "-c", "import typer, pydantic"]),
        ]:
            a, b, _, _ = paired(cmd, typer_import, args.runs)
            rows.append((label, f"{a:.3f} s", f"{b:.3f} s (import typer)", f"{a / b:.2f}"))
        context = prepared_context(out)
        script = out / "plain.py"
        script.write_text(PLAIN_RENDER, encoding="utf-8")
        template = REPO / "templates" / "letter.docx"
        a, b, _, _ = paired(
            [DRAFTING, "render", "--force", str(LETTER), "-o", str(out / "ours.docx")],
            [PY, str(script), str(context), str(template), str(out / "p.docx")],
            args.runs,
        )
        rows.append(
            (
                "render the example letter",
                f"{a:.3f} s",
                f"{b:.3f} s (plain docxtpl)",
                f"{a / b:.2f}",
            )
        )
        naive = out / "naive.py"
        naive.write_text(NAIVE_MERGE, encoding="utf-8")
        for count in (10, 100, *(() if args.quick else (1000,))):
            recipients = out / f"r{count}.csv"
            recipients.write_text(
                "name,title\n" + "".join(f"Person {i},Councillor\n" for i in range(count)),
                encoding="utf-8",
            )
            (out / f"n{count}").mkdir()
            ours_dir = out / f"o{count}"
            a, b, ma, mb = paired(
                [
                    "sh",
                    "-c",
                    f'rm -rf "{ours_dir}" && exec "{DRAFTING}" render "{LETTER}" '
                    f'--recipients "{recipients}" -o "{ours_dir}"',
                ],
                [PY, str(naive), str(context), str(template), str(out / f"n{count}"), str(count)],
                max(3, args.runs // 2 if count >= 100 else args.runs),
                warm=count < 1000,
            )
            rows.append(
                (
                    f"mail merge, {count} letters",
                    f"{a:.2f} s, {count / a:.0f}/s, {ma:.0f} MiB",
                    f"{b:.2f} s, {count / b:.0f}/s, {mb:.0f} MiB (naive)",
                    f"{b / a:.2f}x",
                )
            )
        pack = motion_pack(out)
        a, b, _, _ = paired(
            [DRAFTING, "review", str(pack)],
            [
                PY,
                "-c",
                "import sys, pathlib; sys.path.insert(0, '.'); "
                "from drafting.kinds import load_draft; "
                f"load_draft(pathlib.Path('{pack}'))",
            ],
            args.runs,
        )
        rows.append(
            (
                "review a 120-clause motion",
                f"{a:.3f} s",
                f"{b:.3f} s (load it only)",
                f"{a / b:.2f}",
            )
        )
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':{width}}  {'drafting':>28}  {'baseline':>40}  ratio")
    for label, ours, base, ratio in rows:
        print(f"{label:{width}}  {ours:>28}  {base:>40}  {ratio}")
    print(
        "\nratios: drafting / baseline for times (lower is better); for mail merge, the "
        "naive loop / drafting (throughput, higher is better). Peak memory is the largest "
        "single process."
    )
    if args.search_sources:
        print(flush=True)
        subprocess.run(
            [
                PY,
                str(HERE / "search_scale.py"),
                "--sources",
                str(args.search_sources),
                "--runs",
                "20",
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
