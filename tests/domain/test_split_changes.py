"""Tests voor de signalering van opgeknipte wijzigingen; verwachtingen met de hand."""

from datetime import date

import pytest

from caseflow.domain.split_changes import (
    Change,
    SplitFlag,
    find_split_changes,
    flags_for_case,
)


def ch(case_id: int, on: date, fte: int, org: int = 1) -> Change:
    return Change(case_id=case_id, organisation_id=org, on=on, fte_change=fte)


def test_two_growth_changes_within_ten_months_are_flagged() -> None:
    changes = [ch(2, date(2024, 11, 15), 60), ch(1, date(2024, 1, 15), 60)]
    assert find_split_changes(changes) == [
        SplitFlag(
            organisation_id=1,
            case_ids=(1, 2),
            total_fte=120,
            first=date(2024, 1, 15),
            last=date(2024, 11, 15),
            explanation=(
                "2 wijzigingen voor dezelfde organisatie (zaken 1 en 2), elk onder de drempel "
                "van 100 fte, tellen tussen 15 januari 2024 en 15 november 2024 samen op tot "
                "groei van 120 fte. Dat haalt de drempel: beoordeel ze als één opgeknipte "
                "wijziging."
            ),
        )
    ]


def test_thirteen_months_apart_is_not_flagged() -> None:
    assert find_split_changes([ch(1, date(2024, 1, 15), 60), ch(2, date(2025, 2, 15), 60)]) == []


def test_window_boundary_is_365_days_inclusive() -> None:
    # 2023-01-01 -> 2024-01-01 is 365 days; 2024-01-01 -> 2025-01-01 is 366 (leap year).
    inside = [ch(1, date(2023, 1, 1), 60), ch(2, date(2024, 1, 1), 60)]
    outside = [ch(1, date(2024, 1, 1), 60), ch(2, date(2025, 1, 1), 60)]
    assert len(find_split_changes(inside)) == 1
    assert find_split_changes(outside) == []


def test_growth_and_shrinkage_do_not_add_up() -> None:
    assert find_split_changes([ch(1, date(2024, 1, 1), 60), ch(2, date(2024, 3, 1), -50)]) == []


def test_shrinkages_are_flagged_with_negative_total() -> None:
    flags = find_split_changes([ch(1, date(2024, 1, 1), -60), ch(2, date(2024, 3, 1), -50)])
    assert [(f.case_ids, f.total_fte) for f in flags] == [((1, 2), -110)]
    assert "krimp van 110 fte" in flags[0].explanation


def test_change_at_or_above_threshold_is_not_part_of_a_split() -> None:
    assert find_split_changes([ch(1, date(2024, 1, 1), 120), ch(2, date(2024, 2, 1), 60)]) == []
    flags = find_split_changes(
        [ch(1, date(2024, 1, 1), 100), ch(2, date(2024, 2, 1), 60), ch(3, date(2024, 3, 1), 50)]
    )
    assert [(f.case_ids, f.total_fte) for f in flags] == [((2, 3), 110)]


def test_three_changes_of_forty_within_a_year_are_one_group() -> None:
    changes = [
        ch(1, date(2024, 2, 1), 40),
        ch(2, date(2024, 6, 1), 40),
        ch(3, date(2024, 12, 1), 40),
    ]
    flags = find_split_changes(changes)
    assert [(f.case_ids, f.total_fte, f.first, f.last) for f in flags] == [
        ((1, 2, 3), 120, date(2024, 2, 1), date(2024, 12, 1))
    ]
    assert "3 wijzigingen" in flags[0].explanation
    assert "(zaken 1, 2 en 3)" in flags[0].explanation


def test_below_threshold_together_is_not_flagged() -> None:
    assert find_split_changes([ch(1, date(2024, 1, 1), 40), ch(2, date(2024, 2, 1), 40)]) == []


def test_overlapping_windows_are_merged_into_one_chain() -> None:
    # Jan 2023 + Aug 2023 = 120 and Aug 2023 + Mar 2024 = 120; Jan 2023 -> Mar 2024 > 365 days.
    changes = [
        ch(1, date(2023, 1, 10), 60),
        ch(2, date(2023, 8, 10), 60),
        ch(3, date(2024, 3, 10), 60),
    ]
    flags = find_split_changes(changes)
    assert [(f.case_ids, f.total_fte) for f in flags] == [((1, 2, 3), 180)]
    assert "keten van overlappende perioden van 365 dagen" in flags[0].explanation


def test_disjoint_windows_give_separate_flags() -> None:
    changes = [
        ch(1, date(2022, 1, 1), 60),
        ch(2, date(2022, 6, 1), 60),
        ch(3, date(2024, 1, 1), 60),
        ch(4, date(2024, 6, 1), 60),
    ]
    flags = find_split_changes(changes)
    assert [f.case_ids for f in flags] == [(1, 2), (3, 4)]


def test_two_organisations_are_kept_apart() -> None:
    mixed = [ch(1, date(2024, 1, 1), 60, org=1), ch(2, date(2024, 2, 1), 60, org=2)]
    assert find_split_changes(mixed) == []
    both = [*mixed, ch(3, date(2024, 3, 1), 60, org=2), ch(4, date(2024, 4, 1), 60, org=1)]
    flags = find_split_changes(both)
    assert [(f.organisation_id, f.case_ids) for f in flags] == [(1, (1, 4)), (2, (2, 3))]


def test_zero_changes_are_ignored_and_custom_threshold() -> None:
    changes = [ch(1, date(2024, 1, 1), 0), ch(2, date(2024, 2, 1), 30), ch(3, date(2024, 3, 1), 25)]
    assert find_split_changes(changes) == []
    assert [f.case_ids for f in find_split_changes(changes, threshold=50)] == [(2, 3)]


def test_flags_for_case() -> None:
    changes = [
        ch(1, date(2024, 1, 1), 60),
        ch(2, date(2024, 2, 1), 60),
        ch(3, date(2024, 1, 1), 70, org=2),
        ch(4, date(2024, 5, 1), 70, org=2),
    ]
    flags = find_split_changes(changes)
    assert [f.case_ids for f in flags_for_case(4, flags)] == [(3, 4)]
    assert flags_for_case(99, flags) == []


def test_invalid_parameters() -> None:
    with pytest.raises(ValueError, match="drempel"):
        find_split_changes([], threshold=0)
    with pytest.raises(ValueError, match="venster"):
        find_split_changes([], window_days=-1)
