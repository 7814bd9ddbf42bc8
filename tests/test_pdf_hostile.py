"""The hostile-PDF catalogue: a PDF that cannot be read is one line, exit 2, bounded.

Each PDF is written here in a few lines of PDF syntax (no PDF library writes them):
protected by a password (RC4, as the standard security handler does it), damaged,
truncated, not a PDF at all, a page tree that loops or nests thousands deep, a
decompression bomb, 10,000 pages, JavaScript, a page of millions of text operators or
objects, deep nesting. Each is added with ``drafting evidence add FILE --no-input`` to a
copy of the dossier: the message, exit 2, nothing written (the folder compared before and
after, the reads cache too) and the memory the command itself allocates (the PDF engine
runs in a child with its own limits). A PDF that is only unusual (JavaScript, a password
only for its owner, a cross-reference table a reader rebuilds) is added as any other.
Time is bounded by the child's limits, never asserted (speed is measured in
``bench/pdf.py``). A reading in the cache that is damaged or made up is read again from
the PDF, never believed and never a crash.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import sys
import tracemalloc
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafting.cli import app
from evidence.readers import child, ocr, pdf, pdfpages
from evidence.readers.blocks import join
from tests.conftest import refused
from tests.faults import snapshot as snapshot_all

runner = CliRunner()
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
PAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
    b"/Resources << /Font << /F1 5 0 R >> >> >>"
)
LINES = (
    "1. The council had 232 unallocated cases in March.",
    "2. The figure rose from 180 a year before.",
)
#: The most the command itself may allocate while refusing a PDF (it loads the dossier).
PARENT_PEAK = 32 * 2**20


# --- PDF syntax, by hand -------------------------------------------------------------------


def build(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of ``objects`` (numbered from 1; 1 is the catalogue), with its xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def stream(data: bytes, *, flate: bool = False, extra: bytes = b"") -> bytes:
    """A stream object's body (compressed when ``flate``)."""
    if flate:
        data, extra = zlib.compress(data, 9), extra + b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def text(lines: tuple[str, ...] = LINES) -> bytes:
    """Content that shows ``lines`` in Helvetica, one under the other."""
    shown = b"".join(b"(%s) Tj T* " % line.encode("latin-1") for line in lines)
    return b"BT /F1 12 Tf 14 TL 72 600 Td " + shown + b"ET\n"


def one_page(
    content: bytes | None = None,
    *,
    catalog: bytes = b"",
    pages: bytes = b"",
    more: tuple[bytes, ...] = (),
    trailer: bytes = b"",
    flate: bool = False,
) -> bytes:
    """A one-page PDF showing ``content`` (objects 1-5, then ``more`` from 6)."""
    return build(
        [
            b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 %s>>" % pages,
            PAGE,
            stream(text() if content is None else content, flate=flate),
            FONT,
            *more,
        ],
        trailer,
    )


def rc4(key: bytes, data: bytes) -> bytes:
    """RC4, the cipher of the PDF standard security handler, revision 2."""
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(byte ^ box[(box[i] + box[j]) % 256])
    return bytes(out)


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def encrypted(user: bytes, owner: bytes) -> bytes:
    """A one-page PDF encrypted with these passwords (ISO 32000-1, 7.6.3.3-4, revision 2)."""

    def pad(password: bytes) -> bytes:
        return (password + _PAD)[:32]

    permissions = struct.pack("<i", -44)
    file_id = b"0123456789abcdef"
    o_value = rc4(hashlib.md5(pad(owner)).digest()[:5], pad(user))
    key = hashlib.md5(pad(user) + o_value + permissions + file_id).digest()[:5]
    u_value = rc4(key, _PAD)
    object_key = hashlib.md5(key + struct.pack("<i", 4)[:3] + b"\0\0").digest()[:10]
    security = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>" % (
        o_value.hex().encode(),
        u_value.hex().encode(),
    )
    content = rc4(object_key, text())
    return build(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            PAGE,
            stream(content),
            FONT,
            security,
        ],
        b"/Encrypt 6 0 R /ID [<%s> <%s>] " % (file_id.hex().encode(), file_id.hex().encode()),
    )


def many_pages(count: int, content: bytes | None = None) -> bytes:
    """``count`` pages sharing one content stream (a few dozen bytes a page)."""
    kids = b" ".join(b"%d 0 R" % (6 + k) for k in range(count))
    return build(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
            b"<< >>",
            stream(text() if content is None else content, flate=True),
            FONT,
            *[PAGE] * count,
        ]
    )


def deep_page_tree(depth: int) -> bytes:
    """A page ``depth`` page-tree nodes down."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        parent = b"/Parent %d 0 R " % (level + 1) if level else b""
        objects.append(b"<< /Type /Pages %s/Kids [%d 0 R] /Count 1 >>" % (parent, level + 3))
    leaf = depth + 2
    objects += [
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (leaf - 1, leaf + 1, leaf + 2),
        stream(text()),
        FONT,
    ]
    return build(objects)


def nested_forms(depth: int) -> bytes:
    """A page that draws a form that draws a form ... ``depth`` deep."""
    forms = []
    for level in range(depth):
        inner = b"/XObject << /X %d 0 R >> " % (7 + level) if level < depth - 1 else b""
        forms.append(
            stream(
                b"q /X Do Q\n" if inner else text(("deep",)),
                extra=b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                b"/Resources << /Font << /F1 5 0 R >> " + inner + b">>",
            )
        )
    page = PAGE.replace(b">> >> >>", b">> /XObject << /X 6 0 R >> >> >>")
    return build(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page,
            stream(text() + b"/X Do\n"),
            FONT,
            *forms,
        ]
    )


def bomb() -> bytes:
    """One page whose 1 MB content stream inflates to over 1 GiB (made in 1 MB pieces)."""
    packer = zlib.compressobj(9)
    piece = b" " * 2**20
    body = packer.compress(text()) + b"".join(packer.compress(piece) for _ in range(1100))
    body += packer.flush()
    return build(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            PAGE,
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(body), body),
            FONT,
        ]
    )


def damaged() -> bytes:
    """A PDF whose objects are overwritten with noise, its head and tail intact."""
    whole = bytearray(one_page())
    start, end = whole.index(b"1 0 obj"), whole.index(b"xref")
    whole[start:end] = bytes((k * 97 + 13) % 256 for k in range(end - start))
    return bytes(whole)


def broken_xref() -> bytes:
    """A PDF whose cross-reference table points nowhere (a reader rebuilds it)."""
    whole = bytearray(one_page())
    start = whole.index(b"xref") + 30
    whole[start : start + 60] = b"9" * 60
    return bytes(whole)


def truncated() -> bytes:
    """The first half of a three-page PDF: a download cut short."""
    whole = many_pages(3)
    return whole[: len(whole) // 2]


def javascript() -> bytes:
    """A PDF that asks to run JavaScript when opened, and names more in its catalogue."""
    action = b"<< /S /JavaScript /JS (app.alert\\('run'\\); this.exportDataObject\\({}\\);) >>"
    return one_page(
        catalog=b"/OpenAction 6 0 R /Names << /JavaScript << /Names [(x) 6 0 R] >> >> ",
        more=(action,),
    )


def operators(count: int) -> bytes:
    """A page of ``count`` one-letter text operators (tens of MB of content, compressed)."""
    return one_page(text() + b"BT /F1 1 Tf " + b"(x) Tj " * count + b"ET\n", flate=True)


def thin_lines(count: int) -> bytes:
    """Content drawing ``count`` hairlines (each a path object, each a table rule)."""
    return b"".join(
        b"%d %d m %d %d l S\n" % (72, 100 + k % 600, 300, 100 + k % 600) for k in range(count)
    )


# --- the catalogue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Hostile:
    """A PDF that is refused, with what the one line must say."""

    make: Callable[[], bytes]
    says: tuple[str, ...]


REFUSED = {
    "password": Hostile(
        lambda: encrypted(b"secret", b"owner"),
        ("is protected by a password; not read", "save or print a copy without one"),
    ),
    "damaged": Hostile(damaged, ("is damaged or is not a PDF the reader understands",)),
    "truncated": Hostile(
        truncated, ("is incomplete: it does not end with %%EOF", "Download or copy it again")
    ),
    "html saved as .pdf": Hostile(
        lambda: b"<!DOCTYPE html>\n<html><body><h1>404 Not Found</h1></body></html>\n",
        ("is not a PDF file (it does not start with %PDF-)",),
    ),
    "empty": Hostile(lambda: b"", ("is not a PDF file",)),
    "page tree loop": Hostile(
        lambda: one_page().replace(b"/Kids [3 0 R] /Count 1", b"/Kids [3 0 R 2 0 R] /Count 2"),
        ("is damaged or is not a PDF the reader understands",),
    ),
    "page tree 5,000 deep": Hostile(
        lambda: deep_page_tree(5000), ("is damaged or is not a PDF the reader understands",)
    ),
    "decompression bomb": Hostile(
        bomb,
        (
            "could not be read within the memory and time a source may take",
            "a damaged or hostile PDF",
        ),
    ),
    "10,000 pages": Hostile(
        lambda: many_pages(10_000),
        ("has 10,000 pages; a source may have at most 2,000", "Split it into parts"),
    ),
    "a page count that lies": Hostile(
        lambda: one_page().replace(b"/Count 1", b"/Count 500000"),
        ("has 500,000 pages; a source may have at most 2,000",),
    ),
    "unreadable content": Hostile(
        lambda: one_page(b"x" * 40).replace(b"/Length 40", b"/Length 40 /Filter /FlateDecode"),
        ("has no text that can be cited",),
    ),
}

READ = {
    "javascript": javascript,
    "owner password only": lambda: encrypted(b"", b"owner"),
    "cross-reference table rebuilt": broken_xref,
    "content nested 200,000 deep": lambda: one_page(
        text() + b"[" * 200_000 + b"]" * 200_000 + b" pop\n", flate=True
    ),
    "object nested 100,000 deep": lambda: one_page(
        pages=b"/X " + b"[" * 100_000 + b"]" * 100_000 + b" "
    ),
    "forms nested 3,000 deep": lambda: nested_forms(3000),
    "a form that draws itself": lambda: build(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            PAGE.replace(b">> >> >>", b">> /XObject << /X 6 0 R >> >> >>"),
            stream(text() + b"/X Do\n"),
            FONT,
            stream(
                b"/X Do\n",
                extra=b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                b"/Resources << /XObject << /X 6 0 R >> >>",
            ),
        ]
    ),
    "a title with a lone surrogate": lambda: one_page(
        more=(b"<< /Title <FEFFD8000041> /Author (%s) >>" % (b"A" * 100_000),),
        trailer=b"/Info 6 0 R ",
    ),
}


def snapshot(root: Path) -> dict[str, bytes]:
    """The dossier's files, and what its reads cache holds (never a refused PDF's reading)."""
    files = {k: v for k, v in snapshot_all(root).items() if not k.startswith(".drafting-cache")}
    reads = root / ".drafting-cache" / "reads"
    files["reads"] = (
        "\n".join(sorted(p.name for p in reads.glob("*"))).encode() if reads.is_dir() else b""
    )
    return files


def add(root: Path, path: Path) -> tuple[object, int]:
    """``evidence add PATH --no-input``, and the most memory it allocated meanwhile."""
    tracemalloc.start()
    try:
        result = runner.invoke(
            app, ["--dossier", str(root), "evidence", "add", str(path), "--no-input"]
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak


@pytest.mark.parametrize("name", list(REFUSED))
def test_a_hostile_pdf_is_one_line_and_nothing_is_written(name, bundled_copy, tmp_path):
    """Exit 2, one line saying what is wrong and what to do, the dossier as it was, and
    the command's own memory small (the PDF is read in the bounded child)."""
    hostile = REFUSED[name]
    path = tmp_path / "hostile.pdf"
    path.write_bytes(hostile.make())
    before = snapshot(bundled_copy)
    result, peak = add(bundled_copy, path)
    output = refused(result, 2, "hostile.pdf: ", *hostile.says)
    assert len(output.strip().splitlines()) == 1, output
    assert snapshot(bundled_copy) == before
    assert peak < PARENT_PEAK + 2 * path.stat().st_size


@pytest.mark.parametrize("name", list(READ))
def test_an_unusual_pdf_reads_as_any_other(name, bundled_copy, tmp_path):
    """JavaScript is never run (nor read as text); an owner password, a rebuilt xref and
    deep nesting read normally."""
    path = tmp_path / "odd.pdf"
    path.write_bytes(READ[name]())
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(bundled_copy),
            "evidence",
            "add",
            str(path),
            "--no-input",
            "--format",
            "json",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    kept = (bundled_copy / "seeds" / "odd.pdf").read_bytes()
    assert kept == path.read_bytes()
    read = pdf.read_pdf(kept, path)
    text = join(list(read.blocks))[0]
    assert "The council had 232 unallocated cases in March." in text
    assert "app.alert" not in text and "exportDataObject" not in text


def test_the_password_pdf_is_really_encrypted(tmp_path):
    """The catalogue's password PDF opens with its password (so it is refused for the
    password, not for damage)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(encrypted(b"secret", b"owner"), password="secret")
    try:
        assert "232 unallocated" in document[0].get_textpage().get_text_range()
    finally:
        document.close()


@pytest.mark.skipif(not ocr.available(), reason="Tesseract is not installed")
def test_a_scan_too_large_to_render_is_one_line(bundled_copy, tmp_path):
    """A page with only a picture is a scan, rendered for OCR: one 200 inches square would
    take gigabytes, and is refused within the child's limits."""
    picture = stream(
        b"\x80",
        extra=b" /Type /XObject /Subtype /Image /Width 1 /Height 1 "
        b"/ColorSpace /DeviceGray /BitsPerComponent 8",
    )
    page = PAGE.replace(b"[0 0 612 792]", b"[0 0 14400 14400]").replace(
        b"/Font << /F1 5 0 R >>", b"/XObject << /I 6 0 R >>"
    )
    path = tmp_path / "scan.pdf"
    path.write_bytes(
        build(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                page,
                stream(b"q 14400 0 0 14400 0 0 cm /I Do Q"),
                FONT,
                picture,
            ]
        )
    )
    before = snapshot(bundled_copy)
    result, _ = add(bundled_copy, path)
    refused(result, 2, "scan.pdf: could not be read within the memory and time")
    assert snapshot(bundled_copy) == before


# --- the limits, each shown to hold ------------------------------------------------------------


def test_millions_of_text_operators_stop_at_the_memory_limit(bundled_copy, tmp_path, monkeypatch):
    """3 million operators take PDFium about 1.7 GB: under a lower limit they are refused
    in one line, as a larger page would be under the real one."""
    monkeypatch.setattr(child, "MEMORY", 768 * 2**20)
    path = tmp_path / "ops.pdf"
    path.write_bytes(operators(3_000_000))
    before = snapshot(bundled_copy)
    result, _ = add(bundled_copy, path)
    refused(
        result,
        2,
        "could not be read within the memory and time a source may take "
        "(768 MB, 120 s of processor time, 300 s in all)",
    )
    assert snapshot(bundled_copy) == before


def test_processor_time_is_limited(tmp_path, monkeypatch):
    """A PDF that keeps the child busy past its processor time is stopped: one line."""
    monkeypatch.setattr(child, "CPU_SECONDS", 1)
    data = operators(2_000_000)
    with pytest.raises(pdf.SourceError, match="could not be read within the memory and time"):
        pdf.extract_pages(data, tmp_path / "busy.pdf")


def fake_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    """Replace the PDF child by a script (what a PDF engine gone wrong could do)."""
    script = tmp_path / "fake_child.py"
    script.write_text(
        f"import sys, os, time, signal\nsys.stdin.buffer.read()\n{body}\n", encoding="utf-8"
    )
    monkeypatch.setattr(child, "COMMAND", (str(script),))


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("sys.stdout.write('[' * (40 * 2**20))", "could not be read within the memory and time"),
        ("sys.stdout.write('{\"pages\": ' + '[' * 100000)", "the PDF reader gave no answer"),
        ("os.kill(os.getpid(), signal.SIGKILL)", "could not be read within the memory and time"),
        ("time.sleep(60)", "could not be read within the memory and time"),
        ("sys.stdout.write('[1, 2]')", "is damaged or is not a PDF the reader understands"),
    ],
)
def test_the_parent_bounds_what_the_child_does(body, says, tmp_path, monkeypatch):
    """An answer over the limit is not read at all, a damaged or nested one is refused, a
    child killed or hung is one line: the parent never reads more than MAX_ANSWER."""
    monkeypatch.setattr(child, "WALL_SECONDS", 2)
    fake_child(tmp_path, monkeypatch, body)
    tracemalloc.start()
    try:
        with pytest.raises(pdf.SourceError, match=says):
            pdf.extract_pages(one_page(), tmp_path / "x.pdf")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < child.MAX_ANSWER


def test_an_answer_over_the_limit_is_refused_by_the_child(tmp_path, monkeypatch):
    """The child stops once its answer would be longer than the parent reads."""
    monkeypatch.setattr(child, "MAX_ANSWER", 4096)
    with pytest.raises(
        pdf.SourceError,
        match=r"holds more lines and positions than a "
        r"source may \(over 4 KB read\)",
    ):
        pdf.extract_pages(many_pages(40), tmp_path / "long.pdf")


def test_text_over_the_source_limit_is_refused_before_it_is_laid_out(tmp_path, monkeypatch):
    """The child counts the characters: past the source text limit it stops reading."""
    from evidence.readers import blocks

    monkeypatch.setattr(blocks, "MAX_TEXT", 2000)
    with pytest.raises(pdf.SourceError, match="its text is over the 2 KB limit for a source"):
        pdf.extract_pages(many_pages(40), tmp_path / "long.pdf")


def test_a_page_of_a_million_objects_is_looked_at_only_so_far():
    """Ruling lines and images are looked for among at most MAX_PAGE_OBJECTS objects."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(one_page(text() + thin_lines(60_000), flate=True))
    try:
        page = document[0]
        rules, images = pdfpages._rules(page.raw, 792)
    finally:
        document.close()
    assert 40_000 < len(rules) <= pdfpages.MAX_PAGE_OBJECTS and images == 0


def test_the_table_rules_work_is_bounded_across_the_pages():
    """Pages drawn with thousands of strokes: the rules sent are bounded (the sum of
    each page's count squared), so laying them out takes bounded time."""
    answer = json.loads(pdfpages.extract(many_pages(6, text() + thin_lines(1200)), 10**6, 10**9))
    counts = [len(page["rules"]) for page in answer["pages"]]
    assert counts[0] == 1200 and sum(n * n for n in counts) <= pdfpages.MAX_RULE_WORK


def test_long_labels_and_metadata_are_not_copied():
    """A page label or a title too long to be one is left out, not copied per page."""
    labels = b"/PageLabels << /Nums [0 << /S /D /P (%s) >>] >> " % (b"p" * 50_000)
    data = one_page(
        catalog=labels,
        more=(b"<< /Title (%s) /Author (Ann) >>" % (b"T" * 9000),),
        trailer=b"/Info 6 0 R ",
    )
    answer = json.loads(pdfpages.extract(data, 10**6, 10**9))
    assert answer["pages"][0]["label"] is None
    assert answer["meta"] == {"Author": "Ann"}


def test_a_pdf_is_read_once_when_added(bundled_copy, tmp_path, monkeypatch):
    """Adding a PDF reads it in the child once: the dossier then loads it from the cache."""
    calls = []
    real = child.run_child

    def counted(*args, **kwargs):
        calls.append(args[2][0])
        return real(*args, **kwargs)

    monkeypatch.setattr(child, "run_child", counted)
    path = tmp_path / "report.pdf"
    path.write_bytes(many_pages(3))
    result = runner.invoke(
        app,
        ["--dossier", str(bundled_copy), "evidence", "add", str(path), "--no-input"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert calls == ["read"]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert len(list((bundled_copy / ".drafting-cache" / "reads").glob(f"{digest}-*.json"))) == 1


def test_a_pdf_is_read_to_the_pdf_size_limit_not_the_word_one(bundled_copy, tmp_path, monkeypatch):
    """A PDF larger than a .docx may be is added (up to the PDF limit)."""
    import evidence.sources

    monkeypatch.setattr(evidence.sources, "MAX_DOCX", 100)
    path = tmp_path / "report.pdf"
    path.write_bytes(one_page())
    result = runner.invoke(
        app,
        ["--dossier", str(bundled_copy), "evidence", "add", str(path), "--no-input"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output


# --- the reads cache -------------------------------------------------------------------------


def cached_at(cache: Path, data: bytes) -> Path:
    return cache / f"{hashlib.sha256(data).hexdigest()}-{pdf.reader_version()}.json"


def good_entry(data: bytes, tmp_path: Path) -> dict[str, object]:
    cache = tmp_path / "good"
    pdf.read_pdf(data, tmp_path / "x.pdf", cache)
    entry: dict[str, object] = json.loads(cached_at(cache, data).read_text(encoding="utf-8"))
    return entry


def _edit(change: Callable[[dict], None]) -> Callable[[dict], str]:
    def edited(entry: dict) -> str:
        change(entry)
        return json.dumps(entry)

    return edited


def _set(path: tuple[object, ...], value: object) -> Callable[[dict], str]:
    def change(entry: dict) -> None:
        target = entry
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return _edit(change)


DAMAGED_CACHE: dict[str, Callable[[dict], str | bytes]] = {
    "truncated": lambda e: json.dumps(e)[:40],
    "not UTF-8": lambda e: b"\xff\xfe" + json.dumps(e).encode("utf-16-le"),
    "not an object": lambda e: json.dumps([e]),
    "a key missing": _edit(lambda e: e.pop("first")),
    "a key more": _set(("extra",), 1),
    "nested 100,000 deep": lambda e: "[" * 100_000 + "]" * 100_000,
    "too many lists": _set(("blocks",), [["x", None, None, 0, [], None]] * 600_000),
    "over the size limit": lambda e: json.dumps({**e, "meta": {"x": "y" * (40 * 2**20)}}),
    "a block of five": _set(("blocks", 0), ["text", None, None, 0, []]),
    "a block not a list": _set(("blocks", 0), {"text": "x"}),
    "lead past the text": _set(("blocks", 0, 3), 10**6),
    "lead a boolean": _set(("blocks", 0, 3), True),
    "text a number": _set(("blocks", 0, 0), 42),
    "page number zero": _set(("blocks", 0, 4), [[0, 0, None]]),
    "page number huge": _set(("blocks", 0, 4), [[0, 10**30, None]]),
    "page offset past the text": _set(("blocks", 0, 4), [[0, 1, None], [10**9, 1, None]]),
    "page offsets backwards": _set(("blocks", 0, 4), [[5, 1, None], [0, 1, None]]),
    "page offset infinite": _set(("blocks", 0, 4), [[float("inf"), 1, None]]),
    "ocr not a number": _set(("blocks", 0, 5), "high"),
    "ocr NaN": _set(("blocks", 0, 5), float("nan")),
    "ocr pages not numbers": _set(("ocr",), ["1"]),
    "meta not text": _set(("meta",), {"Title": ["x"]}),
    "no blocks": _set(("blocks",), []),
    "text over the source limit": _set(("blocks", 0, 0), "x" * (5 * 2**20)),
}


@pytest.mark.parametrize("name", list(DAMAGED_CACHE))
def test_a_damaged_cached_reading_is_read_again(name, tmp_path, monkeypatch):
    """Whatever is in the cache file, the PDF reads as it does fresh (never a crash),
    and the cache then holds a good reading again."""
    data = one_page()
    fresh = pdf.read_pdf(data, tmp_path / "x.pdf")
    good = good_entry(data, tmp_path)
    damaged = DAMAGED_CACHE[name](json.loads(json.dumps(good)))
    assert damaged != json.dumps(good)
    cache = tmp_path / "reads"
    cache.mkdir()
    where = cached_at(cache, data)
    if isinstance(damaged, str):
        damaged = damaged.encode("utf-8")
    where.write_bytes(damaged)
    assert pdf.read_pdf(data, tmp_path / "x.pdf", cache) == fresh
    assert pdf.read_pdf(data, tmp_path / "x.pdf", cache) == fresh
    assert json.loads(where.read_text(encoding="utf-8")) == good


def test_a_cache_that_is_a_folder_or_a_fifo_is_a_miss(tmp_path):
    """Not a regular file: read from the PDF, no hang."""
    data = one_page()
    fresh = pdf.read_pdf(data, tmp_path / "x.pdf")
    cache = tmp_path / "reads"
    cache.mkdir()
    cached_at(cache, data).mkdir()
    assert pdf.read_pdf(data, tmp_path / "x.pdf", cache) == fresh
    other = one_page(text(("1. Another text with 12 figures.",)))
    os.mkfifo(cached_at(cache, other))
    assert "12 figures" in pdf.read_pdf(other, tmp_path / "y.pdf", cache).blocks[0].text


def test_a_good_cached_reading_is_believed(tmp_path, monkeypatch):
    """A well-formed reading is used without running the child."""
    data = one_page()
    cache = tmp_path / "reads"
    first = pdf.read_pdf(data, tmp_path / "x.pdf", cache)

    def no_child(*args: object, **kwargs: object) -> None:
        raise AssertionError("the child ran")

    monkeypatch.setattr(child, "run_child", no_child)
    assert pdf.read_pdf(data, tmp_path / "x.pdf", cache) == first


def test_a_reading_too_large_to_read_back_is_not_cached(tmp_path, monkeypatch):
    """The cache never holds a file it would refuse to read: such a PDF is read each time."""
    monkeypatch.setattr(pdf, "MAX_CACHED", 100)
    cache = tmp_path / "reads"
    read = pdf.read_pdf(one_page(), tmp_path / "x.pdf", cache)
    assert read.blocks and not list(cache.glob("*.json"))


@pytest.mark.skipif(sys.platform != "linux", reason="rlimits as on Linux")
def test_the_limits_message_names_the_limits():
    """The message says what the limits are."""
    assert child.limits_message() == (
        "could not be read within the memory and time a source may take (2 GB, 120 s of "
        "processor time, 300 s in all): a damaged or hostile PDF; not read"
    )
