"""The leidraad *Afwegingen locatiekeuzes rijksoverheid*: its considerations (reference data
the administrator keeps) and the weighing of each advice version along them.

A weighing line keeps the consideration's code and label as they were when the advice was
drafted, so a consideration renamed or deactivated later still reads the same on an advice
(and on its issued letter) that used it."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.extensions import Base


class LeidraadConsideration(Base):
    """One consideration of a location choice, e.g. the labour market."""

    __tablename__ = "leidraad_considerations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    guidance: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AdviceWeighing(Base):
    """One consideration as judged in one advice version."""

    __tablename__ = "advice_weighings"

    id: Mapped[int] = mapped_column(primary_key=True)
    advice_id: Mapped[int] = mapped_column(ForeignKey("advice.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(120))
    judgement: Mapped[str] = mapped_column(String(20))
    motivation: Mapped[str] = mapped_column(Text, default="")
