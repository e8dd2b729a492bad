"""A stored case as the impact model reads it (``domain.impact.ChangeFacts``): its stated
kind of change, fte and the proposed location(s). Shared by the spreading insight and the
side-by-side comparison of proposal, advice and decision."""

from __future__ import annotations

from sqlalchemy import select

import workflows
from caseflow.domain.impact import ChangeFacts, Move, default_kind, moves_for
from caseflow.domain.place_of_work import STANDPLAATS, PlaceOfWork, counted
from caseflow.extensions import db
from caseflow.models import Case, Province


def province_names() -> dict[int, str]:
    return {row.id: row.name for row in db.session.execute(select(Province.id, Province.name))}


def _name(names: dict[int, str], province_id: int | None) -> str | None:
    return names.get(province_id) if province_id is not None else None


def kind_of(case: Case, names: dict[int, str]) -> str:
    """The stated kind; a case without one (a masterplan that left it open) is read as
    ``default_kind`` says, the same rule the migration applied to older cases."""
    if case.case_type == "nieuwe_dienst":
        return "nieuwe_vestiging"
    return case.change_kind or default_kind(
        case.case_type,
        case.fte_change,
        _name(names, case.current_province_id),
        _name(names, case.proposed_province_id),
    )


def facts_of(case: Case, names: dict[int, str]) -> ChangeFacts:
    return ChangeFacts(
        kind=kind_of(case, names),
        fte_current=case.fte_current,
        fte_change=case.fte_change,
        current=_name(names, case.current_province_id),
        proposed=_name(names, case.proposed_province_id),
        fte_moved=case.fte_moved,
        second=_name(names, case.second_province_id),
        second_fte=case.second_fte,
    )


def case_moves(case: Case, names: dict[int, str], where_id: int | None = None) -> list[Move]:
    """The moves of the case at its proposed location(s), or at province ``where_id`` (an
    advised, agreed or decided location). A zbo talk causes none."""
    if not spreading_applies(case):
        return []
    return moves_for(facts_of(case, names), _name(names, where_id))


def place_of_work(case: Case, names: dict[int, str]) -> PlaceOfWork | None:
    """Where part of the case's fte will mostly work instead of at the standplaats."""
    if case.work_province_id is None or not case.work_fte:
        return None
    return PlaceOfWork(_name(names, case.work_province_id), case.work_fte)


def counted_moves(
    case: Case, names: dict[int, str], where_id: int | None = None, basis: str = STANDPLAATS
) -> list[Move]:
    """``case_moves`` counted per standplaats (``basis`` STANDPLAATS, as the yearly letter
    counts) or per plaats van tewerkstelling (``domain.place_of_work.counted``)."""
    return counted(case_moves(case, names, where_id), place_of_work(case, names), basis)


def spreading_applies(case: Case) -> bool:
    """Whether the case moves fte between provinces (its definition's ``spreading_check``):
    its impact, the spreading check and the matching regions apply; a zbo talk has none."""
    return workflows.definition(case.case_type, case.workflow_version).spreading_check
