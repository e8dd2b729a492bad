"""Pages are read before they are rendered: the case page computes the allowed actions once
(the regions panel's draft link reuses them), and no template global or context processor
queries the database while a template renders (the header's unread count included)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from caseflow import engine
from caseflow.extensions import db
from caseflow.models import User
from tests import need_to_know as nk
from tests.conftest import login

Users = dict[str, User]
# What the template globals used to read while rendering: advice versions and their diffs,
# documents, region profiles, the timeline, the information request and the notifications.
READ_BY_GLOBALS = re.compile(
    r"\bFROM (advice|documents|region_profiles|case_events|notifications)\b", re.IGNORECASE
)


@pytest.fixture
def case_file(app: Flask, users: Users, tmp_path: Path) -> nk.CaseFile:
    return nk.build(app, users, tmp_path / "documenten")


@pytest.fixture
def rendering_sql(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The SQL statements issued while Jinja renders a template (nothing before or after)."""
    statements: list[str] = []
    rendering = [False]
    original = jinja2.Template.render

    def render(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        outer = rendering[0]
        rendering[0] = True
        try:
            return original(self, *args, **kwargs)
        finally:
            rendering[0] = outer

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if rendering[0]:
            statements.append(statement)

    monkeypatch.setattr(jinja2.Template, "render", render)
    with app.app_context():
        target = db.engine
    event.listen(target, "before_cursor_execute", record)
    yield statements
    event.remove(target, "before_cursor_execute", record)


def test_the_case_page_computes_the_allowed_actions_once(
    client: FlaskClient, users: Users, case_file: nk.CaseFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original = engine.available

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append("available")
        return original(*args, **kwargs)

    monkeypatch.setattr(engine, "available", counted)
    login(client, users["coordinator"])
    calls.clear()
    response = client.get(f"/zaken/{case_file.under_approval.id}")
    assert response.status_code == 200
    assert "passende-regios" in response.get_data(as_text=True)  # the panel that reused them
    assert calls == ["available"]


def test_no_template_global_reads_the_database_on_the_case_page(
    client: FlaskClient, users: Users, case_file: nk.CaseFile, rendering_sql: list[str]
) -> None:
    login(client, users["coordinator"])
    rendering_sql.clear()
    page = client.get(f"/zaken/{case_file.under_approval.id}").get_data(as_text=True)
    assert nk.DRAFT_TWO in page and nk.INTERNAL_DOCUMENT in page  # the panels are there
    assert [s for s in rendering_sql if READ_BY_GLOBALS.search(s)] == []
    assert rendering_sql == []  # the read model holds all the page shows


def test_no_template_global_reads_the_database_on_the_ministry_s_case_page(
    client: FlaskClient, users: Users, case_file: nk.CaseFile, rendering_sql: list[str]
) -> None:
    login(client, users["ministerie"])
    rendering_sql.clear()
    page = client.get(f"/zaken/{case_file.issued.id}").get_data(as_text=True)
    assert nk.ISSUED in page
    # Only the people named on the page may still load as the template reads their names.
    assert [s for s in rendering_sql if READ_BY_GLOBALS.search(s)] == []


def test_the_header_count_is_read_before_the_page_renders(
    client: FlaskClient, users: Users, rendering_sql: list[str]
) -> None:
    login(client, users["adviseur"])
    rendering_sql.clear()
    for url in ("/meldingen", "/account/wachtwoord", "/ministerraad"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Meldingen (0" in response.get_data(as_text=True)
    assert [s for s in rendering_sql if READ_BY_GLOBALS.search(s)] == []


def test_the_header_count_is_not_read_for_a_document_without_the_header(
    app: Flask, users: Users, rendering_sql: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from caseflow.web import inbox as inbox_web

    read: list[int] = []
    monkeypatch.setattr(inbox_web.inbox, "unread_count", lambda user: read.append(1) or 0)
    with app.test_request_context():
        from flask import render_template
        from flask_login import login_user

        login_user(users["adviseur"])
        render_template("error_plain.html", status=500, title="Fout", message="x")
        assert read == []
        render_template("error.html", status=500, title="Fout", message="x")
        assert read == [1]


def test_the_templates_have_no_database_globals_left(app: Flask) -> None:
    gone = {
        "advice_diffs",
        "information_request",
        "region_matches",
        "publication_panel",
        "may_export_publication",
        "unread_notifications",
    }
    assert gone.isdisjoint(app.jinja_env.globals)
    with app.test_request_context():
        context: dict[str, Any] = {}
        app.update_template_context(context)
    assert gone.isdisjoint(context)
