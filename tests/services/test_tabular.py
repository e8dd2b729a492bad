"""The one tabular writer: CSV (BOM, ``;``, CRLF, chunks) and XLSX (bold headings, date
formats, widths), every cell through the total formatting of ``reporting.cells``."""

from __future__ import annotations

import csv
import io
import math
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from caseflow.services.reporting import cells, tabular
from caseflow.services.reporting.tabular import BLANK, Heading, Sheet

BOM = b"\xef\xbb\xbf"
ODD = (
    "=SUM(A1:A2)",
    "+31 6 1234",
    "-1 verdieping",
    "@kantoor",
    "\tinspringing",
    "\rterug",
    "nul\x00byte\x07bel\x1bescape\x7fdel\x85volgende",
    "lone \ud800 surrogate",
    10**20,
    -(10**16),
    math.nan,
    math.inf,
    Decimal("NaN"),
    Decimal("12.50"),
    True,
    date(1899, 12, 31),
    datetime(2026, 12, 7, 13, 5, 59),
    None,
)


def _csv(body: bytes) -> list[list[str]]:
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body[len(BOM) :].decode("utf-8")), delimiter=";"))


def test_csv_has_a_bom_semicolons_and_crlf() -> None:
    body = tabular.csv_document([Heading(("Kenmerk", "Titel")), ("OW-2026-0001", "Groei; IND")])
    assert body == BOM + b'Kenmerk;Titel\r\nOW-2026-0001;"Groei; IND"\r\n'


def test_csv_of_odd_values_is_neutralised_and_clean() -> None:
    [row] = _csv(tabular.csv_document([ODD]))
    assert row == [
        "'=SUM(A1:A2)",
        "'+31 6 1234",
        "'-1 verdieping",
        "'@kantoor",
        "'\tinspringing",
        "'\rterug",
        "nulbytebelescapedelvolgende",
        "lone ? surrogate",
        "100000000000000000000",  # exact, as text: beyond Excel's 15 digits
        "-10000000000000000",
        "",  # nan
        "",  # inf
        "",  # Decimal NaN
        "12.5",
        "ja",
        "1899-12-31",
        "2026-12-07 13:05",
        "",
    ]


def test_csv_keeps_an_empty_line_between_tables() -> None:
    body = tabular.csv_document([Heading(("A",)), (1,), BLANK, Heading(("B",)), (2,)])
    assert body == BOM + b"A\r\n1\r\n\r\nB\r\n2\r\n"


def test_csv_chunks_start_at_once_and_then_come_per_batch() -> None:
    rows = [Heading(("n",)), *[(n,) for n in range(5)]]
    chunks = list(tabular.csv_chunks(rows, chunk_rows=2))
    assert chunks == [BOM + b"n\r\n", b"0\r\n1\r\n", b"2\r\n3\r\n", b"4\r\n"]
    assert list(tabular.csv_chunks([])) == [BOM]


def test_csv_chunks_read_rows_only_when_asked() -> None:
    read: list[int] = []

    def rows() -> object:
        for n in range(10):
            read.append(n)
            yield (n,)

    chunks = tabular.csv_chunks(rows(), chunk_rows=4)  # type: ignore[arg-type]
    assert next(chunks) == BOM + b"0\r\n" and read == [0]
    chunks.close()


def test_xlsx_sheets_headings_formats_and_odd_values() -> None:
    sheets = [
        Sheet("Eerste", [Heading(("Titel", "Datum")), ("=1+1", date(2026, 12, 7))], (14, 40)),
        Sheet("Tweede", [ODD]),
    ]
    with tabular.xlsx_file(sheets) as handle:
        book = load_workbook(handle)
    assert book.sheetnames == ["Eerste", "Tweede"]
    first = book["Eerste"]
    assert first.column_dimensions["A"].width == 14 and first.column_dimensions["B"].width == 40
    (title, day), (formula, value) = first.iter_rows()
    assert title.font.b and day.font.b and not formula.font.b
    assert formula.value == "'=1+1" and formula.data_type == "s"
    assert value.value == datetime(2026, 12, 7) and value.number_format == tabular.DATE_FORMAT
    [odd] = book["Tweede"].iter_rows(values_only=True)
    # (XML reads a carriage return back as a line feed)
    assert odd[:8] == tuple(cells.csv_text(v).replace("\r", "\n") for v in ODD[:8])
    assert odd[8:15] == (
        "100000000000000000000",
        "-10000000000000000",
        None,
        None,
        None,
        12.5,
        "ja",
    )
    assert odd[15] == "1899-12-31"  # before Excel's calendar: as text
    assert odd[16] == datetime(2026, 12, 7, 13, 5, 59)
    assert len(odd) == len(ODD) - 1  # the empty last cell is not stored
    moment = next(iter(book["Tweede"].iter_rows()))[16]
    assert moment.number_format == tabular.DATETIME_FORMAT


@pytest.mark.parametrize("start", cells.FORMULA_STARTS)
def test_every_formula_start_is_neutralised_in_both_formats(start: str) -> None:
    text = f"{start}cmd|' /C calc'!A0"
    assert _csv(tabular.csv_document([(text,)])) == [["'" + text]]
    with tabular.xlsx_file([Sheet("S", [(text,)])]) as handle:
        [[value]] = load_workbook(handle)["S"].iter_rows(values_only=True)
    assert value == "'" + text.replace("\r", "\n")  # XML reads a CR back as LF
