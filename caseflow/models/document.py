"""Documents uploaded to a case. The row holds what the file is (type from its content,
size, checksum); the bytes live on disk under a random storage key, never in static/."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.domain.clock import utcnow
from caseflow.extensions import Base
from caseflow.models.user import User

# Kinds of document (stored code -> Dutch label).
KINDS: dict[str, str] = {
    "motivering": "Motivering",
    "arbeidsmarktscan": "Arbeidsmarktscan",
    "concept": "Concept",
    "overig": "Overig",
}


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_case_id_id", "case_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(20))
    # The uploaded name, sanitised for display and as the download name.
    filename: Mapped[str] = mapped_column(String(160))
    # Determined from the content, never taken from the browser.
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # Random hex; the file is <documents>/<first two characters>/<key>.
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Need-to-know (services.permissions): the ministry sees a document only when this is
    # set; its own uploads are, BZK's and the secretariat's only once they share them.
    shared_with_ministry: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Woo: decided per document once the case is closed (domain.publication); "" = undecided.
    publication: Mapped[str] = mapped_column(String(20), default="", server_default="")
    publication_ground: Mapped[str] = mapped_column(String(20), default="", server_default="")

    uploaded_by: Mapped[User] = relationship()

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)
