"""Users and their role; a ministry user belongs to exactly one ministry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String
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
    # The session generation: rotated at login, logout, password change, deactivation and by
    # the administrator's "end all sessions", so every older session cookie stops working
    # (it is the Flask-Login alternative id carried in the cookie).
    session_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Interface language ("nl" or "en"); Dutch unless the user chose otherwise.
    locale: Mapped[str] = mapped_column(String(5), default="nl", server_default="nl")

    # Two-factor login (TOTP, RFC 6238): the base32 secret while enrolling or enrolled; the
    # factor counts only from ``totp_enabled_at``. ``totp_last_step`` refuses a code replayed
    # within its 30-second window.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(DateTime)
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    # Set by an administrator's reset: the next login must choose a new password first.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)

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


class RecoveryCode(Base):
    """A one-time code that stands in for the second factor when the phone is lost; only its
    hash is stored, and a used code is never accepted again."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(200))
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
