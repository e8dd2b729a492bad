"""Spreading insight services: totals, case impact, cumulative effect, split changes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from caseflow.domain.errors import NotAllowed
from caseflow.extensions import db
from caseflow.models import Case, User
from caseflow.models.region import EmploymentFigure
from caseflow.services.insight import spreading
from tests.factories import case_in_state, organisation_id, province_id

PEILDATUM = date(2025, 1, 1)


OTHER_PROVINCES = (
    "Groningen",
    "Fryslân",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
)


def add_figures(illustrative_drenthe: bool = True) -> None:
    """A complete 2025 (every province, both sectors given): ZH 6000 (two sectors; its
    Totaal row is ignored), NH 2000, UT 1000, DR 1000, the eight others 0: national total
    10.000 fte, Randstad 90%. An older, incomplete year (Zuid-Holland only)."""
    rows = [
        ("Zuid-Holland", "Ministeries", 4000, False),
        ("Zuid-Holland", "Rechtspraak", 2000, False),
        ("Zuid-Holland", "Totaal", 6000, False),
        ("Noord-Holland", "Ministeries", 2000, False),
        ("Noord-Holland", "Rechtspraak", 0, False),
        ("Utrecht", "Ministeries", 1000, False),
        ("Utrecht", "Rechtspraak", 0, False),
        ("Drenthe", "Ministeries", 1000, illustrative_drenthe),
        ("Drenthe", "Rechtspraak", 0, illustrative_drenthe),
    ]
    rows += [
        (name, sector, 0, False)
        for name in OTHER_PROVINCES
        for sector in ("Ministeries", "Rechtspraak")
    ]
    for name, sector, fte, illustrative in rows:
        db.session.add(
            EmploymentFigure(
                province_id=province_id(name),
                sector=sector,
                peildatum=PEILDATUM,
                fte=fte,
                source="Jaarbrief rijkswerkgelegenheid 2025" if not illustrative else "",
                illustrative=illustrative,
            )
        )
    db.session.add(
        EmploymentFigure(
            province_id=province_id("Zuid-Holland"),
            sector="Ministeries",
            peildatum=date(2024, 1, 1),
            fte=1000,
            source="Jaarbrief 2024",
        )
    )
    db.session.commit()


def relocation(users: dict[str, User], state: str | None = None) -> Case:
    return case_in_state(
        users,
        "omvangswijziging",
        state,
        title="Verhuizing naar Assen",
        change_kind="verplaatsing_geheel",
        fte_current=400,
        fte_change=100,
        current_province_id=province_id("Zuid-Holland"),
        current_place="Den Haag",
        proposed_province_id=province_id("Drenthe"),
        proposed_place="Assen",
    )


def test_dashboard_totals_exclude_totaal_rows_when_sectors_exist(users: dict[str, User]) -> None:
    add_figures()
    data = spreading.dashboard(users["coordinator"])
    by_name = {r.province: r for r in data.rows}
    assert data.peildatum == PEILDATUM
    assert by_name["Zuid-Holland"].fte == 6000
    assert by_name["Drenthe"].fte == 1000 and by_name["Drenthe"].illustrative
    assert data.total_fte == 10000
    assert data.randstad_share == pytest.approx(0.9)
    assert by_name["Zuid-Holland"].bin == "> 20%"
    assert by_name["Drenthe"].bin == "10–15%"
    assert data.illustrative
    # 2024 has Zuid-Holland only: listed as incomplete, not in the trend, not offered.
    assert [t.peildatum.year for t in data.trend] == [2025]
    assert data.peildata == [PEILDATUM] and data.reference == PEILDATUM
    assert [i.peildatum for i in data.incomplete] == [date(2024, 1, 1)]
    assert "geen cijfers voor 11 van de provincies" in data.incomplete[0].missing
    sectors = {s.sector: s.fte for s in data.sector_rows}
    assert sectors == {"Ministeries": 8000, "Rechtspraak": 2000}  # ZH 4000 + NH + UT + DR
    assert "Jaarbrief 2024" not in data.sources
    assert spreading.dashboard(users["coordinator"], date(2024, 1, 1)).peildatum == PEILDATUM
    filtered = spreading.dashboard(users["coordinator"], sector="Rechtspraak")
    assert [(r.province, r.fte) for r in filtered.rows if r.fte] == [("Zuid-Holland", 2000)]
    assert len(filtered.rows) == 12


def test_dashboard_without_figures_and_for_the_administrator(users: dict[str, User]) -> None:
    data = spreading.dashboard(users["adviseur"])
    assert data.peildata == [] and data.rows == []
    with pytest.raises(NotAllowed):
        spreading.dashboard(users["beheerder"])


def test_case_impact_of_a_relocation_from_zuid_holland_to_drenthe(
    users: dict[str, User],
) -> None:
    add_figures()
    result = spreading.case_impact(relocation(users))
    assert result is not None and result.illustrative
    rows = {p.province: p for p in result.impact.provinces}
    # 400 fte move ZH -> DR and the growth of 100 lands in Drenthe: total 10.100.
    assert rows["Zuid-Holland"].before_fte == 6000 and rows["Zuid-Holland"].after_fte == 5600
    assert rows["Drenthe"].before_fte == 1000 and rows["Drenthe"].after_fte == 1500
    assert rows["Zuid-Holland"].before_share == pytest.approx(0.6)
    assert rows["Zuid-Holland"].after_share == pytest.approx(5600 / 10100)
    assert rows["Drenthe"].after_share == pytest.approx(1500 / 10100)
    assert result.impact.randstad_before == pytest.approx(0.9)
    assert result.impact.randstad_after == pytest.approx(8600 / 10100)


def test_no_case_impact_without_figures(users: dict[str, User]) -> None:
    assert spreading.case_impact(relocation(users)) is None


def test_cumulative_effect_respects_ministry_visibility(users: dict[str, User]) -> None:
    add_figures(illustrative_drenthe=False)
    case = relocation(users, "afgerond")  # JenV; agreed province Limburg (factory)
    year = case.closed_at.year if case.closed_at else 0
    jenv = spreading.cumulative_effect_for(users["ministerie"], year)
    assert jenv.case_count == 1 and jenv.impact is not None
    assert {p.province for p in jenv.impact.provinces} == {"Limburg", "Zuid-Holland"}
    ocw = spreading.cumulative_effect_for(users["ministerie_ocw"], year)
    assert ocw.case_count == 0 and ocw.impact is None
    assert spreading.cumulative_effect_for(users["coordinator"], year - 1).case_count == 0


def split_pair(users: dict[str, User]) -> tuple[Case, Case]:
    first = case_in_state(users, "omvangswijziging", title="Eerste groei", fte_change=60)
    second = case_in_state(users, "omvangswijziging", title="Tweede groei", fte_change=60)
    return first, second


def test_split_changes_flag_two_small_growths_within_a_year(users: dict[str, User]) -> None:
    first, second = split_pair(users)
    case_in_state(
        users,
        "omvangswijziging",
        title="Los",
        fte_change=30,
        organisation_id=organisation_id("COA"),
    )
    flags = spreading.split_change_list(users["coordinator"])
    assert len(flags) == 1
    assert flags[0].total_fte == 120
    assert [c.id for c in flags[0].cases] == [first.id, second.id]
    assert flags[0].organisation == "Immigratie- en Naturalisatiedienst"
    assert [f.total_fte for f in spreading.split_flags_for_case(users["ministerie"], first)] == [
        120
    ]
    with pytest.raises(NotAllowed):
        spreading.split_change_list(users["ministerie"])
    with pytest.raises(NotAllowed):
        spreading.split_change_list(users["secretariaat"])


def test_split_changes_only_among_visible_cases(users: dict[str, User]) -> None:
    split_pair(users)
    ocw_case = case_in_state(
        users,
        "omvangswijziging",
        owner=users["ministerie_ocw"],
        title="Groei DUO",
        fte_change=60,
        organisation_id=organisation_id("DUO"),
    )
    assert spreading._split_flags(users["ministerie_ocw"]) == []
    assert spreading.split_flags_for_case(users["ministerie_ocw"], ocw_case) == []
    assert len(spreading._split_flags(users["adviseur"])) == 1


def test_a_newer_incomplete_year_is_skipped_by_every_computation(users: dict[str, User]) -> None:
    """2026 with Utrecht alone would make Utrecht the whole country; 2025 stays in use."""
    add_figures(illustrative_drenthe=False)
    db.session.add(
        EmploymentFigure(
            province_id=province_id("Utrecht"),
            sector="Ministeries",
            peildatum=date(2026, 1, 1),
            fte=5000,
        )
    )
    db.session.commit()
    growth = case_in_state(
        users,
        "omvangswijziging",
        fte_change=100,
        current_province_id=province_id("Utrecht"),
        current_place="Utrecht",
    )
    result = spreading.case_impact(growth)
    assert result is not None and result.peildatum == PEILDATUM
    assert result.skipped == (date(2026, 1, 1),)
    [utrecht] = [p for p in result.impact.provinces if p.province == "Utrecht"]
    assert (utrecht.before_fte, utrecht.after_fte) == (1000, 1100)  # not 5000 -> 5100
    effect = spreading.cumulative_effect_for(users["coordinator"], 2026)
    assert effect.peildatum == PEILDATUM and effect.skipped == (date(2026, 1, 1),)
    data = spreading.dashboard(users["coordinator"])
    assert data.peildatum == PEILDATUM and data.total_fte == 10000
    assert [i.peildatum for i in data.incomplete] == [date(2026, 1, 1), date(2024, 1, 1)]


def test_a_cases_split_change_chain_is_found_however_far_it_reaches(
    users: dict[str, User],
) -> None:
    # +60 on days 0, 300 and 600: [0, 300] and [300, 600] each reach 120 and share the change
    # of day 300, so the three make one chain of +180 over 600 days. The case page reads the
    # organisation's changes around the case, widening until the chain lies well inside; a
    # change of 150 (above the threshold) and one three years on stay out.
    start = datetime(2023, 1, 10, 9)
    made = []
    for days, fte in ((0, 60), (300, 60), (600, 60), (450, 150), (1700, 60)):
        case = case_in_state(users, "omvangswijziging", title=f"Dag {days}", fte_change=fte)
        case.created_at = start + timedelta(days=days)
        made.append(case)
    db.session.commit()
    whole = spreading.split_change_list(users["coordinator"])
    assert [(f.total_fte, [c.id for c in f.cases]) for f in whole] == [
        (180, [made[0].id, made[1].id, made[2].id])
    ]
    for case in made[:3]:
        (flag,) = spreading.split_flags_for_case(users["ministerie"], case)
        assert (flag.total_fte, flag.first, flag.last) == (
            180,
            date(2023, 1, 10),
            date(2024, 9, 1),
        )
    assert spreading.split_flags_for_case(users["ministerie"], made[4]) == []
