"""PostgreSQL: the application's role owns nothing, so it cannot disable the audit triggers,
TRUNCATE, or change and remove audit records, yet does its normal work; the TRUNCATE trigger
refuses even the owner. Migrations run through MIGRATION_DATABASE_URL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask_migrate import stamp
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

from caseflow import create_app
from caseflow.domain.errors import DomainError
from caseflow.extensions import db
from caseflow.models import User
from caseflow.services.audit import trail, watch
from caseflow.services.cases import lifecycle
from caseflow.services.installation import db_roles
from tests.audit_attacks import walked_case
from tests.conftest import PG_URL
from tests.factories import filing_data

Users = dict[str, User]
REFUSED = {
    "TRUNCATE case_events CASCADE": "permission denied",
    "TRUNCATE audit_checkpoints CASCADE": "permission denied",
    "ALTER TABLE case_events DISABLE TRIGGER ALL": "must be owner",
    "ALTER TABLE case_events DISABLE TRIGGER case_events_append_only": "must be owner",
    "DROP TRIGGER case_events_no_truncate ON case_events": "must be owner",
    "UPDATE case_events SET comment = 'vervalst'": "permission denied",
    "DELETE FROM case_events": "permission denied",
    "DELETE FROM audit_checkpoint_heads": "permission denied",
    "UPDATE audit_checkpoints SET mac = ''": "permission denied",
    "SET session_replication_role = replica": "permission denied",
    "CREATE TABLE stash (id integer)": "permission denied",
    "UPDATE alembic_version SET version_num = 'x'": "permission denied",
}


@pytest.fixture
def app_role_url(postgres_only: None, app: Flask) -> Iterator[str]:
    """A login role for this test database, given the application's rights by the owner."""
    role = f"{make_url(PG_URL).database}_app"
    with db.engine.begin() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
        if exists.first() is None:
            conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
    db_roles.grant_app_role(db.engine, role)
    yield make_url(PG_URL).set(username=role).render_as_string(hide_password=False)


@pytest.fixture
def as_app(app_role_url: str) -> Iterator[Engine]:
    engine = create_engine(app_role_url)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("statement", REFUSED)
def test_the_app_role_cannot_touch_the_audit_record(
    as_app: Engine, users: Users, statement: str
) -> None:
    walked_case(users)
    with pytest.raises(DBAPIError, match=REFUSED[statement]), as_app.begin() as conn:
        conn.execute(text(statement))
    assert trail.verify_chain(1)


def test_the_app_role_files_and_moves_a_case_and_keeps_the_watch(
    app_role_url: str, users: Users
) -> None:
    restricted = create_app(
        {"TESTING": True, "DATABASE_URL": app_role_url, "SECRET_KEY": "x", "MAIL_DELIVERY": "file"}
    )
    # Read here: inside the other app, the fixture's session would take that app's engine.
    ids = [users[role].id for role in ("ministerie", "adviseur")]
    with restricted.app_context():
        ministry, adviser = (db.session.get(User, user_id) for user_id in ids)
        assert ministry is not None and adviser is not None
        case = lifecycle.create_case(ministry, "omvangswijziging", filing_data("omvangswijziging"))
        case = lifecycle.perform(ministry, case.id, "indienen", case.version, {"opmerking": ""})
        case = lifecycle.perform(adviser, case.id, "intake_accepteren", case.version, {})
        assert case.state == "in_behandeling"
        assert trail.verify_chain(case.id)
        assert watch.run_daily().checkpoint == 1
        db.session.remove()
        db.engine.dispose()


def test_the_truncate_trigger_refuses_even_the_owner(postgres_only: None, users: Users) -> None:
    walked_case(users)
    for table in ("case_events", "audit_checkpoints", "audit_checkpoint_heads"):
        with pytest.raises(DBAPIError, match="cannot be truncated"), db.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {table} CASCADE"))
    assert trail.verify_chain(1)


def test_rights_are_not_given_to_a_superuser_or_an_owner(app_role_url: str) -> None:
    owner = make_url(PG_URL).username or "postgres"
    with pytest.raises(DomainError, match="superuser"):
        db_roles.grant_app_role(db.engine, owner)
    role = make_url(app_role_url).username
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE owned_by_the_app (id integer)"))
        conn.execute(text(f'ALTER TABLE owned_by_the_app OWNER TO "{role}"'))
    try:
        with pytest.raises(DomainError, match="eigenaar van 1 object"):
            db_roles.grant_app_role(db.engine, str(role))
    finally:
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE owned_by_the_app"))


def test_migrations_run_as_the_owner_of_migration_database_url(app_role_url: str) -> None:
    """The app role may not change alembic_version; through the owner's URL it works."""
    settings = {"TESTING": True, "DATABASE_URL": app_role_url, "SECRET_KEY": "x"}
    head = "heads"
    as_app_only = create_app(settings)
    with as_app_only.app_context():
        with pytest.raises(DBAPIError, match="permission denied"):
            stamp(revision="1a2b3c4d5e6f")
        db.engine.dispose()
    with_owner = create_app({**settings, "MIGRATION_DATABASE_URL": PG_URL})
    with with_owner.app_context():
        version = "SELECT version_num FROM alembic_version"
        before = set(db.session.scalars(text(version)))
        stamp(revision="1a2b3c4d5e6f")
        assert set(db.session.scalars(text(version))) == {"1a2b3c4d5e6f"}
        db.session.rollback()
        stamp(revision=head)
        assert set(db.session.scalars(text(version))) == before
        db.session.remove()
        db.engine.dispose()
