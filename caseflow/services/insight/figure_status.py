"""Which peildata are complete, and which one every computation uses (the reference year).

The reference peildatum is the latest *complete* one (see
:mod:`caseflow.domain.figure_completeness`): the dashboard, a case's impact, the cumulative
effect and the advice letter all compute with it, and a newer incomplete year is shown as
such, never used.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from caseflow.domain.figure_completeness import Completeness, completeness
from caseflow.extensions import db
from caseflow.models import Province


@dataclass(frozen=True)
class PeildatumStatus:
    peildatum: date
    completeness: Completeness

    @property
    def complete(self) -> bool:
        return self.completeness.complete


def province_names() -> list[str]:
    """The provinces that must each have a figure, in CBS order."""
    return list(db.session.scalars(select(Province.name).order_by(Province.cbs_code)))


def statuses(
    figures: Iterable[tuple[str, str, date]], provinces: list[str] | None = None
) -> dict[date, PeildatumStatus]:
    """Per peildatum in ``figures`` ((province, sector, peildatum) of the usable figures)."""
    names = province_names() if provinces is None else provinces
    per_day: dict[date, list[tuple[str, str]]] = {}
    for province, sector, day in figures:
        per_day.setdefault(day, []).append((province, sector))
    return {day: PeildatumStatus(day, completeness(pairs, names)) for day, pairs in per_day.items()}


def reference_peildatum(found: Mapping[date, PeildatumStatus]) -> date | None:
    """The latest complete peildatum; None when no peildatum is complete."""
    complete = [day for day, status in found.items() if status.complete]
    return max(complete) if complete else None


def incomplete_after(found: Mapping[date, PeildatumStatus], day: date | None) -> list[date]:
    """Incomplete peildata newer than ``day`` (all of them without a reference), newest first."""
    return sorted(
        (d for d, s in found.items() if not s.complete and (day is None or d > day)),
        reverse=True,
    )
