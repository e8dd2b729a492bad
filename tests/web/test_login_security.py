"""Strong login through the pages: failed logins throttled per account and per address
(CSRF-refused posts included) with back-off and a log line each, TOTP two-factor login with
enrolment, replay refusal and one-time recovery codes, and one password rule for the admin
form, the service and the command line."""

from __future__ import annotations

import json
import logging
import re
import time

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from caseflow.domain.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.models import RecoveryCode, User
from caseflow.services.accounts import passwords, two_factor
from caseflow.services.accounts import users as user_service
from caseflow.services.installation.demo import DEMO_PASSWORD
from tests.conftest import PASSWORD, csrf_protected, csrf_token, login, make_user, totp_code

Users = dict[str, User]
WRONG = "niet-het-goede-wachtwoord"


class Clock:
    """``time.time`` moved on at will: the throttle windows and TOTP windows follow it."""

    def __init__(self) -> None:
        self.offset = 0.0

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    real = time.time
    moved = Clock()
    monkeypatch.setattr(time, "time", lambda: real() + moved.offset)
    return moved


@pytest.fixture
def events(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    # Alembic's fileConfig (run in-process by the template database) disables this logger.
    logging.getLogger("caseflow.security").disabled = False
    caplog.set_level(logging.INFO, logger="caseflow.security")
    return caplog


def security_events(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "caseflow.security"]


def attempt(client: FlaskClient, email: str, password: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return client.post("/inloggen", data={"email": email, "password": password}, **kwargs)


def code_for(user: User) -> str:
    assert user.totp_secret
    return pyotp.TOTP(user.totp_secret).at(time.time())


# Throttling


def test_fifty_wrong_passwords_are_throttled_and_the_wait_ends(
    client: FlaskClient, users: Users, clock: Clock
) -> None:
    email = users["adviseur"].email
    statuses = [attempt(client, email, WRONG).status_code for _ in range(50)]
    assert statuses[:5] == [422] * 5
    assert set(statuses[5:]) == {429}
    # While throttled, even the right password is not tried: no oracle for a guesser.
    refused = attempt(client, email, PASSWORD)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 61
    page = refused.get_data(as_text=True)
    assert "Te veel mislukte pogingen om in te loggen" in page and '<html lang="nl">' in page
    assert "Content-Security-Policy" in refused.headers
    clock.advance(61)
    login(client, users["adviseur"])
    assert client.get("/").status_code == 200


def test_the_wait_grows_with_more_failures_and_never_locks_for_good(
    client: FlaskClient, users: Users, clock: Clock
) -> None:
    email = users["coordinator"].email
    waits = []
    for _ in range(4):
        while attempt(client, email, WRONG).status_code == 422:
            pass
        waits.append(int(attempt(client, email, WRONG).headers["Retry-After"]))
        clock.advance(waits[-1])
    assert waits[0] <= 61 < waits[1] <= 15 * 60 + 1 < waits[3] <= 3600 + 1
    clock.advance(3600)
    login(client, users["coordinator"])


def test_throttling_per_address_covers_every_account(
    client: FlaskClient, users: Users, clock: Clock
) -> None:
    for number in range(20):
        assert attempt(client, f"gok{number}@test.nl", WRONG).status_code == 422
    assert attempt(client, users["ministerie"].email, PASSWORD).status_code == 429
    elsewhere = {"REMOTE_ADDR": "192.0.2.7"}
    response = attempt(client, users["ministerie"].email, PASSWORD, environ_base=elsewhere)
    assert response.status_code == 302


def test_throttling_goes_on_in_memory_when_the_shared_store_is_away(
    app: Flask, users: Users
) -> None:
    away = {"WTF_CSRF_ENABLED": False, "THROTTLE_STORAGE_URL": "redis://127.0.0.1:1/0"}
    with csrf_protected(app, **away) as other:
        client = other.test_client()
        statuses = [attempt(client, users["ministerie"].email, WRONG).status_code for _ in range(6)]
        assert statuses == [422] * 5 + [429]


def test_posts_refused_by_csrf_count_as_failures(
    csrf_app: Flask, users: Users, events: pytest.LogCaptureFixture
) -> None:
    email = users["adviseur"].email
    client = csrf_app.test_client()
    for _ in range(5):
        assert attempt(client, email, WRONG).status_code == 400  # no token
    token = csrf_token(client.get("/inloggen").get_data(as_text=True))
    data = {"email": email, "password": PASSWORD, "csrf_token": token}
    response = client.post("/inloggen", data=data)
    assert response.status_code == 429 and "Retry-After" in response.headers
    failed = [e for e in security_events(events) if e["result"] == "failed"]
    assert [e["reason"] for e in failed] == ["csrf"] * 5
    assert all(e["actor"] == email for e in failed)


def test_a_throttled_post_without_a_token_is_still_told_to_wait(
    csrf_app: Flask, users: Users
) -> None:
    client = csrf_app.test_client()
    for _ in range(5):
        attempt(client, users["adviseur"].email, WRONG)
    assert attempt(client, users["adviseur"].email, WRONG).status_code == 429


def test_every_failure_and_throttled_post_is_logged_without_the_password(
    client: FlaskClient, users: Users, events: pytest.LogCaptureFixture
) -> None:
    email = users["adviseur"].email
    for _ in range(6):
        attempt(client, email, WRONG)
    attempt(client, "onbekend@test.nl", WRONG)
    logged = security_events(events)
    failed = [e for e in logged if e["result"] == "failed"]
    throttled = [e for e in logged if e["result"] == "throttled"]
    assert len(failed) == 6 and len(throttled) == 1
    assert {e["actor"] for e in failed} == {email, "onbekend@test.nl"}
    assert throttled[0]["actor"] == email and throttled[0]["address"] == "127.0.0.1"
    assert all({"time", "action", "object", "address"} <= e.keys() for e in logged)
    assert WRONG not in events.text


def test_the_code_step_is_throttled_too(client: FlaskClient, users: Users) -> None:
    user = users["secretariaat"]
    response = attempt(client, user.email, PASSWORD)
    assert response.headers["Location"].endswith("/inloggen/code")
    wrong = f"{(int(code_for(user)) + 500_000) % 1_000_000:06d}"
    statuses = [client.post("/inloggen/code", data={"code": wrong}).status_code for _ in range(6)]
    assert statuses == [422] * 5 + [429]


# Two-factor login


def _unenrolled(role: str, email: str) -> User:
    user = make_user(role, email=email)
    two_factor.reset(user)
    return user


def _enrol_through_pages(client: FlaskClient, user: User) -> list[str]:
    page = client.get("/tweestapsverificatie").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page  # drawn here, no QR service
    assert not re.search(r'<img[^>]+src="https?:', page)
    found = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', page)
    assert found is not None
    secret = found.group(1).replace(" ", "")
    again = client.get("/tweestapsverificatie").get_data(as_text=True)
    assert found.group(1) in again  # a reload keeps the secret already scanned
    right = pyotp.TOTP(secret).at(time.time())
    wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"
    refused = client.post("/tweestapsverificatie", data={"code": wrong})
    assert refused.status_code == 422
    assert "Deze code klopt niet" in refused.get_data(as_text=True)
    shown = client.post("/tweestapsverificatie", data={"code": right})
    assert shown.status_code == 200
    codes = re.findall(r"<code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code>", shown.get_data(True))
    assert len(set(codes)) == 10
    return codes


def test_a_bzk_user_enrols_at_the_first_login(
    client: FlaskClient, users: Users, events: pytest.LogCaptureFixture
) -> None:
    user = _unenrolled("coordinator", "nieuwe.coordinator@test.nl")
    response = attempt(client, user.email, PASSWORD)
    assert response.headers["Location"].endswith("/tweestapsverificatie")
    for url in ("/", "/zaken", "/voorkeuren"):  # not logged in before the second step
        assert "/inloggen" in client.get(url).headers["Location"]
    codes = _enrol_through_pages(client, user)
    assert client.get("/").status_code == 200  # the enrolment completed the login
    stored = db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id))
    hashes = [row.code_hash for row in stored]
    assert len(hashes) == 10 and not any(code in h for code in codes for h in hashes)
    actions = [e["action"] for e in security_events(events)]
    assert "2fa.enrolled" in actions and actions[-1] == "login"
    assert not any(c in events.text for c in codes)


def test_an_enrolment_secret_is_never_shared_between_sessions(app: Flask, users: Users) -> None:
    """Someone who had the password and opened the enrolment first cannot plant a secret:
    the user's own session gets a new one, and the first one's code no longer counts."""
    user = _unenrolled("adviseur", "nog.niet@test.nl")
    first, second = app.test_client(), app.test_client()
    secrets = []
    for client in (first, second):
        attempt(client, user.email, PASSWORD)
        page = client.get("/tweestapsverificatie").get_data(as_text=True)
        found = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', page)
        assert found is not None
        secrets.append(found.group(1).replace(" ", ""))
    assert secrets[0] != secrets[1]
    stale = pyotp.TOTP(secrets[0]).at(time.time())
    assert first.post("/tweestapsverificatie", data={"code": stale}).status_code == 422
    assert not two_factor.enrolled(user)


def test_a_logged_in_bzk_user_without_second_factor_is_sent_to_enrolment_everywhere(
    client: FlaskClient, users: Users
) -> None:
    user = users["adviseur"]
    login(client, user)
    two_factor.reset(user)  # e.g. reset by the administrator
    for url in ("/", "/zaken", "/voorkeuren", "/ministerraad", "/account/wachtwoord"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].endswith("/tweestapsverificatie"), url
    assert client.get("/tweestapsverificatie").status_code == 200
    assert client.post("/uitloggen").status_code == 302


def test_the_roles_that_need_a_second_factor_are_a_setting(app: Flask, users: Users) -> None:
    user = _unenrolled("coordinator", "zonder@test.nl")
    with csrf_protected(app, WTF_CSRF_ENABLED=False, TWO_FACTOR_ROLES=["adviseur"]) as other:
        response = attempt(other.test_client(), user.email, PASSWORD)
        assert response.status_code == 302 and response.headers["Location"] == "/"


def test_a_replayed_code_is_refused(client: FlaskClient, users: Users, clock: Clock) -> None:
    user = users["adviseur"]
    attempt(client, user.email, PASSWORD)
    code = totp_code(user)
    assert client.post("/inloggen/code", data={"code": code}).status_code == 302
    client.post("/uitloggen")
    attempt(client, user.email, PASSWORD)
    replayed = client.post("/inloggen/code", data={"code": code})
    assert replayed.status_code == 422
    assert "al gebruikt" in replayed.get_data(as_text=True)
    clock.advance(30)  # the next window's code is fresh
    assert client.post("/inloggen/code", data={"code": code_for(user)}).status_code == 302


def test_a_recovery_code_works_once(client: FlaskClient, users: Users) -> None:
    user = _unenrolled("beheerder", "nieuwe.beheerder@test.nl")
    attempt(client, user.email, PASSWORD)
    codes = _enrol_through_pages(client, user)
    client.post("/uitloggen")
    attempt(client, user.email, PASSWORD)
    used = client.post("/inloggen/code", data={"code": codes[3].upper()})
    assert used.status_code == 302 and client.get("/beheer/gebruikers").status_code == 200
    client.post("/uitloggen")
    attempt(client, user.email, PASSWORD)
    assert client.post("/inloggen/code", data={"code": codes[3]}).status_code == 422
    assert two_factor.remaining_recovery_codes(user) == 9


def test_new_recovery_codes_replace_the_old_ones(client: FlaskClient, users: Users) -> None:
    user = _unenrolled("secretariaat", "nieuw.secretariaat@test.nl")
    attempt(client, user.email, PASSWORD)
    old_codes = _enrol_through_pages(client, user)
    url = "/tweestapsverificatie/herstelcodes"
    assert client.post(url, data={"renew-code": old_codes[0]}).status_code == 422  # app only
    renewed = client.post(url, data={"renew-code": totp_code(user)})
    assert renewed.status_code == 200
    new_codes = re.findall(r"<code>([a-z0-9-]{14})</code>", renewed.get_data(as_text=True))
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    client.post("/uitloggen")
    attempt(client, user.email, PASSWORD)
    assert client.post("/inloggen/code", data={"code": old_codes[1]}).status_code == 422
    assert client.post("/inloggen/code", data={"code": new_codes[1]}).status_code == 302


def test_the_code_step_needs_the_password_step_first(client: FlaskClient, users: Users) -> None:
    response = client.post("/inloggen/code", data={"code": code_for(users["adviseur"])})
    assert response.status_code == 302 and response.headers["Location"].endswith("/inloggen")
    assert "/inloggen" in client.get("/").headers["Location"]


def test_second_factor_is_optional_for_ministries(client: FlaskClient, users: Users) -> None:
    user = users["ministerie"]
    response = attempt(client, user.email, PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/voorkeuren").get_data(as_text=True)
    assert "Tweestapsverificatie instellen" in page
    _enrol_through_pages(client, user)
    assert "herstelcodes" in client.get("/voorkeuren").get_data(as_text=True)
    client.post("/uitloggen")
    response = attempt(client, user.email, PASSWORD)
    assert response.headers["Location"].endswith("/inloggen/code")


# Password rules, one place


def _bad_passwords(email: str) -> dict[str, str]:
    return {
        "passwordpassword": "te makkelijk te raden",
        "Welkom01Welkom01": "te makkelijk te raden",
        email: "niet gelijk zijn aan uw naam of e-mailadres",
        "x": "minstens 12 tekens",
    }


def test_the_demo_and_test_passwords_pass_the_rules() -> None:
    assert passwords.problems(DEMO_PASSWORD, name="Coördinator", email="coordinator@demo.nl") == []
    assert passwords.problems(PASSWORD, name="Adviseur BZK", email="adviseur-bzk@test.nl") == []


def test_the_admin_form_refuses_weak_passwords(client: FlaskClient, users: Users) -> None:
    login(client, users["beheerder"])
    email = "nieuwe.collega@bzk.nl"
    for password, reason in _bad_passwords(email).items():
        data = {"email": email, "name": "Nieuwe Collega", "role": "adviseur", "password": password}
        response = client.post("/beheer/gebruikers", data=data)
        assert response.status_code == 422, password
        assert reason in response.get_data(as_text=True), password
    count = select(func.count()).select_from(User).where(User.email == email)
    assert db.session.scalar(count) == 0


def test_the_service_refuses_weak_passwords(app: Flask, users: Users) -> None:
    email = "nieuwe.collega@bzk.nl"
    for password, reason in _bad_passwords(email).items():
        with pytest.raises(ValidationFailed) as refused:
            user_service.create_user(
                users["beheerder"], email, "Nieuwe Collega", "adviseur", None, password
            )
        assert reason in refused.value.fields["password"], password


def test_the_command_line_refuses_weak_passwords(app: Flask) -> None:
    cli_user_email = "cli.collega@bzk.nl"
    runner = app.test_cli_runner()
    for password, reason in _bad_passwords(cli_user_email).items():
        args = ["caseflow", "create-user", cli_user_email, "Cli Collega", "adviseur"]
        result = runner.invoke(args=[*args, "--password", password])
        assert result.exit_code != 0, password
        assert reason in result.output, (password, result.output)
    count = select(func.count()).select_from(User).where(User.email == cli_user_email)
    assert db.session.scalar(count) == 0
    args = ["caseflow", "create-user", cli_user_email, "Cli Collega", "adviseur"]
    result = runner.invoke(args=[*args, "--password", "paars schrift vol met kievieten"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(count) == 1


def test_the_command_line_makes_accounts_as_the_administrator_does(app: Flask) -> None:
    """One way to create an account: the command line refuses what the admin screen refuses
    (a taken e-mail address, a ministry user without a ministry)."""
    runner = app.test_cli_runner()
    good = ["--password", "paars schrift vol met kievieten"]
    base = ["caseflow", "create-user"]
    made = runner.invoke(args=[*base, "dubbel@bzk.nl", "Eerste Collega", "adviseur", *good])
    assert made.exit_code == 0, made.output
    again = runner.invoke(args=[*base, "DUBBEL@bzk.nl", "Tweede Collega", "adviseur", *good])
    assert again.exit_code != 0 and "al in gebruik" in again.output
    lonely = runner.invoke(args=[*base, "m@jenv.nl", "Mila", "ministerie", *good])
    assert lonely.exit_code != 0 and "hoort bij een ministerie" in lonely.output
    count = (
        select(func.count()).select_from(User).where(User.email.in_(["dubbel@bzk.nl", "m@jenv.nl"]))
    )
    assert db.session.scalar(count) == 1
