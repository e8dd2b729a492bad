"""The case aggregate: the case itself, its append-only events, advice versions and
zbo follow-up actions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.domain.clock import utcnow
from caseflow.extensions import Base
from caseflow.models.reference import Masterplan, Ministry, Organisation, Province
from caseflow.models.user import User


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_ministry_id_id", "ministry_id", "id"),
        Index("ix_cases_state_id", "state", "id"),
        Index("ix_cases_type_state", "case_type", "state"),
        Index("ix_cases_assignee_id_id", "assignee_id", "id"),
        # Keyset pagination for the sortable columns and "Mijn zaken" of a ministry user.
        Index("ix_cases_title_id", "title", "id"),
        Index("ix_cases_updated_at_id", "updated_at", "id"),
        Index("ix_cases_created_by_id_id", "created_by_id", "id"),
        # "Mijn zaken" of a ministry user: his cases within the ministry holding them.
        Index("ix_cases_holder_created_by_id", "holder_ministry_id", "created_by_id", "id"),
        Index("ix_cases_next_due_on_id", "next_due_on", "id"),
        Index("ix_cases_publication_id", "publication", "id"),
        # One organisation's cases by filing date: the split-change signal of a case page.
        Index("ix_cases_organisation_created", "organisation_id", "created_at"),
        # The cases closed in a period: the annual overview's decided cases.
        Index("ix_cases_closed_at", "closed_at"),
        # The same orders within one holding ministry (what a ministry user sees): a range
        # scan too, instead of walking the whole order and dropping other ministries' rows.
        Index("ix_cases_holder_id", "holder_ministry_id", "id"),
        Index("ix_cases_holder_reference", "holder_ministry_id", "reference"),
        Index("ix_cases_holder_title_id", "holder_ministry_id", "title", "id"),
        Index("ix_cases_holder_state_id", "holder_ministry_id", "state", "id"),
        Index("ix_cases_holder_next_due_on_id", "holder_ministry_id", "next_due_on", "id"),
        Index("ix_cases_holder_updated_at_id", "holder_ministry_id", "updated_at", "id"),
        # Free-text search (services.case_search): trigrams answer LIKE '%word%' on PostgreSQL.
        Index(
            "ix_cases_search_text_trgm",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    case_type: Mapped[str] = mapped_column(String(30))
    workflow_version: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    ministry_id: Mapped[int] = mapped_column(ForeignKey("ministries.id"))
    # The ministry that holds the case now: ministry_id, or its successor after a cabinet
    # renamed, merged or folded it (access.holder_of); what ministry users are matched on.
    holder_ministry_id: Mapped[int] = mapped_column(ForeignKey("ministries.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    unit_name: Mapped[str] = mapped_column(String(160), default="")
    fte_current: Mapped[int | None] = mapped_column(Integer)
    fte_change: Mapped[int | None] = mapped_column(Integer)
    current_province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"), index=True)
    current_place: Mapped[str] = mapped_column(String(80), default="")
    proposed_province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"), index=True)
    proposed_place: Mapped[str] = mapped_column(String(80), default="")
    # The kind of change (domain.impact.CHANGE_KINDS); fte_moved is the part that relocates,
    # second_* the other province when the proposal splits the fte over two.
    change_kind: Mapped[str] = mapped_column(String(30), default="", server_default="")
    fte_moved: Mapped[int | None] = mapped_column(Integer)
    second_province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"), index=True)
    second_place: Mapped[str] = mapped_column(String(80), default="", server_default="")
    second_fte: Mapped[int | None] = mapped_column(Integer)
    # Standplaats vs place of work (domain.place_of_work): of the fte of the change,
    # work_fte are expected to work mostly in work_province (work_place) instead of at
    # their standplaats (hybrid working); empty when they work where they are stationed.
    work_province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    work_place: Mapped[str] = mapped_column(String(80), default="", server_default="")
    work_fte: Mapped[int | None] = mapped_column(Integer)
    motivation: Mapped[str] = mapped_column(Text, default="")
    labour_market_scan: Mapped[str] = mapped_column(String(20), default="")
    labour_market_note: Mapped[str] = mapped_column(Text, default="")
    # The scan as data (issue #12 item 5): its source and date and the measures taken.
    labour_market_source: Mapped[str] = mapped_column(String(200), default="", server_default="")
    labour_market_date: Mapped[date | None] = mapped_column(Date)
    labour_market_hybrid: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    labour_market_students: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    labour_market_other_measure: Mapped[str] = mapped_column(
        String(200), default="", server_default=""
    )
    masterplan_id: Mapped[int | None] = mapped_column(ForeignKey("masterplans.id"))
    change_request: Mapped[bool] = mapped_column(Boolean, default=False)
    talk_date: Mapped[date | None] = mapped_column(Date)
    minister: Mapped[str] = mapped_column(String(120), default="")
    talk_report: Mapped[str] = mapped_column(Text, default="")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    intake_done: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str] = mapped_column(String(30), default="")
    agreed_province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"), index=True)
    agreed_place: Mapped[str] = mapped_column(String(80), default="")
    linked_from_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The due date of the nearest open deadline ("Uiterste datum"), kept by
    # services.deadlines.refresh_next_due so that sorting on it is an index scan.
    next_due_on: Mapped[date | None] = mapped_column(Date)
    # Free-text search: filing.search_text; a trigram GIN index on PostgreSQL.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Archiefwet: kept until this date once closed (domain.retention); None while open.
    retain_until: Mapped[date | None] = mapped_column(Date)
    # Woo: what may be published of the case once closed (domain.publication); "" = undecided.
    publication: Mapped[str] = mapped_column(String(20), default="", server_default="")
    publication_ground: Mapped[str] = mapped_column(String(20), default="", server_default="")
    publication_decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Optimistic lock: every change bumps it; forms carry the version they were shown with.
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    ministry: Mapped[Ministry] = relationship(foreign_keys=[ministry_id])
    organisation: Mapped[Organisation | None] = relationship()
    current_province: Mapped[Province | None] = relationship(foreign_keys=[current_province_id])
    proposed_province: Mapped[Province | None] = relationship(foreign_keys=[proposed_province_id])
    agreed_province: Mapped[Province | None] = relationship(foreign_keys=[agreed_province_id])
    second_province: Mapped[Province | None] = relationship(foreign_keys=[second_province_id])
    work_province: Mapped[Province | None] = relationship(foreign_keys=[work_province_id])
    masterplan: Mapped[Masterplan | None] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    linked_from: Mapped[Case | None] = relationship(remote_side=[id])

    @property
    def organisation_label(self) -> str:
        if self.organisation is not None and self.unit_name:
            return f"{self.unit_name} ({self.organisation.abbreviation})"
        if self.organisation is not None:
            return self.organisation.name
        return self.unit_name


class CaseEvent(Base):
    """Append-only audit record; database triggers refuse UPDATE and DELETE."""

    __tablename__ = "case_events"
    __table_args__ = (Index("ix_case_events_case_id_id", "case_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40), default="")
    from_state: Mapped[str] = mapped_column(String(30), default="")
    to_state: Mapped[str] = mapped_column(String(30), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64))
    # Which AUDIT_KEY made ``hash`` (HMAC-SHA256), by fingerprint; empty for the plain
    # SHA-256 events written before the chain was keyed, which the first checkpoint seals.
    key_id: Mapped[str] = mapped_column(String(16), default="", server_default="")

    actor: Mapped[User | None] = relationship()


class Advice(Base):
    """A version of BZK's advice or proposal; an issued version is never changed."""

    __tablename__ = "advice"
    __table_args__ = (UniqueConstraint("case_id", "number", name="case_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    advised_province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    advised_place: Mapped[str] = mapped_column(String(80), default="")
    status: Mapped[str] = mapped_column(String(20), default="concept")
    drafted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    drafted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime | None] = mapped_column(DateTime)
    review_comment: Mapped[str] = mapped_column(Text, default="")

    advised_province: Mapped[Province | None] = relationship()
    drafted_by: Mapped[User] = relationship(foreign_keys=[drafted_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])


class CaseCount(Base):
    """How many cases filed under a ministry are in each state of each case type: kept by
    ``services.case_counts`` in every flush that creates a case or moves its state, so the
    dashboard reads a few rows instead of counting every case."""

    __tablename__ = "case_counts"

    ministry_id: Mapped[int] = mapped_column(ForeignKey("ministries.id"), primary_key=True)
    case_type: Mapped[str] = mapped_column(String(30), primary_key=True)
    state: Mapped[str] = mapped_column(String(30), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class AssigneeCount(Base):
    """How many cases each handler (``assignee_id`` 0: nobody yet) has in each state of each
    case type: kept beside ``CaseCount`` as cases are filed, move or are (re)assigned, so an
    adviser's "te doen" and "mijn zaken" are a few rows instead of every case."""

    __tablename__ = "assignee_counts"

    assignee_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_type: Mapped[str] = mapped_column(String(30), primary_key=True)
    state: Mapped[str] = mapped_column(String(30), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class AdviceLetter(Base):
    """The PDF letter of an issued advice version, rendered in the transaction that issued it
    and never changed: it records the spreading check and impact as they stood on that day."""

    __tablename__ = "advice_letters"

    advice_id: Mapped[int] = mapped_column(ForeignKey("advice.id"), primary_key=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    rendered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class FollowUp(Base):
    """A follow-up action agreed in a zbo talk; it may open a linked case."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(120))
    due_date: Mapped[date] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    linked_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))

    linked_case: Mapped[Case | None] = relationship(foreign_keys=[linked_case_id])


class ReferenceCounter(Base):
    """Last number handed out per prefix and year, for references like OW-2026-0007."""

    __tablename__ = "reference_counters"

    prefix: Mapped[str] = mapped_column(String(4), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)
