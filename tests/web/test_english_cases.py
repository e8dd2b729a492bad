"""The case pages in English: list, new case, case page (deadlines, documents, timeline),
action form, deadline extension and the flash messages after each step."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import Case, Deadline, User
from caseflow.services.deadlines import tracking
from caseflow.web.filters import weekday_date
from tests import sample_files
from tests.conftest import login
from tests.factories import case_in_state
from tests.web.helpers import act, file_case, filing, page_of, version_on

Users = dict[str, User]


@pytest.fixture(autouse=True)
def _documents(app: Flask, tmp_path: Path) -> None:
    """Documents are stored in a temporary folder."""
    app.config["DOCUMENTS_PATH"] = str(tmp_path / "documenten")


def _text(page: str) -> str:
    """The text of a page as read: inline tags dropped, other tags as spaces, entities
    resolved, whitespace collapsed."""
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S)
    body = re.sub(r"</?(a|span|strong|em)\b[^>]*>", "", body)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _assert_english(page: str, english: tuple[str, ...], dutch: tuple[str, ...]) -> None:
    assert '<html lang="en">' in page
    text = _text(page)
    for phrase in english:
        assert phrase in text, phrase
    for phrase in dutch:
        assert phrase not in text, phrase


def _intake(case_id: int) -> Deadline:
    db.session.expire_all()
    return db.session.scalars(
        select(Deadline).where(Deadline.case_id == case_id, Deadline.kind == "intake")
    ).one()


def _submitted_case_with_history(app: Flask, client: FlaskClient, users: Users) -> Case:
    """Filed, a document added and submitted by the ministry; the coordinator then extended
    the intake deadline. Each step's flash message is checked in English on the way."""
    login(client, users["ministerie"])
    response = client.post(
        "/zaken/nieuw/omvangswijziging",
        data={k: str(v) for k, v in filing("omvangswijziging").items()} | {"version": "0"},
        follow_redirects=True,
    )
    case = db.session.scalars(select(Case).order_by(Case.id.desc())).first()
    assert case is not None
    _assert_english(
        response.get_data(as_text=True),
        (f"Case {case.reference} has been created.",),
        ("is aangemaakt",),
    )

    response = client.post(
        f"/zaken/{case.id}/documenten/nieuw",
        data={"soort": "motivering", "bestand": (io.BytesIO(sample_files.pdf()), "groei.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    _assert_english(
        response.get_data(as_text=True),
        ("Document groei.pdf has been added.",),
        ("is toegevoegd",),
    )

    act(client, case.id, "indienen")
    page = page_of(client, f"/zaken/{case.id}")
    _assert_english(page, ("Action 'Submit to BZK' has been carried out.",), ("is uitgevoerd",))

    login(client, users["coordinator"])
    deadline = _intake(case.id)
    new_due = tracking.calendar().add_working_days(deadline.due_on, 3)
    url = f"/zaken/{case.id}/termijnen/{deadline.id}/verlengen"
    form = {
        "version": version_on(page_of(client, url)),
        "new_due": new_due.isoformat(),
        "reason": "Het ministerie levert stukken later aan.",
    }
    response = client.post(url, data=form, follow_redirects=True)
    assert response.status_code == 200
    with app.test_request_context(), force_locale("en"):
        new_due_text = weekday_date(new_due)
    _assert_english(
        response.get_data(as_text=True),
        (f"The deadline 'Intake' has been extended to {new_due_text}.",),
        ("is verlengd tot",),
    )
    return case


def test_case_list_in_english(client: FlaskClient, english: Users) -> None:
    login(client, english["ministerie"])
    file_case(client, "omvangswijziging")
    page = page_of(client, "/zaken")
    _assert_english(
        page,
        (
            "All case types",
            "All statuses",
            "Province (current or proposed)",
            "Clear search and filters",
            "1 case found.",
            "Export as CSV",
            "(all 1 cases found)",
            "Cases, newest first",
            "Title, sort ascending",
        ),
        ("Zoekopdracht en filters wissen", "Alle zaaktypen", "gevonden", "sorteer"),
    )
    assert 'aria-label="Search and filter cases"' in page

    login(client, english["adviseur"])
    page = page_of(client, "/zaken?q=IND&sort=titel&dir=desc")
    _assert_english(
        page,
        (
            "All ministries",
            "All case handlers",
            "1 case found for ‘IND’.",
            "Cases, sorted by title, descending",
            "Title, sort ascending",
        ),
        ("Alle ministeries", "Alle behandelaars", "gesorteerd op"),
    )
    assert "0 cases found for ‘onvindbaar’." in _text(page_of(client, "/zaken?q=onvindbaar"))


def test_new_case_pages_in_english(client: FlaskClient, english: Users) -> None:
    login(client, english["ministerie"])
    page = page_of(client, "/zaken/nieuw")
    _assert_english(
        page,
        ("New case", "Choose the type of case.", "BZK issues location advice."),
        ("Kies het soort zaak", "brengt een locatieadvies uit"),
    )
    page = page_of(client, "/zaken/nieuw/omvangswijziging")
    _assert_english(
        page,
        (
            "New case: Change in the size of a service",
            "The case is saved as a draft.",
            "Save",
            "Cancel",
        ),
        ("wordt als concept opgeslagen", "Annuleren", "Opslaan"),
    )
    incomplete = file_case(client, "omvangswijziging", motivation="")
    _assert_english(
        page_of(client, f"/zaken/{incomplete.id}"),
        ("Edit details", "Still to be filled in: Motivation."),
        ("Gegevens wijzigen", "Nog in te vullen"),
    )
    # A refusal built in the view layer follows the language too.
    login(client, english["secretariaat"])
    response = client.get("/zaken/nieuw")
    assert response.status_code == 403
    assert "Your role may not create cases." in response.get_data(as_text=True)


def test_case_page_in_english(app: Flask, client: FlaskClient, english: Users) -> None:
    case = _submitted_case_with_history(app, client, english)
    page = page_of(client, f"/zaken/{case.id}")
    _assert_english(
        page,
        (
            # Actions and details
            "Actions",
            "Take into consideration",
            "Details",
            "Current size",
            "1,200 FTE",
            "Labour market scan Enough qualified staff available",
            "BZK case handler Not yet assigned",
            "Created by",
            # Deadlines
            "Deadlines of this case in working days (oldest first)",
            "Responsible",
            "Extend deadline",
            "Extensions",
            "Het ministerie levert stukken later aan.",  # the reason: data, not translated
            # Documents
            "Documents for this case (newest first)",
            "Uploaded by",
            "Download",
            "Add document",
            # Workflow and timeline
            "Workflow for change in the size of a service (version 2)",
            "Workflow Version 2",
            "Not in the diagram, but also possible:",
            "Timeline",
            "case created",
            "document 'groei.pdf' added",
            "Submit to BZK (Draft → Submitted)",
            "deadline 'Intake' extended from",
        ),
        (
            "Gegevens wijzigen",
            "Termijnen van deze zaak",
            "Verantwoordelijk",
            "Verlengingen",
            "Downloaden",
            "Geüpload door",
            "Tijdlijn",
            "zaak aangemaakt",
            "toegevoegd",
            "verlengd van",
            "Niet in de tekening",
            "Nog niet toegewezen",
        ),
    )


def test_action_form_in_english(client: FlaskClient, english: Users) -> None:
    case = case_in_state(english, "omvangswijziging", "ingediend")
    login(client, english["coordinator"])
    page = page_of(client, f"/zaken/{case.id}/acties/buiten_behandeling_stellen")
    _assert_english(
        page,
        (
            "Declare out of scope",
            f"Case {case.reference}: {case.title} (status: Submitted).",
            "Choose a reason",
            "Cancel",
        ),
        ("Annuleren", "Buiten behandeling stellen"),
    )
    # An edit form of a case in a state where it can no longer be changed: the refusal
    # built in the view is English as well.
    response = client.get(f"/zaken/{case.id}/bewerken")
    assert response.status_code == 403
    assert "You cannot change the details of this case at the moment." in response.get_data(
        as_text=True
    )


def test_extend_deadline_form_and_document_page_in_english(
    client: FlaskClient, english: Users
) -> None:
    login(client, english["ministerie"])
    case = file_case(client, "omvangswijziging")
    page = page_of(client, f"/zaken/{case.id}/documenten/nieuw")
    _assert_english(
        page,
        (
            "Add document",
            "Document type",
            "Choose a type",
            "File",
            "at most 20 MB. The type is checked against the content.",
            "Anyone who may see the case can download it.",
            "Back to the case",
        ),
        ("Document toevoegen", "Soort document", "Terug naar de zaak", "maximaal"),
    )
    act(client, case.id, "indienen")
    login(client, english["coordinator"])
    deadline = _intake(case.id)
    page = page_of(client, f"/zaken/{case.id}/termijnen/{deadline.id}/verlengen")
    _assert_english(
        page,
        (
            "Extend deadline: Intake",
            "Responsible BZK adviser",
            "Current due date",
            "The person responsible is notified of the new date.",
            "New due date",
            "Cancel",
        ),
        ("Termijn verlengen", "Huidige uiterste datum", "De verantwoordelijke krijgt bericht"),
    )
