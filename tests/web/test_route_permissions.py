"""Every route is in the need-to-know table, and no role reads what the table keeps from it.

``test_no_leaks_over_roles_and_routes`` opens every GET route of ``app.url_map`` (with every
case, document, advice version, action and message of the need-to-know case file filled in)
as every role, extracts the text of the answer (HTML, CSV, XLSX, PDF) and counts the answers
that contain a secret the role may not read. It prints its figures; reproduce them with
``.venv/bin/python -m pytest -q -s -p no:cacheprovider tests/web/test_route_permissions.py``.
"""

from __future__ import annotations

import io
import itertools
from pathlib import Path
from typing import Any

from flask import Flask, url_for
from flask.testing import FlaskClient
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select
from werkzeug.routing import IntegerConverter, Rule

import workflows
from caseflow.extensions import db
from caseflow.models import Deadline, MailMessage, User
from caseflow.services import permissions
from tests import need_to_know as nk
from tests.conftest import csrf_protected, login

Users = dict[str, User]
APPROVAL_SHOWN = (
    "status-badge--ter_goedkeuring",
    'value="ter_goedkeuring"',
    "status=ter_goedkeuring",
)
JENV_CONTENT = (
    "Zaak onder goedkeuring",
    "Zaak met uitgebracht advies",
    nk.ISSUED,
    nk.SHARED_DOCUMENT,
    nk.OWN_DOCUMENT,
)


def test_every_route_is_in_the_permissions_table(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - set(permissions.ROUTES))
    assert missing == [], f"decide in services/permissions.py ROUTES who may use: {missing}"
    stale = sorted(set(permissions.ROUTES) - endpoints)
    assert stale == [], f"ROUTES names endpoints that no longer exist: {stale}"
    unknown = {p for p in permissions.ROUTES.values() if p != permissions.PUBLIC} - set(
        permissions.TABLE
    )
    assert unknown == set()


def test_a_route_nobody_decided_on_is_refused(app: Flask, users: Users) -> None:
    with csrf_protected(app, WTF_CSRF_ENABLED=False) as other:
        other.add_url_rule("/nieuw-scherm", "undecided", lambda: "geheim")
        client = other.test_client()
        login(client, users["coordinator"])
        response = client.get("/nieuw-scherm")
        assert response.status_code == 403
        assert "geheim" not in response.get_data(as_text=True)


def _forbidden(role_key: str) -> tuple[str, ...]:
    """What each user of the ``users`` fixture may never read in the case file."""
    ministry = (*nk.BZK_ONLY, nk.INTERNAL_DOCUMENT, *APPROVAL_SHOWN)
    return {
        "ministerie": ministry,
        "ministerie_ocw": (*ministry, *JENV_CONTENT),
        "secretariaat": nk.BZK_ONLY,
        "beheerder": (*ministry, *JENV_CONTENT),
    }.get(role_key, ())


def _values(app: Flask, case_file: nk.CaseFile) -> dict[str, list[Any]]:
    """Candidate values per URL argument name."""
    case = case_file.under_approval
    actions = sorted({a.name for d in workflows.REGISTRY.values() for a in d.actions})
    deadline_ids = db.session.scalars(select(Deadline.id).where(Deadline.case_id == case.id))
    return {
        "case_id": [case.id, case_file.issued.id],
        "document_id": [case_file.internal.id, case_file.shared.id, case_file.own.id],
        "number": [1, 2],
        "deadline_id": list(deadline_ids),
        "message_id": list(db.session.scalars(select(MailMessage.id))),
        "name": actions,
        "fmt": ["csv", "xlsx", "pdf"],
        "case_type": list(workflows.CASE_TYPES),
        "section": ["lopend", "besloten"],  # the annual overview's drill-down
    }


def _urls(app: Flask, case_file: nk.CaseFile) -> list[tuple[str, str]]:
    """(endpoint, url) for every GET route with every combination of candidate values."""
    values, urls = _values(app, case_file), []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint == "static":
            continue
        choices = [values.get(arg) or [_fallback(rule, arg)] for arg in sorted(rule.arguments)]
        for combination in itertools.product(*choices):
            args = dict(zip(sorted(rule.arguments), combination, strict=True))
            with app.test_request_context():
                urls.append((rule.endpoint, url_for(rule.endpoint, **args)))
    return urls


def _fallback(rule: Rule, arg: str) -> Any:
    return 1 if isinstance(rule._converters[arg], IntegerConverter) else "x"


def _text(body: bytes, mimetype: str) -> str:
    if mimetype == "application/pdf":
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if mimetype.endswith("spreadsheetml.sheet"):
        workbook = load_workbook(io.BytesIO(body), read_only=True)
        cells = [
            str(c) for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row
        ]
        workbook.close()
        return "\n".join(cells)
    return body.decode("utf-8", errors="replace")


def _export_forbidden(role_key: str, mimetype: str) -> tuple[str, ...]:
    # In a file there is no workflow diagram: the label itself must not show.
    shown_in_files = role_key.startswith("ministerie") or role_key == "beheerder"
    return ("Ter goedkeuring",) if shown_in_files and mimetype != "text/html" else ()


def test_no_leaks_over_roles_and_routes(
    app: Flask, client: FlaskClient, users: Users, tmp_path: Path
) -> None:
    case_file = nk.build(app, users, tmp_path / "documenten")
    urls = _urls(app, case_file)
    checked, leaks, errors, bzk_reads = 0, [], [], set()
    for role_key, user in users.items():
        login(client, user)
        for endpoint, url in urls:
            if endpoint == "auth.logout":
                continue
            response = client.get(url)
            body, mimetype = response.get_data(), response.mimetype
            response.close()
            checked += 1
            if response.status_code >= 500:
                errors.append((role_key, url, response.status_code))
                continue
            text = _text(body, mimetype)
            if role_key == "adviseur":  # the secrets are there to be found by those who may
                bzk_reads |= {s for s in (*nk.BZK_ONLY, nk.INTERNAL_DOCUMENT) if s in text}
            found = [
                s for s in _forbidden(role_key) + _export_forbidden(role_key, mimetype) if s in text
            ]
            if found:
                leaks.append((role_key, url, found))
    routes = len({e for e, _ in urls})
    print(
        f"\nneed-to-know: {routes} GET routes as {len(urls)} URLs x {len(users)} users = "
        f"{checked} requests; leaks: {len(leaks)}; 5xx: {len(errors)}"
    )
    assert checked > 500
    assert bzk_reads == {*nk.BZK_ONLY, nk.INTERNAL_DOCUMENT}
    assert errors == []
    assert leaks == []
