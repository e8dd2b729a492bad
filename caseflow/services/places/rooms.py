"""What the state's offices offer a region, for the region matching of a case: per place in
the region's provinces the free workplaces (summed over its offices) and its
rijksontmoetingsplein, as "Huisvesting: ruimte voor 120 werkplekken in Zwolle,
rijksontmoetingsplein opent in 2026." Places named among the region's municipalities come
first, then by free capacity. A place is shown only when it has something to say: a known
capacity or an open or announced meeting place (an uncertain one is no basis to advise)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select

from caseflow.domain.office_layer import layer_svg, path_centre
from caseflow.domain.offices import (
    MEETING_ANNOUNCED,
    MEETING_OPEN,
    PlaceRoom,
    place_room,
    room_text,
)
from caseflow.domain.province_map import load_map
from caseflow.extensions import db
from caseflow.models import Office, Province
from caseflow.services.places.offices import opening_of

# Lines per region at most: the match stays readable beside its other reasons.
MAX_LINES = 3
PREFIX = "Huisvesting: "


def _rooms(offices: list[Office]) -> list[PlaceRoom]:
    by_place: dict[str, list[Office]] = defaultdict(list)
    for office in offices:
        by_place[office.place].append(office)
    rooms = []
    for place, found in by_place.items():
        meeting = next(
            (
                (o.meeting_status, opening_of(o))
                for o in found
                if o.meeting_place and o.meeting_status in (MEETING_OPEN, MEETING_ANNOUNCED)
            ),
            None,
        )
        rooms.append(place_room(place, [(o.workplaces, o.occupied) for o in found], meeting))
    return rooms


def room_lines(provinces: Iterable[str], municipalities: Iterable[str] = ()) -> list[str]:
    """The housing lines of a region (its provinces and municipalities), as sentences."""
    names = list(provinces)
    if not names:
        return []
    query = (
        select(Office)
        .join(Province, Office.province_id == Province.id)
        .where(Province.name.in_(names))
    )
    local = {m.casefold() for m in municipalities}
    rooms = [r for r in _rooms(list(db.session.scalars(query))) if r.free or r.meeting_status]
    rooms.sort(key=lambda r: (r.place.casefold() not in local, -(r.free or 0), r.place))
    return [PREFIX + room_text(r) + "." for r in rooms[:MAX_LINES]]


def _province_places() -> dict[str, list[PlaceRoom]]:
    query = select(Office, Province.name).join(Province, Office.province_id == Province.id)
    by_province: dict[str, list[Office]] = defaultdict(list)
    for office, province in db.session.execute(query):
        by_province[province].append(office)
    return {name: _rooms(found) for name, found in by_province.items()}


def map_layer() -> str:
    """The offices layer of the province map (``domain.office_layer``): per province the
    number of open or announced meeting places, and each place's room in its title."""
    centres = {shape.name: path_centre(shape.path) for shape in load_map().provinces}
    counts: dict[str, int] = {}
    titles: dict[str, list[str]] = {}
    for province, rooms in _province_places().items():
        told = sorted((r for r in rooms if r.free or r.meeting_status), key=lambda r: r.place)
        counts[province] = sum(1 for r in told if r.meeting_status)
        titles[province] = [room_text(r) for r in told]
    return layer_svg(centres, counts, titles)
