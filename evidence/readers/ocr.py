"""Scanned pages read by OCR: Tesseract, page by page, across the cores.

A page with no text layer (fewer than :data:`MIN_CHARS` characters) and at least one
image is a scan. Such pages are rendered at :data:`DPI` (by the bounded PDF child) and
read by Tesseract (the Debian package ``tesseract-ocr``, through pytesseract), one
process per page and as many at once as there are cores, each with one thread
(``OMP_THREAD_LIMIT=1``: Tesseract's own threads only fight each other on a busy machine).
Its words come back with their boxes and confidences and are laid out as lines, the
same shape :mod:`evidence.readers.pdfpages` gives, so the layout rules read a scan as they
read a text layer. Each page records its mean confidence; a page Tesseract read nothing
from is named, never skipped in silence.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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
#: Words read with less confidence than this (0-100) are treated as guesses.
LOW_CONFIDENCE = 60.0
#: Called with (pages done, pages to do) as OCR goes on.
Progress = Callable[[int, int], None]


def scanned(pages: list[dict[str, Any]]) -> list[int]:
    """The numbers (1-based) of the pages that are scans: an image and no text layer."""
    return [p["n"] for p in pages if p["chars"] < MIN_CHARS and p["images"] > 0]


def _words_to_lines(data: dict[str, list[Any]], scale: float) -> tuple[list[dict[str, Any]],
                                                                          float | None]:
    """Tesseract's words as lines of segments in points; and the mean confidence."""
    lines: dict[tuple[int, int, int], list[tuple[float, float, float, float, str, float]]] = {}
    confidences: list[float] = []
    for k, text in enumerate(data["text"]):
        word = str(text).strip()
        conf = float(data["conf"][k])
        if not word or conf < 0:
            continue
        key = (int(data["block_num"][k]), int(data["par_num"][k]), int(data["line_num"][k]))
        left, top = float(data["left"][k]) * scale, float(data["top"][k]) * scale
        width, height = float(data["width"][k]) * scale, float(data["height"][k]) * scale
        lines.setdefault(key, []).append((left, left + width, top + height, height, word, conf))
        confidences.append(conf)
    out = []
    for words in lines.values():
        words.sort()
        size = max(h for _, _, _, h, _, _ in words) * 1.3  # cap height to type size, roughly
        segs: list[list[Any]] = []
        for x0, x1, _, _, word, _ in words:
            if segs and x0 - segs[-1][1] <= 2 * size:
                segs[-1][1], segs[-1][2] = x1, f"{segs[-1][2]} {word}"
            else:
                segs.append([x0, x1, word])
        base = max(b for _, _, b, _, _, _ in words)
        out.append({"y": round(base, 1), "s": round(size, 1), "x0": round(segs[0][0], 1),
                    "x1": round(segs[-1][1], 1),
                    "segs": [[round(a, 1), round(b, 1), t] for a, b, t in segs]})
    out.sort(key=lambda ln: (ln["y"], ln["x0"]))
    mean = sum(confidences) / len(confidences) if confidences else None
    return out, mean


def _read_page(image: Path) -> dict[str, list[Any]]:
    import pytesseract

    result: dict[str, list[Any]] = pytesseract.image_to_data(
        str(image), lang="eng", output_type=pytesseract.Output.DICT, timeout=PAGE_SECONDS)
    return result


def available() -> bool:
    """Whether Tesseract is installed."""
    import shutil

    return shutil.which("tesseract") is not None


def ocr_scanned(data: bytes, pages: list[dict[str, Any]], path: Path,
                progress: Progress | None = None) -> tuple[list[int], list[int]]:
    """Read the scanned pages of ``pages`` by OCR, in place; return (read, unreadable).

    A scanned page gets the lines OCR found and its mean confidence (``ocr``); a page
    OCR found nothing on is listed as unreadable.

    Raises:
        SourceError: there are scanned pages and Tesseract is not installed.
    """
    wanted = scanned(pages)
    if not wanted:
        return [], []
    if not available():
        raise SourceError(f"has {len(wanted)} scanned page(s) (no text layer) and Tesseract, "
                          "which reads them, is not installed", path=path,
                          hint="Install it: apt-get install tesseract-ocr tesseract-ocr-eng")
    by_number = {p["n"]: p for p in pages}
    read: list[int] = []
    unreadable: list[int] = []
    with tempfile.TemporaryDirectory(prefix="drafting-ocr-") as folder:
        run_child(data, path, ["render", folder, str(DPI), *map(str, wanted)])
        images = [Path(folder) / f"{n:05d}.png" for n in wanted]
        workers = max(1, min(len(images), os.cpu_count() or 1))
        done = 0
        threads = os.environ.get("OMP_THREAD_LIMIT")
        os.environ["OMP_THREAD_LIMIT"] = "1"  # each Tesseract process: one thread
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for number, result in zip(wanted, pool.map(_safe_read, images), strict=True):
                done += 1
                if progress is not None:
                    progress(done, len(wanted))
                lines, mean = _words_to_lines(result, 72 / DPI) if result else ([], None)
                page = by_number[number]
                page["lines"], page["ocr"] = lines, mean
                (read if lines else unreadable).append(number)
        if threads is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
        else:
            os.environ["OMP_THREAD_LIMIT"] = threads
    return read, unreadable


def _safe_read(image: Path) -> dict[str, list[Any]] | None:
    """Tesseract's words on one page image, or None when it could not read it."""
    import subprocess

    try:
        return _read_page(image) if image.exists() else None
    except (RuntimeError, OSError, subprocess.SubprocessError, ValueError):
        return None
