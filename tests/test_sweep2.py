"""Defect classes of the second hostile sweep (#19): page encodings, locators, review's
time in quotations, mail-merge name templates, council profiles' numbers, usage errors."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafting.cli import app
from evidence.errors import SourceError
from evidence.readers.html import decode_page
from tests.faults import snapshot

runner = CliRunner()

# ---- 4. an HTML page is read in the encoding it is in --------------------------------------

TITLE = "Council’s “budget” café"
BODY = ("The council’s budget of £5m was cut in March 2021, said the café owner who runs "
        "a business in the town.")
PAGE = ("<html><head>{meta}<title>{title}</title></head><body><article><p>{body}</p><p>Another "
        "paragraph with enough words to be an article body for the extractor to find."
        "</p></article></body></html>")


def _page(meta: str, title: str = TITLE, body: str = BODY) -> str:
    return PAGE.format(meta=meta, title=title, body=body)


@pytest.mark.parametrize(("meta", "encoding"), [
    ("<meta charset='windows-1252'>", "cp1252"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', "cp1252"),
    ('<META HTTP-EQUIV="content-type" CONTENT="text/html;charset=ISO-8859-1">', "cp1252"),
    ("<meta charset=iso-8859-15>", "iso-8859-15"),
])
def test_a_page_is_read_in_the_charset_it_declares(meta, encoding):
    """<meta charset>, the http-equiv Content-Type, ISO-8859-1 read as windows-1252."""
    body = BODY if encoding == "cp1252" else BODY.replace("’", "'")
    title = TITLE if encoding == "cp1252" else TITLE.replace("’", "'").replace("“", '"') \
        .replace("”", '"')
    raw = _page(meta, title, body).encode(encoding)
    text = decode_page(raw, Path("p.html"))
    assert body in text and title in text and "\ufffd" not in text


def test_iso_8859_1_is_read_as_browsers_read_it():
    """A page labelled ISO-8859-1 with curly quotes (bytes 0x92, 0x93) keeps them."""
    raw = _page("<meta charset=ISO-8859-1>").encode("cp1252")
    assert b"\x92" in raw
    assert TITLE in decode_page(raw, Path("p.html"))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-8", "utf-32-le"])
def test_a_page_with_a_byte_order_mark_is_read_by_it(encoding):
    """UTF-16 LE/BE, UTF-8 and UTF-32 with their BOM, whatever the page declares."""
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-8": codecs.BOM_UTF8, "utf-32-le": codecs.BOM_UTF32_LE}[encoding]
    raw = bom + _page("<meta charset='windows-1252'>").encode(encoding)
    text = decode_page(raw, Path("p.html"))
    assert text.startswith("<html>") and TITLE in text and BODY in text


def test_a_utf16_page_without_a_mark_is_read_by_its_nul_bytes():
    """UTF-16 with no BOM: the NUL bytes of its ASCII say which order."""
    for encoding in ("utf-16-le", "utf-16-be"):
        assert TITLE in decode_page(_page("").encode(encoding), Path("p.html"))


def test_an_undeclared_page_is_utf8_else_sniffed_or_refused_with_its_readings():
    """No declaration: UTF-8 when it is UTF-8; else the detector's encoding when the likely
    ones agree, and when they disagree an error showing a word as each reads it."""
    assert BODY in decode_page(_page("").encode("utf-8"), Path("p.html"))
    russian = "Городской совет утвердил бюджет на следующий год. "
    text = decode_page(_page("", "Совет", russian * 5).encode("koi8-r"), Path("p.html"))
    assert russian in text and "Совет" in text
    with pytest.raises(SourceError) as error:
        decode_page(_page("").encode("cp1252"), Path("p.html"))
    message = str(error.value)
    assert "p.html: is not UTF-8 and declares no encoding (no <meta charset>); its bytes read " \
        "as " in message and "(“£5m”)" in message and "(“Ł5m”)" in message and '<meta charset="' in message


@pytest.mark.parametrize(("raw", "fragment"), [
    (_page("<meta charset='utf-8'>").encode("cp1252"),
     "p.html: declares its encoding as utf-8, but byte 0x92 at offset"),
    (codecs.BOM_UTF8 + _page("").encode("cp1252"),
     "p.html: starts with a UTF-8 byte-order mark, but byte 0x92"),
    (_page("<meta charset='windows-1252'>").encode("cp1252").replace(b"\x92", b"\x81"),
     "declares its encoding as windows-1252, but byte 0x81"),
])
def test_a_page_that_lies_about_its_encoding_is_refused(raw, fragment):
    """Declared (or marked) one encoding, bytes in another: one line, not U+FFFD."""
    with pytest.raises(SourceError) as error:
        decode_page(raw, Path("p.html"))
    assert fragment in str(error.value) and "\n" not in str(error.value)


def _add(root: Path, page: Path):
    return runner.invoke(app, ["--dossier", str(root), "evidence", "add", str(page),
                               "--no-input", "--kind", "news"])


def test_evidence_add_keeps_a_windows_1252_page_and_its_title(bundled_copy, tmp_path):
    """End to end: the text kept and the title offered are the page's own characters."""
    page = tmp_path / "budget.html"
    page.write_bytes(_page("<meta charset='windows-1252'>").encode("cp1252"))
    result = _add(bundled_copy, page)
    assert result.exit_code == 0, result.output
    kept = (bundled_copy / "seeds" / "budget.txt").read_text(encoding="utf-8")
    assert BODY in kept
    manifest = (bundled_copy / "seeds" / "sources.yaml").read_text(encoding="utf-8")
    assert TITLE in manifest


def test_evidence_add_refuses_a_lying_page_and_writes_nothing(bundled_copy, tmp_path):
    """Declared UTF-8, bytes windows-1252: exit 2, one line, the dossier unchanged."""
    page = tmp_path / "budget.html"
    page.write_bytes(_page("<meta charset='utf-8'>").encode("cp1252"))
    before = snapshot(bundled_copy)
    result = _add(bundled_copy, page)
    assert result.exit_code == 2
    assert "budget.html: declares its encoding as utf-8, but byte 0x92" in result.output
    assert snapshot(bundled_copy) == before
