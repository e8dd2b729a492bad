"""The annual overview for parliament: ongoing cases on a peildatum (state from the audit
trail for a past date), decided cases in a year, grouping per ministry, role check and
the CSV/XLSX downloads."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from caseflow.domain.clock import local_today, utcnow
from caseflow.domain.errors import NotAllowed
from caseflow.extensions import db
from caseflow.models import Case, CaseEvent, User
from caseflow.services.reporting import annual_overview
from tests.factories import act, case_in_state

Users = dict[str, User]


def _set(case: Case, **values: object) -> None:
    db.session.execute(update(Case).where(Case.id == case.id).values(**values))
    db.session.commit()


@pytest.fixture
def fixture_set(users: Users) -> dict[str, Case]:
    """JenV: one in treatment, one just filed, one agreed this year, one withdrawn, one
    agreed last year; OCW: one new service."""
    jenv_busy = case_in_state(users, "omvangswijziging", "in_behandeling", title="Groei IND")
    jenv_new = case_in_state(users, "nieuwe_dienst", title="Meldpunt JenV")
    agreed = case_in_state(users, "omvangswijziging", "afgerond", title="IND Zwolle akkoord")
    withdrawn = case_in_state(users, "nieuwe_dienst", "ingetrokken", title="Ingetrokken plan")
    old = case_in_state(users, "omvangswijziging", "afgerond", title="Oud besluit")
    ocw = case_in_state(
        users, "nieuwe_dienst", "in_behandeling", owner=users["ministerie_ocw"], title="DUO Noord"
    )
    last_year = datetime(local_today().year - 1, 6, 1, 10, 0)
    _set(old, created_at=last_year - timedelta(days=30), closed_at=last_year)
    return {
        "jenv_busy": jenv_busy,
        "jenv_new": jenv_new,
        "agreed": agreed,
        "withdrawn": withdrawn,
        "old": old,
        "ocw": ocw,
    }


def _references(groups: list[annual_overview.Group]) -> dict[str, list[str]]:
    return {g.ministry: [r.reference for r in g.rows] for g in groups}


def test_overview_per_ministry(users: Users, fixture_set: dict[str, Case]) -> None:
    c = fixture_set
    data = annual_overview.annual_overview(users["coordinator"], local_today().year, local_today())
    assert not data.state_from_audit
    ongoing = _references(data.ongoing)
    assert list(ongoing) == ["JenV", "OCW"]
    # At the end of the peildatum: closed today is decided, a draft has not reached BZK.
    assert ongoing["JenV"] == [c["jenv_busy"].reference]
    assert ongoing["OCW"] == [c["ocw"].reference]
    busy = next(r for g in data.ongoing for r in g.rows if r.reference == c["jenv_busy"].reference)
    assert isinstance(busy, annual_overview.OngoingRow)
    assert busy.case_type == "Wijziging in omvang van een dienst"
    assert busy.state == "In behandeling"
    assert busy.current_location == "Zwolle (Overijssel)"
    assert busy.organisation == "Immigratie- en Naturalisatiedienst"
    assert busy.fte_change == 150
    assert data.ongoing[0].fte_total == 150

    decided = _references(data.decided)
    assert decided == {"JenV": [c["agreed"].reference, c["withdrawn"].reference]} or decided == {
        "JenV": [c["withdrawn"].reference, c["agreed"].reference]
    }
    outcomes = {r.reference: r for g in data.decided for r in g.rows}
    agreed = outcomes[c["agreed"].reference]
    assert isinstance(agreed, annual_overview.DecidedRow)
    assert agreed.outcome == "Overeenstemming"
    assert agreed.agreed_location == "Heerlen (Limburg)"
    assert outcomes[c["withdrawn"].reference].outcome == "Ingetrokken"

    yesterday = annual_overview.annual_overview(
        users["adviseur"], None, local_today() - timedelta(days=1)
    )
    assert yesterday.ongoing == []  # all created today
    filed = act(users["ministerie"], c["jenv_new"], "indienen")
    today = annual_overview.annual_overview(users["adviseur"], None, local_today())
    assert sorted(_references(today.ongoing)["JenV"]) == sorted(
        (c["jenv_busy"].reference, filed.reference)
    )

    previous = annual_overview.annual_overview(users["secretariaat"], local_today().year - 1)
    assert previous.peildatum.month == 12 and previous.peildatum.day == 31
    assert _references(previous.decided) == {"JenV": [c["old"].reference]}
    assert previous.ongoing == []  # the other cases did not exist yet


def test_past_state_comes_from_the_audit_trail(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "advies_uitgebracht")
    day = local_today() - timedelta(days=40)
    _set(case, created_at=utcnow() - timedelta(days=60))
    for offset, state in ((50, "in_behandeling"), (45, "ter_goedkeuring"), (20, "geagendeerd")):
        db.session.add(
            CaseEvent(
                case_id=case.id,
                at=utcnow() - timedelta(days=offset),
                kind="transitie",
                to_state=state,
                hash="test",
            )
        )
    db.session.commit()
    data = annual_overview.annual_overview(users["coordinator"], day.year, day)
    assert data.state_from_audit
    [row] = [r for g in data.ongoing for r in g.rows]
    assert row.reference == case.reference
    assert row.state == "Ter goedkeuring"  # not the current "Advies uitgebracht"


@pytest.mark.parametrize("role", ["ministerie", "beheerder"])
def test_only_bzk_roles_and_secretariat(users: Users, role: str) -> None:
    with pytest.raises(NotAllowed):
        annual_overview.annual_overview(users[role])


def test_csv_and_xlsx(users: Users, fixture_set: dict[str, Case]) -> None:
    _set(fixture_set["jenv_busy"], title="=HYPERLINK(1)")
    data = annual_overview.annual_overview(users["coordinator"], local_today().year, local_today())
    raw = b"".join(annual_overview.csv_bytes(data))
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == [f"Lopende zaken op {local_today():%d-%m-%Y}"]
    assert tuple(lines[1]) == annual_overview.ONGOING_HEADERS
    assert ["JenV", fixture_set["ocw"].reference] not in [line[:2] for line in lines]
    assert ["OCW", fixture_set["ocw"].reference] in [line[:2] for line in lines]
    assert "'=HYPERLINK(1)" in [line[2] for line in lines if len(line) > 2]
    assert tuple(lines[1 + data.ongoing_count + 3]) == annual_overview.DECIDED_HEADERS

    with annual_overview.xlsx_file(data) as handle:
        book = load_workbook(handle)
    assert book.sheetnames == ["Lopende zaken", "Besloten zaken", "Effect per provincie"]
    ongoing = list(book["Lopende zaken"].iter_rows(values_only=True))
    assert ongoing[1] == annual_overview.ONGOING_HEADERS
    assert len(ongoing) == 2 + data.ongoing_count
    busy = next(r for r in ongoing if r[1] == fixture_set["jenv_busy"].reference)
    assert busy[8] == 150  # numbers stay numbers
    decided = list(book["Besloten zaken"].iter_rows(values_only=True))
    assert {r[4] for r in decided[2:]} == {"Overeenstemming", "Ingetrokken"}
