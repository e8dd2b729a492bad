"""Effect van zaken op de verdeling van de rijkswerkgelegenheid over de twaalf provincies.

Een zaak wordt vertaald in verschuivingen (:class:`Move`): groei (van nergens naar een
provincie), krimp (van een provincie naar nergens) of verplaatsing (van provincie naar
provincie). :func:`impact` past die toe op de fte per provincie van de laatste peildatum
(1 januari, standplaats) en geeft per geraakte provincie het aandeel vóór en na, het
Randstadaandeel en Nederlandse toelichtingen. :func:`share_bin` geeft de klasse van de
kaarten in de jaarbrief. Alleen standaardbibliotheek; geen I/O.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from caseflow.domain.dutch import dutch_number

SHARE_BINS = ("< 5%", "5–10%", "10–15%", "15–20%", "> 20%")


@dataclass(frozen=True)
class Move:
    """Verschuiving van fte: groei (``from_province`` None), krimp (``to_province`` None)."""

    from_province: str | None
    to_province: str | None
    fte: float

    def __post_init__(self) -> None:
        if self.fte < 0:
            raise ValueError("fte van een verschuiving kan niet negatief zijn")
        if self.from_province is None and self.to_province is None:
            raise ValueError("een verschuiving heeft een herkomst of een bestemming nodig")


@dataclass(frozen=True)
class ProvinceImpact:
    """Fte en aandeel van één provincie vóór en na; aandelen als fractie (0..1)."""

    province: str
    before_fte: float
    after_fte: float
    before_share: float
    after_share: float
    has_figures: bool


@dataclass(frozen=True)
class Impact:
    """Effect op de geraakte provincies (op naam gesorteerd) en op het Randstadaandeel."""

    provinces: tuple[ProvinceImpact, ...]
    randstad_before: float
    randstad_after: float
    total_before: float
    total_after: float
    notes: tuple[str, ...]


def _clean(province: str | None) -> str | None:
    return (province or "").strip() or None


def _signed(province: str | None, change: int | None) -> list[Move]:
    """Groei of krimp van ``change`` fte in één provincie (0 of onbekend: niets)."""
    if province is None or not change:
        return []
    if change > 0:
        return [Move(None, province, change)]
    return [Move(province, None, -change)]


def _relocation(current: str, proposed: str, fte_current: int | None, change: int) -> list[Move]:
    # Growth lands in the new province; shrinkage is taken before the move (in the current
    # province) and only the remaining staff relocate. The net effect per province equals
    # "move everything, then shrink there", but krimp stays where the letter wants it.
    moves = _signed(proposed if change > 0 else current, change)
    if fte_current:
        remaining = fte_current - max(0, -change)
        if remaining > 0:
            moves.insert(0, Move(current, proposed, remaining))
    return moves


def moves_for_case(
    case_type: str,
    fte_current: int | None,
    fte_change: int | None,
    current_province: str | None,
    proposed_province: str | None,
) -> list[Move]:
    """De verschuivingen die een zaak veroorzaakt; ontbrekende gegevens geven geen verschuiving.

    omvangswijziging en masterplan met een andere voorgestelde provincie: de hele dienst
    (``fte_current``) verhuist en de wijziging landt in de nieuwe provincie (krimp: zie
    ``_relocation``); anders landt de wijziging in de huidige (of voorgestelde) provincie.
    nieuwe_dienst: groei in de voorgestelde provincie.
    zbo_gesprek en onbekende typen: geen verschuivingen.
    """
    current, proposed = _clean(current_province), _clean(proposed_province)
    change = fte_change or 0
    if case_type in ("omvangswijziging", "masterplan"):
        # A VtW can move a service's housing to another province just like a relocation.
        if current and proposed and current != proposed:
            return _relocation(current, proposed, fte_current, change)
        return _signed(current or proposed, change)
    if case_type == "nieuwe_dienst":
        # A new service has no current location: without a proposed province it lands nowhere.
        return _signed(proposed, max(0, change))
    return []


def _fte(value: float) -> str:
    shown = round(value, 1)
    return f"{dutch_number(int(shown) if shown == int(shown) else shown)} fte"


def _share(part: float, total: float) -> float:
    return part / total if total > 0 else 0.0


def _deltas(moves: Sequence[Move]) -> tuple[dict[str, float], list[str]]:
    """Netto verandering per geraakte provincie; verplaatsing binnen één provincie telt 0."""
    delta: dict[str, float] = {}
    notes: list[str] = []
    for move in moves:
        source, target = _clean(move.from_province), _clean(move.to_province)
        if source is not None and source == target:
            delta.setdefault(source, 0.0)
            notes.append(
                f"Verplaatsing van {_fte(move.fte)} binnen {source} verandert de verdeling "
                "over de provincies niet."
            )
            continue
        if source is not None:
            delta[source] = delta.get(source, 0.0) - move.fte
        if target is not None:
            delta[target] = delta.get(target, 0.0) + move.fte
    return delta, notes


def _after(province: str, before: float, delta: float) -> tuple[float, str | None]:
    # Netting first makes the result independent of the order of cases; clamping only
    # catches figures that are older or smaller than the case data (a data inconsistency).
    after = before + delta
    if after >= 0:
        return after, None
    note = f"Krimp van {_fte(-delta)} is groter dan de {_fte(before)} in {province}; afgekapt op 0."
    return 0.0, note


def _randstad_share(values: Mapping[str, float], randstad: frozenset[str]) -> float:
    total = sum(values.values())
    return _share(sum(v for p, v in values.items() if p in randstad), total)


def impact(figures: Mapping[str, float], moves: Sequence[Move], randstad: frozenset[str]) -> Impact:
    """Pas ``moves`` toe op de fte per provincie; aandelen na op het nieuwe landelijke totaal."""
    # A figure that is no finite, non-negative number counts as missing: it cannot break
    # the shares of every other province.
    before = {p.strip(): float(v) for p, v in figures.items() if usable_fte(v)}
    delta, move_notes = _deltas(moves)
    after = dict(before)
    missing, clamped = [], []
    for province in sorted(delta):
        if province not in before:
            missing.append(f"Voor {province} zijn geen cijfers bekend; gerekend met 0 fte.")
        after[province], note = _after(province, before.get(province, 0.0), delta[province])
        if note:
            clamped.append(note)
    total_before, total_after = sum(before.values()), sum(after.values())
    rows = tuple(
        ProvinceImpact(
            province=p,
            before_fte=before.get(p, 0.0),
            after_fte=after[p],
            before_share=_share(before.get(p, 0.0), total_before),
            after_share=_share(after[p], total_after),
            has_figures=p in before,
        )
        for p in sorted(delta)
    )
    return Impact(
        provinces=rows,
        randstad_before=_randstad_share(before, randstad),
        randstad_after=_randstad_share(after, randstad),
        total_before=total_before,
        total_after=total_after,
        notes=tuple(missing + clamped + move_notes),
    )


def usable_fte(value: object, most: float = math.inf) -> bool:
    """A figure the pages can compute with: a finite number from 0 up to ``most``."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 0 <= value <= most
    )


def cumulative(
    figures: Mapping[str, float],
    moves_per_case: Sequence[Sequence[Move]],
    randstad: frozenset[str],
) -> Impact:
    """Gezamenlijk effect van alle besloten zaken (bijvoorbeeld van één jaar)."""
    return impact(figures, [move for moves in moves_per_case for move in moves], randstad)


def share_bin(share: float) -> str:
    """Kaartklasse van de jaarbrief voor een aandeel (fractie 0..1).

    De labels bepalen de grenzen: "< 5%" en "> 20%" zijn strikt, dus precies 5% valt in
    "5–10%" en precies 20% in "15–20%"; 10% en 15% vallen in de hogere klasse. Afronden op
    negen decimalen voorkomt dat 0,05 door rekenruis net onder de grens valt.
    """
    if share < 0:
        raise ValueError("een aandeel kan niet negatief zijn")
    percent = round(share * 100, 9)
    if percent < 5:
        return SHARE_BINS[0]
    if percent < 10:
        return SHARE_BINS[1]
    if percent < 15:
        return SHARE_BINS[2]
    if percent <= 20:
        return SHARE_BINS[3]
    return SHARE_BINS[4]
