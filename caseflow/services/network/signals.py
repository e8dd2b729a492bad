"""Early signals of a housing need: an opportunity or expected change in a ministry's staff,
recorded before there is a case (issue #12, item 2).

Need-to-know: BZK (advisers, coordinators) records and changes every signal; a ministry
records and sees only its own ministry's signals (or those of a ministry it succeeded); the
secretariat reads all of them; the administrator none. A signal another user may not see
does not exist for them (404). Changes are guarded by the signal's version (409 on stale).

A signal is matched like a case (``matches_for_signal``): region profiles, the offices' room
and meeting places and the labour-market flags, through ``insight.regions``.

An open signal becomes a case (``convert_signal``) filed with its values; the signal keeps
the case's id and the status ``omgezet``.

"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import joinedload

import workflows
from caseflow.domain.bounds import FTE_MAX, has_control_characters
from caseflow.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from caseflow.domain.matching import CaseNeeds, Match
from caseflow.extensions import db
from caseflow.models import Case, Ministry, Province, Signal, User
from caseflow.services import permissions
from caseflow.services.accounts import security_log
from caseflow.services.cases import lifecycle
from caseflow.services.cases.access import held_by, holder_of
from caseflow.services.insight import regions
from caseflow.services.network import talks
from caseflow.services.reference import organisations
from caseflow.services.unit_of_work import transaction

OPEN = "open"
CONVERTED = "omgezet"
LAPSED = "vervallen"
STATUSES = (OPEN, CONVERTED, LAPSED)
# The statuses a user may set by hand: ``omgezet`` only comes with the case it became.
SETTABLE = (OPEN, LAPSED)
YEAR_MIN, YEAR_MAX = 2000, 2100
TEXT_MAX = 10_000
ORGANISATION_MAX = 200
REGION_MAX = 120
PAGE_SIZE = 50
NOT_FOUND = "Dit signaal bestaat niet of u heeft er geen toegang toe."
NOT_OWN = "Een ministerie legt alleen signalen van het eigen ministerie vast."
STALE = (
    "Het signaal is intussen door iemand anders gewijzigd. Uw wijziging is niet opgeslagen; "
    "uw invoer staat hieronder."
)


@dataclass(frozen=True)
class SignalData:
    """What the signal form delivers."""

    ministry_id: int
    fte_change: int
    horizon_year: int
    horizon_quarter: int | None = None
    organisation: str = ""
    description: str = ""
    province_id: int | None = None
    region: str = ""
    talk_id: int | None = None
    status: str = OPEN


@dataclass(frozen=True)
class SignalPage:
    """One signal as its reader may see it."""

    id: int
    version: int
    ministry_id: int
    ministry: str
    organisation: str
    description: str
    fte_change: int
    horizon: str
    horizon_year: int
    horizon_quarter: int | None
    province_id: int | None
    province: str
    region: str
    talk_id: int | None
    status: str
    case_id: int | None
    recorded_by: str


def horizon_label(year: int, quarter: int | None) -> str:
    return f"{year}-Q{quarter}" if quarter else str(year)


def may_record(user: User) -> bool:
    return permissions.can(user, "signal.edit")


def _visible(user: User) -> ColumnElement[bool]:
    if permissions.can(user, "signal.view_all"):
        return true()
    if not permissions.can(user, "signal.list") or user.ministry_id is None:
        return false()
    return Signal.ministry_id.in_(held_by(holder_of(user.ministry_id)))


def signals_of_talk(user: User, talk_id: int) -> list[SignalPage]:
    """The signals recorded from a talk, as far as ``user`` may see them (a ministry at a
    talk with several ministries sees only its own)."""
    found = (
        select(Signal)
        .where(Signal.talk_id == talk_id, _visible(user))
        .options(joinedload(Signal.ministry), joinedload(Signal.province))
        .options(joinedload(Signal.recorded_by))
        .order_by(Signal.id)
    )
    return [_page(s) for s in db.session.scalars(found)]


def signals_of_case(user: User, case_id: int) -> list[Signal]:
    """The signals a case was made from, as far as ``user`` may see them (the case page links
    back to them: the link is kept both ways)."""
    found = select(Signal).where(Signal.case_id == case_id, _visible(user)).order_by(Signal.id)
    return list(db.session.scalars(found))


def _page(signal: Signal) -> SignalPage:
    return SignalPage(
        id=signal.id,
        version=signal.version,
        ministry_id=signal.ministry_id,
        ministry=signal.ministry.display_name,
        organisation=signal.organisation,
        description=signal.description,
        fte_change=signal.fte_change,
        horizon=horizon_label(signal.horizon_year, signal.horizon_quarter),
        horizon_year=signal.horizon_year,
        horizon_quarter=signal.horizon_quarter,
        province_id=signal.province_id,
        province=signal.province.name if signal.province else "",
        region=signal.region,
        talk_id=signal.talk_id,
        status=signal.status,
        case_id=signal.case_id,
        recorded_by=signal.recorded_by.name,
    )


def list_signals(
    user: User, ministry_id: int | None = None, status: str | None = None
) -> tuple[SignalPage, ...]:
    """The open signals first, then the newest; PAGE_SIZE at most."""
    permissions.require(user, "signal.list")
    query = select(Signal).where(_visible(user))
    if ministry_id is not None:
        query = query.where(Signal.ministry_id == ministry_id)
    if status is not None:
        query = query.where(Signal.status == status)
    query = (
        query.options(joinedload(Signal.ministry), joinedload(Signal.province))
        .options(joinedload(Signal.recorded_by))
        .order_by((Signal.status == OPEN).desc(), Signal.id.desc())
        .limit(PAGE_SIZE)
    )
    return tuple(_page(s) for s in db.session.scalars(query))


def _get(user: User, signal_id: int, *, for_update: bool = False) -> Signal:
    permissions.require(user, "signal.list")
    query = select(Signal).where(Signal.id == signal_id, _visible(user))
    signal = db.session.scalars(query.with_for_update() if for_update else query).first()
    if signal is None:
        raise NotFound(NOT_FOUND)
    return signal


def get_signal(user: User, signal_id: int) -> SignalPage:
    return _page(_get(user, signal_id))


def _text(value: str, name: str, limit: int, errors: dict[str, str]) -> str:
    text = value.strip()
    if len(text) > limit:
        errors[name] = f"Maximaal {limit} tekens."
    elif has_control_characters(text, multiline=True):
        errors[name] = "Deze tekst bevat ongeldige tekens."
    return text


def _check_references(user: User, data: SignalData, errors: dict[str, str]) -> None:
    if db.session.get(Ministry, data.ministry_id) is None:
        errors["ministry_id"] = "Kies een bestaand ministerie."
    if data.province_id is not None and db.session.get(Province, data.province_id) is None:
        errors["province_id"] = "Kies een bestaande provincie."
    if data.talk_id is not None and not _sees_talk(user, data.talk_id):
        errors["talk_id"] = "Kies een bestaand gesprek."


def _sees_talk(user: User, talk_id: int) -> bool:
    """A source talk must be one the user may read: no linking to a talk one cannot see."""
    try:
        talks.get_talk(user, talk_id)
    except (NotFound, NotAllowed):
        return False
    return True


def _check_numbers(data: SignalData, errors: dict[str, str]) -> None:
    if data.fte_change == 0 or abs(data.fte_change) > FTE_MAX:
        errors["fte_change"] = f"Geef een verwachte groei of krimp van 1 tot {FTE_MAX} fte."
    if not YEAR_MIN <= data.horizon_year <= YEAR_MAX:
        errors["horizon_year"] = f"Geef een jaar tussen {YEAR_MIN} en {YEAR_MAX}."
    if data.horizon_quarter is not None and not 1 <= data.horizon_quarter <= 4:
        errors["horizon_quarter"] = "Kies een kwartaal van 1 tot 4, of geen."


def _checked(user: User, data: SignalData, status_now: str) -> SignalData:
    """The signal as it may be stored, or ValidationFailed naming every wrong field."""
    errors: dict[str, str] = {}
    _check_references(user, data, errors)
    _check_numbers(data, errors)
    allowed = SETTABLE if status_now != CONVERTED else (CONVERTED,)
    if data.status not in allowed:
        errors["status"] = "Kies de status open of vervallen."
    checked = SignalData(
        ministry_id=data.ministry_id,
        fte_change=data.fte_change,
        horizon_year=data.horizon_year,
        horizon_quarter=data.horizon_quarter,
        organisation=_text(data.organisation, "organisation", ORGANISATION_MAX, errors),
        description=_text(data.description, "description", TEXT_MAX, errors),
        province_id=data.province_id,
        region=_text(data.region, "region", REGION_MAX, errors),
        talk_id=data.talk_id,
        status=data.status,
    )
    if errors:
        raise ValidationFailed("Het signaal is niet opgeslagen.", errors)
    return checked


def _require_own(user: User, ministry_id: int) -> None:
    """A ministry records only for its own ministry (or one it succeeded)."""
    if permissions.can(user, "signal.view_all"):
        return
    if user.ministry_id is None or holder_of(ministry_id) != holder_of(user.ministry_id):
        raise NotAllowed(NOT_OWN)


def _apply(signal: Signal, data: SignalData) -> None:
    signal.ministry_id = data.ministry_id
    signal.organisation = data.organisation
    signal.description = data.description
    signal.fte_change = data.fte_change
    signal.horizon_year = data.horizon_year
    signal.horizon_quarter = data.horizon_quarter
    signal.province_id = data.province_id
    signal.region = data.region
    signal.talk_id = data.talk_id
    signal.status = data.status


def record_signal(user: User, data: SignalData) -> int:
    permissions.require(user, "signal.edit")
    checked = _checked(user, data, OPEN)
    _require_own(user, checked.ministry_id)
    signal = Signal(recorded_by_id=user.id)
    _apply(signal, checked)
    with transaction():
        db.session.add(signal)
    security_log.event("signaal_vastgelegd", "ok", actor=user, obj=f"signaal:{signal.id}")
    return signal.id


def change_signal(user: User, signal_id: int, version: int, data: SignalData) -> int:
    """Change a signal the form showed at ``version``; a newer version is a Conflict (409)."""
    permissions.require(user, "signal.edit")
    with transaction():
        signal = _get(user, signal_id, for_update=True)
        if signal.version != version:
            raise Conflict(STALE)
        checked = _checked(user, data, signal.status)
        _require_own(user, checked.ministry_id)
        _apply(signal, checked)
    security_log.event("signaal_gewijzigd", "ok", actor=user, obj=f"signaal:{signal_id}")
    return signal_id


# --- matching -----------------------------------------------------------------------------


def signal_direction(fte_change: int, organisation: str) -> str:
    """How a signal moves fte, in the terms of case matching: growth or shrinkage of a named
    organisation, otherwise a new service (which only grows)."""
    if not organisation.strip():
        return "nieuw"
    return "groei" if fte_change > 0 else "krimp"


def case_type_for(fte_change: int, organisation: str) -> str:
    """The case a signal would become: a change of size, or a new service."""
    direction = signal_direction(fte_change, organisation)
    return "nieuwe_dienst" if direction == "nieuw" else "omvangswijziging"


def _needs(user: User, signal: Signal) -> CaseNeeds:
    text = " ".join((signal.organisation, signal.description, signal.region))
    themes, sectors = regions.mentioned(text, regions.list_profiles(user))
    return CaseNeeds(
        case_type=case_type_for(signal.fte_change, signal.organisation),
        direction=signal_direction(signal.fte_change, signal.organisation),
        themes=themes,
        sectors=sectors,
        current_province=None,
        labour_market_scan="",
        proposed_province=signal.province.name if signal.province else None,
    )


def matches_for_signal(user: User, signal_id: int) -> list[Match]:
    """The regions that fit a signal, as a case would be matched: profile, the offices'
    room and meeting places, the labour-market flags."""
    return regions.matches_for_needs(user, _needs(user, _get(user, signal_id)))


# --- converting into a case ---------------------------------------------------------------

NOT_OPEN = "Alleen een open signaal kan een zaak worden."


def case_prefill(signal: Signal) -> dict[str, Any]:
    """The filing values a signal gives its case: ministry, title, fte change, province,
    motivation, and the organisation: the listed one of the ministry the text names (name or
    abbreviation), with its seat as the current location, else the text as the unit's name."""
    direction = signal_direction(signal.fte_change, signal.organisation)
    who = signal.organisation.strip() or "Nieuwe dienst"
    horizon = horizon_label(signal.horizon_year, signal.horizon_quarter)
    values: dict[str, Any] = {
        "ministry_id": signal.ministry_id,
        "title": f"{who}: {signal.fte_change:+d} fte ({horizon})",
        "unit_name": signal.organisation.strip(),
        "fte_change": signal.fte_change,
        "proposed_province_id": signal.province_id,
        "motivation": signal.description,
    }
    if direction != "nieuw":
        values["change_kind"] = direction
        values.update(_listed_organisation(signal))
    return values


def _listed_organisation(signal: Signal) -> dict[str, Any]:
    listed = organisations.listed_as(signal.organisation, held_by(holder_of(signal.ministry_id)))
    if listed is None:
        return {}
    values: dict[str, Any] = {"organisation_id": listed.id, "unit_name": ""}
    if listed.province_id is not None:
        values["current_province_id"] = listed.province_id
        values["current_place"] = listed.seat
    return values


# How a user turns a signal into a case: the ministry files it itself, BZK sets a concept
# ready for the signal's ministry (both case types a signal becomes start as a concept).
FILES_ITSELF = "zelf"
PREPARES = "klaarzetten"
CONVERTING_TYPES = ("omvangswijziging", "nieuwe_dienst")


def conversion(user: User) -> str:
    """``FILES_ITSELF``, ``PREPARES`` or "" (the user does not convert signals)."""
    types = [workflows.latest(t) for t in CONVERTING_TYPES]
    if all(permissions.can(user, "case.create", d) for d in types):
        return FILES_ITSELF
    if all(permissions.can(user, "case.prepare", d) for d in types):
        return PREPARES
    return ""


def _case_from(user: User, case_type: str, values: dict[str, Any], signal_id: int) -> Case:
    definition = workflows.latest(case_type)
    if permissions.can(user, "case.create", definition):
        return lifecycle.create_case(user, case_type, values)
    return lifecycle.prepare_case(user, case_type, values, source=f"uit signaal {signal_id}")


def convert_signal(user: User, signal_id: int, version: int) -> int:
    """Turn an open signal into a case (``case_type_for``) with its values; the signal
    becomes ``omgezet``. A ministry files the case for itself (``case.create``); BZK sets it
    ready as a concept for the signal's ministry (``case.prepare``), which completes and
    submits it: the ministry stays the one who files. The status is committed with the case
    (one transaction: a refused case leaves the signal open); the link follows in a second."""
    permissions.require(user, "signal.edit")
    signal = _get(user, signal_id, for_update=True)
    if signal.version != version:
        db.session.rollback()
        raise Conflict(STALE)
    if signal.status != OPEN:
        db.session.rollback()
        raise Conflict(NOT_OPEN)
    case_type = case_type_for(signal.fte_change, signal.organisation)
    values = case_prefill(signal)
    signal.status = CONVERTED
    try:
        case = _case_from(user, case_type, values, signal_id)
    except BaseException:
        db.session.rollback()  # a refusal before the case's transaction: the signal stays open
        raise
    with transaction():
        signal.case_id = case.id
    security_log.event("signaal_omgezet", "ok", actor=user, obj=f"signaal:{signal_id}")
    return case.id
