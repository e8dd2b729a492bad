"""Standplaats and place of work (issue #12, item 8; domain.md "Standplaats vs place of work").

The yearly figures count fte by *standplaats*, as agreed with parliament; with hybrid working
many office workers mostly work elsewhere, at a *plaats van tewerkstelling* (letter of
8 May 2024, "Jaarlijkse rapportage"). A case keeps both where they differ, in the smallest
model that answers the question "where will these fte mostly work?":

- the standplaats is what the case already records (the current and proposed locations and
  the fte of the change, ``impact.ChangeFacts``);
- the place of work is one province (and place) and the number of fte of the change that
  are expected to work mostly there instead of at their standplaats (``PlaceOfWork``). The
  other fte of the change work at their standplaats. One place of work per case: the letter
  asks for no more, and working from home has no province to count in.

:func:`counted` gives a case's moves per standplaats (unchanged) or per place of work (the
``fte`` of the arrivals, or of the departures for pure shrinkage, counted in the place-of-work
province instead). The official employment figures stay by standplaats: only the effect of
the cases changes with the basis. Pure; standard library only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from caseflow.domain.impact import ChangeFacts, Move, landing_fte

STANDPLAATS = "standplaats"
PLACE_OF_WORK = "tewerkstelling"
# The two ways to count the cases' fte, with their Dutch labels (the query value is the key).
BASES: dict[str, str] = {
    STANDPLAATS: "per standplaats",
    PLACE_OF_WORK: "per plaats van tewerkstelling",
}


def parse_basis(raw: str | None) -> str:
    """The basis asked for; anything else is the default, per standplaats (the yearly letter)."""
    return raw if raw in BASES else STANDPLAATS


@dataclass(frozen=True)
class PlaceOfWork:
    """``fte`` of a case's change expected to work mostly in ``province`` (a name)."""

    province: str | None
    fte: int | None


def _redirect(moves: Sequence[Move], work: str, fte: int, arrivals: bool) -> list[Move]:
    """Up to ``fte`` of the arriving (or leaving) fte counted in ``work`` instead, taken from
    the moves in order (the first location before the second); a move whose standplaats end
    already is ``work`` keeps its fte."""
    left: float = fte
    counted_moves: list[Move] = []
    for move in moves:
        end = move.to_province if arrivals else move.from_province
        if left <= 0 or end is None or end == work:
            counted_moves.append(move)
            continue
        part = min(left, move.fte)
        left -= part
        if move.fte - part:
            counted_moves.append(Move(move.from_province, move.to_province, move.fte - part))
        if arrivals:
            counted_moves.append(Move(move.from_province, work, part))
        else:
            counted_moves.append(Move(work, move.to_province, part))
    return counted_moves


def counted(moves: Sequence[Move], work: PlaceOfWork | None, basis: str) -> list[Move]:
    """``moves`` per standplaats (as they are) or, with ``basis`` PLACE_OF_WORK, with the
    place of work's fte counted in its province: arrivals where the case lands fte (growth,
    a new establishment, a relocation), departures where it only sheds them (shrinkage)."""
    province = (work.province or "").strip() if work is not None else ""
    fte = work.fte or 0 if work is not None else 0
    if basis != PLACE_OF_WORK or not province or fte <= 0:
        return list(moves)
    arrivals = any(m.to_province is not None for m in moves)
    return _redirect(moves, province, fte, arrivals)


def net_change(moves: Sequence[Move]) -> dict[str, float]:
    """Net fte per province the moves touch (a move within one province counts 0 and is
    left out), for the tables that show the effect of cases without the figures."""
    delta: dict[str, float] = {}
    for move in moves:
        if move.from_province is not None and move.from_province == move.to_province:
            continue
        if move.from_province is not None:
            delta[move.from_province] = delta.get(move.from_province, 0.0) - move.fte
        if move.to_province is not None:
            delta[move.to_province] = delta.get(move.to_province, 0.0) + move.fte
    return delta


def place_of_work_problems(
    has_province: bool, fte: int | None, facts: ChangeFacts, has_place: bool = False
) -> dict[str, str]:
    """Field errors (Dutch): a place of work needs both its province and its fte (a place
    name alone is not enough), and no more fte can work elsewhere than the change concerns
    (checked once the kind is known)."""
    if has_province and not fte:
        return {"work_fte": "Vul in hoeveel fte vooral in deze provincie gaan werken."}
    if (fte or has_place) and not has_province:
        return {"work_province_id": "Kies de provincie waar deze fte vooral gaan werken."}
    if fte and facts.kind and fte > landing_fte(facts):
        return {
            "work_fte": (
                f"Hooguit {landing_fte(facts)} fte kunnen elders werken (de fte van de wijziging)."
            )
        }
    return {}
