"""Free capacity, openings and the "ruimte voor" line, computed by hand."""

from __future__ import annotations

import pytest

from caseflow.domain.offices import (
    Opening,
    PlaceRoom,
    free_workplaces,
    meeting_place_text,
    parse_opening,
    place_room,
    room_text,
)


def test_free_workplaces() -> None:
    assert free_workplaces(400, 280) == 120
    assert free_workplaces(100, 100) == 0
    # Over-full (imported before the check, or counted differently): no negative room.
    assert free_workplaces(100, 130) == 0
    assert free_workplaces(None, 10) is None
    assert free_workplaces(100, None) is None


def test_openings_to_the_year_month_or_day() -> None:
    assert parse_opening("2026") == Opening(2026)
    assert parse_opening(" 2023-12 ") == Opening(2023, 12)
    assert parse_opening("2025-12-01") == Opening(2025, 12, 1)
    assert parse_opening("") is None
    assert Opening(2026).text == "2026"
    assert Opening(2023, 12).text == "december 2023"
    assert Opening(2025, 12, 1).text == "1 december 2025"
    assert Opening(2023, 3).iso == "2023-03"
    assert Opening(2025, 12, 1).iso == "2025-12-01"


@pytest.mark.parametrize("text", ["26", "2026-13", "2026-02-30", "morgen", "2026/01", "0001"])
def test_bad_openings_are_refused_in_dutch(text: str) -> None:
    with pytest.raises(ValueError, match="Ongeldige openingsdatum"):
        parse_opening(text)


def test_a_day_needs_a_month() -> None:
    with pytest.raises(ValueError):
        Opening(2026, None, 5)


def test_meeting_place_texts() -> None:
    assert meeting_place_text("announced", Opening(2026)) == "rijksontmoetingsplein opent in 2026"
    assert (
        meeting_place_text("open", Opening(2023, 12))
        == "rijksontmoetingsplein open sinds december 2023"
    )
    assert meeting_place_text("open", None) == "rijksontmoetingsplein open"
    assert meeting_place_text("announced", None) == "rijksontmoetingsplein aangekondigd"
    assert meeting_place_text("uncertain", Opening(2024)) == "rijksontmoetingsplein onzeker"


def test_room_in_zwolle_as_the_issue_words_it() -> None:
    # Two offices: 300 workplaces with 220 in use (80 free) and 100 with 60 in use (40 free);
    # a third whose occupancy is unknown adds nothing. 80 + 40 = 120.
    room = place_room("Zwolle", [(300, 220), (100, 60), (50, None)], ("announced", Opening(2026)))
    assert room == PlaceRoom("Zwolle", 120, "announced", Opening(2026))
    assert room_text(room) == (
        "ruimte voor 120 werkplekken in Zwolle, rijksontmoetingsplein opent in 2026"
    )


def test_room_texts_with_parts_unknown() -> None:
    assert room_text(place_room("Assen", [(1, 0)], None)) == "ruimte voor 1 werkplek in Assen"
    assert room_text(place_room("Assen", [(10, 10)], None)) == "geen vrije werkplekken in Assen"
    only_meeting = place_room("Arnhem", [], ("announced", Opening(2026)))
    assert only_meeting.free is None
    assert room_text(only_meeting) == "Arnhem, rijksontmoetingsplein opent in 2026"
    assert room_text(place_room("Leiden", [(None, None)], None)) == ""
