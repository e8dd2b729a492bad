"""Notifications, e-mail, the ministerraad board, administration and the accessibility
statement in English for a user who chose English; the stored notification and mail texts
stay Dutch (they are data, written when the event happened)."""

from __future__ import annotations

import re
from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import select

from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import MailMessage, User
from tests.conftest import login
from tests.factories import case_in_state
from tests.web.helpers import act, file_case, page_of

Users = dict[str, User]


def _notify_advisers(client: FlaskClient, users: Users, times: int = 1) -> None:
    """The ministry files and submits: each adviser gets a notification and a mail."""
    login(client, users["ministerie"])
    for _void in range(times):
        act(client, file_case(client, "omvangswijziging").id, "indienen")


def test_notifications_page_in_english(client: FlaskClient, english: Users) -> None:
    _notify_advisers(client, english)
    login(client, english["adviseur"])
    page = page_of(client, "/meldingen")
    assert '<html lang="en">' in page
    for text in (
        "<title>Notifications",
        "You have 1 unread notification.",
        "You also receive every notification by email:",
        "view your email</a>.",
        "Mark all as read",
        "Your notifications (newest first)",
        "Received",
        ">New<",
        "Mark as read",
        "(notification of ",
    ):
        assert text in page, text
    for dutch in ("ongelezen melding", "Markeer als gelezen", "Alles als gelezen", "Ontvangen"):
        assert dutch not in page, dutch
    assert "wacht op u" in page  # the stored notification text stays Dutch


def test_notifications_flashes_in_english(client: FlaskClient, english: Users) -> None:
    _notify_advisers(client, english, times=3)
    login(client, english["adviseur"])
    page = page_of(client, "/meldingen")
    assert "You have 3 unread notifications." in page
    first = re.search(r'action="(/meldingen/\d+/gelezen)"', page)
    assert first
    page = client.post(first.group(1), follow_redirects=True).get_data(as_text=True)
    assert "The notification has been marked as read." in page
    assert "Read on " in page and "Gelezen op" not in page
    response = client.post("/meldingen/alles-gelezen", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "2 notifications marked as read." in page and "gemarkeerd" not in page
    assert "You have 0 unread notifications." in page
    _notify_advisers(client, english)
    login(client, english["adviseur"])
    page = client.post("/meldingen/alles-gelezen", follow_redirects=True).get_data(as_text=True)
    assert "1 notification marked as read." in page


def test_mail_outbox_and_message_in_english(client: FlaskClient, english: Users) -> None:
    _notify_advisers(client, english)
    login(client, english["adviseur"])
    page = page_of(client, "/meldingen/email")
    for text in (
        "Email to you",
        "The email caseflow sends you with each notification.",
        "Back to the notifications",
        "Email messages to you (newest first)",
        "Subject",
        "Queued",
        "Development environment: email is not actually sent here",
        "<code>instance/outbox/</code>",
        "(one <code>.eml</code> file per message)",
    ):
        assert text in page, text
    for dutch in ("E-mail aan u", "In de wachtrij", "Onderwerp", "Ontwikkelomgeving"):
        assert dutch not in page, dutch

    message_id = db.session.scalars(
        select(MailMessage.id).where(MailMessage.user_id == english["adviseur"].id)
    ).one()
    page = page_of(client, f"/meldingen/email/{message_id}")
    for text in ("Back to all email", "<dt>To</dt>", "<dt>Created</dt>", "View the case"):
        assert text in page, text
    assert ">Message</h2>" in page and "Terug naar alle e-mail" not in page
    assert "Beste Adviseur BZK" in page  # mails stay Dutch by design


def test_meetings_board_in_english(client: FlaskClient, english: Users) -> None:
    waiting = case_in_state(english, "omvangswijziging", "geen_overeenstemming")
    placed = case_in_state(english, "nieuwe_dienst", "geagendeerd")
    login(client, english["secretariaat"])
    page = page_of(client, "/ministerraad")
    for text in (
        "<title>Council of Ministers",
        "Escalations to the Council of Ministers (ministerraad)",
        "Confidential: visible only to BZK and the secretariat.",
        "To be placed on the agenda (1)",
        "Cases without agreement, not yet on the agenda",
        "Agenda of the Council of Ministers (newest meeting first)",
        "Sub-council",
        "No decision yet",
        "Meeting calendar",
        "Add meeting",
    ):
        assert text in page, text
    assert waiting.reference in page and placed.reference in page
    for dutch in ("Vertrouwelijk", "Te agenderen", "Nog geen besluit", "Vergadering toevoegen"):
        assert dutch not in page, dutch

    day = local_today() + timedelta(days=30)
    response = client.post("/ministerraad", data={"held_on": day.isoformat(), "note": "MR"})
    assert response.status_code == 302
    assert "The meeting has been added." in page_of(client, "/ministerraad")


def test_empty_board_in_english(client: FlaskClient, english: Users) -> None:
    login(client, english["secretariaat"])
    page = page_of(client, "/ministerraad")
    assert "No cases have been placed on the agenda yet." in page
    assert "No meetings yet." in page and "Nog geen vergaderingen." not in page


def test_admin_users_in_english(client: FlaskClient, english: Users) -> None:
    login(client, english["beheerder"])
    page = page_of(client, "/beheer/gebruikers")
    for text in ("<title>Users", "All users", "Email address", "Active", "Add user"):
        assert text in page, text
    assert "Make a choice" in page and ">yes<" in page
    for dutch in ("Alle gebruikers", "Gebruiker toevoegen", "Maak een keuze", ">ja<"):
        assert dutch not in page, dutch

    response = client.post(
        "/beheer/gebruikers",
        data={
            "email": "nieuw@test.nl",
            "name": "Nieuwe Adviseur",
            "role": "adviseur",
            "ministry_id": "",
            "password": "een-lang-wachtwoord",
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "User nieuw@test.nl has been created." in page and "is aangemaakt" not in page


def test_admin_reference_data_in_english(client: FlaskClient, english: Users) -> None:
    login(client, english["beheerder"])
    page = page_of(client, "/beheer/referentiegegevens")
    for text in (
        "<title>Reference data",
        "Ministries with period of validity",
        "Abbreviation",
        "Valid until",
        "Organisations (services and independent administrative bodies, zbo's)",
        "Location tied to primary process",
        "independent administrative body (zbo)",
        "executive agency (agentschap)",
        "Provinces",
        "capital ",
    ):
        assert text in page, text
    for dutch in ("Afkorting", "Geldig tot", "Soort", "hoofdstad", ">agentschap<"):
        assert dutch not in page, dutch


def test_accessibility_statement_in_english(client: FlaskClient, english: Users) -> None:
    login(client, english["adviseur"])
    page = page_of(client, "/toegankelijkheid")
    for text in (
        "<title>Accessibility statement",
        "<strong>caseflow partially complies</strong> with the accessibility requirements",
        "We say ‘partially’ and not ‘fully’",
        "Compliance status",
        "How was this tested?",
        "400% zoom",
        "The ‘Skip to content’ link is the first tab stop.",
        "Known limitations",
        "<strong>Workflow diagram.</strong>",
        "Time limit on forms.",
        "What are we doing about it?",
        'This statement was drawn up on <time datetime="2026-11-24">',
        "Feedback and contact details",
        "[Contact details still to be filled in",
        "<code>ACCESSIBILITY_CONTACT</code>",
        "Enforcement procedure",
        "National Ombudsman",
    ):
        assert text in page, text
    for dutch in ("Toegankelijkheidsverklaring", "voldoet gedeeltelijk", "Bekende beperkingen"):
        assert dutch not in page, dutch
    # Without a login the statement stays Dutch.
    client.post("/uitloggen")
    page = page_of(client, "/toegankelijkheid")
    assert "Toegankelijkheidsverklaring" in page and "400% zoom" in page
    assert "Accessibility statement" not in page
