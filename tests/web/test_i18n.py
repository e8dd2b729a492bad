"""Interface language: Dutch by default, English per user; dates and numbers follow it."""

from __future__ import annotations

import re
from datetime import date, datetime

import flask_babel
import pytest
from flask import Flask, render_template_string
from flask.testing import FlaskClient
from flask_login import login_user

from caseflow.extensions import db
from caseflow.i18n import compile_catalogs
from caseflow.models import User
from tests.conftest import login
from tests.factories import case_in_state

SAMPLE = (
    "{{ day | dagdatum }}|{{ day | datum }}|{{ moment | datumtijd }}|{{ 1234.5 | getal }}"
    "|{{ 1234 | fte }}"
)


def _choose(client: FlaskClient, locale: str) -> int:
    return client.post("/voorkeuren", data={"locale": locale}).status_code


def _locale_of(user_id: int) -> str:
    db.session.expire_all()
    user = db.session.get(User, user_id)
    assert user is not None
    return user.locale


def _rendered_for(app: Flask, user: User) -> str:
    with app.test_request_context("/"):
        login_user(user)
        flask_babel.refresh()
        return render_template_string(
            SAMPLE, day=date(2026, 4, 27), moment=datetime(2026, 4, 27, 11, 5)
        )


def test_pages_are_dutch_by_default(client: FlaskClient, users: dict[str, User]) -> None:
    page = client.get("/inloggen", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="nl">' in page and "Ga direct naar de inhoud" in page
    assert "Log in met uw e-mailadres en wachtwoord." in page
    login(client, users["adviseur"])
    page = client.get("/").get_data(as_text=True)
    assert "Mijn werk" in page and "Uitloggen" in page and "Werkvoorraad" in page
    assert users["adviseur"].locale == "nl"


def test_dutch_dates_and_numbers_by_default(app: Flask, users: dict[str, User]) -> None:
    assert _rendered_for(app, users["adviseur"]).split("|") == [
        "maandag 27 april 2026",
        "27 april 2026",
        "27 april 2026 13:05",
        "1.234,5",
        "+1.234",
    ]


def test_a_user_switches_to_english(
    app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["adviseur"])
    form = client.get("/voorkeuren").get_data(as_text=True)
    assert "Voorkeuren" in form and "English" in form
    response = client.post("/voorkeuren", data={"locale": "en"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="en">' in page and "Your preferences have been saved." in page
    assert _locale_of(users["adviseur"].id) == "en"

    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    for english in (
        "My work",
        "Cases",
        "Log out",
        "Skip to content",
        "Work queues",
        "Accessibility",
    ):
        assert english in page
    assert "Mijn werk" not in page and "Uitloggen" not in page
    # Field labels (lazy_gettext in the forms) follow as well.
    assert "Language" in client.get("/voorkeuren").get_data(as_text=True)

    english_user = db.session.get(User, users["adviseur"].id)
    assert english_user is not None
    assert _rendered_for(app, english_user).split("|") == [
        "Monday 27 April 2026",
        "27 April 2026",
        "27 April 2026 13:05",
        "1,234.5",
        "+1,234",
    ]

    # Back to Dutch.
    assert _choose(client, "nl") == 302
    assert "Mijn werk" in client.get("/").get_data(as_text=True)


def test_another_user_stays_dutch(app: Flask, client: FlaskClient, users: dict[str, User]) -> None:
    login(client, users["adviseur"])
    assert _choose(client, "en") == 302
    other = app.test_client()
    login(other, users["coordinator"])
    page = other.get("/").get_data(as_text=True)
    assert '<html lang="nl">' in page and "Mijn werk" in page and "My work" not in page
    assert _rendered_for(app, users["coordinator"]).startswith("maandag 27 april 2026|")


@pytest.mark.parametrize("bad", ["de", "", "EN", "nl-NL"])
def test_the_choice_is_validated(client: FlaskClient, users: dict[str, User], bad: str) -> None:
    login(client, users["adviseur"])
    response = client.post("/voorkeuren", data={"locale": bad})
    assert response.status_code == 422
    assert "Kies Nederlands of English." in response.get_data(as_text=True)
    assert _locale_of(users["adviseur"].id) == "nl"


def test_preferences_need_login(client: FlaskClient) -> None:
    response = client.post("/voorkeuren", data={"locale": "en"})
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


def test_the_choice_needs_a_csrf_token(csrf_app: Flask, users: dict[str, User]) -> None:
    user_id = users["adviseur"].id
    client = csrf_app.test_client()
    login(client, users["adviseur"])
    assert client.post("/voorkeuren", data={"locale": "en"}).status_code == 400
    assert _locale_of(user_id) == "nl"
    form = client.get("/voorkeuren").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)
    assert token is not None
    response = client.post("/voorkeuren", data={"locale": "en", "csrf_token": token.group(1)})
    assert response.status_code == 302
    assert _locale_of(user_id) == "en"


def test_catalogs_compile_when_missing_or_stale(tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("translations")
    folder = root / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "messages.po"
    po.write_text('msgid ""\nmsgstr ""\n\nmsgid "Zaken"\nmsgstr "Cases"\n', encoding="utf-8")
    assert compile_catalogs(root) == [folder / "messages.mo"]
    assert compile_catalogs(root) == []  # up to date: nothing written
    assert b"Cases" in (folder / "messages.mo").read_bytes()


def test_workflow_labels_follow_the_language(client: FlaskClient, users: dict[str, User]) -> None:
    """State, case-type and role labels come from the workflow definitions (plain Dutch) and
    are translated where they are shown."""
    case_in_state(users, "omvangswijziging", "ingediend")
    login(client, users["adviseur"])
    assert _choose(client, "en") == 302
    page = client.get("/").get_data(as_text=True)
    for english in ("Change in the size of a service", "Submitted", "BZK adviser"):
        assert english in page
    assert "Wijziging in omvang van een dienst" not in page and ">Ingediend<" not in page
    assert _choose(client, "nl") == 302
    page = client.get("/").get_data(as_text=True)
    assert "Wijziging in omvang van een dienst" in page and ">Ingediend<" in page
