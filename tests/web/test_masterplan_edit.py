"""BZK keeps a masterplan's status and period: a stale form is refused (409) with nothing
overwritten, bad input is a 422 in Dutch, a ministry and the secretariat may not; the case
list filters on a masterplan."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import Masterplan, User
from tests.conftest import login
from tests.factories import case_in_state, masterplan_id
from tests.web.helpers import page_of

Users = dict[str, User]


@pytest.fixture(autouse=True)
def _kept_reference(app: Flask) -> Iterator[None]:
    """Masterplans are reference data that PostgreSQL keeps between tests: put back the
    status and period these tests change, whatever happens in them."""
    before = {p.id: (p.status, p.period) for p in db.session.scalars(select(Masterplan))}
    yield
    db.session.rollback()
    for plan in db.session.scalars(select(Masterplan)):
        plan.status, plan.period = before[plan.id]
    db.session.commit()


def _form(status: str, period: str, shown: tuple[str, str]) -> dict[str, str]:
    return {"status": status, "period": period, "shown_status": shown[0], "shown_period": shown[1]}


def _state(plan_id: int) -> tuple[str, str]:
    db.session.expire_all()
    plan = db.session.get_one(Masterplan, plan_id)
    return plan.status, plan.period


def test_bzk_changes_status_and_period_and_a_stale_form_is_refused(
    client: FlaskClient, users: Users
) -> None:
    plan = masterplan_id("Masterplan Limburg")
    shown = _state(plan)
    assert shown == ("in uitvoering", "2024-2028")
    login(client, users["adviseur"])
    assert "Status en periode wijzigen" in page_of(client, f"/masterplannen/{plan}")
    url = f"/masterplannen/{plan}/wijzigen"
    assert client.post(url, data=_form("afgerond", "2024-2029", shown)).status_code == 302
    assert _state(plan) == ("afgerond", "2024-2029")
    # The coordinator's form still shows the old values: refused, nothing overwritten.
    login(client, users["coordinator"])
    response = client.post(url, data=_form("vastgesteld", "2025-2030", shown))
    assert response.status_code == 409
    assert _state(plan) == ("afgerond", "2024-2029")
    assert 'value="2024-2029"' in response.get_data(as_text=True)  # carries the current


def test_bad_input_and_other_roles(client: FlaskClient, users: Users) -> None:
    plan = masterplan_id("Masterplan Limburg")
    shown = _state(plan)
    url = f"/masterplannen/{plan}/wijzigen"
    login(client, users["coordinator"])
    for status, period in (
        ("gesloten", "2024-2028"),
        ("afgerond", "2028-2024"),
        ("afgerond", "1999-2028"),
        ("afgerond", "2024"),
        ("afgerond", "2024-2028\x00"),
        ("afgerond", "9" * 30),
    ):
        response = client.post(url, data=_form(status, period, shown))
        assert response.status_code in (400, 422), (status, period)
    assert _state(plan) == shown
    assert client.get("/masterplannen/999999/wijzigen").status_code == 404
    for role in ("ministerie", "secretariaat"):
        login(client, users[role])
        assert "Status en periode wijzigen" not in page_of(client, f"/masterplannen/{plan}")
        assert client.post(url, data=_form("afgerond", "2024-2028", shown)).status_code == 403
    assert _state(plan) == shown


def test_the_case_list_filters_on_a_masterplan(client: FlaskClient, users: Users) -> None:
    limburg = case_in_state(users, "masterplan", "ingediend")
    other = case_in_state(
        users, "masterplan", "ingediend", masterplan_id=masterplan_id("Masterplan Groningen")
    )
    plan = masterplan_id("Masterplan Limburg")
    login(client, users["adviseur"])
    page = page_of(client, f"/zaken?masterplan={plan}")
    assert limburg.reference in page and other.reference not in page
    assert f'value="{plan}" selected' in page
    detail = page_of(client, f"/masterplannen/{plan}")
    assert f'href="/zaken?masterplan={plan}"' in detail
    assert db.session.scalar(select(Masterplan.id).where(Masterplan.id == plan)) == plan
