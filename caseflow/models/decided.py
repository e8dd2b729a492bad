"""Totals of the decided cases per year, kept by ``services.insight.decided_totals`` in the
same flush that decides, reopens or edits a case, so that the spreading dashboard's
"effect of the decided cases of a year" reads a few rows instead of every case decided in
that year."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.extensions import Base


class DecidedCount(Base):
    """How many cases filed under a ministry were decided (a positive outcome) in a year
    (Amsterdam time of ``closed_at``)."""

    __tablename__ = "decided_counts"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    ministry_id: Mapped[int] = mapped_column(ForeignKey("ministries.id"), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class DecidedEffect(Base):
    """What those cases' moves do to one province, counted per ``basis``
    (domain.place_of_work.BASES). ``within`` 0: ``n`` moves touch the province and ``fte`` is
    their net change; ``within`` > 0: ``n`` moves of that many fte stay inside it (each a
    note on the dashboard)."""

    __tablename__ = "decided_effects"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    ministry_id: Mapped[int] = mapped_column(ForeignKey("ministries.id"), primary_key=True)
    basis: Mapped[str] = mapped_column(String(20), primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"), primary_key=True)
    within: Mapped[float] = mapped_column(Float, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)
    fte: Mapped[float] = mapped_column(Float, default=0.0)
