"""Opening a ZIP package (DOCX, XLSX, ODT) without letting it unpack into something huge.

Only the central directory is read: the entry count from the end-of-central-directory
record first (before zipfile loads the whole directory), then each member's declared
sizes. A package is refused when it has too many members, declares too much unpacked
data in total, or has a member that would unpack far beyond its compressed size (a zip
bomb). zipfile never hands out more than a member's declared size, so checking the
declared sizes bounds what any later reader (openpyxl, defusedxml) can be made to unpack.
Pure: no Flask, no DB.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO

from caseflow.domain.errors import ValidationFailed

ZIP_MAGIC = b"PK\x03\x04"
SUSPICIOUS = "Het bestand is een ongebruikelijk of beschadigd ZIP-pakket en wordt niet aanvaard."
_EOCD = b"PK\x05\x06"
_EOCD_MIN = 22
_EOCD_SEARCH = _EOCD_MIN + 0xFFFF  # the record plus the longest possible ZIP comment
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError)
# What reading a damaged member can raise (a bad CRC, a broken deflate stream, encryption).
READ_ERRORS = (*_ZIP_ERRORS, RuntimeError, ValueError, zlib.error)


@dataclass(frozen=True)
class ZipLimits:
    # Office documents have tens of parts, large workbooks a few hundred.
    max_entries: int = 2000
    # Declared unpacked total of all members together.
    max_unpacked_bytes: int = 250 * 1024**2
    # Unpacked size over compressed size of one member; real XML parts stay well below.
    max_ratio: int = 100
    # Members smaller than this unpacked are not held to the ratio (tiny parts compress oddly).
    ratio_from_bytes: int = 1024**2


def open_package(stream: BinaryIO, size: int, limits: ZipLimits) -> zipfile.ZipFile | None:
    """The package, checked against ``limits``; None when it is no readable ZIP at all;
    ValidationFailed (Dutch) when it is one that must not be unpacked. The caller closes it."""
    declared = declared_entries(stream, size)
    if declared is None:
        return None
    if declared > limits.max_entries:
        raise ValidationFailed(SUSPICIOUS)
    stream.seek(0)
    try:
        package = zipfile.ZipFile(stream)
    except _ZIP_ERRORS:
        return None
    try:
        check_members(package.infolist(), limits)
    except ValidationFailed:
        package.close()
        raise
    return package


def check_members(entries: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    if len(entries) > limits.max_entries:
        raise ValidationFailed(SUSPICIOUS)
    if sum(e.file_size for e in entries) > limits.max_unpacked_bytes:
        raise ValidationFailed(SUSPICIOUS)
    for entry in entries:
        if (
            entry.file_size > limits.ratio_from_bytes
            and entry.file_size > max(entry.compress_size, 1) * limits.max_ratio
        ):
            raise ValidationFailed(SUSPICIOUS)


def declared_entries(stream: BinaryIO, size: int) -> int | None:
    """The entry count in the end-of-central-directory record, read before zipfile loads
    the whole directory into memory; None when there is no such record."""
    tail_length = min(size, _EOCD_SEARCH)
    stream.seek(size - tail_length)
    tail = stream.read(tail_length)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < _EOCD_MIN:
        return None
    count: int = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    return count


def read_member(package: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """A member's bytes when it exists and declares at most ``limit`` bytes; else None."""
    try:
        entry = package.getinfo(name)
    except KeyError:
        return None
    if entry.file_size > limit:
        return None
    try:
        return package.read(entry)[:limit]
    except READ_ERRORS:
        return None
