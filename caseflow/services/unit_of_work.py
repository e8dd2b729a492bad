"""One transaction per use case: commit at the end, roll back on any error, and turn a
concurrent change detected at flush time into a Conflict (409)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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
