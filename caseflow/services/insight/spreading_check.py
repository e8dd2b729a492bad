"""The spreidingstoets for a stored case, with the Randstad and thresholds from settings."""

from __future__ import annotations

from flask import current_app

from caseflow.domain.spreading import (
    SpreadingCheck,
    SpreadingInput,
    SpreadingSettings,
    check_spreading,
)
from caseflow.models import Case
from caseflow.services.cases.change_facts import kind_of


def settings() -> SpreadingSettings:
    config = current_app.config
    return SpreadingSettings(
        randstad_provinces=frozenset(config["RANDSTAD_PROVINCES"]),
        threshold_fte=int(config["THRESHOLD_FTE"]),
        report_border_move_fte=int(config["REPORT_BORDER_MOVE_FTE"]),
    )


def measures_of(case: Case) -> tuple[str, ...]:
    """The labour-market measures the case records, as the letter words them."""
    found = []
    if case.labour_market_hybrid:
        found.append("in eerste instantie hybride werken")
    if case.labour_market_students:
        found.append("werven onder studenten in de regio")
    other = (case.labour_market_other_measure or "").strip()
    if other:
        found.append(other)
    return tuple(found)


def check_case(case: Case) -> SpreadingCheck:
    organisation = case.organisation
    places = (case.current_province, case.proposed_province, case.second_province)
    names = {p.id: p.name for p in places if p is not None}
    return check_spreading(
        SpreadingInput(
            case_type=case.case_type,
            fte_current=case.fte_current,
            fte_change=case.fte_change,
            current_province=case.current_province.name if case.current_province else None,
            proposed_province=case.proposed_province.name if case.proposed_province else None,
            organisation_kind=organisation.kind if organisation else None,
            limited_by_primary_process=bool(
                organisation and organisation.limited_by_primary_process
            ),
            motivation=case.motivation,
            change_kind=kind_of(case, names),
            fte_moved=case.fte_moved,
            second_province=names.get(case.second_province_id or 0),
            second_fte=case.second_fte,
            labour_market_scan=case.labour_market_scan or "",
            labour_market_measures=measures_of(case),
        ),
        settings(),
    )
