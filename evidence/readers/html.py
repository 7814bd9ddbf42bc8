"""An HTML page's bytes as text, in the encoding the page is really in.

:func:`decode_page` decides as a browser does, in this order: a byte-order mark (UTF-8,
UTF-16, UTF-32); else the charset the page declares (``<meta charset=...>``, the
``http-equiv`` Content-Type's ``charset=``, an XML declaration's ``encoding=``), with the
labels browsers treat as another encoding mapped to it (ISO-8859-1 and ASCII are read as
windows-1252, as every browser reads them); else UTF-8 if the bytes are UTF-8; else the
encoding trafilatura's own detector finds, when the likeliest encodings agree, and
windows-1252 when they do not (the encoding a browser in the UK falls back to for a page
that does not say). Bytes that are not text in the encoding chosen, or that no encoding
reads, are an error naming them, never characters silently replaced.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from evidence.errors import SourceError

#: Byte-order marks, longest first (UTF-32 LE starts with UTF-16 LE's mark).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: How much of a page's start is searched for a declared charset.
PRESCAN = 8192
_META = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
_XML = re.compile(rb"\A\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._:-]+)", re.IGNORECASE)
#: Labels browsers read as a superset (the WHATWG Encoding Standard's mapping).
_AS_BROWSERS_READ = {
    **dict.fromkeys(
        (
            "latin1",
            "latin-1",
            "l1",
            "iso-8859-1",
            "iso8859-1",
            "iso88591",
            "iso_8859-1",
            "iso_8859-1:1987",
            "iso-ir-100",
            "cp819",
            "ibm819",
            "csisolatin1",
            "ascii",
            "us-ascii",
            "ansi_x3.4-1968",
            "x-cp1252",
        ),
        "windows-1252",
    ),
    **dict.fromkeys(
        ("iso-8859-9", "iso8859-9", "iso88599", "iso_8859-9", "latin5", "l5"), "windows-1254"
    ),
    **dict.fromkeys(("iso-8859-11", "iso8859-11", "tis-620", "dos-874"), "windows-874"),
    **dict.fromkeys(("gb2312", "gbk", "x-gbk", "chinese", "csgb2312"), "gb18030"),
    **dict.fromkeys(("euc-kr", "ks_c_5601-1987", "windows-949", "korean"), "cp949"),
    **dict.fromkeys(
        ("shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j"), "cp932"
    ),
    # a declaration read in ASCII-compatible bytes cannot be right about UTF-16
    **dict.fromkeys(("utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le", "utf-32be"), "utf-8"),
}
_HINT = (
    "Open the page in a browser and save it again (Save Page As, 'Webpage, HTML only'), "
    "or save the article's text as a .txt file in UTF-8 and add that"
)


def declared_charset(raw: bytes) -> tuple[str, str] | None:
    """The label a page's start declares and the encoding browsers read it as, or None.

    A label Python does not know is no declaration (browsers ignore it too).
    """
    head = raw[:PRESCAN]
    found = _XML.search(head) or _META.search(head)
    if found is None:
        return None
    label = found.group(1).decode("ascii").lower()
    encoding = _AS_BROWSERS_READ.get(label, label)
    try:
        codecs.lookup(encoding)
    except LookupError:
        return None
    return label, encoding


def _strict(raw: bytes, encoding: str, why: str, path: Path) -> str:
    """``raw`` decoded as ``encoding``; bytes that are not text in it are a SourceError."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        byte = raw[error.start : error.start + 1].hex().upper()
        raise SourceError(
            f"{why}, but byte 0x{byte} at offset {error.start:,} is not {encoding} text; not added",
            path=path,
            hint=_HINT,
        ) from None


def _word_at(text: str, at: int) -> str:
    """The run of non-space characters around ``text[at]``."""
    start = max(text.rfind(" ", 0, at), text.rfind(">", 0, at)) + 1
    ends = [i for i in (text.find(" ", at), text.find("<", at)) if i >= 0]
    return text[start : min(ends, default=len(text))][:40]


def _sniffed(raw: bytes, path: Path) -> str:
    """``raw`` in the encoding trafilatura's detector finds, if every likely one agrees.

    The detector (charset_normalizer, as trafilatura uses it) ranks the encodings the bytes
    could be in; when the two likeliest read them differently, the page is read as
    windows-1252, as browsers for English-language readers do; bytes that windows-1252
    cannot read either are refused with both readings.

    Raises:
        SourceError: no encoding reads the bytes, or the two likeliest read them differently.
    """
    from trafilatura.utils import detect_encoding

    readings: list[tuple[str, str]] = []
    for guess in detect_encoding(raw):
        try:
            readings.append((guess, raw.decode(guess)))
        except (LookupError, UnicodeDecodeError):
            continue
        if len(readings) == 2:
            break
    if not readings:
        raise SourceError(
            "is not UTF-8, declares no encoding (no <meta charset>), and no "
            "encoding reads its bytes; not added",
            path=path,
            hint=_HINT,
        )
    if len(readings) == 2 and readings[0][1] != readings[1][1]:
        try:  # the detector cannot decide: what a browser in the UK falls back to
            return raw.decode("windows-1252")
        except UnicodeDecodeError:
            pass
        (one, first), (other, second) = readings
        at = next(i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b)
        raise SourceError(
            f"is not UTF-8 and declares no encoding (no <meta charset>); its bytes read as "
            f"{one} (“{_word_at(first, at)}”) or as {other} (“{_word_at(second, at)}”); "
            "not added",
            path=path,
            hint=f'Add <meta charset="{one}"> (or the right one) to its <head>, or save the '
            "article's text as a .txt file in UTF-8 and add that",
        )
    return readings[0][1]


def decode_page(raw: bytes, path: Path) -> str:
    """The text of an HTML page's bytes: by BOM, declared charset, UTF-8, else sniffed.

    Raises:
        SourceError: the bytes are not text in the encoding their BOM or their page
            declares, or in any encoding the detector finds.
    """
    for bom, name in _BOMS:
        if raw.startswith(bom):
            label = name.upper().removesuffix("-LE").removesuffix("-BE")
            return _strict(raw[len(bom) :], name, f"starts with a {label} byte-order mark", path)
    if raw[:1] == b"\x00" or raw[1:2] == b"\x00":  # '<' or a space, in UTF-16 without a mark
        name = "utf-16-be" if raw[:1] == b"\x00" else "utf-16-le"
        return _strict(raw, name, "holds NUL bytes (UTF-16 without a byte-order mark)", path)
    declared = declared_charset(raw)
    if declared is not None:
        label, encoding = declared
        read_as = f" (read as {encoding}, as browsers do)" if encoding != label else ""
        return _strict(raw, encoding, f"declares its encoding as {label}{read_as}", path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _sniffed(raw, path)
