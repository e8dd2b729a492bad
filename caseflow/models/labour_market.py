"""Regional labour-market indicators (issue #12 item 5), imported by BZK with their source.

The scan of a single case lives on ``Case`` (``labour_market_*``); these are the regional
figures an adviser weighs it against. Not built yet: withdrawing an import (the employment
figures have batches for that; an indicator import overwrites in place).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.domain.clock import utcnow
from caseflow.extensions import Base
from caseflow.models.reference import Province


class LabourMarketIndicator(Base):
    """One indicator (``domain.labour_market.INDICATORS``) for a province, or a named region
    within it, at a peildatum."""

    __tablename__ = "labour_market_indicators"
    __table_args__ = (
        UniqueConstraint(
            "province_id", "region", "code", "peildatum", name="labour_market_indicator_key"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"), index=True)
    # "" for the whole province; else a region within it ("Regio Zwolle"), as the source names it.
    region: Mapped[str] = mapped_column(String(120), default="")
    code: Mapped[str] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    peildatum: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(300), default="")
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    province: Mapped[Province] = relationship()
