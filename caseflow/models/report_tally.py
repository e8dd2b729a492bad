"""The annual overview's and the province report's counts, kept by
``services.reporting.tallies`` in the same flush that files, moves, closes or edits a case,
so that their summaries read a few hundred rows instead of every ongoing or decided case."""

from __future__ import annotations

from sqlalchemy import BigInteger, Float, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.extensions import Base
from caseflow.models.case import Case

# The outcomes the annual overview counts as decided; the partial index below names them
# (services.reporting.tallies.DECISION_OUTCOMES says the same).
DECIDED_WHERE = (
    "outcome IN ('overeenstemming', 'ministerraad', 'ingetrokken', 'buiten_behandeling')"
)


class ReportTally(Base):
    """Cases and the sum of their fte change per (section, year, ministry filed under, case
    type, workflow version, state or outcome, province).

    ``section``: ``lopend`` (ongoing now: filed with BZK, not closed; year 0; the province
    proposed, else current), ``besloten`` (closed with a decision outcome in ``year``,
    Amsterdam time; the province agreed, else proposed, else current), and their province
    report twins ``lopend_provincie`` / ``besloten_provincie``, where a case is counted once
    for every distinct province it concerns (current, proposed, agreed, second).
    ``province_id`` 0: none."""

    __tablename__ = "report_tallies"

    section: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    ministry_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_type: Mapped[str] = mapped_column(String(30), primary_key=True)
    workflow_version: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(30), primary_key=True)
    province_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)
    fte: Mapped[int] = mapped_column(BigInteger, default=0)


class ReportEffect(Base):
    """The annual overview's effect per province: per (section, year, basis, province) the
    net fte of the cases' moves and how many cases' moves touch the province (a province
    is shown while ``n`` > 0, also when its net is 0)."""

    __tablename__ = "report_effects"

    section: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    basis: Mapped[str] = mapped_column(String(20), primary_key=True)
    province_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)
    fte: Mapped[float] = mapped_column(Float, default=0.0)


# The drill-down of the decided cases of a year pages through them in id order: this index
# holds only the cases with a decision outcome, with their closing moment, so the page reads
# index entries instead of walking every case by id.
Index(
    "ix_cases_decided_id_closed_at",
    Case.id,
    Case.closed_at,
    postgresql_where=text(DECIDED_WHERE),
    sqlite_where=text(DECIDED_WHERE),
)
# The province report counts the cases (and change requests) of the province's masterplans:
# an index-only scan of those masterplans' entries instead of every case.
Index("ix_cases_masterplan_id_change_request", Case.masterplan_id, Case.change_request)
