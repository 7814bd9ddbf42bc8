"""Writing a zip package from parts, some compressed once and reused (mail merge's fast path).

``zipfile`` compresses every part on every write, and cannot take a part already
compressed. A ``.docx`` rendered from one template has about twenty parts, of which
three or four change from one letter to the next; the rest (styles, theme, fonts,
numbering, settings) are deflated once per template as :class:`Stored` and copied
into every document. The archive written is the plain zip format Word, LibreOffice
and ``zipfile`` read: deflate or stored entries, no ZIP64 (a package is far below
the limits: see :func:`write_zip`).
"""

from __future__ import annotations

import struct
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
DEFLATED = 8
#: zlib's default level, as ``zipfile`` and python-docx use it.
LEVEL = 6
_UTF8_NAME = 0x800
MAX_ENTRIES = 0xFFFF
MAX_BYTES = 0xFFFFFFFF


@dataclass(frozen=True)
class Stored:
    """One part as it goes into the archive: name, deflated bytes, CRC and size."""

    name: str
    compressed: bytes
    crc: int
    size: int
    method: int = 8  # DEFLATED; 0: stored as it is (a part copied from another archive)

    @classmethod
    def of(cls, name: str, data: bytes) -> Stored:
        """Deflate ``data`` (raw deflate, as zip stores it)."""
        packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
        return cls(name, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))


def _dos_time(when: float) -> tuple[int, int]:
    year, month, day, hour, minute, second = time.localtime(when)[:6]
    year = min(max(year, 1980), 2107)
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


def write_zip(entries: Iterable[Stored], when: float | None = None) -> bytes:
    """The zip archive of ``entries``, in order, dated ``when`` (now by default).

    Raises:
        ValueError: more entries or bytes than a zip without ZIP64 holds (65,535 entries,
            4 GiB); a ``.docx`` from a template is refused long before that by its bounds.
    """
    dos_time, dos_date = _dos_time(time.time() if when is None else when)
    body: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for entry in entries:
        name = entry.name.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8_NAME
        fields = (
            20,
            flags,
            entry.method,
            dos_time,
            dos_date,
            entry.crc,
            len(entry.compressed),
            entry.size,
            len(name),
        )
        local = _LOCAL.pack(0x04034B50, *fields, 0) + name
        central.append(
            _CENTRAL.pack(0x02014B50, 20, *fields, 0, 0, 0, 0, 0o600 << 16, offset) + name
        )
        body += [local, entry.compressed]
        offset += len(local) + len(entry.compressed)
        if offset > MAX_BYTES or len(central) > MAX_ENTRIES:
            raise ValueError("too large for a zip package without ZIP64")
    directory = b"".join(central)
    end = _END.pack(0x06054B50, 0, 0, len(central), len(central), len(directory), offset, 0)
    return b"".join(body) + directory + end
