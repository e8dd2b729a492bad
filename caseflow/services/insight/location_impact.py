"""The effect of one case on the spreading at three locations side by side: the ministry's
proposal, the location BZK advises (the given advice version) and the location agreed by
the ministers or decided by the ministerraad. The same kind of change and fte every time;
only where they land differs (``domain.impact.moves_for``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from caseflow.domain.impact import CHANGE_KINDS, Comparison, compare
from caseflow.domain.place_of_work import PLACE_OF_WORK, net_change
from caseflow.models import Advice, Case
from caseflow.services.cases.change_facts import (
    case_moves,
    counted_moves,
    kind_of,
    place_of_work,
    province_names,
    spreading_applies,
)
from caseflow.services.insight import spreading

# What each side is; the templates name them (Dutch in the letter, translated on screen).
PROPOSAL, ADVICE = "voorstel", "advies"
AGREEMENT, DECISION, AGREEMENT_OR_DECISION = (
    "overeenstemming",
    "besluit",
    "overeenstemming_of_besluit",
)


@dataclass(frozen=True)
class Side:
    """One compared location; ``location`` is empty while it is not known yet."""

    code: str
    location: str


@dataclass(frozen=True)
class LocationImpact:
    kind: str  # Dutch label of the kind of change
    sides: tuple[Side, ...]
    comparison: Comparison
    peildatum: date
    illustrative: bool
    # The proposal's net fte per province counted per plaats van tewerkstelling, when the
    # case records a place of work (the comparison itself counts per standplaats).
    work_effect: tuple[tuple[str, float], ...] = ()


def _work_effect(case: Case, names: dict[int, str]) -> tuple[tuple[str, float], ...]:
    if place_of_work(case, names) is None:
        return ()
    counted = net_change(counted_moves(case, names, None, PLACE_OF_WORK))
    return tuple(sorted(counted.items()))


def _location(place: str, province: str | None) -> str:
    if province is None:
        return ""
    return f"{place} ({province})" if place else province


def _proposal(case: Case, names: dict[int, str]) -> str:
    """Where the proposal lands the change (as ``moves_for`` reads it): shrinkage at the
    current location, growth without a proposed one at the current location too."""
    kind = kind_of(case, names)
    current = _location(case.current_place, names.get(case.current_province_id or 0))
    proposed = _location(case.proposed_place, names.get(case.proposed_province_id or 0))
    first = (current or proposed) if kind == "krimp" else proposed
    if not first and kind == "groei":
        first = current
    second = _location(case.second_place, names.get(case.second_province_id or 0))
    if first and second and case.second_fte:
        return f"{first} en {second} ({case.second_fte} fte)"
    return first


def _final_label(case: Case) -> str:
    if case.outcome == "ministerraad" or case.state == "besloten":
        return DECISION
    if case.outcome == "overeenstemming" or case.state == "overeenstemming":
        return AGREEMENT
    return AGREEMENT_OR_DECISION


def location_impact(case: Case, advice: Advice | None) -> LocationImpact | None:
    """Proposal, ``advice``'s location and the agreed or decided location on the figures of
    the reference peildatum; None for a zbo talk or without figures."""
    if not spreading_applies(case):
        return None
    reference = spreading.reference_figures()
    if reference is None:
        return None
    peildatum, figures, illustrative = reference
    names = province_names()
    advised = advice.advised_province_id if advice is not None else None
    agreed = case.agreed_province_id
    sides = (
        Side(PROPOSAL, _proposal(case, names)),
        Side(
            ADVICE,
            _location(advice.advised_place, names.get(advised)) if advice and advised else "",
        ),
        Side(_final_label(case), _location(case.agreed_place, names.get(agreed or 0))),
    )
    scenarios = [
        case_moves(case, names),
        case_moves(case, names, advised) if advised is not None else None,
        case_moves(case, names, agreed) if agreed is not None else None,
    ]
    return LocationImpact(
        kind=CHANGE_KINDS.get(kind_of(case, names), ""),
        sides=sides,
        comparison=compare(figures, scenarios, spreading.randstad()),
        peildatum=peildatum,
        illustrative=illustrative,
        work_effect=_work_effect(case, names),
    )
