"""The administrator's user screens through HTTP: edit, role change, deactivate and
reactivate, password reset, 2FA reset, ending sessions; each act works, is refused to
everyone else, cannot lock the administrator out, and is in the security log."""

from __future__ import annotations

import json
import logging
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from caseflow.extensions import db
from caseflow.models import RecoveryCode, User
from caseflow.services.reference.loader import current_ministry
from tests.conftest import PASSWORD, csrf_token, login

ACTS = ("deactiveren", "activeren", "sessies-beeindigen", "tweestaps-herstellen")


@pytest.fixture
def security_events(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    # Alembic's fileConfig disables loggers that existed before the template migration.
    logging.getLogger("caseflow.security").disabled = False
    caplog.set_level(logging.INFO, logger="caseflow.security")
    return caplog


def _events(caplog: pytest.LogCaptureFixture, action: str) -> list[dict[str, object]]:
    found = []
    for record in caplog.records:
        if record.name == "caseflow.security":
            event = json.loads(record.getMessage())
            if event["action"] == action:
                found.append(event)
    return found


@pytest.fixture
def admin(client: FlaskClient, users: dict[str, User]) -> FlaskClient:
    login(client, users["beheerder"])
    return client


def _fresh(user: User) -> User:
    db.session.expire_all()
    found = db.session.get(User, user.id)
    assert found is not None
    return found


def _logged_in(client: FlaskClient) -> bool:
    response = client.get("/voorkeuren")
    if response.status_code == 200:
        return True
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]
    return False


def _edit(user: User, **changes: object) -> dict[str, str]:
    data: dict[str, object] = {
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "ministry_id": user.ministry_id or "",
    }
    data.update(changes)
    return {k: str(v) for k, v in data.items()}


def test_the_list_shows_every_user_with_status_and_links_to_each(
    admin: FlaskClient, users: dict[str, User]
) -> None:
    users["adviseur2"].active = False
    db.session.commit()
    page = admin.get("/beheer/gebruikers").get_data(as_text=True)
    for user in users.values():
        assert f'href="/beheer/gebruikers/{user.id}"' in page
    assert ">nee<" in page
    detail = admin.get(f"/beheer/gebruikers/{users['adviseur'].id}")
    assert detail.status_code == 200
    assert users["adviseur"].email in detail.get_data(as_text=True)


def test_edit_name_email_and_role_is_saved_and_the_role_change_logged(
    app: Flask,
    admin: FlaskClient,
    users: dict[str, User],
    security_events: pytest.LogCaptureFixture,
) -> None:
    target = users["adviseur2"]
    promoted = app.test_client()
    login(promoted, target)
    response = admin.post(
        f"/beheer/gebruikers/{target.id}",
        data=_edit(target, name="Anna Adviseur", email="Anna@Test.nl", role="coordinator"),
    )
    assert response.status_code == 302
    saved = _fresh(target)
    assert (saved.name, saved.email, saved.role) == ("Anna Adviseur", "anna@test.nl", "coordinator")
    assert not _logged_in(promoted)  # the new role begins with a new login
    [change] = _events(security_events, "role_change")
    assert change["actor"] == users["beheerder"].email
    assert change["object"] == f"user:{target.id}"
    assert (change["old_role"], change["new_role"]) == ("adviseur", "coordinator")
    assert _events(security_events, "user_update")[0]["result"] == "ok"


def test_moving_a_ministry_user_to_another_ministry_is_a_logged_change(
    admin: FlaskClient, users: dict[str, User], security_events: pytest.LogCaptureFixture
) -> None:
    target = users["ministerie"]
    ocw = current_ministry("OCW")
    response = admin.post(f"/beheer/gebruikers/{target.id}", data=_edit(target, ministry_id=ocw.id))
    assert response.status_code == 302
    assert _fresh(target).ministry_id == ocw.id
    assert _events(security_events, "role_change")[0]["new_ministry_id"] == ocw.id


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "adviseur-bzk@test.nl"}, "email", "al in gebruik"),
        ({"role": "ministerie"}, "ministry_id", "hoort bij een ministerie"),
        ({"role": "koning"}, "role", ""),
        ({"ministry_id": "999999"}, "ministry_id", ""),
    ],
)
def test_edit_has_the_checks_of_creation(
    admin: FlaskClient, users: dict[str, User], changes: dict[str, str], field: str, message: str
) -> None:
    target = users["adviseur2"]
    response = admin.post(f"/beheer/gebruikers/{target.id}", data=_edit(target, **changes))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert message in page
    saved = _fresh(target)
    assert (saved.email, saved.role) == ("adviseur2@test.nl", "adviseur")


def test_the_administrator_cannot_demote_or_deactivate_themselves(
    admin: FlaskClient, users: dict[str, User], security_events: pytest.LogCaptureFixture
) -> None:
    me = users["beheerder"]
    response = admin.post(f"/beheer/gebruikers/{me.id}", data=_edit(me, role="adviseur"))
    assert response.status_code == 422
    assert "eigen rol" in response.get_data(as_text=True)
    response = admin.post(f"/beheer/gebruikers/{me.id}/deactiveren")
    assert response.status_code == 403
    saved = _fresh(me)
    assert saved.role == "beheerder" and saved.active
    assert _logged_in(admin)
    assert _events(security_events, "user_deactivate")[0]["result"] == "refused"


def test_deactivate_ends_the_sessions_and_reactivate_lets_them_back(
    app: Flask,
    admin: FlaskClient,
    users: dict[str, User],
    security_events: pytest.LogCaptureFixture,
) -> None:
    target = users["ministerie"]
    victim = app.test_client()
    login(victim, target)
    assert _logged_in(victim)
    response = admin.post(f"/beheer/gebruikers/{target.id}/deactiveren")
    assert response.status_code == 302
    assert not _fresh(target).active
    assert not _logged_in(victim)
    assert (
        victim.post("/inloggen", data={"email": target.email, "password": PASSWORD}).status_code
        == 422
    )
    assert admin.post(f"/beheer/gebruikers/{target.id}/activeren").status_code == 302
    assert _fresh(target).active
    login(victim, target)
    assert _logged_in(victim)
    assert [e["result"] for e in _events(security_events, "user_deactivate")] == ["ok"]
    assert [e["result"] for e in _events(security_events, "user_reactivate")] == ["ok"]


def test_end_all_sessions_kills_a_copied_cookie(
    app: Flask,
    admin: FlaskClient,
    users: dict[str, User],
    security_events: pytest.LogCaptureFixture,
) -> None:
    target = users["coordinator"]
    victim = app.test_client()
    login(victim, target)
    cookie = victim.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    assert _logged_in(thief)
    response = admin.post(f"/beheer/gebruikers/{target.id}/sessies-beeindigen")
    assert response.status_code == 302
    assert not _logged_in(thief)
    assert not _logged_in(victim)
    assert _fresh(target).active  # the account itself stays usable
    [event] = _events(security_events, "sessions_end")
    assert (event["result"], event["object"]) == ("ok", f"user:{target.id}")


def test_password_reset_shows_a_temporary_password_once_that_must_be_changed(
    app: Flask,
    admin: FlaskClient,
    users: dict[str, User],
    security_events: pytest.LogCaptureFixture,
) -> None:
    target = users["ministerie"]
    victim = app.test_client()
    login(victim, target)
    response = admin.post(f"/beheer/gebruikers/{target.id}/wachtwoord-herstellen")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    found = re.search(r"<code>([a-z0-9-]+)</code>", response.get_data(as_text=True))
    assert found is not None
    temporary = found.group(1)
    assert len(temporary) >= 12
    assert not _logged_in(victim)  # the reset ends the user's sessions
    assert _fresh(target).must_change_password
    # The old password no longer works, the temporary one does, and then only the
    # password page can be reached until a new password is chosen.
    old = victim.post("/inloggen", data={"email": target.email, "password": PASSWORD})
    assert old.status_code == 422
    login(victim, target, password=temporary)
    for url in ("/", "/zaken", "/regio", "/beheer/gebruikers"):
        response = victim.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].endswith("/account/wachtwoord"), url
    new_password = "groene-tafel-onder-de-lamp"
    response = victim.post(
        "/account/wachtwoord",
        data={
            "current_password": temporary,
            "new_password": new_password,
            "repeat_password": new_password,
        },
    )
    assert response.status_code == 302
    assert not _fresh(target).must_change_password
    assert victim.get("/zaken").status_code == 200
    assert temporary not in security_events.text
    [event] = _events(security_events, "password_reset")
    assert (event["actor"], event["result"]) == (users["beheerder"].email, "ok")


def test_two_factor_reset_clears_the_authenticator_and_recovery_codes(
    admin: FlaskClient, users: dict[str, User], security_events: pytest.LogCaptureFixture
) -> None:
    target = users["coordinator"]
    target.totp_secret = "JBSWY3DPEHPK3PXP"
    target.totp_last_step = 12345
    db.session.add(RecoveryCode(user_id=target.id, code_hash="x"))
    db.session.commit()
    response = admin.post(f"/beheer/gebruikers/{target.id}/tweestaps-herstellen")
    assert response.status_code == 302
    saved = _fresh(target)
    assert (saved.totp_secret, saved.totp_enabled_at, saved.totp_last_step) == (None, None, None)
    assert db.session.query(RecoveryCode).filter_by(user_id=target.id).count() == 0
    assert _events(security_events, "two_factor_reset")[0]["result"] == "ok"


@pytest.mark.parametrize("role", ["adviseur", "coordinator", "ministerie", "secretariaat"])
def test_every_act_is_refused_to_anyone_but_the_administrator(
    client: FlaskClient, users: dict[str, User], role: str
) -> None:
    login(client, users[role])
    target = users["adviseur2"]
    before = (target.session_token, target.password_hash, target.role)
    assert client.get("/beheer/gebruikers").status_code in (403, 404)
    assert client.get(f"/beheer/gebruikers/{target.id}").status_code in (403, 404)
    edit = client.post(f"/beheer/gebruikers/{target.id}", data=_edit(target, role="beheerder"))
    assert edit.status_code in (403, 404)
    for act in (*ACTS, "wachtwoord-herstellen"):
        response = client.post(f"/beheer/gebruikers/{target.id}/{act}")
        assert response.status_code in (403, 404), act
    saved = _fresh(target)
    assert (saved.session_token, saved.password_hash, saved.role) == before
    assert saved.active


def test_the_service_refuses_a_non_administrator_and_logs_it(
    app: Flask, users: dict[str, User], security_events: pytest.LogCaptureFixture
) -> None:
    """The check is in the service, not only in the views."""
    from caseflow.domain.errors import NotAllowed
    from caseflow.services.accounts import users as user_service

    target = users["adviseur2"].id
    with app.test_request_context("/"):
        for call in (
            lambda: user_service.set_active(users["coordinator"], target, False),
            lambda: user_service.end_sessions(users["coordinator"], target),
            lambda: user_service.reset_password(users["coordinator"], target),
            lambda: user_service.reset_two_factor(users["coordinator"], target),
            lambda: user_service.update_user(
                users["coordinator"], target, "x@test.nl", "X", "beheerder", None
            ),
        ):
            with pytest.raises(NotAllowed):
                call()
    refused = [
        json.loads(r.getMessage())
        for r in security_events.records
        if r.name == "caseflow.security" and '"refused"' in r.getMessage()
    ]
    assert len(refused) == 5
    assert {e["actor"] for e in refused} == {users["coordinator"].email}


def test_unknown_user_or_act_is_a_404(admin: FlaskClient) -> None:
    assert admin.get("/beheer/gebruikers/424242").status_code == 404
    assert admin.post("/beheer/gebruikers/424242/deactiveren").status_code == 404
    assert admin.post("/beheer/gebruikers/1/opblazen").status_code == 404


def test_every_form_needs_its_csrf_token(csrf_app: Flask, users: dict[str, User]) -> None:
    target = users["adviseur2"]
    token_before = target.session_token
    client = csrf_app.test_client()
    login(client, users["beheerder"])
    for act in (*ACTS, "wachtwoord-herstellen"):
        assert client.post(f"/beheer/gebruikers/{target.id}/{act}").status_code == 400, act
    response = client.post(f"/beheer/gebruikers/{target.id}", data=_edit(target, name="Zonder"))
    assert response.status_code == 400
    saved = _fresh(target)
    assert (saved.session_token, saved.name, saved.active) == (token_before, target.name, True)
    # With the token from the page the act goes through.
    page = client.get(f"/beheer/gebruikers/{target.id}").get_data(as_text=True)
    response = client.post(
        f"/beheer/gebruikers/{target.id}/sessies-beeindigen", data={"csrf_token": csrf_token(page)}
    )
    assert response.status_code == 302
    assert _fresh(target).session_token != token_before


def test_a_new_account_chooses_its_own_password_at_the_first_login(
    app: Flask, admin: FlaskClient, security_events: pytest.LogCaptureFixture
) -> None:
    first = "zeven-blauwe-kano-s-op-het-meer"
    data = {"email": "nieuw@test.nl", "name": "Nieuwe Collega", "role": "ministerie"}
    data |= {"ministry_id": str(current_ministry("JenV").id), "password": first}
    assert admin.post("/beheer/gebruikers", data=data).status_code == 302
    assert _events(security_events, "user_create")[0]["result"] == "ok"
    newcomer = app.test_client()
    response = newcomer.post("/inloggen", data={"email": "nieuw@test.nl", "password": first})
    assert response.status_code == 302
    response = newcomer.get("/zaken")
    assert response.headers["Location"].endswith("/account/wachtwoord")
    assert first not in security_events.text
