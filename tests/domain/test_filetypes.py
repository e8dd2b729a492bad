"""Recognising uploads by content: PDF, DOCX, XLSX, ODT, and everything that is not."""

from __future__ import annotations

import io
import struct

import pytest

from caseflow.domain import filetypes
from caseflow.domain.errors import ValidationFailed
from tests import sample_files


def check(name: str, data: bytes) -> filetypes.FileType:
    return filetypes.check(name, io.BytesIO(data), len(data))


def rejection(name: str, data: bytes) -> str:
    with pytest.raises(ValidationFailed) as caught:
        check(name, data)
    return caught.value.message


@pytest.mark.parametrize("code", ["pdf", "docx", "xlsx", "odt"])
def test_each_allowed_type_is_recognised_by_its_content(code: str) -> None:
    found = check(f"Rapport.{code.upper()}", sample_files.VALID[code]())
    assert found.code == code
    assert found.extension == f".{code}"


def test_extension_must_match_the_content() -> None:
    message = rejection("motivering.pdf", sample_files.docx())
    assert "eindigt op .pdf" in message and "Word-document (DOCX)" in message
    assert ".docx" in message
    assert "eindigt op .xlsx" in rejection("scan.xlsx", sample_files.pdf())


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100),
        ("pagina.html", b"<html><script>alert(1)</script></html>"),
        ("archief.zip", sample_files.package(("a.txt", b"hallo"))),
        ("zonder-extensie", sample_files.pdf()),
    ],
)
def test_other_file_types_are_refused(name: str, data: bytes) -> None:
    assert rejection(name, data) == filetypes.NOT_ALLOWED


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("rapport.pdf", b"MZ\x90\x00 dit is een programma"),
        ("rapport.pdf", b"<html><body>Geen document</body></html>"),
        ("rapport.docx", sample_files.package(("a.txt", b"hallo"))),
        ("rapport.docx", sample_files.package(("word/document.xml", b"<w/>"))),
        ("rapport.xlsx", sample_files.package(("xl/workbook.xml", b"<w/>"))),
        ("rapport.odt", sample_files.odt(b"application/vnd.oasis.opendocument.spreadsheet")),
        ("rapport.docx", b"PK\x03\x04 afgebroken zip"),
    ],
)
def test_content_that_is_no_accepted_document_is_refused(name: str, data: bytes) -> None:
    assert rejection(name, data) == filetypes.UNRECOGNISED


def test_odt_mimetype_must_be_the_first_entry() -> None:
    data = sample_files.package(
        ("content.xml", b"<x/>"),
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        stored=("mimetype",),
    )
    assert rejection("tekst.odt", data) == filetypes.UNRECOGNISED


def test_empty_file_is_refused() -> None:
    assert rejection("leeg.pdf", b"") == filetypes.EMPTY


def test_a_zip_with_too_many_entries_is_refused_without_reading_them() -> None:
    entries = [(f"word/part{i}.xml", b"") for i in range(filetypes.MAX_ZIP_ENTRIES + 1)]
    data = sample_files.package(
        ("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w/>"), *entries
    )
    assert rejection("groot.docx", data) == filetypes.SUSPICIOUS


def test_a_zip_declaring_a_huge_unpacked_size_is_refused() -> None:
    data = bytearray(sample_files.docx())
    # Patch the declared uncompressed size of the first central-directory entry.
    at = data.find(b"PK\x01\x02")
    data[at + 24 : at + 28] = struct.pack("<I", 0xFFFFFFF0)
    assert rejection("bom.docx", bytes(data)) == filetypes.SUSPICIOUS


@pytest.mark.parametrize(
    ("uploaded", "shown"),
    [
        ("Motivering groei.pdf", "Motivering groei.pdf"),
        ("C:\\Users\\jan\\Scan 2026.PDF", "Scan 2026.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ('a<b>"c"|d?.pdf', "abcd.pdf"),
        ("regel\r\neinde\x00.pdf", "regel einde.pdf"),
        ("  .pdf", "document.pdf"),
        ("rapport", "rapport.pdf"),
        ("ë" * 300 + ".pdf", "ë" * 146 + ".pdf"),
    ],
)
def test_display_name_is_safe(uploaded: str, shown: str) -> None:
    assert filetypes.display_name(uploaded, filetypes.PDF) == shown


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (850, "850 bytes"),
        (1024, "1 kB"),
        (12_595, "12,3 kB"),
        (1_258_291, "1,2 MB"),
        (20 * 1024 * 1024, "20 MB"),
    ],
)
def test_dutch_size(size: int, text: str) -> None:
    assert filetypes.dutch_size(size) == text


@pytest.mark.parametrize(
    "data",
    [
        sample_files.pdf_lookalike(b"<html><body><script>alert(1)</script></body></html>"),
        sample_files.pdf_lookalike(b"MZ\x90\x00\x03\x00\x00\x00" + bytes(range(256)) * 64),
        sample_files.pdf_lookalike(b"\x7fELF\x02\x01\x01" + b"\x00" * 500),
        # The structure of a PDF without a single page.
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n",
    ],
    ids=["html", "exe", "elf", "no-pages"],
)
def test_something_that_only_starts_like_a_pdf_is_refused(data: bytes) -> None:
    assert rejection("rapport.pdf", data) == filetypes.PDF_UNREADABLE


def test_a_pdf_behind_a_password_is_refused_but_an_owner_password_is_fine() -> None:
    assert rejection("geheim.pdf", sample_files.encrypted_pdf("geheim")) == filetypes.PDF_ENCRYPTED
    assert check("beveiligd.pdf", sample_files.encrypted_pdf("")).code == "pdf"


@pytest.mark.parametrize(
    "data",
    [
        sample_files.package(
            ("[Content_Types].xml", b"geen xml"), ("word/document.xml", b"<w:document/>")
        ),
        sample_files.package(
            ("[Content_Types].xml", b'<!DOCTYPE t [<!ENTITY a "aaaa">]><Types>&a;</Types>'),
            ("word/document.xml", b"<w:document/>"),
        ),
        sample_files.package(
            ("[Content_Types].xml", sample_files.CONTENT_TYPES),
            ("word/document.xml", b"MZ\x90\x00 een programma"),
        ),
    ],
    ids=["content-types-no-xml", "content-types-entities", "main-part-no-xml"],
)
def test_a_package_needs_real_parts_not_just_their_names(data: bytes) -> None:
    assert rejection("brief.docx", data) == filetypes.UNRECOGNISED


def test_an_odt_needs_xml_content() -> None:
    data = sample_files.package(
        ("mimetype", filetypes.ODT_MIMETYPE),
        ("content.xml", b"MZ\x90\x00 een programma"),
        stored=("mimetype",),
    )
    assert rejection("tekst.odt", data) == filetypes.UNRECOGNISED


def test_a_zip_bomb_is_refused_by_its_ratio_without_unpacking() -> None:
    data = sample_files.bomb_docx(200)
    assert rejection("bom.docx", data) == filetypes.SUSPICIOUS
    limits = filetypes.ZipLimits(max_unpacked_bytes=10 * 1024**2, max_ratio=10**6)
    with pytest.raises(ValidationFailed, match="ZIP-pakket"):  # the total alone refuses it too
        filetypes.check("bom.docx", io.BytesIO(data), len(data), limits)


@pytest.mark.parametrize(
    "body",
    [
        b"<p>hallo wereld</p>\n" * (1024 * 1024),  # no end-of-file marker at all
        b"".join(b"%d 0 obj << /Type /Page >> endobj\n" % n for n in range(600_000))
        + b"startxref\n5\n%%EOF\n",  # a broken table over 600,000 objects to rebuild
    ],
    ids=["no-eof", "broken-xref"],
)
def test_twenty_megabytes_posing_as_a_pdf_are_refused(body: bytes) -> None:
    data = sample_files.pdf_lookalike(body)
    # How fast: benchmarks/hostile_files.py (pypdf alone took 5 and 22 seconds).
    assert rejection("groot.pdf", data) == filetypes.PDF_UNREADABLE


def test_a_real_pdf_with_a_wrong_startxref_is_still_accepted() -> None:
    data = bytearray(sample_files.pdf())
    at = data.rfind(b"startxref\n") + len(b"startxref\n")
    data[at : at + 3] = b"999"
    assert check("scan.pdf", bytes(data)).code == "pdf"
