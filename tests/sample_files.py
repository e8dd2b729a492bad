"""Minimal but valid documents of each accepted type, built in memory (no binary fixtures)."""

from __future__ import annotations

import io
import zipfile

from pypdf import PdfWriter

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def pdf(size: int = 0) -> bytes:
    """One blank A4 page, written by pypdf: a structurally real PDF; with ``size``, padded
    to exactly that many bytes by a long metadata field."""
    padding = 0
    while True:
        writer = PdfWriter()
        writer.add_blank_page(595, 842)
        if padding:
            writer.add_metadata({"/Opvulling": "0" * padding})
        buffer = io.BytesIO()
        writer.write(buffer)
        data = buffer.getvalue()
        if len(data) == size or (len(data) > size and not padding):
            return data
        padding += size - len(data)


def package(*entries: tuple[str, bytes], stored: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            # A fixed date: the same entries always give the same bytes.
            entry = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return buffer.getvalue()


def docx() -> bytes:
    return package(
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", b"<Relationships/>"),
        ("word/document.xml", b"<w:document><w:body><w:p/></w:body></w:document>"),
    )


def xlsx() -> bytes:
    return package(
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", b"<Relationships/>"),
        ("xl/workbook.xml", b"<workbook><sheets/></workbook>"),
    )


def odt(mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    return package(
        ("mimetype", mimetype),
        ("content.xml", b"<office:document-content/>"),
        ("META-INF/manifest.xml", b"<manifest:manifest/>"),
        stored=("mimetype",),
    )


VALID = {"pdf": pdf, "docx": docx, "xlsx": xlsx, "odt": odt}


def pdf_lookalike(body: bytes) -> bytes:
    """Something that only starts like a PDF: an HTML page or a program behind ``%PDF-``."""
    return b"%PDF-1.7\n" + body


def encrypted_pdf(user_password: str) -> bytes:
    """One page, encrypted; with an empty user password anyone can still open it."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password, "eigenaar", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def bomb_docx(megabytes: int = 200) -> bytes:
    """A DOCX whose document part unpacks from a few hundred kB to ``megabytes`` MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b"<w:document>")
            for _ in range(megabytes):
                part.write(b" " * (1024 * 1024))
            part.write(b"</w:document>")
    return buffer.getvalue()
