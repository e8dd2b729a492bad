"""Exports never break off: case data that once stopped a CSV or XLSX export halfway (NUL
and control characters, very long text, extreme numbers and dates, a workflow version the
code no longer knows) and filters the database refuses. Every download either is a
complete file that parses, or a Dutch error before any byte of the file was sent."""

from __future__ import annotations

import csv
import io
import re
from contextlib import closing
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select, update

from caseflow import tasks
from caseflow.domain.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.models import Case, User
from caseflow.services.caselists import export
from caseflow.services.caselists.case_sort import Sort
from caseflow.services.caselists.queries import CaseFilter
from caseflow.services.reporting import cells
from tests.conftest import login
from tests.factories import case_in_state

Users = dict[str, User]
BOM = b"\xef\xbb\xbf"


def _crafted(sqlite: bool) -> dict[str, dict[str, Any]]:
    """Values per column as the database can hold them (PostgreSQL refuses NUL in text,
    and keeps its column lengths and 32-bit integers)."""
    long_text = "lang " * (40_000 if sqlite else 40)
    big = 2**62 if sqlite else 2**31 - 1
    return {
        "nul": {"title": "Titel\x00met NUL" if sqlite else "Titel zonder NUL"},
        "control": {"title": "=a\x01\x0b\x1f\x7f\x85b", "current_place": "\x1bplaats"},
        "long": {"title": long_text[:200] if not sqlite else long_text, "unit_name": "@eenheid"},
        "numbers": {"fte_current": big, "fte_change": -big},
        "late": {"next_due_on": date(9999, 12, 31), "created_at": datetime(9999, 12, 31, 23, 59)},
        "early": {"next_due_on": date(1, 1, 1), "updated_at": datetime(1, 1, 1, 0, 0)},
        "unknown_workflow": {"workflow_version": 99, "state": "onbekend"},
    }


@pytest.fixture
def crafted(users: Users) -> dict[str, Case]:
    made = {}
    for name, values in _crafted(db.engine.dialect.name == "sqlite").items():
        case = case_in_state(users, "omvangswijziging", "ingediend", title=name)
        db.session.execute(update(Case).where(Case.id == case.id).values(**values))
        made[name] = case
    db.session.commit()
    return made


def _download(client: FlaskClient, url: str) -> tuple[int, str, bytes]:
    response = client.get(url)
    body = response.get_data()
    response.close()
    return response.status_code, response.mimetype, body


def _csv(body: bytes) -> list[list[str]]:
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body[len(BOM) :].decode("utf-8")), delimiter=";"))


def _xlsx(body: bytes, sheet: str = "Zaken") -> list[tuple[object, ...]]:
    workbook = load_workbook(io.BytesIO(body), read_only=True)
    try:
        return list(workbook[sheet].iter_rows(values_only=True))
    finally:
        workbook.close()


def test_crafted_cases_export_completely_as_csv(
    client: FlaskClient, users: Users, crafted: dict[str, Case]
) -> None:
    login(client, users["coordinator"])
    status, mimetype, body = _download(client, "/zaken/export.csv")
    assert (status, mimetype) == (200, "text/csv")
    rows = _csv(body)
    assert rows[0] == list(export.HEADERS)
    by_reference = {row[0]: row for row in rows[1:]}
    assert set(by_reference) == {c.reference for c in crafted.values()}  # every case, whole
    column = {name: i for i, name in enumerate(export.HEADERS)}
    control = by_reference[crafted["control"].reference]
    assert control[column["Titel"]] == "'=ab"  # controls gone, formula still neutralised
    assert control[column["Huidige plaats"]] == "plaats"
    assert all(len(value) <= cells.MAX_CELL_CHARS for row in rows for value in row)
    unknown = by_reference[crafted["unknown_workflow"].reference]
    assert unknown[column["Status"]] == "onbekend"
    late = by_reference[crafted["late"].reference]
    assert late[column["Uiterste datum"]] == "9999-12-31"
    assert late[column["Aangemaakt"]] == "9999-12-31 23:59"
    early = by_reference[crafted["early"].reference]
    assert early[column["Uiterste datum"]] == "0001-01-01"


def test_crafted_cases_export_completely_as_xlsx(
    client: FlaskClient, users: Users, crafted: dict[str, Case]
) -> None:
    login(client, users["coordinator"])
    status, mimetype, body = _download(client, "/zaken/export.xlsx")
    assert (status, mimetype) == (200, export.XLSX_MIMETYPE)
    rows = _xlsx(body)
    assert list(rows[0]) == list(export.HEADERS)
    column = {name: i for i, name in enumerate(export.HEADERS)}
    by_reference = {row[0]: row for row in rows[1:]}
    assert set(by_reference) == {c.reference for c in crafted.values()}
    numbers = by_reference[crafted["numbers"].reference]
    fte = numbers[column["Fte huidig"]]
    assert fte in (2**31 - 1, str(2**62))  # exact: as a number, or as text beyond 15 digits
    early = by_reference[crafted["early"].reference]
    assert early[column["Uiterste datum"]] == "0001-01-01"  # before Excel's calendar: text


def test_annual_overview_with_crafted_cases_downloads_completely(
    client: FlaskClient, users: Users, crafted: dict[str, Case], tmp_path: Path
) -> None:
    login(client, users["coordinator"])
    status, _, body = _download(client, "/rapportage/jaaroverzicht.csv")
    assert status == 200
    assert _csv(body)[0][0].startswith("Lopende zaken op")
    # The Excel file: asked for, built by the task, downloaded from Mijn downloads.
    client.application.config["EXPORTS_PATH"] = str(tmp_path / "exports")
    assert client.post("/rapportage/jaaroverzicht/excel").status_code == 302
    assert tasks.build_exports() == {"exports": 1}
    link = re.search(r'href="(/downloads/\d+)"', client.get("/downloads").get_data(as_text=True))
    assert link is not None
    status, _, body = _download(client, link.group(1))
    assert status == 200
    assert _xlsx(body, "Lopende zaken")[0][0]


@pytest.mark.parametrize(
    "query",
    [
        "q=a%00b",
        "status=%00",
        "ministerie=99999999999999999999999",
        "provincie=-99999999999999999999",
        "behandelaar=3000000000",
        "sort=titel&dir=%00",
    ],
)
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_refused_filters_never_give_a_cut_off_file(
    client: FlaskClient, users: Users, crafted: dict[str, Case], query: str, extension: str
) -> None:
    login(client, users["coordinator"])
    status, _, body = _download(client, f"/zaken/export.{extension}?{query}")
    assert status in (200, 400, 422)
    if status != 200:
        assert "filters" in body.decode() or "ongeldig" in body.decode().lower()
    elif extension == "csv":
        assert _csv(body)[0] == list(export.HEADERS)
    else:
        assert list(_xlsx(body)[0]) == list(export.HEADERS)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (float("nan"), ""),
        (float("inf"), ""),
        (10**20, str(10**20)),
        (-120, "-120"),
        ("a\ud800b", "a?b"),
        ("+31\x00 70", "'+31 70"),
        (datetime(1, 1, 1, 0, 0), "0001-01-01 00:00"),
        (True, "ja"),
    ],
)
def test_every_value_has_a_csv_text(value: object, text: str) -> None:
    assert cells.csv_text(value) == text
    cells.xlsx_value(value)  # never raises either


@pytest.mark.parametrize(
    "case_filter",
    [CaseFilter(ministry_id=10**30), CaseFilter(q="a\x00b"), CaseFilter(state="\x00")],
    ids=["huge-id", "nul-in-search", "nul-in-state"],
)
def test_a_refused_query_fails_before_the_first_byte(
    users: Users, crafted: dict[str, Case], case_filter: CaseFilter
) -> None:
    """Below the input checks of the web layer: whatever the database refuses is refused
    when the export is asked for, never while its chunks are being sent."""
    try:
        chunks = export.csv_stream(users["coordinator"], case_filter, Sort())
    except ValidationFailed as exc:
        assert exc.message == export.INVALID_FILTER
        assert db.session.execute(select(1)).scalar() == 1  # the session is usable again
        return
    with closing(chunks):  # gives its connection back
        assert _csv(b"".join(chunks))[0] == list(export.HEADERS)
