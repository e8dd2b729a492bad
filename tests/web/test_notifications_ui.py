"""The notifications link in the header, the notifications page and the mail view, through
HTTP: every user sees only his own."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from caseflow.domain.clock import utcnow
from caseflow.extensions import db
from caseflow.models import MailMessage, Notification, User
from caseflow.models.notification import DELIVERED
from caseflow.web import inbox as inbox_view
from tests.conftest import login
from tests.web.helpers import act, file_case

Users = dict[str, User]
BELL = re.compile(r"Meldingen \((\d+)<span class=\"visually-hidden\"> ongelezen</span>\)")


def _bell(client: FlaskClient, url: str = "/") -> int:
    found = BELL.search(client.get(url).get_data(as_text=True))
    assert found, "no notifications link in the header"
    return int(found.group(1))


def _own(user: User, model: type[Notification] | type[MailMessage]) -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(select(model.id).where(model.user_id == user.id)))


def _submit_case(client: FlaskClient, users: Users) -> int:
    """The ministry files and submits: the advisers get "waits for you"."""
    login(client, users["ministerie"])
    case = file_case(client, "omvangswijziging")
    act(client, case.id, "indienen")
    return case.id


def test_bell_counts_unread_and_mark_read_lowers_it(client: FlaskClient, users: Users) -> None:
    login(client, users["adviseur"])
    assert _bell(client) == 0
    assert "nog geen meldingen" in client.get("/meldingen").get_data(as_text=True)
    case_id = _submit_case(client, users)
    login(client, users["adviseur"])
    assert _bell(client) == 1
    page = client.get("/meldingen").get_data(as_text=True)
    assert "wacht op u" in page and f'href="/zaken/{case_id}"' in page
    assert "Nieuw" in page and "Markeer als gelezen" in page  # unread in words, not colour
    [notification_id] = _own(users["adviseur"], Notification)
    response = client.post(f"/meldingen/{notification_id}/gelezen")
    assert response.status_code == 302 and response.headers["Location"].endswith("/meldingen")
    assert _bell(client) == 0
    page = client.get("/meldingen").get_data(as_text=True)
    assert "Gelezen op" in page and f"/meldingen/{notification_id}/gelezen" not in page
    # Marking again changes nothing and is no error.
    assert client.post(f"/meldingen/{notification_id}/gelezen").status_code == 302


def test_mark_all_read(client: FlaskClient, users: Users) -> None:
    for _ in range(3):
        _submit_case(client, users)
    login(client, users["adviseur"])
    assert _bell(client) == 3
    page = client.get("/meldingen").get_data(as_text=True)
    assert "Alles als gelezen markeren" in page
    response = client.post("/meldingen/alles-gelezen", follow_redirects=True)
    assert "3 meldingen als gelezen gemarkeerd" in response.get_data(as_text=True)
    assert _bell(client) == 0
    # The other adviser's notifications are untouched.
    login(client, users["adviseur2"])
    assert _bell(client) == 3


def test_someone_elses_notification_is_not_found(client: FlaskClient, users: Users) -> None:
    _submit_case(client, users)
    [theirs] = _own(users["adviseur2"], Notification)
    login(client, users["adviseur"])
    response = client.post(f"/meldingen/{theirs}/gelezen")
    assert response.status_code == 404
    assert client.post("/meldingen/424242/gelezen").status_code == 404
    assert db.session.get(Notification, theirs).read_at is None  # type: ignore[union-attr]
    assert f"/meldingen/{theirs}/gelezen" not in client.get("/meldingen").get_data(as_text=True)


def test_notifications_page_pages_by_keyset(
    client: FlaskClient, users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        _submit_case(client, users)
    monkeypatch.setattr(inbox_view, "PAGE_SIZE", 2)
    login(client, users["adviseur"])
    first = client.get("/meldingen").get_data(as_text=True)
    newest, middle, oldest = sorted(_own(users["adviseur"], Notification), reverse=True)
    assert f"/meldingen/{newest}/gelezen" in first and f"/meldingen/{middle}/gelezen" in first
    assert f"/meldingen/{oldest}/gelezen" not in first
    older = re.search(r'href="(/meldingen\?voor=\d+)" rel="next"', first)
    assert older
    second = client.get(older.group(1)).get_data(as_text=True)
    assert f"/meldingen/{oldest}/gelezen" in second and 'rel="next"' not in second
    assert f"/meldingen/{middle}/gelezen" not in second


def test_mail_view_shows_only_own_messages(client: FlaskClient, users: Users) -> None:
    _submit_case(client, users)
    mine = _own(users["adviseur"], MailMessage)
    theirs = _own(users["adviseur2"], MailMessage)
    assert len(mine) == len(theirs) == 1
    login(client, users["adviseur"])
    page = client.get("/meldingen/email").get_data(as_text=True)
    assert f"/meldingen/email/{mine[0]}" in page and f"/meldingen/email/{theirs[0]}" not in page
    assert users["adviseur"].email in page and users["adviseur2"].email not in page
    assert "In de wachtrij" in page
    assert "instance/outbox/" in page  # development: mail goes to files
    detail = client.get(f"/meldingen/email/{mine[0]}")
    assert detail.status_code == 200
    assert "Beste Adviseur BZK" in detail.get_data(as_text=True)
    assert client.get(f"/meldingen/email/{theirs[0]}").status_code == 404
    assert client.get("/meldingen/email/424242").status_code == 404
    # Once delivered (by the sender; set here, so no file lands in instance/outbox) the
    # status reads "Verzonden", with the time.
    message = db.session.get(MailMessage, mine[0])
    assert message is not None
    message.status, message.sent_at = DELIVERED, utcnow()
    db.session.commit()
    assert "Verzonden" in client.get("/meldingen/email").get_data(as_text=True)


def test_smtp_delivery_shows_no_outbox_note(
    client: FlaskClient, users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(client.application.config, "MAIL_DELIVERY", "smtp")
    login(client, users["adviseur"])
    assert "instance/outbox/" not in client.get("/meldingen/email").get_data(as_text=True)


def test_inbox_needs_login_and_post(client: FlaskClient, users: Users) -> None:
    for url in ("/meldingen", "/meldingen/email", "/meldingen/email/1"):
        response = client.get(url)
        assert response.status_code == 302 and "/inloggen" in response.headers["Location"]
    login(client, users["adviseur"])
    assert client.get("/meldingen/alles-gelezen").status_code == 405


def test_inbox_pages_keep_the_strict_csp(client: FlaskClient, users: Users) -> None:
    _submit_case(client, users)
    [message_id] = _own(users["adviseur"], MailMessage)
    login(client, users["adviseur"])
    for url in ("/meldingen", "/meldingen/email", f"/meldingen/email/{message_id}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
        body = response.get_data(as_text=True)
        assert not re.search(r"<script|style=", body), url
        assert '<html lang="nl">' in body, url
