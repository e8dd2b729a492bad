"""Streamed downloads as a WSGI server sends them: the body is read after the view has
returned and its contexts have been torn down (the request's session closed, its cursors
with it). The other tests keep an application context pushed around every request, which
hides that; here a second application on the same database answers with none pushed, as
under gunicorn, and every row must still arrive."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from caseflow import create_app
from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import User
from caseflow.services.caselists import export, queries
from caseflow.services.caselists.case_sort import Sort
from tests.conftest import login
from tests.factories import case_in_state

Users = dict[str, User]


@pytest.fixture
def served(app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """The same database behind an application no test context is pushed for."""
    other = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "SECRET_KEY": "test-secret-key",
            "WTF_CSRF_ENABLED": False,
            "INSTANCE_PATH": str(tmp_path / "served"),
        }
    )
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def references(users: Users) -> list[str]:
    made = [
        case_in_state(users, "omvangswijziging", state, title=f"Dienst {n}")
        for n, state in enumerate(("ingediend", "in_behandeling", "afgerond", "ingediend"))
    ]
    db.session.commit()
    return [case.reference for case in made]


def _rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize(
    "url",
    [
        "/zaken/export.csv",
        "/rapportage/jaaroverzicht.csv?jaar={year}&peildatum={today}",
    ],
)
def test_streamed_csv_arrives_whole_after_the_request_ended(
    app: Flask, served: Flask, users: Users, references: list[str], url: str
) -> None:
    today = local_today()
    client = served.test_client()
    with app.app_context():  # the test users live in the fixture's session
        login(client, users["coordinator"])
    response = client.get(url.format(year=today.year, today=today.isoformat()))
    assert response.status_code == 200
    body = response.get_data()  # read now, after the view's contexts were popped
    cells = {cell for row in _rows(body) for cell in row}
    ongoing = [references[0], references[1], references[3]]  # the fourth is closed
    assert set(ongoing) <= cells


def test_a_download_read_to_the_end_gives_its_connection_back(
    app: Flask, users: Users, references: list[str]
) -> None:
    """Also when nobody calls close (a server that forgets, a test): on PostgreSQL an open
    connection keeps its transaction, and with it locks, until it is given back."""
    before = db.engine.pool.checkedout()  # type: ignore[attr-defined]
    download = export.csv_stream(users["coordinator"], queries.CaseFilter(), Sort())
    assert db.engine.pool.checkedout() == before + 1  # type: ignore[attr-defined]
    body = b"".join(download)
    assert references[0].encode() in body
    assert db.engine.pool.checkedout() == before  # type: ignore[attr-defined]
