"""The masterplan pages' read side: counts in grouped queries, a ministry counts and sees
only the cases it holds, the administrator nothing."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import event

from caseflow.domain.errors import NotAllowed, NotFound
from caseflow.extensions import db
from caseflow.models import Office, User
from caseflow.services.places import masterplans
from tests.factories import case_in_state, masterplan_id, province_id

Users = dict[str, User]


def _limburg(lines: list[masterplans.MasterplanLine]) -> masterplans.MasterplanLine:
    return next(line for line in lines if line.name == "Masterplan Limburg")


def _office(place: str, meeting_place: bool) -> None:
    db.session.add(
        Office(
            place=place,
            province_id=province_id("Limburg"),
            masterplan_id=masterplan_id("Masterplan Limburg"),
            meeting_place=meeting_place,
            source="test",
        )
    )
    db.session.commit()


def test_thirteen_masterplans_with_period_and_status(app: Flask, users: Users) -> None:
    lines = masterplans.list_masterplans(users["adviseur"])
    assert len(lines) == 13
    assert {line.period for line in lines} == {"2024-2028"}
    assert {line.status for line in lines} == {"in uitvoering"}


def test_counts_follow_need_to_know(app: Flask, users: Users) -> None:
    # Two VtW cases and one other masterplan case of JenV; one VtW case of OCW.
    case_in_state(users, "masterplan")
    case_in_state(users, "masterplan")
    case_in_state(users, "masterplan", change_request=False)
    case_in_state(users, "masterplan", owner=users["ministerie_ocw"])
    _office("Maastricht", meeting_place=False)
    _office("Heerlen", meeting_place=True)
    bzk = _limburg(masterplans.list_masterplans(users["adviseur"]))
    assert (bzk.cases, bzk.change_requests, bzk.offices, bzk.meeting_places) == (4, 3, 2, 1)
    jenv = _limburg(masterplans.list_masterplans(users["ministerie"]))
    assert (jenv.cases, jenv.change_requests, jenv.offices, jenv.meeting_places) == (3, 2, 2, 1)
    page = masterplans.get_masterplan(users["ministerie_ocw"], bzk.id)
    assert len(page.change_requests) == 1 and page.other_cases == []
    assert {o.place for o in page.offices} == {"Maastricht", "Heerlen"}
    full = masterplans.get_masterplan(users["coordinator"], bzk.id)
    assert (len(full.change_requests), len(full.other_cases)) == (3, 1)


def test_administrator_and_unknown_masterplan(app: Flask, users: Users) -> None:
    with pytest.raises(NotAllowed):
        masterplans.list_masterplans(users["beheerder"])
    with pytest.raises(NotFound):
        masterplans.get_masterplan(users["adviseur"], 999_999)


def test_index_counts_in_a_fixed_number_of_queries(app: Flask, users: Users) -> None:
    # Four grouped counts and the masterplans themselves: no query per masterplan.
    case_in_state(users, "masterplan")
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        masterplans.list_masterplans(users["adviseur"])
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len([s for s in statements if "masterplan" in s.lower()]) == 5


def test_page_shows_at_most_the_cap(
    app: Flask, users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        case_in_state(users, "masterplan")
    monkeypatch.setattr(masterplans, "MAX_CASES", 2)
    page = masterplans.get_masterplan(users["adviseur"], masterplan_id())
    assert len(page.change_requests) == 2 and page.line.cases == 3
