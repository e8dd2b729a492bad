"""Spreading insight: regional development profiles and employment figures per province."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.domain.clock import utcnow
from caseflow.extensions import Base
from caseflow.models.reference import Province
from caseflow.models.user import User


class RegionProfile(Base):
    """A region's development profile with its core qualities (letter line e, annex 1a).
    A region is a named set of municipalities within one or more provinces."""

    __tablename__ = "region_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    provinces: Mapped[list[str]] = mapped_column(JSON, default=list)
    municipalities: Mapped[list[str]] = mapped_column(JSON, default=list)
    core_qualities: Mapped[list[str]] = mapped_column(JSON, default=list)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    sectors: Mapped[list[str]] = mapped_column(JSON, default=list)
    labour_market_note: Mapped[str] = mapped_column(Text, default="")
    contacts: Mapped[str] = mapped_column(Text, default="")
    received_on: Mapped[date | None] = mapped_column(Date)
    source_document: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class EmploymentFigure(Base):
    """Rijkswerkgelegenheid in fte per province, sector and peildatum (1 January)."""

    __tablename__ = "employment_figures"
    __table_args__ = (
        UniqueConstraint("province_id", "sector", "peildatum", name="province_sector_date"),
        Index("ix_employment_figures_peildatum_sector", "peildatum", "sector"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"))
    sector: Mapped[str] = mapped_column(String(40))
    peildatum: Mapped[date] = mapped_column(Date)
    fte: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(300), default="")
    # Generated demo figures: labelled "illustratief" wherever they appear, removable at once.
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    # The import that wrote this figure; None for the shipped official and illustrative
    # figures (flask caseflow load-figures, the demo) and for figures from before batches.
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("figure_batches.id"), index=True)

    province: Mapped[Province] = relationship()


class FigureBatch(Base):
    """One import of figures: who, when, from which file; withdrawn brings back what was."""

    __tablename__ = "figure_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    source: Mapped[str] = mapped_column(String(300), default="")
    file_name: Mapped[str] = mapped_column(String(255), default="")
    file_sha256: Mapped[str] = mapped_column(String(64), default="")
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])


class ReplacedFigure(Base):
    """A figure as it was before a batch overwrote it, to restore on withdrawal."""

    __tablename__ = "replaced_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("figure_batches.id"), index=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"))
    sector: Mapped[str] = mapped_column(String(40))
    peildatum: Mapped[date] = mapped_column(Date)
    fte: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(300), default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    previous_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("figure_batches.id"), index=True
    )

    province: Mapped[Province] = relationship()


class NationalFigure(Base):
    """The official national total per peildatum (for the yearly letter's trend)."""

    __tablename__ = "national_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    peildatum: Mapped[date] = mapped_column(Date, unique=True)
    total_fte: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(300), default="")
