"""Scanned pages read by OCR: Tesseract, page by page, across the cores.

A page with no text layer (fewer than :data:`MIN_CHARS` characters) and at least one
image is a scan. Such pages are rendered at :data:`DPI` (by the bounded PDF child) and
read by Tesseract (the Debian package ``tesseract-ocr``, through pytesseract), one
process per page and as many at once as there are cores, each with one thread
(``OMP_THREAD_LIMIT=1``: Tesseract's own threads only fight each other on a busy machine).
Its words come back with their boxes and confidences and are laid out as lines, the
same shape :mod:`evidence.readers.pdfpages` gives, so the layout rules read a scan as they
read a text layer. Each page records its mean confidence, and each line where its doubtful
words are (read with less than :data:`LOW_CONFIDENCE`), the only places a quote may differ
from the OCR text (:mod:`evidence.ocrmatch`). A page Tesseract read nothing from, or only
noise, is named, never skipped in silence.
"""

from __future__ import annotations

import os
import statistics
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from evidence.errors import SourceError
from evidence.readers.child import run_child

#: Fewer characters than this on a page with an image: the page is a scan.
MIN_CHARS = 5
#: Resolution scans are read at (Tesseract is trained on text of about 300 dpi).
DPI = 300
#: The most seconds Tesseract may take over one page.
PAGE_SECONDS = 120
#: Words Tesseract read with less confidence than this (0-100) are doubtful: only there may a
#: quote differ from the OCR text by a confusion OCR makes (:mod:`evidence.ocrmatch`).
#: Measured on 22 pages of two Ofsted reports made into image-only scans at 100 to 300 dpi
#: (grey, black and white, blurred and noisy, JPEG): of 68,474 words read at 90 or more,
#: 20 were wrong (0.03%); of words read at 80-89, one in 17; below 80, one in 5 or worse.
LOW_CONFIDENCE = 90.0
#: The hOCR elements that are lines of text.
_LINE_CLASSES = frozenset({"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"})
#: A page whose words were read with a mean confidence below this is noise, not text.
#: Measured: pages of speckles or noise came out at 25-40; the scanned text pages above,
#: at 100 dpi in black and white, at 87 or more.
UNREADABLE = 50.0
#: Pages rendered at a time, one child process each, while the pages before are read.
CHUNK = 8
#: Called with (pages done, pages to do) as OCR goes on.
Progress = Callable[[int, int], None]


def scanned(pages: list[dict[str, Any]]) -> list[int]:
    """The numbers (1-based) of the pages that are scans: an image and no text layer."""
    return [p["n"] for p in pages if p["chars"] < MIN_CHARS and p["images"] > 0]


def _title(value: str | None) -> dict[str, list[float]]:
    """An hOCR ``title``'s numeric properties: ``bbox 1 2 3 4; x_wconf 96`` -> lists."""
    out: dict[str, list[float]] = {}
    for part in (value or "").split(";"):
        name, _, rest = part.strip().partition(" ")
        try:
            out[name] = [float(v) for v in rest.split()]
        except ValueError:
            continue  # a property that is not numbers (the image's name)
    return out


def _hocr_lines(hocr: bytes, scale: float) -> tuple[list[dict[str, Any]], float | None]:
    """Tesseract's hOCR as lines of segments in points; and the words' mean confidence.

    A line's type size is Tesseract's own estimate (``x_size``), the median of its
    paragraph's lines (a line's own estimate wavers by a point or more on a poor scan, which
    would read as a change of type, a heading), and its baseline is Tesseract's (the
    words' boxes hold their ascenders and descenders).
    """
    from xml.etree import ElementTree

    lines: list[dict[str, Any]] = []
    confidences: list[float] = []
    for par in ElementTree.fromstring(hocr).iter():
        if par.get("class") != "ocr_par":
            continue
        found = [
            (words, _title(el.get("title")))
            for el in par.iter()
            if el.get("class") in _LINE_CLASSES and (words := _words(el, scale))
        ]
        sizes = [t["x_size"][0] for _, t in found if t.get("x_size")]
        size = statistics.median(sizes) if sizes else None
        for words, title in found:
            confidences.extend(w[3] for w in words)
            lines.append(_line(words, title, scale, size))
    mean = sum(confidences) / len(confidences) if confidences else None
    return _one_baseline(lines), mean


def _words(line: Any, scale: float) -> list[tuple[float, float, str, float]]:
    """The words of an hOCR line: ``(left, right, text, confidence)``, in points."""
    words = []
    for span in line.iter():
        title = _title(span.get("title"))
        text = " ".join("".join(span.itertext()).split())
        if span.get("class") == "ocrx_word" and text and len(title.get("bbox", ())) == 4:
            conf = (title.get("x_wconf") or [0.0])[0]
            words.append((title["bbox"][0] * scale, title["bbox"][2] * scale, text, conf))
    return words


def _one_baseline(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lines in reading order, those Tesseract found apart on one baseline made one.

    Tesseract reads a paragraph's number in the margin, or a table's cells, as blocks of
    their own; a text layer has them as one line of segments, which the layout rules read.
    """
    out: list[dict[str, Any]] = []
    for line in sorted(lines, key=lambda ln: (ln["y"], ln["x0"])):
        last = out[-1] if out else None
        if (
            last is not None
            and abs(line["y"] - last["y"]) <= 0.4 * max(line["s"], last["s"])
            and (line["x0"] >= last["x1"] or line["x1"] <= last["x0"])
        ):
            out[-1] = _beside(last, line)
        else:
            out.append(line)
    return out


def _beside(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Two lines on one baseline as one: their segments left to right."""
    left, right = sorted((a, b), key=lambda ln: ln["x0"])
    main = max(a, b, key=lambda ln: sum(len(s[2]) for s in ln["segs"]))
    shift = len(" ".join(s[2] for s in left["segs"])) + 1
    segs = [list(s) for s in left["segs"]]
    first = right["segs"][0]
    if first[0] - segs[-1][1] <= 2 * main["s"]:  # close enough: one segment, as a text layer
        segs[-1] = [segs[-1][0], first[1], f"{segs[-1][2]} {first[2]}"]
        segs.extend(list(s) for s in right["segs"][1:])
    else:
        segs.extend(list(s) for s in right["segs"])
    return {
        "y": main["y"],
        "s": main["s"],
        "x0": left["x0"],
        "x1": right["x1"],
        "low": left["low"] + [[x + shift, y + shift] for x, y in right["low"]],
        "segs": segs,
    }


def _parsed(hocr: bytes | None) -> tuple[list[dict[str, Any]], float | None]:
    """A page's lines and mean confidence from its hOCR; none when there is none to parse."""
    from xml.etree.ElementTree import ParseError

    try:
        return _hocr_lines(hocr, 72 / DPI) if hocr else ([], None)
    except ParseError:
        return [], None


def _line(
    words: list[tuple[float, float, str, float]],
    title: dict[str, list[float]],
    scale: float,
    size: float | None,
) -> dict[str, Any]:
    """One line's words ``(left, right, text, confidence)`` as a line of segments.

    ``low`` lists where the line's doubtful words are: the ``[start, end]`` offsets in the
    line's text (its words, one space between) of words read below :data:`LOW_CONFIDENCE`.
    """
    words.sort()
    box = title.get("bbox") or [0.0, 0.0, 0.0, 0.0]
    size = (size or (box[3] - box[1]) * 0.75) * scale
    base = box[3] + (title.get("baseline") or [0.0, 0.0])[-1]
    segs: list[list[Any]] = []
    low: list[list[int]] = []
    at = 0
    for x0, x1, word, conf in words:
        if segs and x0 - segs[-1][1] <= 2 * size:
            segs[-1][1], segs[-1][2] = x1, f"{segs[-1][2]} {word}"
        else:
            segs.append([x0, x1, word])
        if conf < LOW_CONFIDENCE:
            low.append([at, at + len(word)])
        at += len(word) + 1
    return {
        "y": round(base * scale, 1),
        "s": round(size, 1),
        "x0": round(segs[0][0], 1),
        "x1": round(segs[-1][1], 1),
        "low": low,
        "segs": [[round(a, 1), round(b, 1), t] for a, b, t in segs],
    }


def _read_page(image: Path) -> bytes:
    import pytesseract

    result: bytes = pytesseract.image_to_pdf_or_hocr(
        str(image), lang="eng", extension="hocr", timeout=PAGE_SECONDS
    )
    return result


def available() -> bool:
    """Whether Tesseract is installed."""
    import shutil

    return shutil.which("tesseract") is not None


def ocr_scanned(
    data: bytes, pages: list[dict[str, Any]], path: Path, progress: Progress | None = None
) -> tuple[list[int], list[int]]:
    """Read the scanned pages of ``pages`` by OCR, in place; return (read, unreadable).

    A scanned page gets the lines OCR found and its mean confidence (``ocr``). A page OCR
    found nothing on, or only noise (a mean confidence below :data:`UNREADABLE`), is
    listed as unreadable and gets no lines: what OCR made of it is not cited.
    ``progress`` is called with (pages done, pages to do) as each page is read.

    Raises:
        SourceError: there are scanned pages and Tesseract is not installed, or the PDF
            could not be rendered within the child's limits.
    """
    wanted = scanned(pages)
    if not wanted:
        return [], []
    if not available():
        raise SourceError(
            f"has {len(wanted)} scanned page(s) (no text layer) and Tesseract, "
            "which reads them, is not installed",
            path=path,
            hint="Install it: apt-get install tesseract-ocr tesseract-ocr-eng",
        )
    by_number = {p["n"]: p for p in pages}
    read: list[int] = []
    unreadable: list[int] = []
    for number, result in sorted(_read_all(data, path, wanted, progress).items()):
        lines, mean = _parsed(result)
        if mean is not None and mean < UNREADABLE:
            lines = []
        page = by_number[number]
        page["lines"], page["ocr"] = lines, mean if lines else None
        (read if lines else unreadable).append(number)
    return read, unreadable


def _read_all(
    data: bytes, path: Path, wanted: list[int], progress: Progress | None
) -> dict[int, bytes | None]:
    """Tesseract's hOCR of each page of ``wanted``, pages read in parallel.

    Pages are rendered a page for each core first, then :data:`CHUNK` at a time, one child
    after the other, while the pages rendered before are read: the cores stay busy, and
    at most a few pages' images are on disk at once (a page at 300 dpi is 8 MB).
    """
    workers = max(1, min(len(wanted), os.cpu_count() or 1))
    # the first chunk is a page for each core, so reading starts as soon as it can
    chunks = [wanted[:workers]] + [
        wanted[i : i + CHUNK] for i in range(workers, len(wanted), CHUNK)
    ]
    results: dict[int, bytes | None] = {}
    with (
        tempfile.TemporaryDirectory(prefix="drafting-ocr-") as folder,
        _one_thread_each(),
        ThreadPoolExecutor(1) as renderer,
        ThreadPoolExecutor(workers) as pool,
    ):
        rendered = [
            renderer.submit(run_child, data, path, ["render", folder, str(DPI), *map(str, chunk)])
            for chunk in chunks
        ]
        jobs = {
            pool.submit(_read_rendered, done, Path(folder) / f"{n:05d}.pgm"): n
            for chunk, done in zip(chunks, rendered, strict=True)
            for n in chunk
        }
        try:
            for job in as_completed(jobs):
                results[jobs[job]] = job.result()
                if progress is not None:
                    progress(len(results), len(wanted))
        except BaseException:
            for job in jobs:
                job.cancel()
            for chunk_job in rendered:
                chunk_job.cancel()
            raise
    return results


@contextmanager
def _one_thread_each() -> Iterator[None]:
    """Each Tesseract process started meanwhile uses one thread (``OMP_THREAD_LIMIT=1``)."""
    before = os.environ.get("OMP_THREAD_LIMIT")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
        else:
            os.environ["OMP_THREAD_LIMIT"] = before


def _read_rendered(rendering: Future[dict[str, Any]], image: Path) -> bytes | None:
    """Tesseract's hOCR of one page image once it is rendered, or None if it could not be.

    The image is removed once read.
    """
    import subprocess

    rendering.result()  # a render that failed raises its SourceError here
    try:
        return _read_page(image) if image.exists() else None
    except (RuntimeError, OSError, subprocess.SubprocessError, ValueError):
        return None
    finally:
        image.unlink(missing_ok=True)
