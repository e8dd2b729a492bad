"""Cases keep the ministry they were filed under; after the 2024 and 2026 cabinet changes its
successor holds them: sees them, is told about them and may add documents. Other
ministries still see nothing."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select, update

from caseflow.domain.errors import NotFound
from caseflow.extensions import db
from caseflow.models import Case, Ministry, User
from caseflow.services.caselists import queries
from caseflow.services.caselists.queries import CaseFilter
from caseflow.services.cases import access, documents
from caseflow.services.messaging import notifications
from caseflow.services.reference import loader
from caseflow.services.reference.loader import current_ministry
from tests.conftest import make_user
from tests.factories import case_in_state

Users = dict[str, User]
FOLDED = date(2026, 2, 22)  # the last day of the 2024 cabinet's ministries
SPLIT = date(2024, 7, 2)


def _filed_under(case: Case, ministry: Ministry) -> Case:
    """As if the case had been filed before the cabinet change, and the reference data had
    handed it over since."""
    db.session.execute(update(Case).where(Case.id == case.id).values(ministry_id=ministry.id))
    loader.load_reference()
    db.session.expire_all()
    found = db.session.get(Case, case.id)
    assert found is not None
    return found


def _ids(user: User) -> set[int]:
    return {c.id for c in queries.page(user, CaseFilter(), None, 100).cases}


def test_the_reference_data_links_each_ended_ministry_to_its_successor(app: Flask) -> None:
    def successor(abbreviation: str, on: date) -> str | None:
        ministry = current_ministry(abbreviation, on)
        following = db.session.get(Ministry, ministry.successor_id or 0)
        return following.abbreviation if following else None

    assert successor("AenM", FOLDED) == "JenV"
    assert successor("KGG", FOLDED) == "EZK"
    assert successor("VRO", FOLDED) == "BZK"
    assert successor("EZ", FOLDED) == "EZK"
    assert successor("LNV", date(2024, 1, 1)) == "LVVN"
    assert successor("EZK", date(2024, 1, 1)) == "EZ"
    assert successor("JenV", FOLDED) is None
    # EZK before 2024 -> EZ -> EZK from 2026: the current EZK holds all three.
    today_ezk = current_ministry("EZK")
    held_ids = access.held_by(access.holder_of(today_ezk.id))
    held = db.session.scalars(select(Ministry.abbreviation).where(Ministry.id.in_(held_ids)))
    assert sorted(held) == ["EZ", "EZK", "EZK", "KGG"]  # both EZK rows


def test_the_successor_sees_and_is_told_about_a_folded_ministrys_case(users: Users) -> None:
    aenm = current_ministry("AenM", FOLDED)
    case = _filed_under(case_in_state(users, "omvangswijziging", "ingediend"), aenm)
    jenv_user, ocw_user = users["ministerie"], users["ministerie_ocw"]

    assert case.id in _ids(jenv_user)
    assert access.get_case(jenv_user, case.id).ministry_id == aenm.id  # keeps its ministry
    assert case.id not in _ids(ocw_user)
    with pytest.raises(NotFound):
        access.get_case(ocw_user, case.id)
    told = notifications.users_in_role(case, "ministerie")
    assert jenv_user in told and ocw_user not in told
    assert documents.upload_refusal(jenv_user, case) is None


def test_a_user_still_on_an_ended_ministry_works_for_its_successor(users: Users) -> None:
    aenm = current_ministry("AenM", FOLDED)
    old_user = make_user("ministerie", "JenV", email="aenm@test.nl")
    old_user.ministry_id = aenm.id
    db.session.commit()
    aenm_case = _filed_under(case_in_state(users, "omvangswijziging", "ingediend"), aenm)
    jenv_case = case_in_state(users, "omvangswijziging", "ingediend")
    ocw_case = case_in_state(users, "masterplan", owner=users["ministerie_ocw"])
    assert _ids(old_user) == {aenm_case.id, jenv_case.id}
    assert ocw_case.id not in _ids(old_user)
    assert old_user in notifications.users_in_role(jenv_case, "ministerie")


def test_a_new_case_is_held_by_its_own_ministry(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging")
    assert case.holder_ministry_id == case.ministry_id == users["ministerie"].ministry_id
