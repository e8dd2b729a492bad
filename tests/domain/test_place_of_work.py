"""Standplaats and place of work: a case's fte counted where they will mostly work.

Hand-computed example (issue #12, item 8): a growth of 150 fte in Zwolle (Overijssel), of
which 60 are expected to work mostly in Groningen. Per standplaats: Overijssel +150. Per
place of work: Overijssel +90, Groningen +60.
"""

from __future__ import annotations

import pytest

from caseflow.domain.impact import ChangeFacts, Move, impact, moves_for
from caseflow.domain.place_of_work import (
    PLACE_OF_WORK,
    STANDPLAATS,
    PlaceOfWork,
    counted,
    net_change,
    parse_basis,
    place_of_work_problems,
)

RANDSTAD = frozenset({"Noord-Holland", "Zuid-Holland", "Utrecht"})
ZWOLLE_GROWTH = ChangeFacts("groei", 400, 150, "Overijssel", "Overijssel")
GRONINGEN_60 = PlaceOfWork("Groningen", 60)


def test_the_issue_example_per_standplaats_and_per_place_of_work() -> None:
    moves = moves_for(ZWOLLE_GROWTH)
    assert net_change(counted(moves, GRONINGEN_60, STANDPLAATS)) == {"Overijssel": 150}
    per_work = counted(moves, GRONINGEN_60, PLACE_OF_WORK)
    assert per_work == [Move(None, "Overijssel", 90), Move(None, "Groningen", 60)]
    assert net_change(per_work) == {"Overijssel": 90, "Groningen": 60}


def test_the_example_on_the_figures_moves_the_share() -> None:
    # Overijssel 1.000, Groningen 1.000, Utrecht 2.000 (total 4.000) before.
    figures = {"Overijssel": 1000.0, "Groningen": 1000.0, "Utrecht": 2000.0}
    moves = counted(moves_for(ZWOLLE_GROWTH), GRONINGEN_60, PLACE_OF_WORK)
    result = impact(figures, moves, RANDSTAD)
    after = {p.province: p.after_fte for p in result.provinces}
    assert after == {"Groningen": 1060.0, "Overijssel": 1090.0}
    assert result.total_after == 4150.0


def test_without_a_place_of_work_both_counts_are_the_same() -> None:
    moves = moves_for(ZWOLLE_GROWTH)
    assert counted(moves, None, PLACE_OF_WORK) == moves
    assert counted(moves, PlaceOfWork(None, None), PLACE_OF_WORK) == moves
    assert counted(moves, PlaceOfWork("Groningen", 0), PLACE_OF_WORK) == moves


def test_a_place_of_work_in_the_standplaats_province_changes_nothing() -> None:
    moves = moves_for(ZWOLLE_GROWTH)
    assert net_change(counted(moves, PlaceOfWork("Overijssel", 60), PLACE_OF_WORK)) == {
        "Overijssel": 150
    }


def test_more_work_fte_than_land_counts_only_what_lands() -> None:
    moves = moves_for(ZWOLLE_GROWTH)
    assert net_change(counted(moves, PlaceOfWork("Groningen", 500), PLACE_OF_WORK)) == {
        "Groningen": 150
    }


def test_shrinkage_leaves_where_those_fte_mostly_worked() -> None:
    # 120 fte less in Den Haag (Zuid-Holland); 50 of them worked mostly in Utrecht.
    moves = moves_for(ChangeFacts("krimp", 400, -120, "Zuid-Holland"))
    assert net_change(counted(moves, PlaceOfWork("Utrecht", 50), PLACE_OF_WORK)) == {
        "Zuid-Holland": -70,
        "Utrecht": -50,
    }


def test_a_relocation_counts_the_arrivals_at_the_place_of_work() -> None:
    # 100 fte move from Zuid-Holland to Drenthe; 40 keep working mostly in Zuid-Holland:
    # per place of work only 60 leave Zuid-Holland.
    facts = ChangeFacts("verplaatsing_deel", 400, 0, "Zuid-Holland", "Drenthe", 100)
    moves = counted(moves_for(facts), PlaceOfWork("Zuid-Holland", 40), PLACE_OF_WORK)
    assert net_change(moves) == {"Zuid-Holland": -60, "Drenthe": 60}


def test_the_first_location_gives_before_the_second() -> None:
    # 160 growth: 100 in Overijssel, 60 in Drenthe; 80 work mostly in Groningen.
    facts = ChangeFacts("groei", 400, 160, "Overijssel", "Overijssel", None, "Drenthe", 60)
    moves = counted(moves_for(facts), PlaceOfWork("Groningen", 80), PLACE_OF_WORK)
    assert net_change(moves) == {"Overijssel": 20, "Drenthe": 60, "Groningen": 80}


@pytest.mark.parametrize(
    ("province", "fte", "facts", "problems"),
    [
        ("Groningen", 60, ZWOLLE_GROWTH, {}),
        (None, None, ZWOLLE_GROWTH, {}),
        ("Groningen", 150, ZWOLLE_GROWTH, {}),
        (
            "Groningen",
            151,
            ZWOLLE_GROWTH,
            {"work_fte": "Hooguit 150 fte kunnen elders werken (de fte van de wijziging)."},
        ),
        (
            "Groningen",
            None,
            ZWOLLE_GROWTH,
            {"work_fte": "Vul in hoeveel fte vooral in deze provincie gaan werken."},
        ),
        (
            "Groningen",
            0,
            ZWOLLE_GROWTH,
            {"work_fte": "Vul in hoeveel fte vooral in deze provincie gaan werken."},
        ),
        (
            None,
            60,
            ZWOLLE_GROWTH,
            {"work_province_id": "Kies de provincie waar deze fte vooral gaan werken."},
        ),
        # Without a stated kind the fte concerned are unknown: only the pair is checked.
        ("Groningen", 999, ChangeFacts(""), {}),
    ],
)
def test_problems_of_a_place_of_work(
    province: str | None, fte: int | None, facts: ChangeFacts, problems: dict[str, str]
) -> None:
    assert place_of_work_problems(province is not None, fte, facts) == problems


def test_a_place_name_without_its_province_is_refused() -> None:
    assert place_of_work_problems(False, None, ZWOLLE_GROWTH, has_place=True) == {
        "work_province_id": "Kies de provincie waar deze fte vooral gaan werken."
    }
    assert place_of_work_problems(True, 60, ZWOLLE_GROWTH, has_place=True) == {}


@pytest.mark.parametrize(
    ("raw", "basis"),
    [
        (None, STANDPLAATS),
        ("", STANDPLAATS),
        ("standplaats", STANDPLAATS),
        ("tewerkstelling", PLACE_OF_WORK),
        ("<script>", STANDPLAATS),
    ],
)
def test_the_basis_defaults_to_standplaats(raw: str | None, basis: str) -> None:
    assert parse_basis(raw) == basis
