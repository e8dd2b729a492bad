"""Importing employment figures over the API, as the screen does: checked only, or imported
as one batch; a file with a wrong row imports nothing (422 per row); BZK only, with a
read-write token."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models import EmploymentFigure, User
from caseflow.services.accounts import api_tokens
from tests.api.helpers import bearer, token_for

Users = dict[str, User]
URL = "/api/v1/cijfers"
HEADER = "provincie;sector;peildatum;fte;bron\n"
GOOD = HEADER + "Limburg;DJI;2025-01-01;1200;CBS\nDrenthe;DJI;2025-01-01;800;CBS\n"
BAD = HEADER + "Limburg;DJI;2025-01-01;1200;CBS\nAtlantis;DJI;2025-01-01;800;CBS\n"


@pytest.fixture(autouse=True)
def _imports(app: Flask, tmp_path: Path) -> None:
    app.config["FIGURE_IMPORTS_PATH"] = str(tmp_path / "imports")


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(EmploymentFigure)) or 0


def _post(client: FlaskClient, token: str, text: str, confirm: bool) -> object:
    data = {
        "bestand": (io.BytesIO(text.encode()), "cijfers.csv"),
        "bevestigen": "true" if confirm else "false",
    }
    return client.post(URL, headers=bearer(token), data=data, content_type="multipart/form-data")


def test_check_then_import_as_one_batch(client: FlaskClient, users: Users) -> None:
    token = token_for(users["coordinator"], api_tokens.READ_WRITE)
    before = _count()
    checked = _post(client, token, GOOD, confirm=False)
    assert checked.status_code == 200 and checked.get_json() == {
        "imported": False,
        "rows": 2,
        "batch_id": None,
    }
    assert _count() == before
    done = _post(client, token, GOOD, confirm=True)
    assert done.status_code == 200 and done.get_json()["imported"] is True
    assert done.get_json()["rows"] == 2 and done.get_json()["batch_id"] > 0
    assert _count() == before + 2


def test_a_wrong_row_imports_nothing(client: FlaskClient, users: Users) -> None:
    token = token_for(users["adviseur"], api_tokens.READ_WRITE)
    before = _count()
    answer = _post(client, token, BAD, confirm=True)
    assert answer.status_code == 422 and answer.mimetype == "application/problem+json"
    assert "regel 3" in answer.get_data(as_text=True)
    assert _count() == before


def test_only_bzk_with_a_read_write_token(client: FlaskClient, users: Users) -> None:
    for user, scope in (
        (users["ministerie"], api_tokens.READ_WRITE),
        (users["adviseur"], api_tokens.READ),
    ):
        assert _post(client, token_for(user, scope), GOOD, confirm=True).status_code == 403
    no_file = client.post(
        URL, headers=bearer(token_for(users["adviseur"], api_tokens.READ_WRITE)), data={}
    )
    assert no_file.status_code == 422
