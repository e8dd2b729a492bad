"""Screens follow the interface language; letters, mails and exports stay Dutch."""

from __future__ import annotations

import re
from datetime import date, datetime

import flask_babel
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from flask_login import login_user

from caseflow.domain.dutch import dutch_date, dutch_datetime, dutch_number
from caseflow.extensions import db
from caseflow.models import User
from caseflow.web import filters
from tests.conftest import login
from tests.factories import case_in_state

DAY, MOMENT = date(2026, 12, 7), datetime(2026, 12, 7, 12, 5)


def _english(user: User) -> User:
    user.locale = "en"
    db.session.commit()
    return user


def test_screens_follow_the_locale_and_documents_stay_dutch(
    app: Flask, users: dict[str, User]
) -> None:
    with app.test_request_context("/"):
        login_user(_english(users["adviseur"]))
        flask_babel.refresh()
        assert filters.date_text(DAY) == "7 December 2026"
        assert filters.weekday_date(DAY) == "Monday 7 December 2026"
        assert filters.weekday_date("2026-12-07") == "Monday 7 December 2026"
        assert filters.datetime_text(MOMENT) == "7 December 2026 13:05"
        assert filters.number_text(1234.5) == "1,234.5"
        # Mails, letters and service messages call the Dutch functions directly.
        assert dutch_date(DAY, weekday=True) == "maandag 7 december 2026"
        assert dutch_datetime(MOMENT) == "7 december 2026 13:05"
        assert dutch_number(1234) == "1.234"
        with force_locale("nl"):  # how the letters and exports render their templates
            assert filters.date_text(DAY) == "7 december 2026"
            assert filters.number_text(1234.5) == "1.234,5"


def test_an_english_user_downloads_a_dutch_timeline(
    client: FlaskClient, users: dict[str, User]
) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    login(client, _english(users["coordinator"]))
    response = client.get(f"/zaken/{case.id}/tijdlijn.csv")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffMoment;Door;Gebeurtenis")
    moments = [line.split(";")[0] for line in text.splitlines()[1:]]
    assert moments and all(re.fullmatch(r"\d+ [a-z]+ \d{4} \d\d:\d\d", m) for m in moments)
    assert not any(re.search(r"[A-Z]", m) for m in moments)  # no English month names
