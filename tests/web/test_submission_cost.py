"""What one workflow submission costs over HTTP: SQL statements and guard evaluations.

Filing (POST /zaken/<id>/acties/indienen as the ministry) loads the case once under its row
lock, computes the guard facts once (one statement), checks the action once and fires the
machine, which picks the branch without evaluating the action's guards again."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event

from caseflow.extensions import db
from caseflow.models import User
from tests.conftest import login
from tests.factories import case_in_state
from tests.web.helpers import version_on
from workflows.base import Facts
from workflows.guards import FILING_COMPLETE

# Before typed inputs and the single transition path this submission ran 35 statements in
# this scenario (the case loaded by the web and again under the lock, the facts computed
# twice in two statements each, all provinces read for a form without a province, the case
# read again after the commit for the flash message); now 30. Of these, one case read is the
# route's need-to-know check and the rest is the write itself: the state, the case counts, the
# audit event, the deadline and its reminders, and the notifications and mails to the
# ministry's and BZK's people. One more since webhooks: the active subscriptions are read
# (none here, so no event is written). One more since the cases per handler are kept: the
# case's move in assignee_counts (one upsert). Two more since the annual overview's kept
# counts: one upsert of the case's rows in report_tallies and one of its effect in
# report_effects.
STATEMENTS = 34


@contextmanager
def counted_statements() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


@contextmanager
def counted_filing_guard() -> Iterator[list[Facts]]:
    """Every evaluation of the filing guard's predicate, wherever it is called from."""
    evaluated: list[Facts] = []
    original = FILING_COMPLETE.predicate

    def counting(facts: Facts) -> bool:
        evaluated.append(facts)
        return original(facts)

    object.__setattr__(FILING_COMPLETE, "predicate", counting)  # a frozen dataclass
    try:
        yield evaluated
    finally:
        object.__setattr__(FILING_COMPLETE, "predicate", original)


@pytest.fixture
def filing_form(client: FlaskClient, users: dict[str, User]) -> tuple[int, dict[str, str]]:
    case = case_in_state(users, "omvangswijziging", "concept")
    login(client, users["ministerie"])
    page = client.get(f"/zaken/{case.id}/acties/indienen").get_data(as_text=True)
    return case.id, {"version": version_on(page), "opmerking": "Graag advies."}


def test_one_filing_runs_a_pinned_number_of_statements(
    client: FlaskClient, filing_form: tuple[int, dict[str, str]]
) -> None:
    case_id, form = filing_form
    with counted_statements() as statements:
        response = client.post(f"/zaken/{case_id}/acties/indienen", data=form)
    assert response.status_code == 302
    case_reads = [s for s in statements if s.startswith("SELECT cases.id")]
    assert len(case_reads) == 2, case_reads  # the route's access check and the locked read
    assert len(statements) == STATEMENTS, "\n".join(s[:120] for s in statements)


def test_one_filing_evaluates_the_filing_guard_once(
    client: FlaskClient, filing_form: tuple[int, dict[str, str]]
) -> None:
    case_id, form = filing_form
    with counted_filing_guard() as evaluated:
        response = client.post(f"/zaken/{case_id}/acties/indienen", data=form)
    assert response.status_code == 302
    assert len(evaluated) == 1
    assert evaluated[0].missing_fields == ()


def test_a_refused_filing_evaluates_the_guard_once_and_writes_nothing(
    client: FlaskClient, users: dict[str, User]
) -> None:
    case = case_in_state(users, "omvangswijziging", "concept")
    version = case.version
    case.motivation = ""
    db.session.commit()
    login(client, users["ministerie"])
    with counted_filing_guard() as evaluated, counted_statements() as statements:
        response = client.post(
            f"/zaken/{case.id}/acties/indienen", data={"version": str(version + 1)}
        )
    assert response.status_code == 403
    assert len(evaluated) == 1 and evaluated[0].missing_fields
    assert not [s for s in statements if s.startswith(("INSERT", "UPDATE", "DELETE"))]
