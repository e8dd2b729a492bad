"""The offices layer on the spreading dashboard's map: a marker per province with meeting
places, the places and their room in its title."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from caseflow.extensions import db
from caseflow.models import User
from caseflow.services.places import meeting_places, offices
from tests.conftest import login
from tests.factories import province_id
from tests.services.test_insight import add_figures


@pytest.fixture(autouse=True)
def _shipped(app: Flask) -> None:
    meeting_places.load_meeting_places()
    db.session.commit()


def test_the_map_marks_the_meeting_places(client: FlaskClient, users: dict[str, User]) -> None:
    add_figures()
    offices.add_office(
        users["adviseur"],
        offices.OfficeInput(
            place="Zwolle",
            province_id=province_id("Overijssel"),
            source="RVB",
            workplaces=400,
            occupied=280,
        ),
    )
    login(client, users["ministerie"])
    page = client.get("/spreiding").get_data(as_text=True)
    assert 'class="province-map__offices"' in page
    assert (
        "<title>Overijssel: ruimte voor 120 werkplekken in Zwolle, rijksontmoetingsplein "
        "opent in 2026</title>" in page
    )
    # Noord-Brabant: 's-Hertogenbosch and Eindhoven, both open.
    assert (
        "<title>Noord-Brabant: 's-Hertogenbosch, rijksontmoetingsplein open; Eindhoven, "
        "rijksontmoetingsplein open</title>" in page
    )
    assert 'href="/kantoren"' in page
