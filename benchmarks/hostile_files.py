"""Hostile files against the import and upload checks: how fast each is refused.

    .venv/bin/python benchmarks/hostile_files.py

Builds each file in memory, then times ``caseflow.domain.tabular.read_table`` (figure
imports, default IMPORT_* limits) or ``caseflow.domain.filetypes.check`` (document uploads,
default ZIP_* limits) on it, and prints size, milliseconds and the Dutch answer. Pure: no
database and no Flask. See benchmarks/README.md.
"""

from __future__ import annotations

import io
import logging
import os
import time
import zipfile
from collections.abc import Callable, Iterator

from openpyxl import Workbook

from caseflow.domain import filetypes
from caseflow.domain.errors import ValidationFailed
from caseflow.domain.tabular import TableLimits, read_table

ROW = '<row r="{n}"><c r="D{n}"><v>1</v></c></row>'
HEADER = b"provincie;sector;peildatum;fte\n"


def workbook(sheet: Iterator[bytes]) -> bytes:
    """A real openpyxl workbook with its first sheet replaced by ``sheet`` (streamed)."""
    book = Workbook()
    first = book.active
    assert first is not None
    first.append(["provincie", "sector", "peildatum", "fte"])
    plain, result = io.BytesIO(), io.BytesIO()
    book.save(plain)
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for entry in source.infolist():
            if entry.filename != "xl/worksheets/sheet1.xml":
                target.writestr(entry, source.read(entry))
                continue
            with target.open(entry.filename, "w", force_zip64=True) as part:
                for chunk in sheet:
                    part.write(chunk)
    return result.getvalue()


def sheet(
    rows: int, declared: int | None = None, row: str = ROW, pad_mb: int = 0
) -> Iterator[bytes]:
    yield (
        b'<?xml version="1.0"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + f'<dimension ref="A1:D{declared or rows}"/><sheetData>'.encode()
    )
    for start in range(1, rows + 1, 10_000):
        yield "".join(row.format(n=n) for n in range(start, min(start + 10_000, rows + 1))).encode()
    for _ in range(pad_mb):
        yield b" " * (1024 * 1024)
    yield b"</sheetData></worksheet>"


def docx_bomb(megabytes: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(megabytes):
                part.write(b" " * (1024 * 1024))
    return buffer.getvalue()


def imports() -> dict[str, tuple[str, bytes]]:
    return {
        "XLSX, 1,000,000 numbered rows": ("x.xlsx", workbook(sheet(1_000_000))),
        "XLSX, 1,000,000 identical rows": (
            "x.xlsx",
            workbook(sheet(1_000_000, row="<row><c><v>1</v></c></row>")),
        ),
        "XLSX, 1 GB of spaces in the sheet": ("x.xlsx", workbook(sheet(2, pad_mb=1024))),
        "XLSX, 100,000 rows (dimension honest)": ("x.xlsx", workbook(sheet(100_000))),
        "XLSX, 100,000 rows (dimension A1:D2)": ("x.xlsx", workbook(sheet(100_000, declared=2))),
        "CSV, 5,001 data rows": ("x.csv", HEADER + b"Limburg;DJI;2024-01-01;1\n" * 5001),
        "CSV, one field of 129 KiB": (
            "x.csv",
            HEADER + b'Limburg;DJI;2024-01-01;"' + b"9" * (129 * 1024) + b'"\n',
        ),
    }


def uploads() -> dict[str, tuple[str, bytes]]:
    objects = b"".join(b"%d 0 obj << /Type /Page >> endobj\n" % n for n in range(600_000))
    return {
        "PDF prefix + HTML page": ("a.pdf", b"%PDF-1.7\n<html><body>Hallo</body></html>"),
        "PDF prefix + 20 MB random bytes": ("a.pdf", b"%PDF-1.7\n" + os.urandom(20 * 1024**2)),
        "PDF prefix + 600,000 objects, broken xref": (
            "a.pdf",
            b"%PDF-1.7\n" + objects + b"startxref\n5\n%%EOF\n",
        ),
        "DOCX unpacking to 1 GB": ("a.docx", docx_bomb(1024)),
    }


def timed(check: Callable[[str, bytes], object], name: str, data: bytes) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        check(name, data)
        answer = "ACCEPTED"
    except ValidationFailed as exc:
        answer = exc.message
    return (time.perf_counter() - started) * 1000, answer


def main() -> None:
    logging.disable(logging.CRITICAL)  # pypdf warns about every broken file
    limits = TableLimits()

    def read(name: str, data: bytes) -> object:
        return read_table(name, data, limits)

    def upload(name: str, data: bytes) -> object:
        return filetypes.check(name, io.BytesIO(data), len(data))

    for check, files in ((read, imports()), (upload, uploads())):
        for label, (name, data) in files.items():
            millis, answer = timed(check, name, data)
            print(f"{label:44} {len(data) / 1e6:6.2f} MB {millis:7.0f} ms  {answer}")


if __name__ == "__main__":
    main()
