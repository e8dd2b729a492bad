"""Organisations as reference data that can be kept up to date.

The administrator adds and edits organisations. A ministry filing for an organisation that
is not listed yet names it on the filing form: it becomes a *proposed* organisation of the
ministry holding the case, usable at once on that case, and waits for BZK (adviser or
coordinator) or the administrator to confirm it, or to merge it into an existing one (its
cases then name that one, with an event in each case's audit trail).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from caseflow.domain.errors import NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.models import Case, Ministry, Organisation, Province, User
from caseflow.services import permissions
from caseflow.services.audit import trail
from caseflow.services.cases.filing import search_text
from caseflow.services.insight.figures import SECTORS
from caseflow.services.unit_of_work import transaction

# The kinds of organisation; "zbo" is the zbo flag (zelfstandig bestuursorgaan).
KINDS: dict[str, str] = {"agentschap": "agentschap", "dienst": "dienst", "zbo": "zbo"}
NOT_FOUND = "Deze organisatie bestaat niet."
NEW_FIELD = "new_organisation"


@dataclass(frozen=True)
class OrganisationData:
    name: str
    abbreviation: str
    ministry_id: int | None
    kind: str
    sector: str
    limited_by_primary_process: bool
    seat: str = ""
    province_id: int | None = None
    source: str = ""


def all_organisations(user: User) -> list[Organisation]:
    permissions.require(user, "organisation.confirm")
    query = select(Organisation).order_by(Organisation.confirmed, Organisation.name)
    return list(db.session.scalars(query))


def proposed(user: User) -> list[Organisation]:
    permissions.require(user, "organisation.confirm")
    query = select(Organisation).where(Organisation.confirmed.is_(False))
    return list(db.session.scalars(query.order_by(Organisation.name)))


def get(user: User, organisation_id: int) -> Organisation:
    permissions.require(user, "organisation.confirm")
    found = db.session.get(Organisation, organisation_id)
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def save(user: User, organisation_id: int | None, data: OrganisationData) -> Organisation:
    """Add (``organisation_id`` None) or edit an organisation: the administrator's act."""
    permissions.require(user, "organisation.manage")
    found = get(user, organisation_id) if organisation_id is not None else Organisation()
    _validate(data, organisation_id)
    with transaction():
        found.name = data.name.strip()
        found.abbreviation = data.abbreviation.strip()
        found.ministry_id = data.ministry_id or 0
        found.kind = data.kind
        found.sector = data.sector
        found.limited_by_primary_process = data.limited_by_primary_process
        found.seat = data.seat.strip()
        found.province_id = data.province_id
        found.source = data.source.strip()
        found.confirmed = True  # what the administrator saves is confirmed
        db.session.add(found)
    return found


def _validate(data: OrganisationData, organisation_id: int | None) -> None:
    errors: dict[str, str] = {}
    name = data.name.strip()
    if not name or len(name) > 160:
        errors["name"] = "Vul een naam in van hoogstens 160 tekens."
    elif (other := _named(name)) is not None and other.id != organisation_id:
        errors["name"] = "Er is al een organisatie met deze naam."
    if not data.abbreviation.strip() or len(data.abbreviation.strip()) > 20:
        errors["abbreviation"] = "Vul een afkorting in van hoogstens 20 tekens."
    if data.ministry_id is None or db.session.get(Ministry, data.ministry_id) is None:
        errors["ministry_id"] = "Kies een ministerie."
    if data.kind not in KINDS:
        errors["kind"] = "Kies een soort uit de lijst."
    if data.sector not in SECTORS:
        errors["sector"] = "Kies een sector uit de lijst."
    if len(data.seat.strip()) > 80:
        errors["seat"] = "Maximaal 80 tekens."
    if data.province_id is not None and db.session.get(Province, data.province_id) is None:
        errors["province_id"] = "Onbekende provincie."
    if len(data.source.strip()) > 300:
        errors["source"] = "Maximaal 300 tekens."
    if errors:
        raise ValidationFailed("De organisatie is niet opgeslagen.", errors)


def _named(name: str) -> Organisation | None:
    query = select(Organisation).where(func.lower(Organisation.name) == name.lower())
    return db.session.scalars(query).first()


def listed_as(text: str, ministry_ids: set[int]) -> Organisation | None:
    """The listed organisation of one of these ministries that ``text`` names, by name or
    abbreviation (a signal's free text becoming a case); None when none or several fit."""
    wanted = text.strip().lower()
    if not wanted:
        return None
    query = select(Organisation).where(
        Organisation.ministry_id.in_(sorted(ministry_ids)),
        (func.lower(Organisation.name) == wanted)
        | (func.lower(Organisation.abbreviation) == wanted),
    )
    found = list(db.session.scalars(query.limit(2)))
    return found[0] if len(found) == 1 else None


def with_proposal(user: User, case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """Filing data in which a "nieuwe organisatie" name has become a proposed organisation
    of the ministry holding the case (flushed, not committed: the filing's transaction)."""
    name = str(data.get(NEW_FIELD) or "").strip()
    if not name:
        return data
    if data.get("organisation_id") is not None:
        message = "Kies een organisatie uit de lijst óf vul een nieuwe in, niet allebei."
        raise ValidationFailed(message, {NEW_FIELD: message})
    if len(name) > 160:
        raise ValidationFailed("De naam is te lang.", {NEW_FIELD: "Maximaal 160 tekens."})
    if _named(name) is not None:
        message = "Deze organisatie staat al in de lijst: kies haar daar."
        raise ValidationFailed(message, {NEW_FIELD: message})
    organisation = Organisation(
        name=name,
        abbreviation="",
        ministry_id=case.holder_ministry_id,
        kind="",
        seat="",
        confirmed=False,
        source=f"voorgesteld door {user.name} bij het indienen",
    )
    db.session.add(organisation)
    db.session.flush()
    return {**data, "organisation_id": organisation.id}


def confirm(user: User, organisation_id: int, data: OrganisationData) -> Organisation:
    """BZK or the administrator confirms a proposal, completing its data."""
    permissions.require(user, "organisation.confirm")
    found = get(user, organisation_id)
    _validate(data, organisation_id)
    with transaction():
        found.name, found.abbreviation = data.name.strip(), data.abbreviation.strip()
        found.ministry_id = data.ministry_id or found.ministry_id
        found.kind, found.sector = data.kind, data.sector
        found.limited_by_primary_process = data.limited_by_primary_process
        found.confirmed = True
    return found


def merge(user: User, organisation_id: int, into_id: int | None) -> Organisation:
    """A proposal that names an organisation already listed: its cases move to that one
    (each with a "wijziging" event) and the proposal is removed."""
    permissions.require(user, "organisation.confirm")
    found = get(user, organisation_id)
    target = db.session.get(Organisation, into_id) if into_id else None
    if found.confirmed:
        raise ValidationFailed("Alleen een voorgestelde organisatie kan worden samengevoegd.")
    if target is None or not target.confirmed or target.id == found.id:
        message = "Kies een bevestigde organisatie om mee samen te voegen."
        raise ValidationFailed(message, {"into_id": message})
    with transaction():
        for case in db.session.scalars(select(Case).where(Case.organisation_id == found.id)):
            case.organisation_id = target.id
            with db.session.no_autoflush:
                case.search_text = search_text(case)
            trail.record(
                case,
                user,
                "wijziging",
                from_state=case.state,
                to_state=case.state,
                comment=f"Voorgestelde organisatie samengevoegd met {target.name}.",
                data={"velden": {"organisation_id": [found.id, target.id]}},
            )
        db.session.flush()
        db.session.delete(found)
    return target
