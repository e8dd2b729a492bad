"""Users and their role; a ministry user belongs to exactly one ministry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.domain.clock import utcnow
from caseflow.extensions import Base
from caseflow.models.reference import Ministry
from workflows.base import MINISTERIE, ROLE_LABELS


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "(role = 'ministerie') = (ministry_id IS NOT NULL)", name="ministry_iff_ministerie"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    ministry_id: Mapped[int | None] = mapped_column(ForeignKey("ministries.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Rotated at logout so that a copied session cookie stops working (Flask-Login alt id).
    session_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Interface language ("nl" or "en"); Dutch unless the user chose otherwise.
    locale: Mapped[str] = mapped_column(String(5), default="nl", server_default="nl")

    ministry: Mapped[Ministry | None] = relationship()

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.session_token

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def is_ministry(self) -> bool:
        return self.role == MINISTERIE
