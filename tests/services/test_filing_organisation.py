"""A case names an organisation of the ministry that holds it: for a case filed under a
ministry folded since (Asiel en Migratie), that is its successor's (COA, now JenV's)."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from caseflow.domain.errors import ValidationFailed
from caseflow.models import User
from caseflow.services.cases import lifecycle
from caseflow.services.reference.loader import current_ministry
from tests.factories import organisation_id


def _talk_about_coa(adviser: User, ministry_id: int) -> dict[str, object]:
    return {
        "title": "Gesprek met het COA",
        "organisation_id": organisation_id("COA"),
        "talk_date": date(2025, 11, 20),
        "ministry_id": ministry_id,
    }


def test_a_case_under_a_folded_ministry_names_an_organisation_of_its_successor(
    app: Flask, users: dict[str, User]
) -> None:
    asylum = current_ministry("AenM", date(2025, 11, 20))
    adviser = users["adviseur"]
    case = lifecycle.create_case(adviser, "zbo_gesprek", _talk_about_coa(adviser, asylum.id))
    assert case.ministry_id == asylum.id
    assert case.holder_ministry_id == current_ministry("JenV").id


def test_an_organisation_of_another_ministry_is_refused(app: Flask, users: dict[str, User]) -> None:
    adviser = users["adviseur"]
    with pytest.raises(ValidationFailed) as refused:
        lifecycle.create_case(
            adviser, "zbo_gesprek", _talk_about_coa(adviser, current_ministry("OCW").id)
        )
    assert refused.value.fields == {
        "organisation_id": "Kies een organisatie van het eigen ministerie."
    }
