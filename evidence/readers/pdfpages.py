"""A PDF's pages as lines of text with their positions: what the layout rules read.

This module runs in a child process (see :mod:`evidence.readers.pdf`), because a hostile
PDF can make the PDF engine (PDFium, through pypdfium2) use gigabytes or abort the whole
process: the child has a memory and a CPU limit, and the parent a wall-clock timeout.

For each page it gives its size, its printed label where the PDF has page labels, how
many characters and images it has (a page with images and no text is a scan), its lines
(characters grouped by baseline, each line cut into segments where a gap wider than two
characters separates them, as table cells and right-aligned page numbers are) and its
ruling lines (the thin paths a table's borders are drawn with). Positions are in points
from the top left of the page. The output is plain JSON, checked by the parent.
"""

from __future__ import annotations

import ctypes
import json
import sys
from typing import Any

#: The most pages a source may have.
MAX_PAGES = 2000
#: The most characters read from one page (a page of text has a few thousand).
MAX_PAGE_CHARS = 200_000
#: pdfium's marks: a hyphen it found at a line end, and characters it made up (\r\n).
_LINE_HYPHEN = (0x02, 0xFFFE)
_NEWLINES = (0x0A, 0x0D)


def _segments(chars: list[tuple[str, float, float, float, float]]) -> list[dict[str, Any]]:
    """Characters of one page, in content order, as lines of segments.

    Each character is ``(char, left, right, baseline, size)``.
    """
    lines: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for char, left, right, base, size in chars:
        if current is not None:
            same_line = abs(base - current["y"]) <= 0.4 * max(size, current["s"]) \
                and left >= current["x1"] - 2 * max(size, 1)
            if not same_line:
                lines.append(current)
                current = None
        if current is None:
            if not char.strip():
                continue
            current = {"y": base, "s": size, "x0": left, "x1": right,
                       "segs": [[left, right, ""]]}
        seg = current["segs"][-1]
        if char.strip() and seg[2].strip() and left - seg[1] > 2 * max(size, 1):
            seg = [left, right, ""]
            current["segs"].append(seg)
        if not char.strip():
            if not seg[2].endswith(" "):
                seg[2] += " "
            continue
        seg[2] += char
        seg[1] = max(seg[1], right)
        current["x1"] = max(current["x1"], right)
        current["s"] = max(current["s"], size)
    if current is not None:
        lines.append(current)
    out = []
    for line in lines:
        segs = [[round(a, 1), round(b, 1), t.strip()] for a, b, t in line["segs"] if t.strip()]
        if segs:
            out.append({"y": round(line["y"], 1), "s": round(line["s"], 1),
                        "x0": segs[0][0], "x1": round(line["x1"], 1), "segs": segs})
    return out


def _chars(textpage: Any, height: float) -> list[tuple[str, float, float, float, float]]:
    import pypdfium2.raw as raw

    count = min(raw.FPDFText_CountChars(textpage), MAX_PAGE_CHARS)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    out = []
    for k in range(count):
        code = raw.FPDFText_GetUnicode(textpage, k)
        if code in _NEWLINES:
            continue
        char = "\u00ad" if code in _LINE_HYPHEN else chr(code) if code < 0x110000 else " "
        raw.FPDFText_GetCharOrigin(textpage, k, ox, oy)
        raw.FPDFText_GetCharBox(textpage, k, left, right, bottom, top)
        size = raw.FPDFText_GetFontSize(textpage, k) or 1.0
        x0 = left.value if char.strip() else ox.value
        out.append((char, x0, max(right.value, x0), height - oy.value, size))
    return out


def _rules(page: Any, height: float) -> tuple[list[list[float]], int]:
    """The page's thin paths ``[x0, y0, x1, y1]`` (top-left origin), and its image count."""
    rules, images = [], 0
    for obj in page.get_objects(max_depth=2):
        if obj.type == 3:
            images += 1
        elif obj.type == 2:
            left, bottom, right, top = obj.get_bounds()
            wide, tall = right - left, top - bottom
            if (tall <= 2.5 and wide >= 3) or (wide <= 2.5 and tall >= 3):
                rules.append([round(left, 1), round(height - top, 1), round(right, 1),
                              round(height - bottom, 1)])
    return rules, images


def extract(data: bytes) -> dict[str, Any]:
    """Every page of the PDF ``data``, with its metadata; raises on a PDF it cannot read."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        count = len(pdf)
        if count > MAX_PAGES:
            return {"error": "pages", "pages": count}
        meta = {k: v for k, v in pdf.get_metadata_dict().items() if isinstance(v, str) and v}
        pages = []
        for index in range(count):
            page = pdf[index]
            try:
                width, height = page.get_size()
                textpage = page.get_textpage()
                chars = _chars(textpage.raw, height)
                rules, images = _rules(page, height)
                pages.append({"n": index + 1, "w": round(width, 1), "h": round(height, 1),
                              "label": pdf.get_page_label(index) or None,
                              "chars": sum(1 for c in chars if c[0].strip()),
                              "images": images, "lines": _segments(chars), "rules": rules})
                textpage.close()
            finally:
                page.close()
        return {"meta": meta, "pages": pages}
    finally:
        pdf.close()


def render(data: bytes, numbers: list[int], folder: str, dpi: int) -> None:
    """Render pages ``numbers`` (1-based) of the PDF ``data`` as grey images (PGM).

    They go in ``folder``, named by page number: what OCR reads. PGM is not compressed:
    writing a page as PNG took longer than the rest of rendering it, and Tesseract reads
    either.
    """
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        for number in numbers:
            page = pdf[number - 1]
            try:
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                bitmap.to_pil().save(f"{folder}/{number:05d}.pgm")
            finally:
                page.close()
    finally:
        pdf.close()


def main() -> None:
    """The child's entry point: the PDF's bytes on standard input.

    ``python -m evidence.readers.pdfpages``: the pages as JSON on standard output.
    ``python -m evidence.readers.pdfpages render FOLDER DPI N ...``: pages N ... as PGM.
    """
    data = sys.stdin.buffer.read()
    try:
        if sys.argv[1:2] == ["render"]:
            render(data, [int(n) for n in sys.argv[4:]], sys.argv[2], int(sys.argv[3]))
            result: dict[str, Any] = {"rendered": len(sys.argv) - 4}
        else:
            result = extract(data)
    except Exception as exc:  # the parent turns this into one clear line
        result = {"error": "unreadable", "detail": f"{type(exc).__name__}: {exc}"[:300]}
    json.dump(result, sys.stdout, ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main()
