"""The register of the state's office locations and rijksontmoetingspleinen: read by every
case role, kept by BZK (adviseurs and the coordinator). Views get frozen read models; an
edit carries the version it was shown with (optimistic locking)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from caseflow.domain.clock import utcnow
from caseflow.domain.errors import Conflict, NotFound, ValidationFailed
from caseflow.domain.offices import (
    MEETING_STATUS_LABELS,
    MEETING_STATUSES,
    Opening,
    free_workplaces,
)
from caseflow.extensions import db
from caseflow.models import Masterplan, Office, Province, User
from caseflow.services import permissions
from caseflow.services.unit_of_work import transaction

NO_OFFICE = "Dit kantoor staat niet in het register."
STALE_OFFICE = (
    "Dit kantoor is intussen door iemand anders gewijzigd. Uw wijziging is niet opgeslagen; "
    "bekijk de actuele gegevens en probeer het opnieuw."
)
# More workplaces than the largest government building holds many times over is a typo.
MAX_WORKPLACES = 100_000


@dataclass(frozen=True)
class OfficeView:
    """One office as the register shows it."""

    id: int
    place: str
    province: str
    province_id: int
    name: str
    address: str
    workplaces: int | None
    occupied: int | None
    free: int | None
    masterplan: str
    masterplan_id: int | None
    project: str
    meeting_place: bool
    meeting_status: str
    meeting_status_label: str
    opening: Opening | None
    note: str
    source: str
    updated_at: datetime
    version: int


@dataclass(frozen=True)
class OfficeInput:
    """What the edit form and the import write; checked by :func:`check_input`."""

    place: str
    province_id: int
    source: str
    name: str = ""
    address: str = ""
    workplaces: int | None = None
    occupied: int | None = None
    masterplan_id: int | None = None
    project: str = ""
    meeting_place: bool = False
    meeting_status: str = ""
    opening: Opening | None = None
    note: str = ""


def may_edit(user: User) -> bool:
    return permissions.can(user, "office.edit")


def opening_of(office: Office) -> Opening | None:
    if office.opening_year is None:
        return None
    try:
        return Opening(office.opening_year, office.opening_month, office.opening_day)
    except ValueError:  # written around the checks: shown as unknown, never a 500
        return None


def _view(office: Office) -> OfficeView:
    return OfficeView(
        id=office.id,
        place=office.place,
        province=office.province.name,
        province_id=office.province_id,
        name=office.name,
        address=office.address,
        workplaces=office.workplaces,
        occupied=office.occupied,
        free=free_workplaces(office.workplaces, office.occupied),
        masterplan=office.masterplan.name if office.masterplan else "",
        masterplan_id=office.masterplan_id,
        project=office.project,
        meeting_place=office.meeting_place,
        meeting_status=office.meeting_status,
        meeting_status_label=MEETING_STATUS_LABELS.get(office.meeting_status, ""),
        opening=opening_of(office),
        note=office.note,
        source=office.source,
        updated_at=office.updated_at,
        version=office.version,
    )


def list_offices(
    user: User, province_id: int | None = None, only_meeting_places: bool = False
) -> list[OfficeView]:
    """The register, by province and place; optionally one province, or meeting places only."""
    permissions.require(user, "office.view")
    # The province and masterplan each line names come with the offices (one query, not
    # one per province or masterplan).
    query = (
        select(Office)
        .join(Province, Office.province_id == Province.id)
        .options(contains_eager(Office.province), joinedload(Office.masterplan))
    )
    if province_id is not None:
        query = query.where(Office.province_id == province_id)
    if only_meeting_places:
        query = query.where(Office.meeting_place.is_(True))
    query = query.order_by(Province.name, Office.place, Office.name, Office.id)
    return [_view(office) for office in db.session.scalars(query)]


def _office(office_id: int) -> Office:
    office = db.session.get(Office, office_id)
    if office is None:
        raise NotFound(NO_OFFICE)
    return office


def get_office(user: User, office_id: int) -> OfficeView:
    permissions.require(user, "office.view")
    return _view(_office(office_id))


def check_input(values: OfficeInput) -> dict[str, str]:
    """Field name -> Dutch message for every rule the input breaks (empty when fine)."""
    errors: dict[str, str] = {}
    if not values.place.strip():
        errors["place"] = "Vul de plaats in."
    if not values.source.strip():
        errors["source"] = "Vul de bron in: waar komen deze gegevens vandaan?"
    if db.session.get(Province, values.province_id) is None:
        errors["province_id"] = "Kies een provincie."
    if (
        values.masterplan_id is not None
        and db.session.get(Masterplan, values.masterplan_id) is None
    ):
        errors["masterplan_id"] = "Dit masterplan bestaat niet."
    for name in ("workplaces", "occupied"):
        number = getattr(values, name)
        if number is not None and not 0 <= number <= MAX_WORKPLACES:
            errors[name] = f"Vul een aantal in van 0 tot en met {MAX_WORKPLACES}."
    if "occupied" not in errors and values.occupied is not None:
        if values.workplaces is None:
            errors["occupied"] = "Vul eerst het aantal werkplekken in."
        elif "workplaces" not in errors and values.occupied > values.workplaces:
            errors["occupied"] = "Er kunnen niet meer werkplekken bezet zijn dan er zijn."
    errors.update(_meeting_errors(values))
    return errors


def _meeting_errors(values: OfficeInput) -> dict[str, str]:
    if not values.meeting_place:
        if values.meeting_status or values.opening is not None:
            return {"meeting_place": "Status en opening horen bij een rijksontmoetingsplein."}
        return {}
    if values.meeting_status not in MEETING_STATUSES:
        return {"meeting_status": "Kies de status van het rijksontmoetingsplein."}
    return {}


def write_office(office: Office, values: OfficeInput) -> None:
    office.place = values.place.strip()[:80]
    office.province_id = values.province_id
    office.name = values.name.strip()[:160]
    office.address = values.address.strip()[:200]
    office.workplaces, office.occupied = values.workplaces, values.occupied
    office.masterplan_id = values.masterplan_id
    office.project = values.project.strip()[:160]
    office.meeting_place = values.meeting_place
    office.meeting_status = values.meeting_status if values.meeting_place else ""
    opening = values.opening if values.meeting_place else None
    office.opening_year = opening.year if opening else None
    office.opening_month = opening.month if opening else None
    office.opening_day = opening.day if opening else None
    office.note = values.note.strip()[:300]
    office.source = values.source.strip()[:300]
    office.updated_at = utcnow()


def _checked(values: OfficeInput) -> None:
    errors = check_input(values)
    if errors:
        raise ValidationFailed("Het kantoor is niet opgeslagen: verbeter de fouten.", errors)


def add_office(user: User, values: OfficeInput) -> OfficeView:
    permissions.require(user, "office.edit")
    _checked(values)
    with transaction():
        office = Office()
        write_office(office, values)
        db.session.add(office)
        db.session.flush()
    return _view(office)


def update_office(user: User, office_id: int, version: int, values: OfficeInput) -> OfficeView:
    """Write ``values`` over the office shown at ``version``; a Conflict when someone else
    changed it since (never a silent overwrite)."""
    permissions.require(user, "office.edit")
    office = _office(office_id)
    if office.version != version:
        raise Conflict(STALE_OFFICE)
    _checked(values)
    with transaction():
        write_office(office, values)
    return _view(office)


@dataclass(frozen=True)
class Choices:
    """The provinces and masterplans the forms and filters offer, as (id, name)."""

    provinces: list[tuple[int, str]]
    masterplans: list[tuple[int, str]]


def choices() -> Choices:
    provinces = db.session.scalars(select(Province).order_by(Province.name))
    masterplans = db.session.scalars(select(Masterplan).order_by(Masterplan.name))
    return Choices([(p.id, p.name) for p in provinces], [(m.id, m.name) for m in masterplans])
