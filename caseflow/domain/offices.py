"""The state's office locations and rijksontmoetingspleinen: free capacity, the opening of a
meeting place (to the year, the month or the day, as the sources give it) and the
"ruimte voor" line that matching shows. Pure: no Flask, no database.

The texts are Dutch: they are facts shown in matching lines and letters, like the other
matching texts (:mod:`caseflow.domain.matching`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from caseflow.domain.bounds import DATE_MAX, DATE_MIN

# Status of a rijksontmoetingsplein; "uncertain": a source lists it but a later one does not.
MEETING_OPEN = "open"
MEETING_ANNOUNCED = "announced"
MEETING_UNCERTAIN = "uncertain"
MEETING_STATUSES = (MEETING_OPEN, MEETING_ANNOUNCED, MEETING_UNCERTAIN)
MEETING_STATUS_LABELS = {
    MEETING_OPEN: "open",
    MEETING_ANNOUNCED: "aangekondigd",
    MEETING_UNCERTAIN: "onzeker",
}
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_OPENING = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
BAD_OPENING = "Ongeldige openingsdatum: '{text}' (gebruik JJJJ, JJJJ-MM of JJJJ-MM-DD)."


@dataclass(frozen=True)
class Opening:
    """When a meeting place opened or is to open, as precisely as known."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # Raises ValueError for a month or day that does not exist (2026-02-30).
        first = date(self.year, self.month or 1, self.day or 1)
        if not DATE_MIN <= first <= DATE_MAX:
            raise ValueError("outside the dates the application reasons about")

    @property
    def iso(self) -> str:
        """2026, 2023-12 or 2025-12-01: how the reference data and imports write it."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def text(self) -> str:
        """2026, december 2023 or 1 december 2025."""
        if self.month is None:
            return str(self.year)
        month = MONTHS[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"


def parse_opening(text: str) -> Opening | None:
    """The opening written as JJJJ, JJJJ-MM or JJJJ-MM-DD; None for an empty text.
    Raises ValueError (with the Dutch :data:`BAD_OPENING`) for anything else."""
    cleaned = text.strip()
    if not cleaned:
        return None
    found = _OPENING.match(cleaned)
    if found is None:
        raise ValueError(BAD_OPENING.format(text=cleaned[:40]))
    year, month, day = (int(part) if part else None for part in found.groups())
    assert year is not None  # the pattern requires it
    try:
        return Opening(year, month, day)
    except ValueError as exc:
        raise ValueError(BAD_OPENING.format(text=cleaned[:40])) from exc


def free_workplaces(workplaces: int | None, occupied: int | None) -> int | None:
    """Workplaces not in use; None when the workplaces or their occupancy are unknown (an
    unknown occupancy is no proof of room). An over-full office has no room (0), not a
    negative one."""
    if workplaces is None or occupied is None:
        return None
    return max(workplaces - occupied, 0)


def meeting_place_text(status: str, opening: Opening | None) -> str:
    """ "rijksontmoetingsplein open sinds december 2023", "... opent in 2026", "... onzeker"."""
    if status == MEETING_OPEN:
        return (
            f"rijksontmoetingsplein open sinds {opening.text}"
            if opening
            else ("rijksontmoetingsplein open")
        )
    if status == MEETING_ANNOUNCED:
        return (
            f"rijksontmoetingsplein opent in {opening.text}"
            if opening
            else ("rijksontmoetingsplein aangekondigd")
        )
    return "rijksontmoetingsplein onzeker"


@dataclass(frozen=True)
class PlaceRoom:
    """What one place offers: free workplaces over its offices, and its meeting place."""

    place: str
    free: int | None
    meeting_status: str | None = None
    opening: Opening | None = None


def room_text(room: PlaceRoom) -> str:
    """ "ruimte voor 120 werkplekken in Zwolle, rijksontmoetingsplein opent in 2026"."""
    parts = []
    if room.free == 0:
        parts.append(f"geen vrije werkplekken in {room.place}")
    elif room.free is not None:
        noun = "werkplek" if room.free == 1 else "werkplekken"
        parts.append(f"ruimte voor {room.free} {noun} in {room.place}")
    elif room.meeting_status is not None:
        parts.append(room.place)
    if room.meeting_status is not None:
        parts.append(meeting_place_text(room.meeting_status, room.opening))
    return ", ".join(parts)


def place_room(
    place: str,
    offices: list[tuple[int | None, int | None]],
    meeting: tuple[str, Opening | None] | None,
) -> PlaceRoom:
    """The room of a place from its offices' (workplaces, occupied): the sum of the known
    free capacities; None when no office's capacity is known."""
    known = [f for f in (free_workplaces(w, o) for w, o in offices) if f is not None]
    status, opening = meeting if meeting else (None, None)
    return PlaceRoom(place, sum(known) if known else None, status, opening)
