"""Scanned pages: drafting's OCR against Tesseract run by hand, and what Tesseract confuses.

Run: ``python bench/ocr.py [--pdf FILE] [--pages 10] [--runs 3]``

* Speed: a scan of ``--pages`` pages (the first pages of ``--pdf`` rendered at 200 dpi as
  an image-only PDF; by default a document LibreOffice makes from the bundled sources) is
  read through drafting's path, :func:`evidence.readers.pdf.read_pdf` with no cache (the
  page tree read in its child process, the pages rendered in chunks, Tesseract on each,
  as many at once as there are cores, the lines laid out), against Tesseract run by hand
  on the very page images drafting renders (rendered beforehand, not timed), as many at
  once as there are cores, one thread each (``tesseract IMAGE OUT -l eng hocr``, as
  ``xargs -P`` would). The two alternate, ``--runs`` pairs; the ratio is the median of
  the pairs' ratios (goal: 1.2 or less).

Run: ``python bench/ocr.py --confusions FILE.pdf [FILE.pdf ...]``

* What Tesseract confuses, which :mod:`evidence.ocrmatch` allows: each page of each PDF
  (with a text layer) is made into image-only scans (grey at 300, 150 and 100 dpi; black
  and white at 200, 150 and 100 dpi; a skewed, blurred, noisy JPEG at 200 and 150 dpi),
  read by Tesseract, and its words aligned with the text layer's. Printed: the share of
  words read wrong by confidence (by tens), the characters confused, spaces lost or added.
"""

from __future__ import annotations

import argparse
import collections
import difflib
import html
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def source_pdf(folder: Path) -> Path:
    """A PDF of the bundled sources' text, made by LibreOffice (about 14 pages)."""
    paras = [
        p.strip()
        for f in sorted((REPO / "seeds").glob("*.txt"))
        for p in f.read_text(encoding="utf-8").split("\n\n")
        if p.strip()
    ]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paras * 3)
    page = folder / "sources.html"
    page.write_text(
        f"<html><body style='font-family: Liberation Serif; font-size: 12pt'>{body}</body></html>",
        encoding="utf-8",
    )
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--infilter=HTML (StarWriter)",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(page),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder / "sources.pdf"


def degrade(image: Any, mode: str) -> Any:
    """A page image as a scanner gives it: ``grey``, ``bw`` or ``photo`` (skewed, noisy)."""
    from PIL import Image, ImageChops, ImageFilter

    if mode == "bw":
        return image.point(lambda v: 255 if v > 150 else 0).convert("1")
    if mode == "photo":
        image = image.rotate(0.8, resample=Image.Resampling.BICUBIC, fillcolor=255)
        return ImageChops.add(
            image.filter(ImageFilter.GaussianBlur(0.6)),
            Image.effect_noise(image.size, 10),
            1.0,
            -128,
        )
    return image


def scan(pdf: Path, out: Path, pages: range, dpi: int = 200, mode: str = "grey") -> Path:
    """Pages ``pages`` (0-based) of ``pdf`` as an image-only PDF: a scan."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    images = [
        degrade(doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L"), mode)
        for i in pages
        if i < len(doc)
    ]
    extra = {} if mode == "bw" else {"quality": 60 if mode == "photo" else 85}
    images[0].save(out, save_all=True, append_images=images[1:], resolution=dpi, **extra)
    return out


def cpu() -> float:
    """Processor seconds used so far by this process and the children it waited for."""
    import resource

    me, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def by_hand(images: list[Path], folder: Path) -> tuple[float, float]:
    """Seconds (wall, processor) Tesseract takes over ``images``, a process per core."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(image: Path) -> None:
        subprocess.run(
            ["tesseract", str(image), str(folder / image.stem), "-l", "eng", "hocr"],
            check=True,
            capture_output=True,
            env=env,
        )

    start, used = time.perf_counter(), cpu()
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        list(pool.map(one, images))
    return time.perf_counter() - start, cpu() - used


def drafting(data: bytes, path: Path) -> tuple[float, float]:
    """Seconds (wall, processor) drafting takes to read the scan (no cache)."""
    from evidence.readers.pdf import read_pdf

    start, used = time.perf_counter(), cpu()
    read = read_pdf(data, path)
    assert len(read.ocr_pages) >= 1 and not read.unreadable, read.unreadable
    return time.perf_counter() - start, cpu() - used


def speed(pdf: Path | None, pages: int, runs: int) -> None:
    """Drafting's OCR of a scan against Tesseract by hand on the same images."""
    from evidence.readers.child import run_child
    from evidence.readers.ocr import DPI

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        made = scan(pdf or source_pdf(folder), folder / "scan.pdf", range(pages))
        data = made.read_bytes()
        rendered = folder / "images"
        rendered.mkdir()
        run_child(data, made, ["render", str(rendered), str(DPI), *map(str, range(1, pages + 1))])
        images = sorted(rendered.glob("*.pgm"))
        hocr = folder / "hocr"
        hocr.mkdir()
        print(f"{len(images)} pages, {os.cpu_count()} cores; {runs} pairs, alternating")
        pairs = []
        for n in range(runs):
            (mine, mine_cpu), (theirs, theirs_cpu) = drafting(data, made), by_hand(images, hocr)
            pairs.append((mine, theirs, mine_cpu / theirs_cpu))
            print(
                f"  pair {n + 1}: drafting {mine:.2f} s, tesseract by hand {theirs:.2f} s, "
                f"ratio {mine / theirs:.2f} (processor time {mine_cpu:.1f} s against "
                f"{theirs_cpu:.1f} s)"
            )
    mine = statistics.median(p[0] for p in pairs)
    theirs = statistics.median(p[1] for p in pairs)
    ratio = statistics.median(p[0] / p[1] for p in pairs)
    print(
        f"median: drafting {mine:.2f} s ({mine / len(images):.2f} s a page), by hand "
        f"{theirs:.2f} s; ratio {ratio:.2f} (goal 1.2); processor time ratio "
        f"{statistics.median(p[2] for p in pairs):.2f}"
    )


CONDITIONS = (
    ("grey", 300),
    ("grey", 150),
    ("grey", 100),
    ("bw", 200),
    ("bw", 150),
    ("bw", 100),
    ("photo", 200),
    ("photo", 150),
)


def _words(image: Path) -> list[tuple[str, float]]:
    import pytesseract

    data: dict[str, list[Any]] = pytesseract.image_to_data(
        str(image), lang="eng", output_type=pytesseract.Output.DICT
    )
    return [
        (str(t), float(c))
        for t, c in zip(data["text"], data["conf"], strict=True)
        if str(t).strip() and float(c) >= 0
    ]


def _page(job: tuple[Path, int, str, int, Path]) -> tuple[list[str], list[tuple[str, float]]]:
    """The text layer's words of one page, and Tesseract's of it made a scan."""
    import pypdfium2 as pdfium

    pdf, index, mode, dpi, folder = job
    truth = pdfium.PdfDocument(str(pdf))[index].get_textpage().get_text_range()
    one = scan(
        pdf, folder / f"{pdf.stem}-{index}-{mode}{dpi}.pdf", range(index, index + 1), dpi, mode
    )
    image = one.with_suffix(".png")
    pdfium.PdfDocument(str(one))[0].render(scale=300 / 72, grayscale=True).to_pil().save(image)
    return truth.split(), _words(image)


def confusions(pdfs: list[Path]) -> None:
    """Tesseract's words on scans of ``pdfs``' pages against their text layers."""
    import pypdfium2 as pdfium

    from evidence.normalise import normalise

    os.environ["OMP_THREAD_LIMIT"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [
            (pdf, i, mode, dpi, Path(tmp))
            for pdf in pdfs
            for i in range(len(pdfium.PdfDocument(str(pdf))))
            for mode, dpi in CONDITIONS
        ]
        with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
            pages = list(pool.map(_page, jobs))
    deciles: collections.Counter[tuple[int, bool]] = collections.Counter()
    chars: collections.Counter[tuple[str, str]] = collections.Counter()
    spaces = 0
    for truth, read in pages:
        a = [normalise(w) for w in truth]
        b = [normalise(w) for w, _ in read]
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
            if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
                for k in range(j2 - j1):
                    wrong = op != "equal"
                    deciles[(min(int(read[j1 + k][1]) // 10, 9), wrong)] += 1
                    if wrong:
                        x, y = a[i1 + k], b[j1 + k]
                        for o, x1, x2, y1, y2 in difflib.SequenceMatcher(
                            a=x, b=y, autojunk=False
                        ).get_opcodes():
                            if o != "equal":
                                chars[(x[x1:x2], y[y1:y2])] += 1
            elif op == "replace" and "".join(a[i1:i2]) == "".join(b[j1:j2]):
                spaces += 1
    print(
        f"{len(pages)} page scans ({len(CONDITIONS)} conditions); words read wrong, by confidence:"
    )
    for d in range(10):
        n = deciles[(d, False)] + deciles[(d, True)]
        print(
            f"  {d * 10:>2}-{d * 10 + 9}: {deciles[(d, True)]:>5} of {n:>6}"
            + (f" ({deciles[(d, True)] / n:.2%})" if n else "")
        )
    print(f"spaces lost or added: {spaces}; characters confused (true -> read), most often:")
    for (x, y), n in chars.most_common(40):
        print(f"  {x!r:>8} -> {y!r:<8} {n}")


def main() -> None:
    """Run the benchmark the options name."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pdf", type=Path, help="a PDF whose first pages make the scan")
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--confusions", type=Path, nargs="+", metavar="PDF")
    args = parser.parse_args()
    if args.confusions:
        confusions(args.confusions)
    else:
        speed(args.pdf, args.pages, args.runs)


if __name__ == "__main__":
    main()
