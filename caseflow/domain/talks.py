"""Talks with regional administrators and ministries: the kinds, the functions of the
participants, and the yearly overview per province.

Annex 1b of the 2025 status overview (Kamerstuk 31 490 nr. 337) promises a talk with the
administrators of every province every year. The overview marks a province as a gap when
no talk that year had its provincial executive at the table: the commissaris van de Koning
or a gedeputeerde. A talk with only a burgemeester or wethouder is shown, but does not fill
the gap: the promise is about the province."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

REGIONAL = "bestuurders"
MINISTRY = "ministerie"
OTHER = "overig"
KINDS = (REGIONAL, MINISTRY, OTHER)

FUNCTIONS = (
    "commissaris_van_de_koning",
    "gedeputeerde",
    "burgemeester",
    "wethouder",
    "secretaris_generaal",
    "directeur_generaal",
    "ambtelijk",
    "overig",
)
PROVINCIAL_EXECUTIVE = frozenset({"commissaris_van_de_koning", "gedeputeerde"})


@dataclass(frozen=True)
class TalkMark:
    """What the overview needs of one talk: its province, date and the functions present."""

    province: str
    held_on: date
    functions: tuple[str, ...]


@dataclass(frozen=True)
class ProvinceYear:
    """One province in one year: the talks held (dates), the functions spoken with (in the
    order of FUNCTIONS) and when each was last met, and whether the yearly talk is missing."""

    province: str
    dates: tuple[date, ...]
    last_met: tuple[tuple[str, date], ...]
    gap: bool

    @property
    def functions(self) -> tuple[str, ...]:
        return tuple(function for function, _ in self.last_met)


def yearly_overview(
    provinces: Sequence[str], talks: Iterable[TalkMark], year: int
) -> list[ProvinceYear]:
    """Per province (in the order given, each once) the talks of ``year``; talks of other
    years and of provinces not listed are left out."""
    in_year: dict[str, list[TalkMark]] = {p: [] for p in provinces}
    for talk in talks:
        if talk.held_on.year == year and talk.province in in_year:
            in_year[talk.province].append(talk)
    return [_province_year(p, in_year[p]) for p in in_year]


def _province_year(province: str, talks: list[TalkMark]) -> ProvinceYear:
    last: dict[str, date] = {}
    for talk in talks:
        for function in talk.functions:
            if function not in last or last[function] < talk.held_on:
                last[function] = talk.held_on
    return ProvinceYear(
        province=province,
        dates=tuple(sorted({t.held_on for t in talks})),
        last_met=tuple((f, last[f]) for f in FUNCTIONS if f in last),
        gap=not PROVINCIAL_EXECUTIVE & set(last),
    )


def is_overdue(due_on: date, done_on: date | None, today: date) -> bool:
    """A follow-up action is overdue when it is not done and its due date has passed."""
    return done_on is None and due_on < today
