"""Writing a zip package from parts, some compressed once and reused (mail merge's fast path).

``zipfile`` compresses every part on every write, and cannot take a part already
compressed. A ``.docx`` rendered from one template has about twenty parts, of which
three or four change from one letter to the next; the rest (styles, theme, fonts,
numbering, settings) are deflated once per template as :class:`Stored` and copied
into every document. The archive written is the plain zip format Word, LibreOffice
and ``zipfile`` read: deflate or stored entries, no ZIP64 (a package is far below
the limits: see :func:`write_zip`).

A part that does change changes little: the body of a letter differs from the last
letter's in its address, the rest is the same. :class:`Reused` keeps the first version
of such a part and deflates, for each later one, only the bytes that differ from it:
the same beginning and end are copied as deflated once. A deflate stream may be cut
into pieces so: each piece but the last ends with a sync flush (its blocks end on a byte
and none is marked final), and each is deflated on its own, referring to nothing before
it. What is stored inflates to the part's exact bytes; only its compressed form differs
from deflating it whole.
"""

from __future__ import annotations

import struct
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHI")  # and then the offset
_OFFSET = struct.Struct("<I")
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
    #: Its local header and data, and its central record but the offset, by date: a part
    #: in every letter of a merge is packed once (each two seconds, as zip dates go).
    _packed: dict[tuple[int, int], tuple[bytes, bytes, bytes]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def packed(self, dos_time: int, dos_date: int) -> tuple[bytes, bytes, bytes]:
        """Its local header and data, its central record up to the offset, and its name."""
        found = self._packed.get((dos_time, dos_date))
        if found is None:
            name = self.name.encode("utf-8")
            flags = 0 if name.isascii() else _UTF8_NAME
            fields = (
                20,
                flags,
                self.method,
                dos_time,
                dos_date,
                self.crc,
                len(self.compressed),
                self.size,
                len(name),
            )
            local = _LOCAL.pack(0x04034B50, *fields, 0) + name + self.compressed
            head = _CENTRAL.pack(0x02014B50, 20, *fields, 0, 0, 0, 0, 0o600 << 16)
            self._packed.clear()
            self._packed[dos_time, dos_date] = found = (local, head, name)
        return found

    @classmethod
    def of(cls, name: str, data: bytes) -> Stored:
        """Deflate ``data`` (raw deflate, as zip stores it)."""
        packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
        return cls(name, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))


Text = TypeVar("Text", str, bytes)
#: Where a reused piece may begin or end: a multiple of this many bytes (fewer pieces kept).
GRAIN = 256
#: How many pieces of each end :class:`Reused` keeps.
KEPT = 32
_MEMORY = 4  # zlib's memLevel for what differs (its default, 8, takes 20 µs to set up)


def common_prefix(a: Text, b: Text) -> int:
    """How many bytes (or characters) ``a`` and ``b`` begin with alike (halves compared)."""
    low, high = 0, min(len(a), len(b))
    while low < high:  # a[:low] == b[:low]; they differ before high, or high is the end
        mid = (low + high + 1) // 2
        if a[low:mid] == b[low:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def common_suffix(a: Text, b: Text, most: int) -> int:
    """How many bytes (or characters; at most ``most``) ``a`` and ``b`` end with alike."""
    low, high = 0, min(len(a), len(b), most)
    while low < high:
        mid = (low + high + 1) // 2
        if a[len(a) - mid : len(a) - low] == b[len(b) - mid : len(b) - low]:
            low = mid
        else:
            high = mid - 1
    return low


class Reused:
    """One part's versions deflated against its first: only what differs deflated anew."""

    def __init__(self, name: str, first: bytes) -> None:
        self.name = name
        self.first = first
        self._heads: dict[int, bytes] = {}
        self._tails: dict[int, bytes] = {}

    def stored(self, data: bytes) -> Stored:
        """``data`` deflated: the first version's beginning and end as deflated once."""
        first = self.first
        same = common_prefix(first, data)
        head = same - same % GRAIN
        tail = common_suffix(first, data, min(len(first), len(data)) - same)
        start = len(first) - tail
        start = min(len(first), start + -start % GRAIN)  # the first version's end from here
        end = len(data) - (len(first) - start)
        if end - head > len(data) // 2:  # mostly new: the next versions are compared to this
            self.first, self._heads, self._tails = data, {}, {}
            return Stored.of(self.name, data)
        # Deflated on its own (a dictionary of the bytes before saved nothing on letters),
        # with a small hash table: made in a microsecond, and as good for a few lines.
        packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, _MEMORY)
        last = start == len(first)
        middle = packer.compress(data[head:end])
        middle += packer.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)
        pieces = [self._head(head), middle, b"" if last else self._tail(start)]
        return Stored(self.name, b"".join(pieces), zlib.crc32(data), len(data))

    def _head(self, at: int) -> bytes:
        """The first version's first ``at`` bytes deflated, ending with a sync flush."""
        if at not in self._heads:
            if len(self._heads) >= KEPT:
                self._heads.clear()
            packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
            self._heads[at] = (
                packer.compress(self.first[:at]) + packer.flush(zlib.Z_SYNC_FLUSH) if at else b""
            )
        return self._heads[at]

    def _tail(self, at: int) -> bytes:
        """The first version from ``at`` deflated on its own (no reference before it)."""
        if at not in self._tails:
            if len(self._tails) >= KEPT:
                self._tails.clear()
            packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
            self._tails[at] = packer.compress(self.first[at:]) + packer.flush()
        return self._tails[at]


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
        local, head, name = entry.packed(dos_time, dos_date)
        central.append(head + _OFFSET.pack(offset) + name)
        body.append(local)
        offset += len(local)
        if offset > MAX_BYTES or len(central) > MAX_ENTRIES:
            raise ValueError("too large for a zip package without ZIP64")
    directory = b"".join(central)
    end = _END.pack(0x06054B50, 0, 0, len(central), len(central), len(directory), offset, 0)
    return b"".join(body) + directory + end
