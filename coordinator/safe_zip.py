"""Zip-based uploads (Office and OpenDocument files) checked before anything reads them, so none unpacks into
a bomb. Every page, API or command that accepts such a file calls `check_zip` first.

Python's zipfile trusts what each member declares: it decompresses a bzip2 or LZMA chunk without any bound,
and `read()` inflates a whole deflate stream before cutting it to the declared size. So members are unpacked
here by our own counted loop, never by zipfile, and an archive passes only when every member is stored or
deflated, unpacks to exactly its declared size (whose sum is capped) and matches its checksum. After that,
whatever reads the archive (openpyxl, zipfile) is bounded by the declared sizes checked here.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .errors import DomainError
from .l10n.digits import Shown

# Office (OOXML) and OpenDocument files only ever use these two.
ALLOWED_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
CHUNK = 64 * 1024
_CENTRAL_SIGNATURE = b"PK\x01\x02"
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's own layout of a member's local header
_LOCAL_SIGNATURE = b"PK\x03\x04"


class ZipRefused(DomainError):
    """The archive may not be read; the message says why, in the reader's words."""


class ZipDamaged(ZipRefused):
    """Unreadable, encrypted or not what it says it is; callers may put their own words on it."""

    def __init__(self, message=None, field=None):
        super().__init__(message or _l("The file is damaged: its parts do not match what it says about them."),
                         field)


@dataclass(frozen=True)
class ZipLimits:
    max_unpacked: int  # bytes, all members together
    max_members: int


def _megabytes(size: int) -> Shown:
    return Shown(max(1, size // (1024 * 1024)))


def too_many_members() -> ZipRefused:
    return ZipRefused(_l("The file holds too many parts to be an Office or OpenDocument file; it was refused."))


def unpacks_too_far(limits: ZipLimits) -> ZipRefused:
    return ZipRefused(_l("The file unpacks to more than %(size)s MB, far more than such a file holds; "
                         "it was refused.", size=_megabytes(limits.max_unpacked)))


def check_zip(data: bytes, limits: ZipLimits) -> list[zipfile.ZipInfo]:
    """The archive's members once every one has been unpacked (in small counted pieces) and checked.

    Raises ZipRefused: too many members, a compression other than stored/deflate, more unpacked data than
    allowed; ZipDamaged when the archive is unreadable, encrypted or lies about a member."""
    # Every member of the central directory starts with this signature: a cheap upper bound on their number,
    # taken before zipfile builds an object for each.
    if data.count(_CENTRAL_SIGNATURE) > limits.max_members:
        raise too_many_members()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError,
            struct.error):
        raise ZipDamaged() from None
    if len(entries) > limits.max_members:
        raise too_many_members()
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise ZipDamaged(_l("The file is protected by a password; save it without one and upload it again."))
        if entry.compress_type not in ALLOWED_METHODS:
            raise ZipRefused(_l("The file is packed with a compression that Office and OpenDocument files "
                                "never use; it was refused."))
    # What the members declare, first: an honest bomb is refused without unpacking anything.
    if sum(entry.file_size for entry in entries) > limits.max_unpacked:
        raise unpacks_too_far(limits)
    budget = limits.max_unpacked
    for entry in entries:
        budget -= _unpack_counted(data, entry, budget, limits)
    return entries


def _member_bytes(data: bytes, entry: zipfile.ZipInfo) -> memoryview:
    """The member's compressed bytes, found as zipfile finds them (local header, then name and extra)."""
    start = entry.header_offset
    header = data[start:start + _LOCAL_HEADER.size]
    if len(header) != _LOCAL_HEADER.size or header[:4] != _LOCAL_SIGNATURE:
        raise ZipDamaged()
    fields = _LOCAL_HEADER.unpack(header)
    start += _LOCAL_HEADER.size + fields[10] + fields[11]  # name length, extra length
    raw = memoryview(data)[start:start + entry.compress_size]
    if len(raw) != entry.compress_size:
        raise ZipDamaged()
    return raw


def _unpack_counted(data: bytes, entry: zipfile.ZipInfo, budget: int, limits: ZipLimits) -> int:
    """Unpack one member in pieces of at most CHUNK bytes, stopping at the first byte past its declared
    size or the budget left; the number of bytes it unpacks to."""
    raw = _member_bytes(data, entry)
    declared = entry.file_size
    if entry.compress_type == zipfile.ZIP_STORED:
        if len(raw) != declared:
            raise ZipDamaged()
        produced, crc = declared, zlib.crc32(raw)
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        produced, crc = 0, 0
        try:
            for offset in range(0, len(raw), CHUNK):
                pending = raw[offset:offset + CHUNK]
                while pending:
                    # One byte past what is allowed is enough to know the member lies or is too large.
                    piece = inflater.decompress(pending, min(CHUNK, declared - produced + 1))
                    produced += len(piece)
                    if produced > budget:
                        raise unpacks_too_far(limits)
                    if produced > declared:
                        raise ZipDamaged()
                    crc = zlib.crc32(piece, crc)
                    pending = inflater.unconsumed_tail
                    if not piece and pending:  # no progress: a stream that stops making sense
                        raise ZipDamaged()
            if not inflater.eof:
                raise ZipDamaged()
        except zlib.error:
            raise ZipDamaged() from None
    if produced != declared or crc != entry.CRC:
        raise ZipDamaged()
    if produced > budget:
        raise unpacks_too_far(limits)
    return produced
