"""Reference data: provinces, ministries (with validity periods), organisations, masterplans."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.extensions import Base


class Province(Base):
    __tablename__ = "provinces"

    id: Mapped[int] = mapped_column(primary_key=True)
    cbs_code: Mapped[str] = mapped_column(String(4), unique=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    iso_code: Mapped[str] = mapped_column(String(5))
    capital: Mapped[str] = mapped_column(String(60))


class Ministry(Base):
    """A ministry as it existed in a period; cases keep the ministry they were filed under."""

    __tablename__ = "ministries"
    __table_args__ = (UniqueConstraint("abbreviation", "valid_from", name="abbr_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    abbreviation: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(120))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    # The ministry that took over this one's cases when it ended (renamed, merged, folded).
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("ministries.id"))
    note: Mapped[str] = mapped_column(String(200), default="")

    def valid_on(self, day: date) -> bool:
        starts = self.valid_from is None or self.valid_from <= day
        return starts and (self.valid_to is None or day < self.valid_to)

    @property
    def display_name(self) -> str:
        return f"Ministerie van {self.name}"


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    abbreviation: Mapped[str] = mapped_column(String(20))
    ministry_id: Mapped[int] = mapped_column(ForeignKey("ministries.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    seat: Mapped[str] = mapped_column(String(80))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    limited_by_primary_process: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(300), default="")
    # The sector of the rijkswerkgelegenheid figures it counts in (services.figures.SECTORS).
    sector: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # A ministry may file for an organisation not yet listed: it is proposed (unconfirmed)
    # until BZK or the administrator confirms it or merges it into an existing one. Who
    # proposed it is in ``source`` and the filing's audit event, not a key to users, so
    # that reference data never depends on accounts.
    confirmed: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")

    ministry: Mapped[Ministry] = relationship()
    province: Mapped[Province | None] = relationship()

    @property
    def is_zbo(self) -> bool:
        return self.kind == "zbo"


class Masterplan(Base):
    """One of the 13 masterplans rijkskantoorhuisvesting (per province plus Den Haag)."""

    __tablename__ = "masterplans"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    period: Mapped[str] = mapped_column(String(20))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    # 'in voorbereiding', 'vastgesteld' or 'in uitvoering' (the 2024-2028 plans run).
    status: Mapped[str] = mapped_column(
        String(30), default="in uitvoering", server_default="in uitvoering"
    )
