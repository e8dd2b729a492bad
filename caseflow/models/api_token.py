"""Personal API tokens: a user's key to the JSON API (/api/v1), with a scope and an expiry.

Only a hash of the token is stored. The token reads ``cf_<prefix>_<secret>``: the public
``prefix`` finds the row, the SHA-256 of the whole token is compared with ``secret_hash``.
A token is shown once, when it is made; lost is lost (revoke it and make a new one).
An API client's access token is a row here too, with ``api_client_id`` and ``expires_at``."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.domain.clock import utcnow
from caseflow.extensions import Base
from caseflow.models.user import User

READ = "lezen"
READ_WRITE = "lezen-schrijven"
SCOPES = (READ, READ_WRITE)


class ApiToken(Base):
    __tablename__ = "api_tokens"
    __table_args__ = (CheckConstraint("scope IN ('lezen', 'lezen-schrijven')", name="known_scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(20))
    expires_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    # An access token of an API client (client-credentials grant): its client, and the
    # moment it stops working (an hour after it is issued); None for a personal token.
    api_client_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_clients.id", ondelete="CASCADE"), index=True
    )
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
