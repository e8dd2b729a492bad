"""One transaction per use case: commit at the end, roll back on any error, and turn a
concurrent change detected at flush time into a Conflict (409).

The rule: this module is the only place that commits. Every service use case, command-line
command and Celery task writes inside ``with transaction():`` (one use case) or
``with one_transaction():`` (several use cases as one, all or nothing); nobody calls
``db.session.commit()`` itself (tests/test_unit_of_work_rule.py fails if anyone does). A
use case that must keep part of its work even when it fails afterwards (a claimed mail
before it is sent, a used one-time code) commits that part in a transaction of its own
first. Building blocks that write but do not commit (``users.add_user``,
``tracking.replan``) say so; their caller's transaction commits them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask_sqlalchemy.session import Session
from sqlalchemy import Connection, Engine
from sqlalchemy.orm.exc import StaleDataError

from caseflow.domain.errors import Conflict
from caseflow.extensions import db

STALE = (
    "De zaak is intussen door iemand anders gewijzigd. Uw wijziging is niet opgeslagen; "
    "bekijk de actuele gegevens en probeer het opnieuw."
)


@contextmanager
def transaction() -> Iterator[None]:
    try:
        yield
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise Conflict(STALE) from exc
    except BaseException:
        db.session.rollback()
        raise


class _JoinedSession(Session):
    """A session whose every statement runs on one connection, inside the transaction that
    connection already has open (Flask-SQLAlchemy's own session would pick the engine)."""

    def __init__(self, connection: Connection) -> None:
        super().__init__(db, bind=connection, join_transaction_mode="create_savepoint")
        self._outer = connection

    def get_bind(
        self,
        mapper: Any | None = None,
        clause: Any | None = None,
        bind: Engine | Connection | None = None,
        **kwargs: Any,
    ) -> Engine | Connection:
        return bind or self._outer


@contextmanager
def one_transaction() -> Iterator[None]:
    """Run several use cases as one, all or nothing (seeding a fresh installation).

    The services keep committing their own unit of work, but inside this block such a
    commit only releases a savepoint of one outer transaction, and a service's rollback
    goes back to that savepoint. The outer transaction commits when the block ends and
    rolls back when it raises, so a failure half-way leaves the database as it was."""
    db.session.remove()
    with db.engine.connect() as connection:
        outer = connection.begin()
        if connection.dialect.name == "sqlite":
            # pysqlite starts its transaction lazily, at the first write: a SAVEPOINT before
            # it would open (and its RELEASE commit) a transaction of its own.
            connection.exec_driver_sql("BEGIN")
        session = _JoinedSession(connection)
        db.session.registry.set(session)
        try:
            yield
            session.commit()
            outer.commit()
        except BaseException:
            outer.rollback()
            raise
        finally:
            db.session.remove()
