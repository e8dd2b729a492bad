"""The timeline reads as a record: names, labels and Dutch dates, never ids or codes, for
BZK and for the ministry; the audit events keep their raw values."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from caseflow.domain.calendar import WorkingCalendar
from caseflow.domain.meeting_days import first_friday_from
from caseflow.extensions import db
from caseflow.models import Case, CaseEvent, Masterplan, Organisation, Province, User
from caseflow.services.cases import effects
from caseflow.web.timeline import timeline
from tests.conftest import login
from tests.web.helpers import act, file_case, option_values, page_of, province_id, state_of

Users = dict[str, User]
MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
# A bare number as the value of a detail (or either side of a change), an ISO date, or a
# code with an underscore (a state, an action, an outcome): what a reader must never see.
BARE_NUMBER = re.compile(r"(?::|→)\s*\d+\s*(?:→|$)", re.M)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")
ALLOWED_NUMBERS = ("Versie:",)


def _next_meeting_friday() -> date:
    friday = first_friday_from(date.today() + timedelta(days=1))
    while not WorkingCalendar().is_working_day(friday):
        friday += timedelta(weeks=1)
    return friday


def _lifecycle(
    client: FlaskClient, users: Users, case_type: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[Case, date]:
    """Filing, assignment, a draft sent back, issue, disagreement, a meeting,
    the decision and closing."""
    login(client, users["ministerie"])
    case = file_case(client, case_type)
    act(client, case.id, "indienen")
    login(client, users["adviseur"])
    act(client, case.id, "intake_accepteren")
    login(client, users["coordinator"])
    act(client, case.id, "toewijzen", behandelaar_id=users["adviseur2"].id)
    login(client, users["adviseur2"])
    advice = {
        "tekst": "Vestig in Assen.",
        "provincie_id": province_id("Drenthe"),
        "plaats": "Assen",
    }
    act(client, case.id, "concept_opslaan", **advice)
    act(client, case.id, "ter_goedkeuring_voorleggen")
    login(client, users["coordinator"])
    act(client, case.id, "terugsturen", opmerkingen="Onderbouw Assen.")
    login(client, users["adviseur2"])
    act(client, case.id, "concept_opslaan", **advice)
    act(client, case.id, "ter_goedkeuring_voorleggen")
    login(client, users["coordinator"])
    act(client, case.id, "uitbrengen")
    login(client, users["ministerie"])
    act(client, case.id, "niet_instemmen", bezwaren="Liever in Den Haag.")
    login(client, users["secretariaat"])
    friday = _next_meeting_friday()
    assert client.post("/ministerraad", data={"held_on": friday.isoformat()}).status_code == 302
    page = page_of(client, f"/zaken/{case.id}/acties/agenderen")
    act(client, case.id, "agenderen", vergadering_id=option_values(page, "vergadering_id")[0])
    monkeypatch.setattr(effects, "local_today", lambda: friday)
    decision = {"besluit": "Assen.", "provincie_id": province_id("Drenthe"), "plaats": "Assen"}
    act(client, case.id, "besluit_vastleggen", **decision, besloten_op=friday)
    login(client, users["coordinator"])
    act(client, case.id, "afronden")
    return state_of(case.id), friday


def _timeline_text(client: FlaskClient, case_id: int) -> str:
    page = page_of(client, f"/zaken/{case_id}")
    section = re.search(r'<section aria-labelledby="tijdlijn".*?</section>', page, re.S)
    assert section
    # Each event's sentence, then each of its details on a line of its own.
    items = re.findall(r"<p>(.*?)</p>|<li>(.*?)</li>", section.group(0), re.S)
    items = [sentence or detail for sentence, detail in items]
    lines = [html.unescape(re.sub(r"<[^>]+>", " ", i)) for i in items]
    return "\n".join(re.sub(r"\s+", " ", line).strip() for line in lines)


def _raw_values(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        if line.startswith(ALLOWED_NUMBERS):
            continue
        found += [m.group(0) for m in BARE_NUMBER.finditer(line)]
    found += ISO_DATE.findall(text) + CODE.findall(text)
    return found


def _name(model: type[Organisation | Province | Masterplan], key: int | None) -> str:
    row = db.session.get(model, key)
    assert row is not None
    return row.name


@pytest.mark.parametrize("case_type", ["omvangswijziging", "masterplan"])
def test_the_timeline_shows_names_labels_and_dates(
    client: FlaskClient, users: Users, case_type: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, friday = _lifecycle(client, users, case_type, monkeypatch)
    meeting_day = f"{friday.day} "
    for viewer in ("coordinator", "ministerie"):
        login(client, users[viewer])
        text = _timeline_text(client, case.id)
        assert _raw_values(text) == [], (viewer, text)
        proposed = _name(Province, case.proposed_province_id)
        assert f"Voorgestelde provincie: – → {proposed}" in text, text
        assert re.search(rf"Vergadering: {meeting_day}({MONTHS}) {friday.year}", text), text
        assert re.search(rf"Besloten op: {meeting_day}({MONTHS}) {friday.year}", text), text
        assert "Uitkomst: Besluit ministerraad" in text
        if case_type == "omvangswijziging":
            assert f"Organisatie: – → {_name(Organisation, case.organisation_id)}" in text
            assert "Soort wijziging: – → Groei op een locatie" in text
        else:
            plan = db.session.get(Masterplan, case.masterplan_id)
            assert plan is not None
            assert f"Masterplan: – → {plan.name} ({plan.period})" in text
        if viewer == "coordinator":  # internal steps: BZK only
            assert f"Behandelaar: {users['adviseur'].name}" in text
            assert f"Behandelaar: {users['adviseur2'].name}" in text
            assert "Status: ter goedkeuring" in text and "Status: uitgebracht" in text
        else:
            assert "Status: ter goedkeuring" not in text
            assert "Ter goedkeuring" not in text  # shown as in behandeling
        _check_export(client, case, viewer)
    # The audit data keeps the raw values.
    events = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)).all()
    intake = next(e for e in events if e.action == "intake_accepteren")
    assert intake.data == {"behandelaar": users["adviseur"].id}
    agenda = next(e for e in events if e.action == "agenderen")
    assert agenda.data["vergadering"] == friday.isoformat()


def _check_export(client: FlaskClient, case: Case, viewer: str) -> None:
    """The CSV export reads as the page does: every detail on a line of its own."""
    response = client.get(f"/zaken/{case.id}/tijdlijn.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith(f'tijdlijn-{case.reference}.csv"')
    rows = list(
        csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    assert rows[0] == ["Moment", "Door", "Gebeurtenis", "Van", "Naar", "Toelichting", "Gegevens"]
    assert all(re.fullmatch(rf"\d+ ({MONTHS}) \d{{4}} \d\d:\d\d", row[0]) for row in rows[1:])
    lines = [cell for row in rows[1:] for cell in row[1:6]]
    lines += [part for row in rows[1:] for part in row[6].split("; ")]
    text = "\n".join(lines)
    assert _raw_values(text) == [], (viewer, text)
    assert "Besluit ministerraad vastleggen" in text
    internal = "Ter goedkeuring voorleggen" in text
    assert internal == (viewer == "coordinator")


@contextmanager
def _counted(app: Flask) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_the_timeline_looks_names_up_once_per_kind(
    app: Flask, client: FlaskClient, users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, _ = _lifecycle(client, users, "omvangswijziging", monkeypatch)
    viewer = users["coordinator"]
    with app.test_request_context("/"):
        db.session.expire_all()
        case = db.session.get(Case, case.id)
        viewer = db.session.get(User, viewer.id)
        assert case is not None and viewer is not None
        with _counted(app) as statements:
            entries = timeline(viewer, case)
    assert len(entries) > 12
    # Events, documents, then users, organisations and provinces: one query each.
    assert len(statements) <= 6, "\n".join(statements)
