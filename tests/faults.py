"""Fault injectors for tests: hostile files and a failing filesystem, made on the spot.

Tests run as root in CI, where a read-only folder is still writable, so
filesystem failures are injected where the one writer (:mod:`evidence.fsio`)
meets the operating system.
"""

from __future__ import annotations

import errno
import os
import stat
import struct
import zipfile
import zlib
from pathlib import Path

import pytest


def _local(name: bytes, method: int, crc: int, csize: int, usize: int) -> bytes:
    return (
        struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, csize, usize, len(name), 0
        )
        + name
    )


def _central(name: bytes, method: int, crc: int, csize: int, usize: int, offset: int) -> bytes:
    return (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            method,
            0,
            0x21,
            crc,
            csize,
            usize,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        + name
    )


def add_zip_bomb(docx: Path, *, part: str = "word/media/filler.bin", size: int = 2**30) -> Path:
    """Rewrite ``docx`` with one more part: ``size`` zero bytes deflated to about size/1000.

    The deflate stream is one full-flushed block of a megabyte of zeros repeated, so a
    1 GB part costs half a second to make (its CRC is real: an honest bomb).
    """
    mb = b"\0" * 2**20
    assert size % len(mb) == 0
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(mb) + packer.flush(zlib.Z_FULL_FLUSH)
    stream = block * (size // len(mb)) + b"\x03\x00"
    crc = 0
    for _ in range(size // len(mb)):
        crc = zlib.crc32(mb, crc)
    with zipfile.ZipFile(docx) as archive:
        entries = [(i.filename.encode(), archive.read(i)) for i in archive.infolist()]
    out = bytearray()
    central = bytearray()
    for name, data in entries:
        offset = len(out)
        out += _local(name, 0, zlib.crc32(data), len(data), len(data)) + data
        central += _central(name, 0, zlib.crc32(data), len(data), len(data), offset)
    offset = len(out)
    out += _local(part.encode(), 8, crc, len(stream), size) + stream
    central += _central(part.encode(), 8, crc, len(stream), size, offset)
    count = len(entries) + 1
    out += central + struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(out), 0
    )
    docx.write_bytes(bytes(out))
    return docx


def replace_part(docx: Path, name: str, data: bytes) -> Path:
    """Rewrite ``docx`` with part ``name`` holding ``data`` (a hand edit of its XML)."""
    with zipfile.ZipFile(docx) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts[name] = data
    with zipfile.ZipFile(docx, "w") as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
    return docx


def fail_writes(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Make every file the project writes fail with ``OSError(code)`` when it is flushed."""
    import evidence.fsio

    def refuse(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(evidence.fsio.os, "fsync", refuse)


def fail_temp_files(monkeypatch: pytest.MonkeyPatch, code: int = errno.EROFS) -> None:
    """Make creating the temporary file fail (a read-only folder, permission denied)."""
    import evidence.fsio

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(evidence.fsio.tempfile, "mkstemp", refuse)


def fake_soffice(folder: Path, script: str) -> Path:
    """A ``soffice`` on PATH that runs ``script`` (sh) instead of LibreOffice."""
    exe = folder / "soffice"
    exe.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe


def snapshot(folder: Path, *, cache: bool = False) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (to prove nothing was lost or half-written).

    The dossier's cache folder is the program's own, rebuilt at will: left out unless
    ``cache`` is true.
    """
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and (cache or ".drafting-cache" not in p.relative_to(folder).parts)
    }
