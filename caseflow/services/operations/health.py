"""Liveness and readiness for load balancers and process managers.

``/healthz`` only says that the process answers; ``readiness`` says whether it can serve:
the database answers a trivial query, its schema is at the head of the migrations, and the
broker (Redis, when ``REDIS_URL`` is set) answers a PING within a short timeout. Each check
uses a connection of its own, never the ORM session, so a probe leaves no state behind and
costs one pooled connection for a moment."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import redis
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from caseflow.extensions import db

MIGRATIONS = Path(__file__).resolve().parents[3] / "migrations"
# A broker that does not answer within this many seconds counts as unreachable.
BROKER_TIMEOUT_SECONDS = 1.0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Readiness:
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def as_json(self) -> dict[str, object]:
        return {
            "status": "ok" if self.ok else "unavailable",
            "checks": {c.name: {"ok": c.ok, "detail": c.detail} for c in self.checks},
        }


@cache
def script_heads() -> frozenset[str]:
    """The head revisions of the migration scripts shipped with this code (read once per
    process: the scripts do not change under a running process)."""
    return frozenset(ScriptDirectory(str(MIGRATIONS)).get_heads())


def readiness() -> Readiness:
    database, schema = _database_checks()
    return Readiness((database, schema, _broker_check()))


def _database_checks() -> tuple[Check, Check]:
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = frozenset(MigrationContext.configure(conn).get_current_heads())
    except SQLAlchemyError as exc:
        reason = type(exc).__name__
        return Check("database", False, reason), Check("migrations", False, "database")
    heads = script_heads()
    database = Check("database", True, "ok")
    if current == heads:
        return database, Check("migrations", True, ",".join(sorted(heads)))
    found = ",".join(sorted(current)) or "none"
    return database, Check(
        "migrations", False, f"database at {found}, code at {','.join(sorted(heads))}"
    )


def _broker_check() -> Check:
    url = str(current_app.config["REDIS_URL"])
    if not url:
        return Check("broker", True, "embedded (no REDIS_URL)")
    client = redis.Redis.from_url(
        url, socket_connect_timeout=BROKER_TIMEOUT_SECONDS, socket_timeout=BROKER_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        return Check("broker", False, type(exc).__name__)
    finally:
        client.close()
    return Check("broker", True, "ok")
