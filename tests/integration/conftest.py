"""Fixtures for the tests that start real processes: a migrated database per test (SQLite
file, or a dedicated PostgreSQL database when CASEFLOW_TEST_DATABASE_URL is set), Redis,
and a worker with embedded beat that is always stopped afterwards.

Redis: the shared server (CASEFLOW_TEST_REDIS_URL, default DB 15 on 127.0.0.1:6379, only
that DB is flushed) or a private ``redis-server`` for the tests that stop it. Without Redis
these tests skip, unless CASEFLOW_REQUIRE_REDIS=1 (CI): then they fail.

Under pytest-xdist (``--dist loadgroup``, as ``make test`` runs) the tests here form one
group that runs on one worker, one after another: they flush that one Redis DB.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask
from sqlalchemy import create_engine, make_url, text

from caseflow.extensions import db
from caseflow.services.reference import loader
from tests.conftest import PG_URL, empty_per_test_tables
from tests.integration import support

REQUIRE_REDIS = os.environ.get("CASEFLOW_REQUIRE_REDIS") == "1"
SHARED_REDIS_URL = os.environ.get("CASEFLOW_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(scope="session", autouse=True)
def _stop_processes_on_sigterm() -> Iterator[None]:
    """A CI step timeout sends SIGTERM to pytest only: stop the workers and redis-servers
    (they run in sessions of their own), then die of the signal as before."""

    def on_sigterm(signum: int, frame: object) -> None:
        support.kill_all()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    yield
    signal.signal(signal.SIGTERM, previous)
    support.kill_all()


HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)  # before xdist's hook reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.xdist_group("integration"))


def _unavailable(reason: str) -> None:
    if REQUIRE_REDIS:
        pytest.fail(f"CASEFLOW_REQUIRE_REDIS=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture
def redis_binary() -> None:
    if shutil.which("redis-server") is None:
        _unavailable("redis-server is not installed (apt-get install redis-server)")


@pytest.fixture
def private_redis(redis_binary: None, tmp_path: Path) -> Iterator[support.RedisServer]:
    """A redis-server of this test alone, on a free port: it may be stopped and restarted."""
    with support.redis_server(tmp_path / "redis") as server:
        yield server


@pytest.fixture
def shared_redis() -> Iterator[str]:
    """The shared Redis in its dedicated test DB, flushed before and after."""
    if not support.redis_answers(SHARED_REDIS_URL):
        _unavailable(f"no Redis answers at {SHARED_REDIS_URL}")
    client = redis.Redis.from_url(SHARED_REDIS_URL)
    try:
        client.flushdb()
        yield SHARED_REDIS_URL
        client.flushdb()
    finally:
        client.close()


# ---------------------------------------------------------------------------- database


def _integration_pg_url() -> str:
    url = make_url(PG_URL)
    return url.set(database=f"{url.database}_integration").render_as_string(hide_password=False)


def _pg_admin(statement: str) -> None:
    engine = create_engine(make_url(PG_URL).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def integration_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database migrated by ``flask db upgrade`` in a subprocess, with reference data.

    PostgreSQL: ``<test database>_integration``, created for this session and dropped after
    (the suite's own database is left alone). SQLite: a template file copied per test.
    """
    tmp = tmp_path_factory.mktemp("integration-db")
    if PG_URL:
        url = _integration_pg_url()
        name = make_url(url).database
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _pg_admin(f'CREATE DATABASE "{name}"')
    else:
        url = f"sqlite:///{tmp / 'template.sqlite3'}"
    try:
        support.flask_command(url, tmp / "instance", "db", "upgrade")
        app = support.in_process_app(url, "", tmp / "instance")
        with app.app_context():
            loader.load_reference()
            db.session.remove()
            db.engine.dispose()
        yield url
    finally:
        if PG_URL:
            _pg_admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    # Requested here, not as an argument: a session fixture would be set up before the Redis
    # fixtures of the test, and migrate a database only to skip the test afterwards.
    integration_db: str = request.getfixturevalue("integration_db")
    if not PG_URL:
        copy = tmp_path / "caseflow.sqlite3"
        shutil.copyfile(integration_db.removeprefix("sqlite:///"), copy)
        yield f"sqlite:///{copy}"
        return
    yield integration_db
    engine = create_engine(integration_db)
    try:
        with engine.begin() as conn:
            empty_per_test_tables(conn)
    finally:
        engine.dispose()


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    """The instance folder shared by the test process and its workers (outbox, schedule)."""
    folder = tmp_path / "instance"
    folder.mkdir()
    return folder


@pytest.fixture
def workers(database_url: str) -> Iterator[list[support.Worker]]:
    """Workers a test starts are registered here and always killed, even on failure (before
    the database is cleaned up)."""
    started: list[support.Worker] = []
    yield started
    for worker in started:
        worker.kill()


@pytest.fixture
def make_app(database_url: str, instance: Path) -> Iterator[Callable[[str], Flask]]:
    """The web application in the test process, on this test's database and instance folder,
    with the given broker URL; its connections are closed at the end."""
    apps: list[Flask] = []

    def make(redis_url: str) -> Flask:
        app = support.in_process_app(database_url, redis_url, instance)
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
