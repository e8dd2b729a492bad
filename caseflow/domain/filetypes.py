"""Which document types the system accepts, recognised by their structure, not by their name.

A PDF must start with ``%PDF-`` and be readable by pypdf with at least one page, so an
HTML page or a program that merely starts with ``%PDF-`` is refused. DOCX, XLSX and ODT
are ZIP packages, opened through :mod:`caseflow.domain.zipguard` (only the central
directory is read; too many members, too much declared unpacked data or a zip-bomb ratio
are refused) and they must hold the parts their type requires: ``[Content_Types].xml``
(well-formed XML) and ``word/document.xml`` or ``xl/workbook.xml``; an ODT its
uncompressed ``mimetype`` as the first member and ``content.xml``. Of the parts only the
first bytes of the main part, the content types and the ODT's ``mimetype`` are read, each
with a small size limit. The extension must agree with what the content turned out to be.
Pure: no Flask, no DB.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any, BinaryIO

from defusedxml import ElementTree  # type: ignore[import-untyped]
from pypdf import PdfReader

from caseflow.domain.errors import ValidationFailed
from caseflow.domain.zipguard import (
    READ_ERRORS,
    SUSPICIOUS,
    ZIP_MAGIC,
    ZipLimits,
    open_package,
    read_member,
)

__all__ = ["SUSPICIOUS", "ZipLimits"]

PDF_MAGIC = b"%PDF-"
DEFAULT_LIMITS = ZipLimits()
MAX_ZIP_ENTRIES = DEFAULT_LIMITS.max_entries
MAX_UNPACKED_BYTES = DEFAULT_LIMITS.max_unpacked_bytes
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
CONTENT_TYPES = "[Content_Types].xml"
# The content types part lists a few dozen extensions and parts: far below this.
MAX_CONTENT_TYPES_BYTES = 1024**2
# How much of a main part is read to see that it is XML.
XML_PEEK_BYTES = 256
# A PDF ends with %%EOF (give or take trailing bytes some tools add). Without it pypdf
# searches the whole file backwards line by line: seconds for a 20 MB file of junk.
PDF_EOF = b"%%EOF"
PDF_EOF_WITHIN = 64 * 1024
# A PDF whose cross-reference table is broken is rebuilt by pypdf object by object (about
# 30 µs each); beyond this many objects such a file is refused rather than rebuilt.
PDF_REBUILD_MAX_OBJECTS = 10_000
_PDF_OBJECT = re.compile(rb"\bobj\b")


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
PDF_UNREADABLE = (
    "Het bestand begint als een PDF-document, maar is geen leesbaar PDF-document met ten "
    "minste één pagina. Controleer het bestand en probeer het opnieuw."
)
PDF_ENCRYPTED = (
    "Het PDF-document is met een wachtwoord beveiligd. Voeg het document toe zonder wachtwoord."
)


def extension_of(filename: str) -> str:
    """'.pdf' for 'Rapport.PDF'; '' without an extension."""
    name = re.split(r"[\\/]", filename)[-1]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def check(
    filename: str, stream: BinaryIO, size: int, limits: ZipLimits = DEFAULT_LIMITS
) -> FileType:
    """The type of an upload whose name and content agree; else ValidationFailed (Dutch).

    ``stream`` must be seekable and hold ``size`` bytes; its position is left undefined.
    """
    claimed = BY_EXTENSION.get(extension_of(filename))
    if claimed is None:
        raise ValidationFailed(NOT_ALLOWED)
    if size == 0:
        raise ValidationFailed(EMPTY)
    found = detect(stream, size, limits)
    if found is None:
        raise ValidationFailed(UNRECOGNISED)
    if found != claimed:
        raise ValidationFailed(
            f"De naam van het bestand eindigt op {claimed.extension}, maar de inhoud is een "
            f"{found.label}. Geef het bestand de juiste extensie ({found.extension}) "
            "en probeer het opnieuw."
        )
    return found


def detect(stream: BinaryIO, size: int, limits: ZipLimits = DEFAULT_LIMITS) -> FileType | None:
    stream.seek(0)
    head = stream.read(8)
    if head.startswith(PDF_MAGIC):
        _require_readable_pdf(stream, size)
        return PDF
    if head.startswith(ZIP_MAGIC):
        package = open_package(stream, size, limits)
        if package is None:
            return None
        with package:
            return _package_type(package)
    return None


def _require_readable_pdf(stream: BinaryIO, size: int) -> None:
    """An end-of-file marker near the end, a structure pypdf can read and a page tree that
    declares at least one page (read from the root, never by walking every page)."""
    stream.seek(max(0, size - PDF_EOF_WITHIN))
    if PDF_EOF not in stream.read(PDF_EOF_WITHIN):
        raise ValidationFailed(PDF_UNREADABLE)
    try:
        reader = _pdf_reader(stream)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationFailed(PDF_ENCRYPTED)
        pages = _declared_pages(reader)
    except ValidationFailed:
        raise
    except Exception as exc:  # pypdf has many ways to say "no PDF": all are the user's file
        raise ValidationFailed(PDF_UNREADABLE) from exc
    if pages < 1:
        raise ValidationFailed(PDF_UNREADABLE)


def _pdf_reader(stream: BinaryIO) -> PdfReader:
    """Strict first (fast, exact); a damaged file is rebuilt leniently only when it has
    few enough objects for the rebuild to stay quick."""
    stream.seek(0)
    try:
        return PdfReader(stream, strict=True)
    except Exception:
        stream.seek(0)
        objects = len(_PDF_OBJECT.findall(stream.read()))
        if objects > PDF_REBUILD_MAX_OBJECTS:
            raise ValidationFailed(PDF_UNREADABLE) from None
    stream.seek(0)
    return PdfReader(stream, strict=False)


def _declared_pages(reader: PdfReader) -> int:
    root: Any = reader.trailer["/Root"].get_object()
    pages: Any = root["/Pages"].get_object()
    count = pages.get("/Count")
    kids = pages.get("/Kids")
    if not isinstance(count, int) or kids is None or not len(kids.get_object()):
        return 0
    return int(count)


def _package_type(package: zipfile.ZipFile) -> FileType | None:
    entries = package.infolist()
    names = {e.filename for e in entries}
    if CONTENT_TYPES in names and "word/document.xml" in names:
        return DOCX if _is_office(package, "word/document.xml") else None
    if CONTENT_TYPES in names and "xl/workbook.xml" in names:
        return XLSX if _is_office(package, "xl/workbook.xml") else None
    first = entries[0] if entries else None
    if (
        first is not None
        and first.filename == "mimetype"
        and first.compress_type == zipfile.ZIP_STORED
        and first.file_size == len(ODT_MIMETYPE)
        and "content.xml" in names
        and read_member(package, "mimetype", len(ODT_MIMETYPE)) == ODT_MIMETYPE
        and _starts_as_xml(package, "content.xml")
    ):
        return ODT
    return None


def _is_office(package: zipfile.ZipFile, main_part: str) -> bool:
    """Well-formed content types and a main part that is XML."""
    types = read_member(package, CONTENT_TYPES, MAX_CONTENT_TYPES_BYTES)
    if types is None:
        return False
    try:
        ElementTree.fromstring(types)
    except Exception:  # defusedxml refuses entities and DTDs too: not a real package
        return False
    return _starts_as_xml(package, main_part)


def _starts_as_xml(package: zipfile.ZipFile, name: str) -> bool:
    try:
        with package.open(name) as part:
            head = part.read(XML_PEEK_BYTES)
    except READ_ERRORS:
        return False
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


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
