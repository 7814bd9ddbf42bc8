"""Rendering a Word draft: a 50-page document with 200 typed citations, beside a baseline.

Run: ``python bench/word_render.py [--runs 3] [--pages 50] [--citations 200]``

The document is generated once with python-docx (a letter's furniture, then paragraphs of
about 90 words, 13 to a page; one paragraph in three ends with a citation of a fact of the
bundled dossier, typed split across runs as Word splits it; a table every ten pages).
Timed, in their own processes, alternating, medians of ``--runs``:

* ``drafting render DOC.docx``: reading, review, the notes, writing the package;
* ``drafting review DOC.docx`` (the Word draft's review alone);
* the baselines: ``drafting render`` of the same prose and citations as a YAML letter
  (the ratio printed: what drafting in Word costs over drafting in YAML), python-docx
  opening and saving the same document (what any tool that rewrites a package costs), and
  the CLI's start (``drafting --help``).

Each ratio is the median of the per-round ratios, the rounds alternating the commands.

Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import madeup
from madeup import DRAFTING

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
CITED = [
    ("Meanwhile the number of unallocated cases has risen back to 232", "unallocated-cases-232"),
    ("There have been seven directors and interims in seven years", "seven-directors-seven-years"),
    (
        "The Government-appointed commissioner, Malcolm Newsam, has resigned",
        "commissioner-newsam-resigned",
    ),
]


def build(path: Path, pages: int, citations: int) -> None:
    """The generated document: ``pages`` of prose, ``citations`` typed citations.

    The same letter as a YAML draft is written beside it (``path`` with ``.yaml``).
    """
    import docx
    import yaml

    rng = random.Random(21)
    document = docx.Document()
    for line in (
        "Cllr Jane Birch",
        "Labour Group, County Hall",
        "23 November 2026",
        "Dear Ms Longfield,",
    ):
        document.add_paragraph(line)
    paragraphs = pages * 13
    every = max(1, paragraphs // citations)
    made = 0
    body: list[str] = []
    for n in range(paragraphs):
        text = madeup.sentence(rng, 80) + " "
        paragraph = document.add_paragraph(text)
        if n % every == 0 and made < citations:
            sentence, fact = CITED[made % len(CITED)]
            half = len(fact) // 2
            paragraph.add_run(f"{sentence} [@{fact[:half]}")
            paragraph.add_run(fact[half:]).bold = True
            paragraph.add_run("].")
            text += f"{sentence} [@{fact}]."
            made += 1
        body.append(text.strip())
        if n and n % 130 == 0:
            table = document.add_table(rows=2, cols=2)
            for cell in (c for row in table.rows for c in row.cells):
                cell.text = madeup.sentence(rng, 6)
    document.save(str(path))
    path.with_suffix(".yaml").write_text(
        yaml.safe_dump(
            {
                "kind": "letter",
                "date": "2026-11-23",
                "senders": [{"name": "Cllr Jane Birch"}],
                "recipient": {"name": "Anne Longfield", "honorific": "Ms"},
                "body": body,
            }
        ),
        encoding="utf-8",
    )


def timed(args: list[str]) -> float:
    """Seconds one command takes, in its own process."""
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, cwd=REPO)
    return time.perf_counter() - start


def main() -> None:
    """Build the document, time each command, print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--citations", type=int, default=200)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "long-letter.docx"
        build(source, options.pages, options.citations)
        out = Path(folder) / "out.docx"
        resave = "import docx,sys; d=docx.Document(sys.argv[1]); d.save(sys.argv[2])"
        commands = {
            "drafting render": [
                DRAFTING,
                "--dossier",
                str(REPO),
                "render",
                str(source),
                "-o",
                str(out),
                "--force",
            ],
            "drafting review (Word draft)": [
                DRAFTING,
                "--dossier",
                str(REPO),
                "review",
                str(source),
                "--format",
                "json",
            ],
            "drafting render (YAML draft)": [
                DRAFTING,
                "--dossier",
                str(REPO),
                "render",
                str(source.with_suffix(".yaml")),
                "-o",
                str(Path(folder) / "yaml.docx"),
                "--force",
                "--allow-errors",
            ],
            "python-docx open + save": [
                PY,
                "-c",
                resave,
                str(source),
                str(Path(folder) / "resaved.docx"),
            ],
            "drafting --help (start)": [DRAFTING, "--help"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(max(3, options.runs)):
            for name, args in commands.items():
                try:
                    times[name].append(timed(args))
                except subprocess.CalledProcessError as exc:
                    if name != "drafting review (Word draft)" or exc.returncode != 1:
                        raise  # review exits 1 when it finds errors; timed all the same
        pages = subprocess.run(
            ["unzip", "-p", str(source), "word/document.xml"], capture_output=True, check=False
        ).stdout.count(b"<w:p>")
        print(
            f"{options.pages} pages ({pages} paragraphs), {options.citations} citations; "
            f"median of {max(3, options.runs)} runs"
        )
        for name, values in times.items():
            print(f"  {name:32} {statistics.median(values):6.2f} s")
        pairs = [
            w / y
            for w, y in zip(
                times["drafting render"], times["drafting render (YAML draft)"], strict=True
            )
        ]
        print(
            f"  Word render / YAML render: median ratio {statistics.median(pairs):.2f} "
            f"(rounds: {', '.join(f'{r:.2f}' for r in pairs)})"
        )


if __name__ == "__main__":
    main()
