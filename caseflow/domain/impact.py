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

from caseflow.domain.dutch import fte_text

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


# The kind of change a case states (Case.change_kind), with its Dutch label.
CHANGE_KINDS: dict[str, str] = {
    "groei": "Groei op een locatie",
    "krimp": "Krimp op een locatie",
    "nieuwe_vestiging": "Nieuwe vestiging",
    "verplaatsing_deel": "Verplaatsing van een deel van de dienst",
    "verplaatsing_geheel": "Verplaatsing van de hele dienst",
}
RELOCATIONS = frozenset({"verplaatsing_deel", "verplaatsing_geheel"})


@dataclass(frozen=True)
class ChangeFacts:
    """What a case says about its change: the kind, the fte and where (the proposal).

    ``second`` and ``second_fte`` split the proposal over two provinces: ``second_fte`` of
    the fte that land (or, for shrinkage, leave) go to ``second``, the rest to the first
    location. ``fte_moved`` is the part that relocates in ``verplaatsing_deel``.
    """

    kind: str
    fte_current: int | None = None
    fte_change: int | None = None
    current: str | None = None
    proposed: str | None = None
    fte_moved: int | None = None
    second: str | None = None
    second_fte: int | None = None


def default_kind(
    case_type: str, fte_change: int | None, current: str | None, proposed: str | None
) -> str:
    """The kind a case without a stated kind is read as (and the migration's rule).

    A new service is a new establishment; a zbo talk has none. Otherwise: no proposed
    province, or the current one, is growth or shrinkage (by the sign of the change) at the
    current location; another province with growth is growth landing there (the current
    staff stay); another province with shrinkage is a relocation of that many fte; another
    province without a change is a relocation of the whole service.
    """
    if case_type == "nieuwe_dienst":
        return "nieuwe_vestiging"
    if case_type not in ("omvangswijziging", "masterplan"):
        return ""
    current, proposed = _clean(current), _clean(proposed)
    change = fte_change or 0
    if not proposed or not current or proposed == current:
        return "krimp" if change < 0 else "groei"
    if change > 0:
        return "groei"
    return "verplaatsing_deel" if change < 0 else "verplaatsing_geheel"


def _locations(total: int, first: str | None, facts: ChangeFacts) -> list[tuple[str, int]]:
    """``total`` fte over the proposal's one or two provinces (second gets ``second_fte``)."""
    second, part = _clean(facts.second), facts.second_fte or 0
    if first is None:
        return []
    if second is None or part <= 0:
        return [(first, total)] if total > 0 else []
    part = min(part, total)
    split = [(first, total - part), (second, part)]
    return [(province, fte) for province, fte in split if fte > 0]


def _arrivals(
    total: int, where: str | None, facts: ChangeFacts, proposal: str | None
) -> list[tuple[str, int]]:
    # Only the ministry's proposal can be split; an advised or decided location takes all.
    if where is None:
        return _locations(total, proposal, facts)
    return [(where, total)] if total > 0 else []


def _relocation(facts: ChangeFacts, where: str | None) -> list[Move]:
    # Shrinkage is taken in the current province before the move; growth arrives with the
    # moved staff. A whole service moves what is left of it after the shrinkage.
    current, change = _clean(facts.current), facts.fte_change or 0
    shrink, grow = max(0, -change), max(0, change)
    if facts.kind == "verplaatsing_geheel":
        moved = max(0, (facts.fte_current or 0) - shrink)
    else:
        moved = max(0, facts.fte_moved or 0)
    if current is None:
        moved = 0  # no origin: only the growth can be booked
    moves = [Move(current, None, shrink)] if current and shrink else []
    pool = moved
    for province, fte in _arrivals(moved + grow, where, facts, _clean(facts.proposed)):
        relocated = min(pool, fte)
        pool -= relocated
        if relocated:
            moves.append(Move(current, province, relocated))
        if fte - relocated:
            moves.append(Move(None, province, fte - relocated))
    return moves


def moves_for(facts: ChangeFacts, where: str | None = None) -> list[Move]:
    """The moves of a change, at the proposed location(s) or, with ``where``, at one
    other location (BZK's advice, the agreement or the ministerraad's decision).

    groei / nieuwe_vestiging: the growth lands there, nothing leaves anywhere.
    krimp: the shrinkage leaves there (the proposal: the current location).
    verplaatsing_deel / _geheel: see ``_relocation``. Unknown kind or data: no moves.
    """
    current, proposed = _clean(facts.current), _clean(facts.proposed)
    change, where = facts.fte_change or 0, _clean(where)
    if facts.kind in ("groei", "nieuwe_vestiging"):
        first = proposed if facts.kind == "nieuwe_vestiging" else proposed or current
        return [Move(None, p, f) for p, f in _arrivals(max(0, change), where, facts, first)]
    if facts.kind == "krimp":
        first = current or proposed
        return [Move(p, None, f) for p, f in _arrivals(max(0, -change), where, facts, first)]
    if facts.kind in RELOCATIONS:
        return _relocation(facts, where)
    return []


def landing_fte(facts: ChangeFacts) -> int:
    """The fte that land at (or, for shrinkage, leave) the proposed location(s)."""
    change = facts.fte_change or 0
    if facts.kind in ("groei", "nieuwe_vestiging"):
        return max(0, change)
    if facts.kind == "krimp":
        return max(0, -change)
    moved = facts.fte_current if facts.kind == "verplaatsing_geheel" else facts.fte_moved
    return max(0, (moved or 0) - max(0, -change)) + max(0, change)


def kind_problems(facts: ChangeFacts) -> dict[str, str]:
    """Field errors (Dutch) where the fte contradict the kind of change; empty if none."""
    change = facts.fte_change
    problems: dict[str, str] = {}
    if facts.kind in ("groei", "nieuwe_vestiging") and change is not None and change < 0:
        problems["fte_change"] = "Bij groei of een nieuwe vestiging is de wijziging positief."
    if facts.kind == "krimp" and change is not None and change > 0:
        problems["fte_change"] = "Bij krimp is de wijziging negatief, bijvoorbeeld -120."
    size = facts.fte_current
    if facts.kind == "verplaatsing_deel" and size is not None and (facts.fte_moved or 0) > size:
        problems["fte_moved"] = "Er kunnen niet meer fte verhuizen dan de huidige omvang."
    if facts.second_fte and facts.second_fte > landing_fte(facts):
        problems["second_fte"] = (
            f"Op de tweede locatie kunnen hooguit {landing_fte(facts)} fte landen "
            "(de hele wijziging)."
        )
    return problems


def moves_for_case(
    case_type: str,
    fte_current: int | None,
    fte_change: int | None,
    current_province: str | None,
    proposed_province: str | None,
    kind: str = "",
) -> list[Move]:
    """The moves of a case at its proposed location; without a stated ``kind`` the case is
    read as :func:`default_kind` says. A zbo talk causes no moves."""
    if case_type == "zbo_gesprek":
        return []
    kind = kind or default_kind(case_type, fte_change, current_province, proposed_province)
    if case_type == "nieuwe_dienst":
        kind = "nieuwe_vestiging"  # a new service has no current location to move from
    return moves_for(
        ChangeFacts(kind, fte_current, fte_change, current_province, proposed_province)
    )


def _fte(value: float) -> str:
    return f"{fte_text(value)} fte"


def _share(part: float, total: float) -> float:
    return part / total if total > 0 else 0.0


def within_note(province: str, fte: float) -> str:
    """The note on a move that stays inside one province."""
    return (
        f"Verplaatsing van {_fte(fte)} binnen {province} verandert de verdeling "
        "over de provincies niet."
    )


def _deltas(moves: Sequence[Move]) -> tuple[dict[str, float], list[str]]:
    """Netto verandering per geraakte provincie; verplaatsing binnen één provincie telt 0."""
    delta: dict[str, float] = {}
    notes: list[str] = []
    for move in moves:
        source, target = _clean(move.from_province), _clean(move.to_province)
        if source is not None and source == target:
            delta.setdefault(source, 0.0)
            notes.append(within_note(source, move.fte))
            continue
        if source is not None:
            delta[source] = delta.get(source, 0.0) - move.fte
        if target is not None:
            delta[target] = delta.get(target, 0.0) + move.fte
    return delta, notes


@dataclass(frozen=True)
class Touch:
    """What one move does to one province, for totals kept per province: ``fte`` arrives
    (negative: leaves), or, with ``within``, moves inside it (the province counts as touched
    and gets a note, its fte stay)."""

    province: str
    fte: float
    within: bool = False


def touches(moves: Sequence[Move]) -> list[Touch]:
    """The moves per province touched, as ``_deltas`` nets them: summing ``fte`` per province
    over any set of cases gives their net change, in any order."""
    found: list[Touch] = []
    for move in moves:
        source, target = _clean(move.from_province), _clean(move.to_province)
        if source is not None and source == target:
            found.append(Touch(source, move.fte, within=True))
            continue
        if source is not None:
            found.append(Touch(source, -move.fte))
        if target is not None:
            found.append(Touch(target, move.fte))
    return found


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
    delta, move_notes = _deltas(moves)
    return applied(figures, delta, move_notes, randstad)


def applied(
    figures: Mapping[str, float],
    delta: Mapping[str, float],
    move_notes: Sequence[str],
    randstad: frozenset[str],
) -> Impact:
    """The net change per touched province (``delta``, 0 for a move within one) applied to
    the figures, with the moves' own notes after those on missing and clamped figures."""
    before = {p.strip(): float(v) for p, v in figures.items() if usable_fte(v)}
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
        notes=(*missing, *clamped, *move_notes),
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


@dataclass(frozen=True)
class Outcome:
    """Fte and share (fraction of the national total) of one province in one situation."""

    fte: float
    share: float


@dataclass(frozen=True)
class ComparedProvince:
    """One province before, and after each compared location (None: that one is unknown)."""

    province: str
    before: Outcome
    has_figures: bool
    after: tuple[Outcome | None, ...]


@dataclass(frozen=True)
class Comparison:
    """Several locations for one change side by side (proposal, advice, decision)."""

    provinces: tuple[ComparedProvince, ...]
    randstad_before: float
    randstad_after: tuple[float | None, ...]
    total_before: float
    total_after: tuple[float | None, ...]
    notes: tuple[tuple[str, ...], ...]


def _outcome(result: Impact | None, province: str, before: float) -> Outcome | None:
    if result is None:
        return None
    for row in result.provinces:
        if row.province == province:
            return Outcome(row.after_fte, row.after_share)
    # Untouched here, but its share still follows the new national total.
    return Outcome(before, _share(before, result.total_after))


def compare(
    figures: Mapping[str, float],
    scenarios: Sequence[Sequence[Move] | None],
    randstad: frozenset[str],
) -> Comparison:
    """The impact of each scenario (None: no location known yet) on the same figures; every
    province one of them touches gets a row, with its after-value in each scenario."""
    results = [
        impact(figures, moves, randstad) if moves is not None else None for moves in scenarios
    ]
    base = impact(figures, [], randstad)
    known = {p.strip(): float(v) for p, v in figures.items() if usable_fte(v)}
    touched = sorted({row.province for r in results if r for row in r.provinces})
    rows = tuple(
        ComparedProvince(
            province=p,
            before=Outcome(known.get(p, 0.0), _share(known.get(p, 0.0), base.total_before)),
            has_figures=p in known,
            after=tuple(_outcome(r, p, known.get(p, 0.0)) for r in results),
        )
        for p in touched
    )
    return Comparison(
        provinces=rows,
        randstad_before=base.randstad_before,
        randstad_after=tuple(r.randstad_after if r else None for r in results),
        total_before=base.total_before,
        total_after=tuple(r.total_after if r else None for r in results),
        notes=tuple(r.notes if r else () for r in results),
    )


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
