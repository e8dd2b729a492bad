"""Matching van een zaak met regionale ontwikkelprofielen (brief lijn e, bijlage actie 1a).

Regio's leveren ontwikkelprofielen met kernkwaliteiten aan; als een huisvestingsvraag zich
voordoet, zoekt de BZK-adviseur een regio waar dienst en regio elkaar versterken.
:func:`rank_regions` ordent de profielen en geeft per regio redenen in volzinnen die de
adviseur in het advies kan overnemen.

Score (uitlegbaar, geen zwarte doos):
- elk gedeeld thema +1, elke gedeelde sector +2 (hoofdletterongevoelig): een sector zegt
  meer over duurzame samenwerking (kennis, werkgevers, opleidingen) dan een breed thema;
- groei, nieuwe dienst en verplaatsing: +1,5 als de regio geheel buiten de Randstad ligt,
  −1,5 als ze geheel erin ligt, 0 als ze deels erin ligt (principe 4 van de brief);
- groei, nieuwe dienst en verplaatsing: +1 als het profiel de voorgestelde provincie omvat
  (die van de zaak of het signaal): de provincie waar ministerie en regio al over spreken
  weegt mee als één thema, niet zwaarder dan wat de regio inhoudelijk te bieden heeft;
- krimp en "geen": geen ligging-voorkeur. Krimp vindt in beginsel plaats in de Randstad,
  bij de bestaande vestiging; dat is geen keuze voor een nieuwe regio;
- arbeidsmarkt en continuïteit zijn redenen zonder punten: de adviseur weegt ze.

Arbeidsmarktvlaggen (zonder punten, zichtbaar bij de regio): een provincie van het profiel
waarvoor de geïmporteerde spanningsindicator op een beperkte of onvoldoende arbeidsmarkt wijst
(:func:`caseflow.domain.labour_market.province_tightness`), en de eigen arbeidsmarktscan van
de zaak als die beperkt of onvoldoende is en het profiel de voorgestelde provincie omvat.
Volgorde: score aflopend, dan naam. Alleen standaardbibliotheek; geen I/O.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from caseflow.domain.labour_market import is_weak

THEME_WEIGHT = 1.0
SECTOR_WEIGHT = 2.0
RANDSTAD_WEIGHT = 1.5
PROPOSED_WEIGHT = 1.0
LOCATION_DIRECTIONS = frozenset({"groei", "nieuw", "verplaatsing"})
WEAK_SCANS = frozenset({"beperkt", "onvoldoende"})
_WHAT = {"groei": "groei", "nieuw": "een nieuwe dienst", "verplaatsing": "verplaatsing"}
_PRINCIPLE = {
    "groei": "groei en nieuwe vestigingen buiten de Randstad plaatsvinden",
    "nieuw": "groei en nieuwe vestigingen buiten de Randstad plaatsvinden",
    "verplaatsing": "hervestiging van bestaande diensten buiten de Randstad plaatsvindt",
}


@dataclass(frozen=True)
class RegionProfile:
    """Ontwikkelprofiel van een regio met kernkwaliteiten."""

    id: int
    name: str
    provinces: frozenset[str]
    themes: frozenset[str]
    sectors: frozenset[str]
    core_qualities: tuple[str, ...]
    labour_market_note: str = ""


@dataclass(frozen=True)
class CaseNeeds:
    """Wat een zaak vraagt van een regio."""

    case_type: str
    direction: str  # "groei" | "nieuw" | "krimp" | "verplaatsing" | "geen"
    themes: frozenset[str]
    sectors: frozenset[str]
    current_province: str | None
    labour_market_scan: str  # "", "voldoende", "beperkt", "onvoldoende", "niet_uitgevoerd"
    proposed_province: str | None = None


@dataclass(frozen=True)
class Match:
    """Een regio met score en redenen (volzinnen, klaar voor het advies)."""

    profile_id: int
    name: str
    score: float
    reasons: tuple[str, ...]
    # Labour-market warnings the adviser must see beside the score (volzinnen).
    flags: tuple[str, ...] = ()


def _key(value: str) -> str:
    return value.strip().casefold()


def _shared(offered: Iterable[str], wanted: frozenset[str]) -> list[str]:
    """Profielwaarden (in de spelling van het profiel) die de zaak ook noemt."""
    keys = {_key(w) for w in wanted}
    return sorted({o.strip() for o in offered if _key(o) in keys}, key=_key)


def _listing(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"


def _overlap_reason(name: str, themes: list[str], sectors: list[str]) -> str:
    parts = []
    if themes:
        noun = "het thema" if len(themes) == 1 else "de thema's"
        parts.append(f"{noun} {_listing(themes)}")
    if sectors:
        noun = "de sector" if len(sectors) == 1 else "de sectoren"
        parts.append(f"{noun} {_listing(sectors)}")
    if not parts:
        return f"Het profiel van {name} noemt geen thema's of sectoren van deze dienst."
    # "het thema ..., dat" (neuter) but "de sector ..., die"; plural always "die".
    count = len(themes) + len(sectors)
    verb = "die aansluiten" if count > 1 else ("dat aansluit" if themes else "die aansluit")
    return f"Het profiel van {name} noemt {', en '.join(parts)}, {verb} bij deze dienst."


def _location(
    profile: RegionProfile, direction: str, randstad: frozenset[str]
) -> tuple[float, str]:
    if direction == "krimp":
        return 0.0, (
            "Bij krimp speelt de ligging geen rol in de matching: krimp vindt in beginsel "
            "plaats in de Randstad, bij de bestaande vestiging."
        )
    if direction not in LOCATION_DIRECTIONS:
        return 0.0, "Zonder groei, nieuwe dienst of verplaatsing weegt de ligging niet mee."
    if not profile.provinces:
        return 0.0, "De provincie van dit profiel is onbekend; de ligging weegt niet mee."
    inside = {p.strip() for p in profile.provinces} & randstad
    if not inside:
        return RANDSTAD_WEIGHT, (
            f"Ligt buiten de Randstad: past bij het principe dat {_PRINCIPLE[direction]}."
        )
    if len(inside) == len(profile.provinces):
        return -RANDSTAD_WEIGHT, (
            f"Ligt in de Randstad: bij {_WHAT[direction]} is dat een afwijking die "
            "motivering vraagt."
        )
    return 0.0, (
        f"Ligt deels in de Randstad ({_listing(sorted(inside))}): kies bij {_WHAT[direction]} "
        "bij voorkeur een vestiging buiten de Randstad."
    )


def _proposed(profile: RegionProfile, needs: CaseNeeds) -> tuple[float, list[str]]:
    province = (needs.proposed_province or "").strip()
    if _key(needs.direction) not in LOCATION_DIRECTIONS or not province:
        return 0.0, []
    if province not in {p.strip() for p in profile.provinces}:
        return 0.0, []
    return PROPOSED_WEIGHT, [f"Omvat de voorgestelde provincie {province}."]


def _labour(profile: RegionProfile, scan: str) -> list[str]:
    note = profile.labour_market_note.strip()
    if _key(scan) not in WEAK_SCANS or not note:
        return []
    return [
        f"De arbeidsmarktscan is '{_key(scan)}'; het profiel van {profile.name} zegt over de "
        f'arbeidsmarkt: "{note}"'
    ]


def _continuity(profile: RegionProfile, current: str | None) -> list[str]:
    province = (current or "").strip()
    if not province or province not in {p.strip() for p in profile.provinces}:
        return []
    return [
        f"Omvat de huidige vestigingsprovincie {province}: dat geeft continuïteit voor het "
        "personeel en de bestaande samenwerking in de regio."
    ]


def labour_flags(
    needs: CaseNeeds, profile: RegionProfile, tightness: Mapping[str, str]
) -> tuple[str, ...]:
    """Warnings for a region: tight provinces by the indicators, and the case's own scan."""
    provinces = sorted({p.strip() for p in profile.provinces if p.strip()})
    flags = [
        f"Arbeidsmarkt {tightness[p]} in {p} volgens de spanningsindicator "
        "(vacatures per werkloze)."
        for p in provinces
        if is_weak(tightness.get(p, ""))
    ]
    proposed = (needs.proposed_province or "").strip()
    if proposed in provinces and is_weak(needs.labour_market_scan):
        flags.append(
            f"De arbeidsmarktscan van deze zaak voor {proposed} is "
            f"'{_key(needs.labour_market_scan)}'."
        )
    return tuple(flags)


def _match(
    needs: CaseNeeds,
    profile: RegionProfile,
    randstad: frozenset[str],
    tightness: Mapping[str, str],
) -> Match:
    themes = _shared(profile.themes, needs.themes)
    sectors = _shared(profile.sectors, needs.sectors)
    bonus, where = _location(profile, _key(needs.direction), randstad)
    proposed, proposed_reasons = _proposed(profile, needs)
    score = THEME_WEIGHT * len(themes) + SECTOR_WEIGHT * len(sectors) + bonus + proposed
    reasons = [_overlap_reason(profile.name, themes, sectors), where, *proposed_reasons]
    reasons += _labour(profile, needs.labour_market_scan)
    reasons += _continuity(profile, needs.current_province)
    flags = labour_flags(needs, profile, tightness)
    return Match(profile.id, profile.name, score, tuple(reasons), flags)


def rank_regions(
    needs: CaseNeeds,
    profiles: Sequence[RegionProfile],
    randstad: frozenset[str],
    tightness: Mapping[str, str] | None = None,
) -> list[Match]:
    """Profielen geordend naar passendheid: score aflopend, dan naam, dan id.
    ``tightness``: de arbeidsmarktindicatie per provincienaam (leeg: geen indicatoren)."""
    tight = tightness or {}
    matches = [_match(needs, profile, randstad, tight) for profile in profiles]
    return sorted(matches, key=lambda m: (-m.score, _key(m.name), m.profile_id))
