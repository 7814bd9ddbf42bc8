"""PDF sources: how long adding and verifying them takes, each beside a baseline.

Run: ``python bench/pdf.py [--runs 3]``

* A 50-page text PDF (numbered paragraphs, a page-number footer; made once by LibreOffice
  from a generated .docx): ``drafting evidence add`` then ``drafting evidence verify`` on
  a fresh dossier, the first time (the PDF read: its text layer in the bounded child, then
  the layout rules) and the second time (from the dossier's cache: the same dossier with
  the source removed again, its cache kept), against ``pdftotext`` on the same file.
  Goals: under 2 s, and under 1 s from the cache.
* 100 distinct PDFs (one or two pages each) and 1,000 quotes (facts) from them:
  ``drafting evidence verify`` with the PDFs read from the cache, against the same verify
  over the same texts kept as .txt sources (what a PDF source costs over a text one: the
  baseline is the floor, not a rival). Goal: under 2 s.

Each command runs in its own process, alternating with its baseline, ``--runs`` times
(at least three); the table gives medians. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
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


def sentence(rng: random.Random) -> str:
    """A made-up sentence; one in five has a figure.

    About as many as in an inspection report: each is a candidate fact ``evidence add`` lists.
    """
    return madeup.sentence(rng, rng.randint(10, 18), figure=rng.random() < 0.2)


def make_docx(path: Path, paragraphs: list[str], per_page: int | None) -> None:
    """A .docx of numbered paragraphs with a PAGE field in the footer."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run("Page ")
    footer._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )
    for n, text in enumerate(paragraphs):
        para = document.add_paragraph(f"{n + 1}. {text}")
        if per_page and n and n % per_page == 0:
            para.paragraph_format.page_break_before = True
    document.save(str(path))


def to_pdf(folder: Path, docs: list[Path]) -> None:
    """Convert ``docs`` to PDF in ``folder`` with one LibreOffice process."""
    profile = folder / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, docs),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    shutil.rmtree(profile, ignore_errors=True)


def page_count(path: Path) -> int:
    """How many pages the PDF ``path`` has."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def run(cmd: list[str], ok: tuple[int, ...] = (0,)) -> float:
    """Wall seconds of one process (which must exit with a code in ``ok``)."""
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    if done.returncode not in ok:
        raise SystemExit(
            f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr.decode(errors='replace')}"
        )
    return time.perf_counter() - start


def new_dossier(folder: Path) -> Path:
    """A fresh, empty dossier in ``folder``."""
    subprocess.run([DRAFTING, "init", str(folder)], check=True, capture_output=True)
    return folder


def reset(root: Path, pristine: Path) -> None:
    """Put the dossier's manifest and sources back as ``pristine`` has them; keep the cache."""
    shutil.rmtree(root / "seeds")
    shutil.copytree(pristine / "seeds", root / "seeds")
    for name in ("facts.yaml", "dossier.yaml", "people.yaml"):
        shutil.copy(pristine / name, root / name)


def bench_report(work: Path, runs: int) -> list[tuple[str, float, str, float, float, str]]:
    """The 50-page PDF: add and verify, first read and from the cache, beside pdftotext."""
    rng = random.Random(50)
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(3, 5))) for _ in range(250)]
    make_docx(work / "report.docx", paragraphs, per_page=5)
    to_pdf(work, [work / "report.docx"])
    pdf = work / "report.pdf"
    print(f"report.pdf: {page_count(pdf)} pages, {pdf.stat().st_size:,} bytes", flush=True)
    pristine = new_dossier(work / "pristine")

    def add_verify(root: Path) -> float:
        return run(
            [DRAFTING, "--dossier", str(root), "evidence", "add", str(pdf), "--no-input"]
        ) + run([DRAFTING, "--dossier", str(root), "evidence", "verify"])

    baseline = ["pdftotext", "-layout", str(pdf), str(work / "report.txt")]
    cold, warm, base = [], [], []
    for k in range(runs):
        root = work / f"d{k}"
        shutil.copytree(pristine, root)
        cold.append(add_verify(root))
        base.append(run(baseline))
        reset(root, pristine)
        warm.append(add_verify(root))
        base.append(run(baseline))
    b = statistics.median(base)
    return [
        (
            "add + verify a 50-page PDF",
            statistics.median(cold),
            "under 2 s",
            2.0,
            b,
            "pdftotext -layout",
        ),
        (
            "the same, from the cache",
            statistics.median(warm),
            "under 1 s",
            1.0,
            b,
            "pdftotext -layout",
        ),
    ]


def _manifest(files: list[Path]) -> str:
    lines = ["sources:\n"]
    for k, path in enumerate(files):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(
            f"  - id: doc-{k:03d}\n    file: {path.name}\n    description: Made-up "
            f"report {k}\n    kind: report\n    date: {{how: unknown}}\n"
            f"    sha256: {digest}\n"
        )
    return "".join(lines)


def _facts(quotes: list[tuple[int, str]]) -> str:
    lines = ["facts:\n"]
    for n, (k, quote) in enumerate(quotes):
        lines.append(
            f"  - id: fact-{n:04d}\n    statement: Made-up fact {n}.\n"
            f"    kind: statistic\n    citations:\n      - source: doc-{k:03d}\n"
            f'        quote: "{quote}"\n'
        )
    return "".join(lines)


def bench_many(work: Path, runs: int) -> list[tuple[str, float, str, float, float, str]]:
    """100 PDFs and 1,000 quotes: verify from the cache, beside the same as .txt sources."""
    rng = random.Random(100)
    docs, texts = [], []
    for k in range(100):
        paragraphs = [" ".join(sentence(rng) for _ in range(3)) for _ in range(12)]
        texts.append(paragraphs)
        docs.append(work / f"doc-{k:03d}.docx")
        make_docx(docs[-1], paragraphs, per_page=None)
    to_pdf(work, docs)
    quotes = [
        (k, paras[j].split(". ")[1] + ".") for k, paras in enumerate(texts) for j in range(10)
    ]
    pdfs = new_dossier(work / "pdfs")
    txts = new_dossier(work / "txts")
    pdf_files = [work / f"doc-{k:03d}.pdf" for k in range(100)]
    for path in pdf_files:
        shutil.copy(path, pdfs / "seeds" / path.name)
    (pdfs / "seeds" / "sources.yaml").write_text(_manifest(pdf_files), encoding="utf-8")
    (pdfs / "facts.yaml").write_text(_facts(quotes), encoding="utf-8")
    # the baseline: the same texts as the PDFs read, kept as .txt sources
    from evidence.readers.blocks import join
    from evidence.readers.pdf import read_pdf

    txt_files = []
    for path in pdf_files:
        text = join(list(read_pdf(path.read_bytes(), path).blocks))[0]
        txt_files.append(txts / "seeds" / f"{path.stem}.txt")
        txt_files[-1].write_text(text, encoding="utf-8")
    (txts / "seeds" / "sources.yaml").write_text(_manifest(txt_files), encoding="utf-8")
    (txts / "facts.yaml").write_text(_facts(quotes), encoding="utf-8")
    ours = [DRAFTING, "--dossier", str(pdfs), "evidence", "verify"]
    baseline = [DRAFTING, "--dossier", str(txts), "evidence", "verify"]
    first = run(ours)  # reads every PDF once: the cache is filled
    run(baseline)
    a, b = [], []
    for _ in range(runs):
        a.append(run(ours))
        b.append(run(baseline))
    print(f"100 PDFs: verify the first time (every PDF read) {first:.2f} s", flush=True)
    return [
        (
            "verify 1,000 quotes in 100 PDFs (cache)",
            statistics.median(a),
            "under 2 s",
            2.0,
            statistics.median(b),
            "the same as .txt sources",
        )
    ]


def main() -> None:
    """Build the inputs, time each case against its baseline, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="pairs timed (at least 3)")
    args = parser.parse_args()
    runs = max(3, args.runs)
    with tempfile.TemporaryDirectory(prefix="drafting-bench-pdf-") as folder:
        work = Path(folder)
        os.environ.pop("DRAFTING_DOSSIER", None)
        (work / "one").mkdir()
        (work / "many").mkdir()
        rows = bench_report(work / "one", runs) + bench_many(work / "many", runs)
    print()
    print(f"{'case':42} {'ours':>8} {'goal':>10} {'met':>4} {'baseline':>9}  baseline is")
    for case, ours, goal, limit, base, what in rows:
        print(
            f"{case:42} {ours:7.2f}s {goal:>10} {'yes' if ours < limit else 'NO':>4} "
            f"{base:8.2f}s  {what}"
        )
    print(f"(medians of {runs} runs each, alternating with the baseline)")


if __name__ == "__main__":
    main()
