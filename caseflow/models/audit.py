"""Checkpoints of the audit chain: the latest event per case, vouched for by a keyed MAC.

A checkpoint lists the heads of the cases whose newest event changed since the previous
checkpoint; the newest head of a case is its row in the latest checkpoint naming it. The
checkpoints form a chain of their own (``prev_mac``), whose newest MAC is the global head.
Both tables are append-only in the database, like ``case_events``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.domain.clock import utcnow
from caseflow.extensions import Base


class AuditCheckpoint(Base):
    __tablename__ = "audit_checkpoints"

    # Numbered 1, 2, 3, … by the writer (not a sequence): a gap is a removed checkpoint, and
    # two writers racing for the same number cannot both succeed.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The highest event id that existed when the checkpoint was taken.
    last_event_id: Mapped[int] = mapped_column(Integer)
    heads: Mapped[int] = mapped_column(Integer)
    key_id: Mapped[str] = mapped_column(String(16))
    prev_mac: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))


class AuditCheckpointHead(Base):
    __tablename__ = "audit_checkpoint_heads"
    # A case's newest head is its row with the highest checkpoint.
    __table_args__ = (
        Index("ix_audit_checkpoint_heads_case_id_checkpoint_id", "case_id", "checkpoint_id"),
    )

    checkpoint_id: Mapped[int] = mapped_column(ForeignKey("audit_checkpoints.id"), primary_key=True)
    # No foreign key to the event: the point is to notice when it has gone.
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    event_id: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
