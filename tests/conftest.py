"""Shared fixtures. The database is created by the migrations, never by create_all.

SQLite by default (a migrated template file copied per test: fast and isolated).
With CASEFLOW_TEST_DATABASE_URL set (CI does), the same suite runs on PostgreSQL: migrated
once per session, tables emptied between tests. Under pytest-xdist (as ``make test`` runs
it) each worker has a database of its own on that server, ``<database>_gw0``,
``<database>_gw1``, ...: created when missing, dropped when the worker's session ends.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyotp
import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import Connection, create_engine, make_url, text

from caseflow import create_app
from caseflow.config import DEFAULTS
from caseflow.domain.clock import utcnow
from caseflow.extensions import db
from caseflow.models import User
from caseflow.services.accounts import credentials
from caseflow.services.accounts.credentials import hash_password
from caseflow.services.accounts.sessions import new_generation
from caseflow.services.reference import loader
from caseflow.services.reference.loader import current_ministry

# The pytest-xdist worker this process is ("gw0", "gw1", ...); empty in a serial run.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def worker_database_url(url: str, worker: str = XDIST_WORKER) -> str:
    """The database of this xdist worker on the server of ``url``: ``<database>_<worker>``.
    A serial run (no worker) uses ``url`` itself."""
    if not url or not worker:
        return url
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)


# Every user of the test database takes it from here, so that each xdist worker has its own.
PG_URL = worker_database_url(os.environ.get("CASEFLOW_TEST_DATABASE_URL", ""))
# CI sets this: PostgreSQL is then a requirement, never a reason to skip.
REQUIRE_POSTGRES = os.environ.get("CASEFLOW_REQUIRE_POSTGRES") == "1"
PASSWORD = "correct-horse-battery"
# One audit key for every application the tests create on a database (several share one),
# and for the processes they start; never the generated instance/audit_key.
os.environ.setdefault("CASEFLOW_AUDIT_KEY", "test-audit-key")
# The authenticator secret of every test user of a role that requires a second factor.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
# Tables holding per-test data; reference data (provinces, ministries, ...) stays.
PER_TEST_TABLES = (
    "webhook_deliveries",
    "webhook_events",
    "webhook_subscriptions",
    "labour_market_indicators",
    "signals",
    "talk_follow_ups",
    "talks",
    "replaced_figures",
    "employment_figures",
    "figure_batches",
    "national_figures",
    "offices",  # the shipped meeting places too: tests that need them load them (idempotent)
    "region_profiles",
    "documents",
    "notifications",
    "mail_messages",
    "reminders",
    "deadline_extensions",
    "deadline_pauses",
    "deadlines",
    "follow_ups",
    "agenda_items",
    "meetings",
    "advice_weighings",
    "leidraad_considerations",  # reference data the administrator edits: reloaded per test
    "advice_letters",
    "advice",
    "audit_checkpoint_heads",
    "audit_checkpoints",
    "case_events",
    "case_counts",
    "report_tallies",
    "report_effects",
    "assignee_counts",
    "decided_effects",
    "decided_counts",
    "cases",
    "reference_counters",
    "recovery_codes",
    "api_clients",
    "api_tokens",
    "export_jobs",
    "users",
)


def _base_config(url: str, tmp: Path) -> dict[str, Any]:
    return {
        "TESTING": True,
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret-key",
        "WTF_CSRF_ENABLED": False,
    }


def pytest_sessionstart(session: pytest.Session) -> None:
    if REQUIRE_POSTGRES and not PG_URL:
        pytest.exit("CASEFLOW_REQUIRE_POSTGRES=1 but CASEFLOW_TEST_DATABASE_URL is not set", 2)


@pytest.fixture
def postgres_only(app: Flask) -> None:
    """Skip a PostgreSQL-specific test on SQLite (locally); CI always runs it."""
    if not PG_URL:
        pytest.skip("needs PostgreSQL: set CASEFLOW_TEST_DATABASE_URL")


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    """Argon2 with minimal cost: the suite logs in hundreds of times."""
    original = credentials._hasher
    credentials._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    credentials._hasher = original


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database with reference data: a SQLite file, or the PostgreSQL URL."""
    tmp = tmp_path_factory.mktemp("db")
    url = PG_URL or f"sqlite:///{tmp / 'template.sqlite3'}"
    # An xdist worker's own database: made here, dropped when the worker's session ends.
    worker_database = make_url(PG_URL).database if PG_URL and XDIST_WORKER else None
    if worker_database:
        with _postgres_server(PG_URL) as server:
            found = server.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": worker_database}
            )
            if found.first() is None:
                server.execute(text(f'CREATE DATABASE "{worker_database}"'))
    try:
        if PG_URL:
            _reset_postgres(PG_URL)
        app = create_app(_base_config(url, tmp))
        with app.app_context():
            upgrade()
            loader.load_reference()
            db.engine.dispose()
        yield url
    finally:
        if worker_database:
            with _postgres_server(PG_URL) as server:
                server.execute(text(f'DROP DATABASE IF EXISTS "{worker_database}" WITH (FORCE)'))


@contextmanager
def _postgres_server(url: str) -> Iterator[Connection]:
    """A connection to the ``postgres`` database of the server of ``url`` (autocommit, for
    CREATE and DROP DATABASE)."""
    engine = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def app(template_db: str, tmp_path: Path) -> Iterator[Flask]:
    if PG_URL:
        url = template_db
    else:
        copy = tmp_path / "test.sqlite3"
        shutil.copyfile(template_db.removeprefix("sqlite:///"), copy)
        url = f"sqlite:///{copy}"
    app = create_app(_base_config(url, tmp_path))
    with app.app_context():
        yield app
        db.session.remove()
        if PG_URL:
            with db.engine.begin() as conn:
                empty_per_test_tables(conn)
            loader.load_leidraad()
        db.engine.dispose()


def empty_per_test_tables(conn: Connection) -> None:
    """Between PostgreSQL tests: as superuser, with triggers off for this transaction only,
    since the audit tables refuse TRUNCATE to everyone else."""
    conn.execute(text("SET LOCAL session_replication_role = replica"))
    conn.execute(text(f"TRUNCATE {', '.join(PER_TEST_TABLES)} RESTART IDENTITY CASCADE"))


@contextmanager
def csrf_protected(app: Flask, **extra: Any) -> Iterator[Flask]:
    """A second app on the same database with CSRF protection on, as in production."""
    protected = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "SECRET_KEY": "x" * 32,
            "WTF_CSRF_ENABLED": True,
            **extra,
        }
    )
    yield protected
    with protected.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def csrf_app(app: Flask) -> Iterator[Flask]:
    with csrf_protected(app) as protected:
        yield protected


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def make_user(role: str, ministry: str | None = None, email: str | None = None) -> User:
    user = User(
        email=email or f"{role}-{ministry or 'bzk'}@test.nl".lower(),
        name=f"{role.capitalize()} {ministry or 'BZK'}",
        role=role,
        ministry=current_ministry(ministry) if ministry else None,
        password_hash=hash_password(PASSWORD),
        session_token=new_generation(),
    )
    if role in DEFAULTS["TWO_FACTOR_ROLES"]:
        enrol(user)
    db.session.add(user)
    db.session.commit()
    return user


def enrol(user: User, secret: str = TOTP_SECRET) -> None:
    """The user has set up the authenticator app with ``secret`` (commit is the caller's)."""
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()


def totp_code(user: User) -> str:
    """A code the server accepts: the replay rule (no window twice) is reset first, as if
    the test waited for the next 30-second window."""
    user.totp_last_step = None
    db.session.commit()
    assert user.totp_secret
    return pyotp.TOTP(user.totp_secret).at(time.time())  # the server's clock (see clock tests)


@pytest.fixture
def users(app: Flask) -> dict[str, User]:
    """One user per role (ministry user at JenV), a second adviser, and an OCW user."""
    return {
        "ministerie": make_user("ministerie", "JenV"),
        "ministerie_ocw": make_user("ministerie", "OCW"),
        "adviseur": make_user("adviseur"),
        "adviseur2": make_user("adviseur", email="adviseur2@test.nl"),
        "coordinator": make_user("coordinator"),
        "secretariaat": make_user("secretariaat"),
        "beheerder": make_user("beheerder"),
    }


@pytest.fixture
def english(users: dict[str, User]) -> dict[str, User]:
    """The same users, every one of whom has chosen English at /voorkeuren."""
    for user in users.values():
        user.locale = "en"
    db.session.commit()
    return users


def login(client: FlaskClient, user: User, password: str = PASSWORD) -> None:
    """Log in through the pages: the password, then the code when the user has 2FA on.
    With CSRF on (``csrf_app``) each post carries the token of the page before it."""
    client.post("/uitloggen")
    data = {"email": user.email, "password": password}
    response = client.post("/inloggen", data=_with_token(client, "/inloggen", data))
    assert response.status_code == 302, response.get_data(as_text=True)
    if response.headers["Location"].endswith("/inloggen/code"):
        data = {"code": totp_code(user)}
        response = client.post("/inloggen/code", data=_with_token(client, "/inloggen/code", data))
        assert response.status_code == 302, response.get_data(as_text=True)
    assert "/inloggen" not in response.headers["Location"], response.headers["Location"]


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert found is not None, page
    return found.group(1)


def _with_token(client: FlaskClient, url: str, data: dict[str, str]) -> dict[str, str]:
    if not client.application.config["WTF_CSRF_ENABLED"]:
        return data
    return {**data, "csrf_token": csrf_token(client.get(url).get_data(as_text=True))}
