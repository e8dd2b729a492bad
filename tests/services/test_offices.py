"""The register of offices and rijksontmoetingspleinen: the shipped meeting places load
idempotently, BZK keeps the register (others with a case role read it, the administrator
not at all), edits are locked optimistically, and the import writes all rows or none."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from caseflow.domain.errors import Conflict, NotAllowed, ValidationFailed
from caseflow.domain.offices import Opening
from caseflow.extensions import db
from caseflow.models import Masterplan, Office, User
from caseflow.services.insight import regions
from caseflow.services.places import meeting_places, offices
from caseflow.services.places import office_import as importing
from tests.factories import case_in_state, province_id

Users = dict[str, User]


@pytest.fixture(autouse=True)
def _shipped(app: Flask, tmp_path: Path) -> None:
    app.config["FIGURE_IMPORTS_PATH"] = str(tmp_path / "imports")
    meeting_places.load_meeting_places()  # idempotent; emptied between PostgreSQL tests
    db.session.commit()


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Office)) or 0


def test_the_shipped_meeting_places_load_once_with_their_sources(users: Users) -> None:
    assert _count() == 12
    before = {o.id: o.version for o in db.session.scalars(select(Office))}
    assert meeting_places.load_meeting_places() == 0
    db.session.commit()
    assert {o.id: o.version for o in db.session.scalars(select(Office))} == before
    found = {o.place: o for o in offices.list_offices(users["adviseur"], None, True)}
    assert found["Zwolle"].meeting_status == "announced"
    assert found["Zwolle"].opening == Opening(2026)
    assert found["Assen"].opening == Opening(2023, 12)
    # Groningen: announced in the status overview (action 3), without an opening date.
    assert (found["Groningen"].meeting_status, found["Groningen"].opening) == ("announced", None)
    assert found["Middelburg"].opening == Opening(2025, 12, 1)
    assert found["Leiden"].meeting_status == "uncertain"
    assert all(o.source for o in found.values())


def test_a_reload_keeps_bzks_corrections(users: Users) -> None:
    zwolle = next(o for o in offices.list_offices(users["adviseur"]) if o.place == "Zwolle")
    values = offices.OfficeInput(
        place="Zwolle",
        province_id=zwolle.province_id,
        source="Nieuwsbericht gemeente Zwolle",
        meeting_place=True,
        meeting_status="open",
        opening=Opening(2026, 3),
    )
    offices.update_office(users["adviseur"], zwolle.id, zwolle.version, values)
    meeting_places.load_meeting_places()
    db.session.commit()
    again = offices.get_office(users["adviseur"], zwolle.id)
    assert (again.meeting_status, again.opening) == ("open", Opening(2026, 3))


def test_filter_by_province_and_meeting_places(users: Users) -> None:
    brabant = province_id("Noord-Brabant")
    offices.add_office(
        users["adviseur"],
        offices.OfficeInput(place="Tilburg", province_id=brabant, source="test", workplaces=10),
    )
    listed = offices.list_offices(users["ministerie"], brabant)
    assert [o.place for o in listed] == ["'s-Hertogenbosch", "Eindhoven", "Tilburg"]
    only = offices.list_offices(users["ministerie"], brabant, only_meeting_places=True)
    assert [o.place for o in only] == ["'s-Hertogenbosch", "Eindhoven"]


def test_who_reads_and_who_keeps_the_register(users: Users) -> None:
    for role in ("ministerie", "secretariaat", "adviseur", "coordinator"):
        assert offices.list_offices(users[role])
    with pytest.raises(NotAllowed):
        offices.list_offices(users["beheerder"])
    values = offices.OfficeInput(place="Zwolle", province_id=province_id("Overijssel"), source="x")
    for role in ("ministerie", "secretariaat", "beheerder"):
        with pytest.raises(NotAllowed):
            offices.add_office(users[role], values)
    assert offices.add_office(users["coordinator"], values).place == "Zwolle"


def test_free_capacity_and_checks(users: Users) -> None:
    overijssel = province_id("Overijssel")
    plan = db.session.scalars(
        select(Masterplan).where(Masterplan.name == "Masterplan Overijssel")
    ).one()
    saved = offices.add_office(
        users["adviseur"],
        offices.OfficeInput(
            place="Zwolle",
            province_id=overijssel,
            source="Rijksvastgoedbedrijf, 2026",
            name="Rijkskantoor Zwolle",
            workplaces=400,
            occupied=280,
            masterplan_id=plan.id,
            project="Rijkskantoor Zwolle",
        ),
    )
    assert (saved.free, saved.masterplan) == (120, "Masterplan Overijssel")
    bad = offices.OfficeInput(
        place=" ",
        province_id=overijssel,
        source="",
        workplaces=10,
        occupied=11,
        masterplan_id=999_999,
        meeting_place=True,
        meeting_status="closed",
    )
    with pytest.raises(ValidationFailed) as refused:
        offices.add_office(users["adviseur"], bad)
    assert set(refused.value.fields) == {
        "place",
        "source",
        "occupied",
        "masterplan_id",
        "meeting_status",
    }


def test_a_stale_edit_is_a_conflict_never_an_overwrite(users: Users) -> None:
    zwolle = next(o for o in offices.list_offices(users["adviseur"]) if o.place == "Zwolle")
    values = offices.OfficeInput(
        place="Zwolle",
        province_id=zwolle.province_id,
        source=zwolle.source,
        workplaces=200,
        occupied=80,
        meeting_place=True,
        meeting_status="announced",
        opening=Opening(2026, 9),
    )
    saved = offices.update_office(users["adviseur"], zwolle.id, zwolle.version, values)
    assert (saved.free, saved.opening, saved.version) == (120, Opening(2026, 9), zwolle.version + 1)
    with pytest.raises(Conflict):
        offices.update_office(users["coordinator"], zwolle.id, zwolle.version, values)
    assert offices.get_office(users["adviseur"], zwolle.id).version == saved.version


CSV = (
    "plaats;provincie;naam;werkplekken;bezet;masterplan;rijksontmoetingsplein;status;opening;bron\n"
    "Zwolle;Overijssel;Rijkskantoor Zwolle;400;280;Overijssel;nee;;;RVB 2026\n"
    "Zwolle;Overijssel;;;;;ja;aangekondigd;2026;Bijlage 2\n"
    "Leeuwarden;Friesland;Rijkskantoor Leeuwarden;150;150;;nee;;;RVB 2026\n"
)


def test_the_import_previews_then_writes_every_row(users: Users) -> None:
    parsed = importing.parse_upload("kantoren.csv", CSV.encode())
    assert parsed.ok, parsed.errors
    # The second row is the shipped meeting place of Zwolle (same place, no name): updated.
    assert (len(parsed.rows), parsed.new_count) == (3, 2)
    assert _count() == 12  # the preview writes nothing
    token = importing.store_upload(users["adviseur"], "kantoren.csv", CSV.encode())
    importing.import_offices(users["adviseur"], token)
    assert _count() == 14
    zwolle = [o for o in offices.list_offices(users["adviseur"]) if o.place == "Zwolle"]
    assert sorted((o.name, o.free, o.source) for o in zwolle) == [
        ("", None, "Bijlage 2"),
        ("Rijkskantoor Zwolle", 120, "RVB 2026"),
    ]
    with pytest.raises(Exception, match="bestaat niet"):
        importing.import_offices(users["adviseur"], token)  # used up


BAD = (
    "plaats;provincie;werkplekken;bezet;rijksontmoetingsplein;status;opening;bron\n"
    "Zwolle;Overijssel;400;280;nee;;;RVB\n"
    ";Overijssel;10;;nee;;;RVB\n"
    "Assen;Atlantis;10;;nee;;;RVB\n"
    "Assen;Drenthe;tien;;nee;;;RVB\n"
    "Assen;Drenthe;10;20;nee;;;RVB\n"
    "Assen;Drenthe;10;;misschien;;;RVB\n"
    "Assen;Drenthe;10;;ja;gesloten;;RVB\n"
    "Assen;Drenthe;10;;ja;open;2026-02-30;RVB\n"
    "Assen;Drenthe;10;;nee;open;;RVB\n"
    "Assen;Drenthe;10;;nee;;;\n"
    "Zwolle;Overijssel;400;280;nee;;;RVB\n"
)


def test_bad_rows_are_refused_with_their_line_and_nothing_is_written(users: Users) -> None:
    parsed = importing.parse_upload("kantoren.csv", BAD.encode())
    assert not parsed.ok
    lines = {line for line, _message in parsed.errors}
    assert lines == set(range(3, 13))
    text = " ".join(message for _line, message in parsed.errors)
    for expected in (
        "Plaats: Vul de plaats in.",
        "Onbekende provincie: 'Atlantis'.",
        "Werkplekken: 'tien' is geen aantal",
        "Bezet: Er kunnen niet meer werkplekken bezet zijn dan er zijn.",
        "'misschien' is geen ja of nee",
        "Onbekende status: 'gesloten'",
        "Ongeldige openingsdatum: '2026-02-30'",
        "Status en opening horen bij een rijksontmoetingsplein",
        "Bron: Vul de bron in",
        "Dubbele regel: dit kantoor staat ook op regel 2.",
    ):
        assert expected in text, expected
    token = importing.store_upload(users["adviseur"], "kantoren.csv", BAD.encode())
    with pytest.raises(ValidationFailed):
        importing.import_offices(users["adviseur"], token)
    assert _count() == 12


def test_missing_columns_and_only_bzk_imports(users: Users) -> None:
    parsed = importing.parse_upload("k.csv", b"plaats;naam\nZwolle;x\n")
    assert parsed.errors == [
        (0, "Kolommen ontbreken: provincie, bron. Verwacht minstens: plaats;provincie;bron.")
    ]
    with pytest.raises(NotAllowed):
        importing.store_upload(users["ministerie"], "k.csv", CSV.encode())


def test_the_region_matching_names_the_room_in_zwolle(users: Users) -> None:
    overijssel = province_id("Overijssel")
    for name, workplaces, occupied in (("Rijkskantoor", 300, 220), ("Belastingkantoor", 100, 60)):
        offices.add_office(
            users["adviseur"],
            offices.OfficeInput(
                place="Zwolle",
                province_id=overijssel,
                source="RVB 2026",
                name=name,
                workplaces=workplaces,
                occupied=occupied,
            ),
        )
    # Enschede: full, no meeting place: nothing to say about it.
    offices.add_office(
        users["adviseur"],
        offices.OfficeInput(
            place="Enschede", province_id=overijssel, source="RVB", workplaces=50, occupied=50
        ),
    )
    profile = regions.create_profile(
        users["adviseur"],
        regions.ProfileData(
            name="Regio Zwolle",
            provinces=["Overijssel"],
            municipalities=["Zwolle", "Kampen"],
            core_qualities=["Logistiek knooppunt"],
            themes=["migratie"],
            sectors=["asiel"],
        ),
    )
    case = case_in_state(users, "omvangswijziging", motivation="Groei door migratie en asiel.")
    found = regions.matches_for_case(users["adviseur"], case)
    zwolle = next(m for m in found if m.profile_id == profile.id)
    # 80 + 40 free workplaces over two offices, and the announced meeting place.
    room = (
        "Huisvesting: ruimte voor 120 werkplekken in Zwolle, rijksontmoetingsplein opent in 2026."
    )
    assert zwolle.reasons[-1] == room
    assert not any("Enschede" in r for r in zwolle.reasons)
    prefill = regions.advice_prefill(users["adviseur"], case, profile.id)
    assert room in prefill["tekst"]
