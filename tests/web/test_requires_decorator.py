"""``@requires``: a handler declares the permission its ROUTES line gives it; the route
hook stays the one check, and an application whose declaration and table differ does not
start."""

from __future__ import annotations

import pytest
from flask import Flask

from caseflow.models import User
from caseflow.services import permissions
from caseflow.web.permissions import declared_permission, requires, verify_declarations
from tests.conftest import login

Users = dict[str, User]


def test_every_declaration_matches_its_routes_line(app: Flask) -> None:
    declared = {
        endpoint: declared_permission(view)
        for endpoint, view in app.view_functions.items()
        if declared_permission(view) is not None
    }
    assert declared["admin.reference"] == "reference.view"
    assert declared["regions.figure_import"] == "figures.import"
    assert declared["meetings.plan"] == "meeting.manage"
    assert all(permissions.ROUTES[e] == p for e, p in declared.items())


def test_a_declaration_that_differs_from_the_table_stops_the_app() -> None:
    app = Flask("check")

    @app.get("/x", endpoint="admin.reference")
    @requires("users.manage")
    def view() -> str:
        return ""

    with pytest.raises(RuntimeError, match=r"admin\.reference"):
        verify_declarations(app)


def test_an_unknown_permission_fails_at_import() -> None:
    with pytest.raises(KeyError):
        requires("no.such_permission")


def test_the_route_hook_refuses_before_the_handler(app: Flask, users: Users) -> None:
    client = app.test_client()
    login(client, users["ministerie"])
    assert client.get("/cijfers/import").status_code == 403
    assert client.get("/beheer/referentiegegevens").status_code == 403
    login(client, users["adviseur"])
    assert client.get("/cijfers/import").status_code == 200
