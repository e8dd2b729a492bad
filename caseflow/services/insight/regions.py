"""Regional development profiles (letter line e, annex action 1a) and matching them to cases.

Every role may read the register (the beheerder too); only BZK advisers and coordinators
create or change profiles. Profiles are not case content: no audit trail, but
``updated_at`` is kept.

Matching (:func:`matches_for_case`) builds :class:`~caseflow.domain.matching.CaseNeeds`
from the case:

- direction: ``nieuwe_dienst`` → "nieuw"; current and proposed province both known and
  different → "verplaatsing"; fte change > 0 → "groei"; < 0 → "krimp"; else "geen";
- themes and sectors: the vocabulary is every theme and sector named in any profile. A
  term is wanted when it occurs as a whole word or phrase (case-insensitive) in the
  organisation's name and kind, the unit name, the title or the motivation of the case.
  This is a deliberately simple, explainable derivation; the adviser weighs the result;
- housing: each match lists, as extra reasons, the free workplaces and rijksontmoetingspleinen
  of the state's offices in the region (``places.rooms``);
- labour market: each match carries flags (no points) for a province whose imported
  spanningsindicator is tight (``labour_market.tightness``) and for the case's own scan when
  it is limited or insufficient and the region holds its proposed province.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select

from caseflow.domain.clock import local_today, utcnow
from caseflow.domain.errors import NotAllowed, NotFound, ValidationFailed
from caseflow.domain.matching import CaseNeeds, Match, rank_regions
from caseflow.domain.matching import RegionProfile as ProfileFacts
from caseflow.extensions import db
from caseflow.models import Case, Province, User
from caseflow.models.region import RegionProfile
from caseflow.services import permissions
from caseflow.services.cases.change_facts import spreading_applies
from caseflow.services.insight import labour_market, spreading_check
from caseflow.services.places import rooms
from caseflow.services.unit_of_work import transaction

TOP = 5
DEMO_PREFIX = "[DEMO] "
DEMO_SOURCE = "illustratief voorbeeld"
PREFILL_ACTION = "concept_opslaan"
NOT_FOUND = "Dit ontwikkelprofiel bestaat niet."


@dataclass(frozen=True)
class ProfileData:
    """What the profile form delivers (lists already split)."""

    name: str
    provinces: list[str]
    municipalities: list[str]
    core_qualities: list[str]
    themes: list[str]
    sectors: list[str]
    labour_market_note: str = ""
    contacts: str = ""
    received_on: date | None = None
    source_document: str = ""


def split_commas(text: str | None) -> list[str]:
    return _unique(part.strip() for part in (text or "").split(","))


def split_lines(text: str | None) -> list[str]:
    return _unique(part.strip() for part in (text or "").splitlines())


def _unique(parts: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for part in parts:
        if part and part.casefold() not in seen:
            seen[part.casefold()] = part
    return list(seen.values())


def may_edit(user: User) -> bool:
    return permissions.can(user, "region_profile.edit")


def _require_edit(user: User) -> None:
    if not may_edit(user):
        raise NotAllowed(
            "Alleen BZK-adviseurs en -coördinatoren mogen ontwikkelprofielen wijzigen."
        )


def list_profiles(user: User) -> list[RegionProfile]:
    return list(db.session.scalars(select(RegionProfile).order_by(RegionProfile.name)))


def get_profile(user: User, profile_id: int) -> RegionProfile:
    profile = db.session.get(RegionProfile, profile_id)
    if profile is None:
        raise NotFound(NOT_FOUND)
    return profile


def _validate(data: ProfileData, profile_id: int | None) -> None:
    fields: dict[str, str] = {}
    name = data.name.strip()
    if not name:
        fields["name"] = "Vul een naam in."
    elif len(name) > 120:
        fields["name"] = "De naam is te lang: maximaal 120 tekens."
    else:
        other = db.session.scalars(
            select(RegionProfile.id).where(RegionProfile.name == name)
        ).first()
        if other is not None and other != profile_id:
            fields["name"] = "Er is al een ontwikkelprofiel met deze naam."
    known = {p.name for p in db.session.scalars(select(Province))}
    if not data.provinces:
        fields["provinces"] = "Kies minstens één provincie."
    elif any(p not in known for p in data.provinces):
        fields["provinces"] = "Kies alleen provincies uit de lijst."
    if not data.core_qualities:
        fields["core_qualities"] = "Vul minstens één kernkwaliteit in."
    if data.received_on and data.received_on > local_today():
        fields["received_on"] = "De datum van ontvangst ligt in de toekomst."
    if len(data.source_document) > 300:
        fields["source_document"] = "Maximaal 300 tekens."
    if fields:
        raise ValidationFailed("Het ontwikkelprofiel is niet opgeslagen.", fields)


def _apply(profile: RegionProfile, data: ProfileData) -> None:
    profile.name = data.name.strip()
    profile.provinces = list(data.provinces)
    profile.municipalities = list(data.municipalities)
    profile.core_qualities = list(data.core_qualities)
    profile.themes = list(data.themes)
    profile.sectors = list(data.sectors)
    profile.labour_market_note = data.labour_market_note.strip()
    profile.contacts = data.contacts.strip()
    profile.received_on = data.received_on
    profile.source_document = data.source_document.strip()
    profile.updated_at = utcnow()


def create_profile(user: User, data: ProfileData) -> RegionProfile:
    _require_edit(user)
    _validate(data, None)
    with transaction():
        profile = RegionProfile()
        _apply(profile, data)
        db.session.add(profile)
    return profile


def update_profile(user: User, profile_id: int, data: ProfileData) -> RegionProfile:
    _require_edit(user)
    profile = get_profile(user, profile_id)
    _validate(data, profile_id)
    with transaction():
        _apply(profile, data)
    return profile


# --- matching ----------------------------------------------------------------------------


def _facts(profile: RegionProfile) -> ProfileFacts:
    return ProfileFacts(
        id=profile.id,
        name=profile.name,
        provinces=frozenset(profile.provinces or []),
        themes=frozenset(profile.themes or []),
        sectors=frozenset(profile.sectors or []),
        core_qualities=tuple(profile.core_qualities or []),
        labour_market_note=profile.labour_market_note or "",
    )


def direction_of(case: Case) -> str:
    if case.case_type == "nieuwe_dienst":
        return "nieuw"
    current, proposed = case.current_province_id, case.proposed_province_id
    if current is not None and proposed is not None and current != proposed:
        return "verplaatsing"
    change = case.fte_change or 0
    if change > 0:
        return "groei"
    if change < 0:
        return "krimp"
    return "geen"


def _case_text(case: Case) -> str:
    organisation = case.organisation
    parts = [
        organisation.name if organisation else "",
        organisation.kind if organisation else "",
        case.unit_name,
        case.title,
        case.motivation,
    ]
    return " ".join(p for p in parts if p).casefold()


def _mentioned(terms: Iterable[str], text: str) -> frozenset[str]:
    found = set()
    for term in terms:
        key = term.strip().casefold()
        if key and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", text):
            found.add(term.strip())
    return frozenset(found)


def case_needs(case: Case, profiles: Iterable[RegionProfile]) -> CaseNeeds:
    listed = list(profiles)
    text = _case_text(case)
    themes = {t for p in listed for t in (p.themes or [])}
    sectors = {s for p in listed for s in (p.sectors or [])}
    return CaseNeeds(
        case_type=case.case_type,
        direction=direction_of(case),
        themes=_mentioned(themes, text),
        sectors=_mentioned(sectors, text),
        current_province=case.current_province.name if case.current_province else None,
        labour_market_scan=case.labour_market_scan or "",
        proposed_province=case.proposed_province.name if case.proposed_province else None,
    )


def matches_for_case(user: User, case: Case, top: int = TOP) -> list[Match]:
    """The best fitting regions for a case (the caller already checked case access)."""
    profiles = list_profiles(user)
    if not profiles or not spreading_applies(case):
        return []
    return _ranked(case_needs(case, profiles), profiles, top)


def matches_for_needs(user: User, needs: CaseNeeds, top: int = TOP) -> list[Match]:
    """The best fitting regions for what something other than a case asks (an early
    signal); its themes and sectors come from ``mentioned``."""
    profiles = list_profiles(user)
    return _ranked(needs, profiles, top) if profiles else []


def mentioned(
    text: str, profiles: Iterable[RegionProfile]
) -> tuple[frozenset[str], frozenset[str]]:
    """The profiles' themes and sectors that ``text`` mentions, as whole words."""
    listed = list(profiles)
    themes = {t for p in listed for t in (p.themes or [])}
    sectors = {s for p in listed for s in (p.sectors or [])}
    folded = text.casefold()
    return _mentioned(themes, folded), _mentioned(sectors, folded)


def _ranked(needs: CaseNeeds, profiles: list[RegionProfile], top: int) -> list[Match]:
    randstad = spreading_check.settings().randstad_provinces
    facts = [_facts(p) for p in profiles]
    ranked = rank_regions(needs, facts, randstad, labour_market.tightness())[:top]
    by_id = {p.id: p for p in profiles}
    return [_with_room(match, by_id[match.profile_id]) for match in ranked]


def _with_room(match: Match, profile: RegionProfile) -> Match:
    """The match with the room the state's offices offer in the region as extra reasons."""
    lines = rooms.room_lines(profile.provinces or [], profile.municipalities or [])
    return replace(match, reasons=(*match.reasons, *lines))


def advice_prefill(user: User, case: Case, profile_id: int) -> dict[str, Any]:
    """Form values for the draft advice taken from a region's match (text and province)."""
    if not may_edit(user):
        raise NotAllowed("Alleen BZK-adviseurs en -coördinatoren stellen adviezen op.")
    profile = get_profile(user, profile_id)
    randstad = spreading_check.settings().randstad_provinces
    needs = case_needs(case, list_profiles(user))
    match = rank_regions(needs, [_facts(profile)], randstad, labour_market.tightness())[0]
    match = _with_room(match, profile)
    text = f"Passende regio: {profile.name}.\n" + "\n".join((*match.reasons, *match.flags))
    values: dict[str, Any] = {"tekst": text}
    if profile.provinces:
        province = db.session.scalars(
            select(Province.id).where(Province.name == profile.provinces[0])
        ).first()
        if province is not None:
            values["provincie_id"] = province
    return values


# --- demo profiles -----------------------------------------------------------------------

DEMO_PROFILES: tuple[dict[str, Any], ...] = (
    {
        "name": "Groningen en Noord-Nederland",
        "provinces": ["Groningen", "Fryslân", "Drenthe"],
        "municipalities": ["Groningen", "Leeuwarden", "Assen", "Emmen"],
        "core_qualities": [
            "Ervaring met grote uitvoeringsorganisaties (DUO, CJIB)",
            "Energietransitie en waterstof",
        ],
        "themes": ["energie", "uitvoering", "digitalisering", "incasso"],
        "sectors": ["ICT", "onderwijs", "energie", "agentschap"],
        "labour_market_note": "Ruim aanbod hbo- en wo-afgestudeerden; krapte in ICT.",
    },
    {
        "name": "Twente",
        "provinces": ["Overijssel"],
        "municipalities": ["Enschede", "Hengelo", "Almelo"],
        "core_qualities": ["Technische universiteit en hightech-maakindustrie"],
        "themes": ["veiligheid", "technologie", "digitalisering"],
        "sectors": ["ICT", "hightech", "defensie"],
        "labour_market_note": "Sterk technisch arbeidsaanbod; grensregio met Duitsland.",
    },
    {
        "name": "Zuid-Limburg",
        "provinces": ["Limburg"],
        "municipalities": ["Maastricht", "Heerlen", "Sittard-Geleen"],
        "core_qualities": ["Internationale ligging en Brightlands-campussen"],
        "themes": ["statistiek", "gezondheid", "internationaal"],
        "sectors": ["zorg", "chemie", "zbo"],
        "labour_market_note": "Krimpende beroepsbevolking; ruimte voor nieuwe werkgelegenheid.",
    },
    {
        "name": "Foodvalley",
        "provinces": ["Gelderland", "Utrecht"],
        "municipalities": ["Ede", "Wageningen", "Veenendaal"],
        "core_qualities": ["Wageningen University & Research en agrofoodbedrijven"],
        "themes": ["voedsel", "landbouw", "onderzoek"],
        "sectors": ["agrofood", "onderzoek"],
        "labour_market_note": "",
    },
)


def load_demo_profiles() -> int:
    """Add the demo profiles that are missing (matched on name); returns how many were added."""
    made = 0
    with transaction():
        for spec in DEMO_PROFILES:
            name = DEMO_PREFIX + str(spec["name"])
            if db.session.scalars(select(RegionProfile).where(RegionProfile.name == name)).first():
                continue
            profile = RegionProfile()
            _apply(
                profile,
                ProfileData(**(spec | {"name": name, "source_document": DEMO_SOURCE})),
            )
            profile.contacts = "Voorbeeldcontact (demo, geen echte persoon)"
            db.session.add(profile)
            made += 1
    return made
