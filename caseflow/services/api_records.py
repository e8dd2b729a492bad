"""What the JSON API (/api/v1) gives besides cases, as plain frozen records: the user's own
notifications (a keyset page), the region profiles, the employment figures and the
ministerraad meetings with their agendas. Each function asks the permissions table itself;
the records hold what the screens show the same user (``messaging.inbox``,
``insight.regions``, ``insight.figures``, ``meetings.schedule``) and nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from caseflow.domain.errors import ValidationFailed
from caseflow.domain.impact import usable_fte
from caseflow.models import User
from caseflow.services import permissions
from caseflow.services.insight import figures, regions
from caseflow.services.meetings import schedule
from caseflow.services.messaging import inbox


@dataclass(frozen=True)
class NotificationRecord:
    id: int
    text: str
    created_at: datetime
    read_at: datetime | None
    case_id: int | None
    case_reference: str | None


@dataclass(frozen=True)
class NotificationPage:
    notifications: list[NotificationRecord]
    next_cursor: int | None  # the id to continue before; None on the last page


def notifications(user: User, size: int, before: int | None) -> NotificationPage:
    """The user's own notifications, newest first, ``size`` at a time after ``before``."""
    permissions.require(user, "notification.view")
    page = inbox.notifications_for(user, size, before)
    return NotificationPage(
        [
            NotificationRecord(i.id, i.text, i.created_at, i.read_at, i.case_id, i.case_reference)
            for i in page.items
        ],
        page.next_before,
    )


@dataclass(frozen=True)
class RegionProfileRecord:
    id: int
    name: str
    provinces: list[str]
    municipalities: list[str]
    core_qualities: list[str]
    themes: list[str]
    sectors: list[str]
    labour_market_note: str
    contacts: str
    received_on: date | None
    source_document: str
    updated_at: datetime


def region_profiles(user: User) -> list[RegionProfileRecord]:
    """Every region profile, by name, as the profile pages show them."""
    permissions.require(user, "region_profile.view")
    return [
        RegionProfileRecord(
            id=p.id,
            name=p.name,
            provinces=list(p.provinces or []),
            municipalities=list(p.municipalities or []),
            core_qualities=list(p.core_qualities or []),
            themes=list(p.themes or []),
            sectors=list(p.sectors or []),
            labour_market_note=p.labour_market_note,
            contacts=p.contacts,
            received_on=p.received_on,
            source_document=p.source_document,
            updated_at=p.updated_at,
        )
        for p in regions.list_profiles(user)
    ]


@dataclass(frozen=True)
class FigureRecord:
    province: str
    sector: str
    fte: float
    illustrative: bool
    source: str


@dataclass(frozen=True)
class PeildatumRecord:
    peildatum: date
    reference: bool  # the peildatum every computation uses
    national_fte: float | None
    figures: list[FigureRecord]


def employment_figures(user: User) -> list[PeildatumRecord]:
    """The employment figures per peildatum (newest first), by province and sector, as the
    figures page shows them (a stored figure that is no finite number is left out)."""
    permissions.require(user, "figures.view")
    return [
        PeildatumRecord(
            peildatum=group.peildatum,
            reference=group.reference,
            national_fte=_finite(group.national.total_fte) if group.national else None,
            figures=[
                FigureRecord(f.province.name, f.sector, f.fte, f.illustrative, f.source)
                for f in group.figures
            ],
        )
        for group in figures.figures_per_peildatum()
    ]


def _finite(value: float) -> float | None:
    return value if usable_fte(value) else None


@dataclass(frozen=True)
class AgendaRecord:
    case_id: int
    case_reference: str
    case_title: str
    ministry: str
    onderraad: str
    decision_text: str
    decided_on: date | None
    decided_place: str


@dataclass(frozen=True)
class MeetingRecord:
    id: int
    held_on: date
    note: str
    agenda: list[AgendaRecord]


def meetings(user: User) -> list[MeetingRecord]:
    """The ministerraad meetings (newest first) with the cases placed on them: cabinet
    material, for BZK and the secretariat only (``meeting.view``)."""
    items = schedule.agenda(user)  # checks meeting.view
    per_meeting: dict[int, list[AgendaRecord]] = {}
    for item in items:
        per_meeting.setdefault(item.meeting_id, []).append(
            AgendaRecord(
                case_id=item.case_id,
                case_reference=item.case.reference,
                case_title=item.case.title,
                ministry=item.case.ministry.abbreviation,
                onderraad=item.onderraad,
                decision_text=item.decision_text,
                decided_on=item.decided_on,
                decided_place=item.decided_place,
            )
        )
    return [
        MeetingRecord(m.id, m.held_on, m.note, per_meeting.get(m.id, []))
        for m in schedule.all_meetings()
    ]


# --- importing employment figures (BZK) ---------------------------------------------------------


@dataclass(frozen=True)
class FigureImportRecord:
    """What a figures file gives: checked only, or imported as a batch (withdrawable on the
    screen like any import)."""

    imported: bool
    rows: int
    batch_id: int | None = None


def import_employment_figures(
    user: User, filename: str, data: bytes, confirm: bool
) -> FigureImportRecord:
    """The screen's two steps in one call: the file is checked as the upload page checks it
    (every row, the totals); with ``confirm`` a clean file is imported as one batch. A file
    with errors imports nothing: ValidationFailed names each wrong row."""
    permissions.require(user, "figures.import")
    parsed = figures.parse_upload(filename, data)
    if not parsed.ok:
        errors = {
            f"regel {line}" if line else "bestand": message for line, message in parsed.errors
        }
        raise ValidationFailed(
            "Het bestand bevat fouten; er is niets geïmporteerd.",
            errors or {"bestand": "Het bestand bevat geen cijfers."},
        )
    if not confirm:
        return FigureImportRecord(imported=False, rows=len(parsed.rows))
    batch = figures.import_figures(user, figures.store_upload(user, filename, data))
    return FigureImportRecord(imported=True, rows=batch.row_count, batch_id=batch.id)
