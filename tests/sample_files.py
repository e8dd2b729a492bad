"""Minimal but valid documents of each accepted type, built in memory (no binary fixtures)."""

from __future__ import annotations

import io
import zipfile

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def package(*entries: tuple[str, bytes], stored: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            kind = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=kind)
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
