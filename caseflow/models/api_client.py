"""API clients ("systeemkoppelingen", issue #13): a ministry's system, made by the
administrator, that fetches short-lived access tokens with the OAuth2 client-credentials
grant. It acts as its technical user (role ministerie, of its ministry), so the permissions
table and need-to-know apply unchanged. Only a hash of the secret is stored."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.domain.clock import utcnow
from caseflow.extensions import Base
from caseflow.models.user import User


class ApiClient(Base):
    __tablename__ = "api_clients"
    __table_args__ = (CheckConstraint("scope IN ('lezen', 'lezen-schrijven')", name="known_scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The technical user the client acts as (role ministerie; never logs in on the screens).
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    client_id: Mapped[str] = mapped_column(String(40), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(20))
    expires_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
