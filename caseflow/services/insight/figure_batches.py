"""Imports of employment figures as batches that BZK can withdraw.

Every confirmed import is one :class:`FigureBatch` (who, when, source, file name, SHA-256 of
the file, row count). A figure it overwrites is first copied to :class:`ReplacedFigure`;
withdrawing the batch removes the figures it still holds and puts back what they replaced,
so the previous state returns. A batch whose figures a later batch has overwritten is not
withdrawn before that later one: restoring under it would bring back figures that were
themselves replaced. Figures without a batch (shipped sources, the demo, figures from
before batches) are not touched by any withdrawal other than to be restored.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, select

from caseflow.domain.clock import utcnow
from caseflow.domain.errors import Conflict, NotFound
from caseflow.extensions import db
from caseflow.models import User
from caseflow.models.region import EmploymentFigure, FigureBatch, ReplacedFigure
from caseflow.services.permissions import require
from caseflow.services.unit_of_work import transaction

NO_BATCH = "Deze importbatch bestaat niet."


@dataclass(frozen=True)
class NewFigure:
    province_id: int
    sector: str
    peildatum: date
    fte: float
    source: str


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_batch(
    user: User, file_name: str, data: bytes, source: str, figures: list[NewFigure]
) -> FigureBatch:
    """Write ``figures`` as one batch, keeping every figure it overwrites; the caller's
    transaction commits."""
    batch = FigureBatch(
        created_by_id=user.id,
        source=source[:300],
        file_name=file_name[:255],
        file_sha256=checksum(data),
        row_count=len(figures),
    )
    db.session.add(batch)
    db.session.flush()
    for new in figures:
        _put(batch, new)
    return batch


# What a replaced figure keeps of the figure it stands in for, and gives back on withdrawal.
FIGURE_FIELDS = ("province_id", "sector", "peildatum", "fte", "source", "illustrative")


def _figure(figure: EmploymentFigure | ReplacedFigure) -> dict[str, Any]:
    return {name: getattr(figure, name) for name in FIGURE_FIELDS}


def _put(batch: FigureBatch, new: NewFigure) -> None:
    found = db.session.scalars(
        select(EmploymentFigure).filter_by(
            province_id=new.province_id, sector=new.sector, peildatum=new.peildatum
        )
    ).first()
    if found is None:
        found = EmploymentFigure(
            province_id=new.province_id, sector=new.sector, peildatum=new.peildatum
        )
        db.session.add(found)
    else:
        db.session.add(
            ReplacedFigure(batch_id=batch.id, previous_batch_id=found.batch_id, **_figure(found))
        )
    found.fte, found.source, found.illustrative = new.fte, new.source, False
    found.batch_id = batch.id


def batches() -> list[FigureBatch]:
    """Every batch, newest first."""
    query = select(FigureBatch).order_by(FigureBatch.created_at.desc(), FigureBatch.id.desc())
    return list(db.session.scalars(query))


def get_batch(batch_id: int) -> FigureBatch:
    batch = db.session.get(FigureBatch, batch_id)
    if batch is None:
        raise NotFound(NO_BATCH)
    return batch


def blocking_batches(batch: FigureBatch) -> list[FigureBatch]:
    """The batches still in force that overwrote figures of ``batch``."""
    query = (
        select(FigureBatch)
        .join(ReplacedFigure, ReplacedFigure.batch_id == FigureBatch.id)
        .where(ReplacedFigure.previous_batch_id == batch.id, FigureBatch.withdrawn_at.is_(None))
        .distinct()
        .order_by(FigureBatch.id)
    )
    return list(db.session.scalars(query))


def held_count(batch: FigureBatch) -> int:
    """How many figures in force the batch wrote."""
    query = select(EmploymentFigure.id).where(EmploymentFigure.batch_id == batch.id)
    return len(db.session.scalars(query).all())


def replaced(batch: FigureBatch) -> list[ReplacedFigure]:
    query = select(ReplacedFigure).where(ReplacedFigure.batch_id == batch.id)
    return list(db.session.scalars(query.order_by(ReplacedFigure.id)))


def withdraw(user: User, batch_id: int) -> FigureBatch:
    """Remove the batch's figures and restore those it replaced, in one transaction."""
    require(user, "figures.withdraw")
    batch = get_batch(batch_id)
    if batch.withdrawn_at is not None:
        raise Conflict("Deze importbatch is al ingetrokken.")
    later = blocking_batches(batch)
    if later:
        numbers = ", ".join(f"batch {b.id}" for b in later)
        raise Conflict(
            f"Latere imports hebben cijfers van deze batch vervangen ({numbers}). "
            "Trek die eerst in."
        )
    with transaction():
        held = {
            (f.province_id, f.sector, f.peildatum)
            for f in db.session.scalars(
                select(EmploymentFigure).where(EmploymentFigure.batch_id == batch.id)
            )
        }
        db.session.execute(delete(EmploymentFigure).where(EmploymentFigure.batch_id == batch.id))
        for old in replaced(batch):
            # Only where this batch's figure was still in force: a figure reloaded from the
            # shipped sources since then stays.
            if (old.province_id, old.sector, old.peildatum) in held:
                db.session.add(EmploymentFigure(batch_id=old.previous_batch_id, **_figure(old)))
        batch.withdrawn_at, batch.withdrawn_by_id = utcnow(), user.id
    return batch
