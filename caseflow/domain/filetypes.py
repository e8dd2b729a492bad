"""Which document types the system accepts, recognised by their content, not by their name.

PDF starts with ``%PDF-``. DOCX, XLSX and ODT are ZIP packages: only the central directory
is read (never extracted, so a zip bomb costs nothing), the number of entries is capped,
and the package must hold the parts its type requires. The one entry ever read is an
ODT's ``mimetype``, which the format stores uncompressed and which is a few dozen bytes.
The extension must agree with what the content turned out to be. Pure: no Flask, no DB.
"""

from __future__ import annotations

import re
import struct
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from caseflow.domain.errors import ValidationFailed

ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"
# Office documents have tens of parts, large workbooks a few hundred; more is suspicious.
MAX_ZIP_ENTRIES = 2000
# Declared uncompressed total: a real 20 MB document never unpacks to anything near this.
MAX_UNPACKED_BYTES = 1024**3
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_EOCD = b"PK\x05\x06"
_EOCD_MIN = 22
_EOCD_SEARCH = _EOCD_MIN + 0xFFFF  # the record plus the longest possible ZIP comment


@dataclass(frozen=True)
class FileType:
    code: str
    label: str
    media_type: str
    extension: str


PDF = FileType("pdf", "PDF-document", "application/pdf", ".pdf")
DOCX = FileType(
    "docx",
    "Word-document (DOCX)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
)
XLSX = FileType(
    "xlsx",
    "Excel-werkmap (XLSX)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsx",
)
ODT = FileType("odt", "OpenDocument-tekst (ODT)", ODT_MIMETYPE.decode(), ".odt")
ALLOWED: tuple[FileType, ...] = (PDF, DOCX, XLSX, ODT)
BY_EXTENSION = {t.extension: t for t in ALLOWED}
ALLOWED_TEXT = "PDF, Word (DOCX), Excel (XLSX) en OpenDocument-tekst (ODT)"

NOT_ALLOWED = f"Dit bestandstype is niet toegestaan. Toegestaan zijn {ALLOWED_TEXT}."
UNRECOGNISED = (
    "De inhoud van het bestand is geen geldig PDF-, DOCX-, XLSX- of ODT-document. "
    "Controleer het bestand en probeer het opnieuw."
)
EMPTY = "Het bestand is leeg."
SUSPICIOUS = "Het bestand is een ongebruikelijk of beschadigd ZIP-pakket en wordt niet aanvaard."


def extension_of(filename: str) -> str:
    """'.pdf' for 'Rapport.PDF'; '' without an extension."""
    name = re.split(r"[\\/]", filename)[-1]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def check(filename: str, stream: BinaryIO, size: int) -> FileType:
    """The type of an upload whose name and content agree; else ValidationFailed (Dutch).

    ``stream`` must be seekable and hold ``size`` bytes; its position is left undefined.
    """
    claimed = BY_EXTENSION.get(extension_of(filename))
    if claimed is None:
        raise ValidationFailed(NOT_ALLOWED)
    if size == 0:
        raise ValidationFailed(EMPTY)
    found = detect(stream, size)
    if found is None:
        raise ValidationFailed(UNRECOGNISED)
    if found != claimed:
        raise ValidationFailed(
            f"De naam van het bestand eindigt op {claimed.extension}, maar de inhoud is een "
            f"{found.label}. Geef het bestand de juiste extensie ({found.extension}) "
            "en probeer het opnieuw."
        )
    return found


def detect(stream: BinaryIO, size: int) -> FileType | None:
    stream.seek(0)
    head = stream.read(8)
    if head.startswith(PDF_MAGIC):
        return PDF
    if head.startswith(ZIP_MAGIC):
        return _detect_package(stream, size)
    return None


def _detect_package(stream: BinaryIO, size: int) -> FileType | None:
    declared = _declared_entries(stream, size)
    if declared is None:
        return None
    if declared > MAX_ZIP_ENTRIES:
        raise ValidationFailed(SUSPICIOUS)
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as package:
            entries = package.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise ValidationFailed(SUSPICIOUS)
            if sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
                raise ValidationFailed(SUSPICIOUS)
            return _package_type(package, entries)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        return None


def _declared_entries(stream: BinaryIO, size: int) -> int | None:
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


def _package_type(package: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> FileType | None:
    names = {e.filename for e in entries}
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return XLSX
    first = entries[0] if entries else None
    if (
        first is not None
        and first.filename == "mimetype"
        and first.compress_type == zipfile.ZIP_STORED
        and first.file_size == len(ODT_MIMETYPE)
        and "content.xml" in names
        and package.read(first) == ODT_MIMETYPE
    ):
        return ODT
    return None


def display_name(filename: str, file_type: FileType, limit: int = 150) -> str:
    """The uploaded name made safe to show and to offer as a download name: no folders,
    no control or reserved characters, at most ``limit`` characters, the right extension."""
    name = unicodedata.normalize("NFC", re.split(r"[\\/]", filename)[-1])
    name = "".join(
        " " if unicodedata.category(c).startswith(("C", "Z")) else c
        for c in name
        if c not in '<>:"|?*;'
    )
    name = re.sub(r"\s+", " ", name).strip()
    stem = name[: -len(file_type.extension)] if name.lower().endswith(file_type.extension) else name
    stem = stem.strip(" .")[: limit - len(file_type.extension)].rstrip(" .")
    return f"{stem or 'document'}{file_type.extension}"


def dutch_size(size: int) -> str:
    """'850 bytes', '12,3 kB', '1,2 MB' (1 kB = 1024 bytes; uploads stay far below a GB)."""
    if size < 1024:
        return "1 byte" if size == 1 else f"{size} bytes"
    unit, factor = ("kB", 1024) if size < 1024**2 else ("MB", 1024**2)
    text = f"{size / factor:.1f}".replace(".", ",").removesuffix(",0")
    return f"{text} {unit}"
