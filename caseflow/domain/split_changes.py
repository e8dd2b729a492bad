"""Signalering van opgeknipte wijzigingen (domain.md, "split changes").

Meerdere wijzigingen voor dezelfde organisatie die elk onder de drempel van 100 fte blijven
maar binnen 12 maanden samen de drempel halen, worden gesignaleerd: anders kan een
ministerie het BZK-advies ontlopen door een wijziging in stukken te knippen.

Keuzes:
- groei en krimp tellen apart (+60 en −50 heffen elkaar niet op en tellen niet op);
- alleen wijzigingen die elk onder de drempel blijven tellen mee; een wijziging van 100 fte
  of meer is zelf al een adviesplichtige zaak;
- "binnen 12 maanden": hoogstens ``window_days`` (365) dagen tussen eerste en laatste datum;
- per startwijziging nemen we het grootste venster; vensters die de drempel halen en een
  wijziging delen, voegen we samen tot één signalering. Een keten kan daardoor langer dan
  12 maanden beslaan; de toelichting zegt dat dan expliciet.
Alleen standaardbibliotheek; geen I/O.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from caseflow.domain.dutch import dutch_date, dutch_number


@dataclass(frozen=True)
class Change:
    """Eén fte-wijziging van een zaak (positief: groei, negatief: krimp)."""

    case_id: int
    organisation_id: int
    on: date
    fte_change: int


@dataclass(frozen=True)
class SplitFlag:
    """Een groep wijzigingen die samen de drempel haalt; ``total_fte`` houdt het teken."""

    organisation_id: int
    case_ids: tuple[int, ...]
    total_fte: int
    first: date
    last: date
    explanation: str


def _candidates(changes: Sequence[Change], threshold: int) -> dict[tuple[int, int], list[Change]]:
    """Wijzigingen onder de drempel, per (organisatie, richting), chronologisch."""
    groups: dict[tuple[int, int], list[Change]] = {}
    for change in changes:
        if change.fte_change != 0 and abs(change.fte_change) < threshold:
            key = (change.organisation_id, 1 if change.fte_change > 0 else -1)
            groups.setdefault(key, []).append(change)
    for group in groups.values():
        group.sort(key=lambda c: (c.on, c.case_id))
    return groups


def _qualifying_spans(group: list[Change], threshold: int, window_days: int) -> list[list[int]]:
    """Indexbereiken [start, eind] van de grootste vensters die de drempel halen."""
    spans: list[list[int]] = []
    end, running = 0, 0
    for start, first in enumerate(group):
        # Two pointers: the window end only moves forward as the start moves forward.
        while end < len(group) and (group[end].on - first.on).days <= window_days:
            running += abs(group[end].fte_change)
            end += 1
        if running >= threshold:
            if spans and spans[-1][1] >= start:
                spans[-1][1] = end - 1  # shares a change with the previous window: merge
            else:
                spans.append([start, end - 1])
        running -= abs(first.fte_change)
    return spans


def _ids(case_ids: Sequence[int]) -> str:
    names = [str(i) for i in case_ids]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"


def _explain(members: list[Change], threshold: int, window_days: int) -> str:
    total = sum(c.fte_change for c in members)
    kind = "groei" if total > 0 else "krimp"
    first, last = members[0].on, members[-1].on
    period = f"tussen {dutch_date(first)} en {dutch_date(last)}"
    if (last - first).days > window_days:
        period += f" (een keten van overlappende perioden van {window_days} dagen)"
    return (
        f"{len(members)} wijzigingen voor dezelfde organisatie (zaken "
        f"{_ids([c.case_id for c in members])}), elk onder de drempel van "
        f"{dutch_number(threshold)} fte, tellen {period} samen op tot {kind} van "
        f"{dutch_number(abs(total))} fte. Dat haalt de drempel: beoordeel ze als één "
        "opgeknipte wijziging."
    )


def _flag(members: list[Change], threshold: int, window_days: int) -> SplitFlag:
    return SplitFlag(
        organisation_id=members[0].organisation_id,
        case_ids=tuple(c.case_id for c in members),
        total_fte=sum(c.fte_change for c in members),
        first=members[0].on,
        last=members[-1].on,
        explanation=_explain(members, threshold, window_days),
    )


def find_split_changes(
    changes: Sequence[Change], threshold: int = 100, window_days: int = 365
) -> list[SplitFlag]:
    """Alle opgeknipte wijzigingen, gesorteerd op eerste datum en organisatie."""
    if threshold <= 0 or window_days < 0:
        raise ValueError("drempel moet positief zijn en het venster niet negatief")
    flags = []
    for group in _candidates(changes, threshold).values():
        for start, end in _qualifying_spans(group, threshold, window_days):
            flags.append(_flag(group[start : end + 1], threshold, window_days))
    return sorted(flags, key=lambda f: (f.first, f.organisation_id, f.total_fte < 0))


def flags_for_case(case_id: int, flags: Sequence[SplitFlag]) -> list[SplitFlag]:
    """De signaleringen waarin een zaak voorkomt (bijvoorbeeld voor de zaakpagina)."""
    return [flag for flag in flags if case_id in flag.case_ids]
