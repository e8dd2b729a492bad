"""Case references like OW-2026-0007: one atomic counter row per prefix and year."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import ReferenceCounter


def next_reference(prefix: str) -> str:
    year = local_today().year
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(
        insert(ReferenceCounter)
        .values(prefix=prefix, year=year, last=0)
        .on_conflict_do_nothing(index_elements=["prefix", "year"])
    )
    number = db.session.execute(
        update(ReferenceCounter)
        .where(ReferenceCounter.prefix == prefix, ReferenceCounter.year == year)
        .values(last=ReferenceCounter.last + 1)
        .returning(ReferenceCounter.last)
    ).scalar_one()
    return f"{prefix}-{year}-{number:04d}"
