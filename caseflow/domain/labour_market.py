"""De arbeidsmarktscan als gegevens (issue #12, onderdeel 5): indicatoren en krapte.

De brief (Kamerstuk 31 490 nr. 337, lijn e) noemt de arbeidsmarktscan: die kan uitwijzen
dat een dienst zich niet in een regio kan vestigen, of in eerste instantie alleen met hybride
werken of door te werven onder studenten in de regio. De uitkomst van de scan van een zaak
staat op de zaak; deze module kent de regionale indicatoren die BZK importeert en leidt uit
de spanningsindicator (vacatures per werkloze) een *indicatie* van krapte per provincie af.

Drempels (een vuistregel van caseflow, geen UWV-norm; de adviseur weegt):
- minder dan :data:`TIGHT` vacatures per werkloze: voldoende;
- vanaf :data:`TIGHT` (meer vacatures dan werklozen): beperkt;
- vanaf :data:`VERY_TIGHT`: onvoldoende.
Andere indicatoren (werkloosheid, hoger opgeleiden, studenten) worden getoond maar tellen
niet mee in de indicatie. Alleen standaardbibliotheek; geen I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

SUFFICIENT = "voldoende"
LIMITED = "beperkt"
INSUFFICIENT = "onvoldoende"
NOT_DONE = "niet_uitgevoerd"
WEAK_OUTCOMES = frozenset({LIMITED, INSUFFICIENT})

TENSION = "spanning"
TIGHT = 1.0
VERY_TIGHT = 1.5


@dataclass(frozen=True)
class Indicator:
    """Een soort indicator: code (in het importbestand), Nederlandse naam en grenzen."""

    code: str
    label: str
    unit: str
    maximum: float


INDICATORS: tuple[Indicator, ...] = (
    Indicator("werkloosheid", "Werkloosheid", "%", 100.0),
    Indicator(TENSION, "Vacatures per werkloze (spanningsindicator)", "", 100.0),
    Indicator("hoger_opgeleid", "Aandeel hoger opgeleiden in de beroepsbevolking", "%", 100.0),
    Indicator("studenten", "Studenten hbo en wo", "aantal", 10_000_000.0),
)
BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}


@dataclass(frozen=True)
class Reading:
    """Een gemeten waarde: provincie, eventueel regio, indicator, waarde, peildatum."""

    province: str
    region: str
    code: str
    value: float
    peildatum: date


def outcome_for_tension(value: float) -> str:
    """De indicatie bij een spanningsindicator: voldoende, beperkt of onvoldoende."""
    if value >= VERY_TIGHT:
        return INSUFFICIENT
    if value >= TIGHT:
        return LIMITED
    return SUFFICIENT


def province_tightness(readings: Iterable[Reading]) -> dict[str, str]:
    """Per provincie de indicatie uit de nieuwste spanningsindicator voor de hele provincie
    (regio's binnen een provincie spreken alleen voor zichzelf en tellen hier niet mee)."""
    latest: dict[str, Reading] = {}
    for reading in readings:
        if reading.code != TENSION or reading.region:
            continue
        known = latest.get(reading.province)
        if known is None or reading.peildatum > known.peildatum:
            latest[reading.province] = reading
    return {name: outcome_for_tension(r.value) for name, r in latest.items()}


def is_weak(outcome: str) -> bool:
    return outcome.strip().casefold() in WEAK_OUTCOMES
