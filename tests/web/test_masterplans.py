"""The masterplan pages by clicking: every case role reads them, the administrator not;
the case page and the office register link to them."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from caseflow.models import User
from tests.conftest import login
from tests.factories import case_in_state, masterplan_id

Users = dict[str, User]


@pytest.mark.parametrize("role", ["ministerie", "secretariaat", "adviseur", "coordinator"])
def test_case_roles_read_the_masterplans(client: FlaskClient, users: Users, role: str) -> None:
    case = case_in_state(users, "masterplan")
    login(client, users[role])
    index = client.get("/masterplannen").get_data(as_text=True)
    assert "Masterplan Den Haag" in index and "Masterplan Limburg" in index
    limburg = masterplan_id("Masterplan Limburg")
    page = client.get(f"/masterplannen/{limburg}").get_data(as_text=True)
    assert case.reference in page and "in uitvoering" in page
    case_page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert f'href="/masterplannen/{limburg}"' in case_page
    assert 'href="/masterplannen"' in client.get("/kantoren").get_data(as_text=True)


def test_other_ministry_does_not_see_the_case(client: FlaskClient, users: Users) -> None:
    case = case_in_state(users, "masterplan")
    login(client, users["ministerie_ocw"])
    page = client.get(f"/masterplannen/{masterplan_id()}").get_data(as_text=True)
    assert case.reference not in page


def test_administrator_and_unknown(client: FlaskClient, users: Users) -> None:
    login(client, users["beheerder"])
    assert client.get("/masterplannen").status_code == 403
    login(client, users["adviseur"])
    assert client.get("/masterplannen/999999").status_code == 404
