"""A case type's fields are declared once, in its workflow definition: one added field (an
existing Case column, required and shown in the list) appears in the filing form, in the
case list and in the submission check, with no other edit. A field the application cannot
serve stops the application from starting."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

import workflows
from caseflow import create_app
from caseflow.models import User
from caseflow.services.cases.filing import missing_fields, verify_fields
from tests.conftest import _base_config, login
from tests.web.helpers import _plain, act, file_case, filing, page_of, state_of, version_on
from workflows.base import WorkflowDefinition
from workflows.fields import MINISTER, TEXT, Field, required

SIZE_CHANGE = "omvangswijziging"


def _with_field(extra: Field, monkeypatch: pytest.MonkeyPatch) -> WorkflowDefinition:
    """The newest size-change definition plus ``extra``, registered in its place."""
    current = workflows.latest(SIZE_CHANGE)
    extended = replace(current, fields=(*current.fields, extra))
    monkeypatch.setitem(workflows.REGISTRY, (current.code, current.version), extended)
    return extended


def _list_headings(page: str) -> list[str]:
    table = page[page.index('<table class="utrecht-table">') :]
    head = table[: table.index("</thead>")]
    cells = re.findall(r"<th\b.*?</th>", head, re.S)
    # A sortable heading also says how it sorts ("Kenmerk, sorteer oplopend").
    return [re.sub(r"<[^>]+>", "", cell).split(",")[0].strip() for cell in cells]


def test_an_added_field_is_in_the_form_the_list_and_the_submission_check(
    client: FlaskClient, users: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_field(required(replace(MINISTER, in_list=True)), monkeypatch)
    login(client, users["ministerie"])

    form = page_of(client, f"/zaken/nieuw/{SIZE_CHANGE}")
    assert 'name="minister"' in form and "Minister of bewindspersoon" in form

    case = file_case(client, SIZE_CHANGE)  # everything else filled in, the minister not
    assert missing_fields(case) == ["Minister of bewindspersoon"]
    assert "Nog in te vullen: Minister of bewindspersoon." in page_of(client, f"/zaken/{case.id}")
    assert client.get(f"/zaken/{case.id}/acties/indienen").status_code == 403

    edit = page_of(client, f"/zaken/{case.id}/bewerken")
    data = {**filing(SIZE_CHANGE), "minister": "Minister van JenV", "version": version_on(edit)}
    assert client.post(f"/zaken/{case.id}/bewerken", data=_plain(data)).status_code == 302
    assert state_of(case.id).minister == "Minister van JenV"
    assert missing_fields(state_of(case.id)) == []

    listed = page_of(client, "/zaken")
    headings = _list_headings(listed)
    assert headings.index("Organisatie") < headings.index("Fte")
    assert headings.index("Fte") < headings.index("Minister of bewindspersoon")
    assert "Minister van JenV" in listed

    act(client, case.id, "indienen")
    assert state_of(case.id).state == "ingediend"


def test_the_list_keeps_its_columns_by_default(client: FlaskClient, users: dict[str, User]) -> None:
    login(client, users["adviseur"])
    headings = _list_headings(page_of(client, "/zaken"))
    assert headings == [
        "Kenmerk",
        "Titel",
        "Zaaktype",
        "Status",
        "Ministerie",
        "Organisatie",
        "Fte",
        "Behandelaar",
        "Uiterste datum",
        "Gewijzigd",
    ]


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        (Field("no_such_column", "Nergens", TEXT), "no_such_column is no column of Case"),
        (Field("minister", "Minister", "shoe_size"), "unknown kind 'shoe_size'"),
        (Field("fte_current", "Omvang", TEXT), "fte_current is a fte elsewhere"),
    ],
)
def test_a_field_the_application_cannot_serve_stops_the_start(
    app: Flask, extra: Field, problem: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    current = workflows.latest(SIZE_CHANGE)
    fields = tuple(f for f in current.fields if f.name != extra.name)
    if extra.name == "fte_current":  # keep the size change's own, clash with another type
        fields, code = current.fields, "nieuwe_dienst"
        other = workflows.latest(code)
        broken = replace(other, fields=(*other.fields, extra))
        monkeypatch.setitem(workflows.REGISTRY, (code, other.version), broken)
    else:
        broken = replace(current, fields=(*fields, extra))
        monkeypatch.setitem(workflows.REGISTRY, (current.code, current.version), broken)
    with pytest.raises(RuntimeError, match=re.escape(problem)):
        verify_fields()
    with pytest.raises(RuntimeError, match=re.escape(problem)):
        create_app(_base_config(str(app.config["DATABASE_URL"]), tmp_path))
