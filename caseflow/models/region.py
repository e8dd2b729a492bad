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
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.domain.clock import utcnow
from caseflow.extensions import Base
from caseflow.models.reference import Province


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

    province: Mapped[Province] = relationship()


class NationalFigure(Base):
    """The official national total per peildatum (for the yearly letter's trend)."""

    __tablename__ = "national_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    peildatum: Mapped[date] = mapped_column(Date, unique=True)
    total_fte: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(300), default="")
