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
#: The most objects of one page (text runs, paths, images) looked at for ruling lines and
#: images: a table has hundreds; a page of millions is hostile, and the rest is not looked at.
MAX_PAGE_OBJECTS = 50_000
#: The table rules compare a page's ruling lines pairwise: the sum over the pages of the
#: square of their count is bounded by this (a report's is a few thousand). The pages over
#: it are sent without their rules, so their tables read as lines.
MAX_RULE_WORK = 4_000_000
#: A page label ("iv", "A-3") or a metadata value longer than this is not one.
MAX_LABEL = 32
MAX_META = 2000
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
            same_line = abs(base - current["y"]) <= 0.4 * max(
                size, current["s"]
            ) and left >= current["x1"] - 2 * max(size, 1)
            if not same_line:
                lines.append(current)
                current = None
        if current is None:
            if not char.strip():
                continue
            current = {"y": base, "s": size, "x0": left, "x1": right, "segs": [[left, right, ""]]}
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
            out.append(
                {
                    "y": round(line["y"], 1),
                    "s": round(line["s"], 1),
                    "x0": segs[0][0],
                    "x1": round(line["x1"], 1),
                    "segs": segs,
                }
            )
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
        char = (
            "\u00ad"
            if code in _LINE_HYPHEN
            else " "
            if 0xD800 <= code < 0xE000 or code >= 0x110000
            else chr(code)
        )
        raw.FPDFText_GetCharOrigin(textpage, k, ox, oy)
        raw.FPDFText_GetCharBox(textpage, k, left, right, bottom, top)
        size = raw.FPDFText_GetFontSize(textpage, k) or 1.0
        x0 = left.value if char.strip() else ox.value
        out.append((char, x0, max(right.value, x0), height - oy.value, size))
    return out


def _rules(page: Any, height: float) -> tuple[list[list[float]], int]:
    """The page's thin paths ``[x0, y0, x1, y1]`` (top-left origin), and its image count.

    Objects are looked at through pdfium's own calls, the page's and those of the forms
    it draws, at most :data:`MAX_PAGE_OBJECTS` of them.
    """
    import pypdfium2.raw as raw

    rules: list[list[float]] = []
    images = 0
    box = [ctypes.c_float() for _ in range(4)]
    refs = [ctypes.byref(v) for v in box]
    stack: list[tuple[Any, int, int]] = [(page, 0, 0)]  # (page or form, next object, level)
    budget = MAX_PAGE_OBJECTS
    while stack and budget > 0:
        parent, index, level = stack.pop()
        count = raw.FPDFPage_CountObjects if level == 0 else raw.FPDFFormObj_CountObjects
        get = raw.FPDFPage_GetObject if level == 0 else raw.FPDFFormObj_GetObject
        if index >= count(parent):
            continue
        stack.append((parent, index + 1, level))
        obj = get(parent, index)
        budget -= 1
        kind = raw.FPDFPageObj_GetType(obj) if obj else 0
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            images += 1
        elif kind == raw.FPDF_PAGEOBJ_FORM and level == 0:
            stack.append((obj, 0, level + 1))
        elif kind == raw.FPDF_PAGEOBJ_PATH and raw.FPDFPageObj_GetBounds(obj, *refs):
            left, bottom, right, top = (v.value for v in box)
            wide, tall = right - left, top - bottom
            if (tall <= 2.5 and wide >= 3) or (wide <= 2.5 and tall >= 3):
                rules.append(
                    [
                        round(left, 1),
                        round(height - top, 1),
                        round(right, 1),
                        round(height - bottom, 1),
                    ]
                )
    return rules, images


def _text(get: Any, limit: int) -> str | None:
    """A UTF-16 string pdfium gives through ``get(buffer, size)``, at most ``limit`` long.

    None when there is none, or when it is longer (then it is not copied at all).
    """
    size = get(None, 0)
    if size <= 2 or size > 2 * (limit + 1):
        return None
    buffer = ctypes.create_string_buffer(size)
    get(buffer, size)
    return buffer.raw[: size - 2].decode("utf-16-le", errors="replace").strip("\x00") or None


def _label(pdf: Any, index: int) -> str | None:
    """The page's label ("iv", "7"), or None when it has none or one too long to be one."""
    import pypdfium2.raw as raw

    return _text(lambda buffer, size: raw.FPDF_GetPageLabel(pdf, index, buffer, size), MAX_LABEL)


def _meta(pdf: Any) -> dict[str, str]:
    """What the document's information dictionary says (title, author ...), where it is short."""
    import pypdfium2.raw as raw

    out = {}
    for key in (
        "Title",
        "Author",
        "Subject",
        "Keywords",
        "Creator",
        "Producer",
        "CreationDate",
        "ModDate",
    ):
        tag = key.encode("ascii")
        value = _text(
            lambda buffer, size, tag=tag: raw.FPDF_GetMetaText(pdf, tag, buffer, size), MAX_META
        )
        if value:
            out[key] = value
    return out


def _page(pdf: Any, index: int) -> tuple[dict[str, Any], int]:
    """Page ``index`` (0-based) as the parent reads it, and how many characters it has."""
    page = pdf[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage.raw, height)
        finally:
            textpage.close()
        rules, images = _rules(page.raw, height)
        return {
            "n": index + 1,
            "w": round(width, 1),
            "h": round(height, 1),
            "label": _label(pdf.raw, index),
            "chars": sum(1 for c in chars if c[0].strip()),
            "images": images,
            "lines": _segments(chars),
            "rules": rules,
        }, len(chars)
    finally:
        page.close()


def extract(data: bytes, max_chars: int, max_answer: int) -> str:
    """Every page of the PDF ``data``, with its metadata, as JSON; raises on one it cannot read.

    The page count is checked before any page is read. Reading stops with an error answer
    when the pages hold more than ``max_chars`` characters or their JSON would be longer
    than ``max_answer``: what the parent reads is bounded however hostile the file is.
    """
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        count = len(pdf)
        if count > MAX_PAGES:
            return _answer({"error": "pages", "pages": count})
        meta = _meta(pdf.raw)
        pages: list[str] = []
        chars = answer = work = 0
        for index in range(count):
            page, read = _page(pdf, index)
            chars += read
            if chars > max_chars:
                return _answer({"error": "text", "chars": max_chars})
            if work + len(page["rules"]) ** 2 > MAX_RULE_WORK:
                page["rules"] = []
            work += len(page["rules"]) ** 2
            pages.append(_answer(page))
            answer += len(pages[-1]) + 1
            if answer > max_answer:
                return _answer({"error": "large", "bytes": max_answer})
        return f'{{"meta":{_answer(meta)},"pages":[{",".join(pages)}]}}'
    finally:
        pdf.close()


def _answer(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


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
    """The child's entry point: the PDF's bytes on standard input, the answer on standard output.

    ``python -m evidence.readers.pdfpages read MAX_CHARS MAX_ANSWER``: the pages as JSON
    (see :func:`extract`). ``python -m evidence.readers.pdfpages render FOLDER DPI N ...``:
    pages N ... as PGM files. A PDF that cannot be read is an answer too: ``{"error": ...}``.
    """
    data = sys.stdin.buffer.read()
    try:
        if sys.argv[1:2] == ["render"]:
            render(data, [int(n) for n in sys.argv[4:]], sys.argv[2], int(sys.argv[3]))
            answer = _answer({"rendered": len(sys.argv) - 4})
        else:
            answer = extract(data, int(sys.argv[2]), int(sys.argv[3]))
    except MemoryError:
        answer = _answer({"error": "limits"})
    except Exception as exc:  # the parent turns this into one clear line
        answer = _answer(_failure(exc))
    sys.stdout.buffer.write(answer.encode("utf-8", errors="replace"))


def _failure(exc: Exception) -> dict[str, Any]:
    """Why the PDF could not be read, as the parent reads it."""
    import pypdfium2.raw as raw

    code = getattr(exc, "err_code", None)
    why = (
        "password"
        if code == raw.FPDF_ERR_PASSWORD
        else "security"
        if code == raw.FPDF_ERR_SECURITY
        else "unreadable"
    )
    return {"error": why, "detail": f"{type(exc).__name__}: {exc}"[:300]}


if __name__ == "__main__":
    main()
