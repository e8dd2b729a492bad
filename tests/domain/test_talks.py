"""The yearly overview of talks per province, computed by hand."""

from __future__ import annotations

from datetime import date

from caseflow.domain.talks import TalkMark, is_overdue, yearly_overview

PROVINCES = ["Groningen", "Overijssel", "Zeeland"]


def test_a_province_without_talks_is_a_gap_with_nothing_met() -> None:
    rows = yearly_overview(PROVINCES, [], 2026)
    assert [r.province for r in rows] == PROVINCES
    assert all(r.gap and r.dates == () and r.last_met == () for r in rows)


def test_the_provincial_executive_fills_the_gap_a_mayor_alone_does_not() -> None:
    talks = [
        TalkMark("Overijssel", date(2026, 3, 2), ("gedeputeerde", "wethouder")),
        TalkMark("Overijssel", date(2026, 9, 14), ("gedeputeerde",)),
        TalkMark("Zeeland", date(2026, 5, 1), ("burgemeester",)),
        TalkMark("Groningen", date(2026, 1, 20), ("commissaris_van_de_koning",)),
    ]
    groningen, overijssel, zeeland = yearly_overview(PROVINCES, talks, 2026)
    assert not groningen.gap
    assert groningen.last_met == (("commissaris_van_de_koning", date(2026, 1, 20)),)
    assert not overijssel.gap
    assert overijssel.dates == (date(2026, 3, 2), date(2026, 9, 14))
    # The latest talk with each function, in the order of FUNCTIONS (gedeputeerde first).
    assert overijssel.last_met == (
        ("gedeputeerde", date(2026, 9, 14)),
        ("wethouder", date(2026, 3, 2)),
    )
    assert overijssel.functions == ("gedeputeerde", "wethouder")
    assert zeeland.gap
    assert zeeland.functions == ("burgemeester",)


def test_other_years_and_unknown_provinces_are_left_out() -> None:
    talks = [
        TalkMark("Zeeland", date(2025, 12, 31), ("gedeputeerde",)),
        TalkMark("Zeeland", date(2027, 1, 1), ("gedeputeerde",)),
        TalkMark("Atlantis", date(2026, 6, 1), ("gedeputeerde",)),
    ]
    rows = yearly_overview(PROVINCES, talks, 2026)
    assert len(rows) == 3
    assert all(r.gap and not r.dates for r in rows)


def test_two_talks_on_one_day_count_as_one_date() -> None:
    talks = [
        TalkMark("Zeeland", date(2026, 4, 1), ("wethouder",)),
        TalkMark("Zeeland", date(2026, 4, 1), ("commissaris_van_de_koning",)),
    ]
    zeeland = yearly_overview(["Zeeland"], talks, 2026)[0]
    assert zeeland.dates == (date(2026, 4, 1),)
    assert not zeeland.gap


def test_a_follow_up_is_overdue_after_its_due_date_until_it_is_done() -> None:
    today = date(2026, 12, 7)
    assert not is_overdue(date(2026, 12, 7), None, today)
    assert is_overdue(date(2026, 12, 6), None, today)
    assert not is_overdue(date(2026, 12, 6), date(2026, 12, 7), today)
