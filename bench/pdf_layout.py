"""How the PDF layout rules do on a folder of real reports: numbering, pages, furniture.

    python bench/pdf_layout.py FOLDER [--show FILE]

For each PDF: its pages, how many of them got a printed page number (and whether those
follow the file's order), how many blocks are furniture, how many paragraphs carry the
document's own number, whether those numbers run without a gap (1, 2, 3 ... or 1, 1.1,
1.2, 2 ...), how many paragraphs cross a page break, and the time taken. The reports are
not in the repository: point it at any folder of PDFs (the project was developed against
Ofsted inspection reports of 2012-2026 and two 2022 reports in ../shared/sources/ofsted).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evidence.errors import UserError
from evidence.readers.pdf import read_pdf


def _continuous(numbers: list[str]) -> bool:
    from evidence.numbering import follows

    last = None
    for label in numbers:
        key = tuple(int(n) for n in label.split("."))
        if last is not None and not follows(last, key):
            return False
        last = key
    return True


def _stats(path: Path) -> dict[str, object]:
    started = time.perf_counter()
    read = read_pdf(path.read_bytes(), path)
    took = time.perf_counter() - started
    blocks = read.blocks
    printed = {p.pdf_page: p.printed for b in blocks for p in b.pages}
    numbers = [b.number for b in blocks if b.number and not b.excluded]
    top = [n for n in numbers if "." not in n]
    return {
        "file": path.name,
        "pages": max(printed, default=0),
        "printed": sum(1 for v in printed.values() if v),
        "furniture": sum(1 for b in blocks if b.excluded),
        "paragraphs": sum(1 for b in blocks if not b.excluded),
        "numbered": len(numbers),
        "runs": _continuous(numbers) and (not top or top[0] == "1"),
        "last": top[-1] if top else "-",
        "across": sum(1 for b in blocks if len(b.pages) > 1),
        "seconds": round(took, 2),
    }


def main() -> None:
    """Print one row per PDF, then the totals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--show", type=Path, help="print one file's blocks")
    args = parser.parse_args()
    if args.show:
        for block in read_pdf(args.show.read_bytes(), args.show).blocks:
            pages = ",".join(f"{p.pdf_page}/{p.printed}" for p in block.pages)
            print(f"[{block.excluded or ''}|{block.number or ''}|{pages}] {block.text[:110]!r}")
        return
    rows = []
    for path in sorted(args.folder.glob("*.pdf")):
        try:
            rows.append(_stats(path))
        except UserError as exc:
            print(f"{path.name}: {exc}")
    keys = list(rows[0]) if rows else []
    print("\t".join(keys))
    for row in rows:
        print("\t".join(str(row[k]) for k in keys))
    numbered = [r for r in rows if r["numbered"]]
    print(
        f"\n{len(rows)} PDFs, {sum(int(str(r['pages'])) for r in rows)} pages; printed page "
        f"numbers on {sum(int(str(r['printed'])) for r in rows)}; numbered paragraphs in "
        f"{len(numbered)}, running without a gap in "
        f"{sum(1 for r in numbered if r['runs'])}; paragraphs across a page break: "
        f"{sum(int(str(r['across'])) for r in rows)}; "
        f"{sum(float(str(r['seconds'])) for r in rows):.1f} s in all"
    )


if __name__ == "__main__":
    main()
