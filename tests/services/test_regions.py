"""Development profiles: who may change them, validation, demo profiles, and matching a
case (needs derived from the case, top regions, advice prefill)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from caseflow.domain.errors import NotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.models import Province, User
from caseflow.services.insight import regions
from tests.factories import case_in_state, province_id

Users = dict[str, User]


def _data(**changes: object) -> regions.ProfileData:
    base: dict[str, object] = {
        "name": "Regio Zwolle",
        "provinces": ["Overijssel"],
        "municipalities": regions.split_commas("Zwolle, Kampen, ,zwolle"),
        "core_qualities": regions.split_lines("Logistiek knooppunt\n\nOnderwijs"),
        "themes": ["migratie"],
        "sectors": ["asiel"],
    }
    return regions.ProfileData(**(base | changes))  # type: ignore[arg-type]


def test_split_helpers() -> None:
    assert regions.split_commas("Zwolle, Kampen, ,zwolle") == ["Zwolle", "Kampen"]
    assert regions.split_lines("a\n\n b \nA") == ["a", "b"]


def test_adviser_and_coordinator_create_and_edit(users: Users) -> None:
    profile = regions.create_profile(users["adviseur"], _data())
    assert profile.municipalities == ["Zwolle", "Kampen"]
    before = profile.updated_at
    changed = regions.update_profile(users["coordinator"], profile.id, _data(themes=["a", "b"]))
    assert changed.themes == ["a", "b"] and changed.updated_at >= before


@pytest.mark.parametrize("role", ["ministerie", "secretariaat", "beheerder"])
def test_other_roles_may_not_change_profiles(users: Users, role: str) -> None:
    with pytest.raises(NotAllowed):
        regions.create_profile(users[role], _data())
    profile = regions.create_profile(users["adviseur"], _data())
    with pytest.raises(NotAllowed):
        regions.update_profile(users[role], profile.id, _data(name="Anders"))
    assert regions.get_profile(users[role], profile.id).name == "Regio Zwolle"


def test_validation_in_dutch(users: Users) -> None:
    regions.create_profile(users["adviseur"], _data())
    with pytest.raises(ValidationFailed) as caught:
        regions.create_profile(users["adviseur"], _data(provinces=["Atlantis"], core_qualities=[]))
    assert caught.value.fields == {
        "name": "Er is al een ontwikkelprofiel met deze naam.",
        "provinces": "Kies alleen provincies uit de lijst.",
        "core_qualities": "Vul minstens één kernkwaliteit in.",
    }
    with pytest.raises(ValidationFailed) as caught:
        regions.create_profile(users["adviseur"], _data(name=" ", provinces=[]))
    assert caught.value.fields["name"] == "Vul een naam in."
    assert caught.value.fields["provinces"] == "Kies minstens één provincie."


def test_demo_profiles_are_labelled_and_idempotent(users: Users) -> None:
    assert regions.load_demo_profiles() == len(regions.DEMO_PROFILES)
    assert regions.load_demo_profiles() == 0
    for profile in regions.list_profiles(users["beheerder"]):
        assert profile.name.startswith("[DEMO] ")
        assert profile.source_document == "illustratief voorbeeld"
    known = {p.name for p in db.session.scalars(select(Province))}
    assert all(set(p["provinces"]) <= known for p in regions.DEMO_PROFILES)


def test_direction_and_needs_from_case(users: Users) -> None:
    regions.create_profile(users["adviseur"], _data())
    growth = case_in_state(
        users, "omvangswijziging", motivation="Meer MIGRATIE-zaken; asiel groeit."
    )
    profiles = regions.list_profiles(users["adviseur"])
    needs = regions.case_needs(growth, profiles)
    assert needs.direction == "groei"
    assert needs.themes == frozenset({"migratie"}) and needs.sectors == frozenset({"asiel"})
    assert needs.current_province == "Overijssel"
    moved = case_in_state(users, "omvangswijziging", proposed_province_id=province_id("Limburg"))
    assert regions.direction_of(moved) == "verplaatsing"
    shrink = case_in_state(users, "omvangswijziging", change_kind="krimp", fte_change=-150)
    assert regions.direction_of(shrink) == "krimp"
    assert regions.direction_of(case_in_state(users, "nieuwe_dienst")) == "nieuw"


def test_matches_and_prefill(users: Users) -> None:
    regions.load_demo_profiles()
    mine = regions.create_profile(users["adviseur"], _data())
    case = case_in_state(users, "omvangswijziging", motivation="Meer migratie en asiel.")
    found = regions.matches_for_case(users["adviseur"], case)
    assert len(found) == 5
    assert found[0].profile_id == mine.id
    assert found[0].score == 1 + 2 + 1.5
    prefill = regions.advice_prefill(users["adviseur"], case, mine.id)
    assert prefill["provincie_id"] == province_id("Overijssel")
    assert prefill["tekst"].startswith("Passende regio: Regio Zwolle.")
    assert found[0].reasons[0] in prefill["tekst"]
    with pytest.raises(NotAllowed):
        regions.advice_prefill(users["ministerie"], case, mine.id)
