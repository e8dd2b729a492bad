"""The need-to-know table's entries for the decisions that used to keep their own role
lists (users, figures import, the spreading dashboard, document uploads, choosing the
ministry, the concept notice, creating a case per type): role × permission, and the
services that now ask the table answer as before."""

from __future__ import annotations

import pytest
from flask import Flask

import workflows
from caseflow.domain.errors import NotAllowed
from caseflow.models import Case, User
from caseflow.services import permissions
from caseflow.services.accounts import users as user_admin
from caseflow.services.cases import documents
from caseflow.services.insight import figures, spreading
from caseflow.services.reference.loader import current_ministry
from workflows.base import ROLES

Users = dict[str, User]
PEOPLE = ("ministerie", "ministerie_ocw", "adviseur", "coordinator", "secretariaat", "beheerder")

# Without an object: who holds the permission at all.
ROLE_LEVEL = {
    "ministry.choose": {"adviseur", "coordinator", "secretariaat", "beheerder"},
    "users.manage": {"beheerder"},
    "figures.import": {"adviseur", "coordinator"},
    "insight.view": {"ministerie", "ministerie_ocw", "adviseur", "coordinator", "secretariaat"},
    "split_changes.view": {"adviseur", "coordinator"},
}


def _holders(users: Users, permission: str, obj: object = None) -> set[str]:
    return {key for key in PEOPLE if permissions.can(users[key], permission, obj)}


def _case(state: str, holder: str = "JenV") -> Case:
    """A case as the table sees one (not stored: the rules read its state and holder)."""
    return Case(
        case_type="omvangswijziging",
        workflow_version=1,
        state=state,
        holder_ministry_id=current_ministry(holder).id,
    )


@pytest.mark.parametrize("permission", sorted(ROLE_LEVEL))
def test_role_level_permissions(users: Users, permission: str) -> None:
    assert _holders(users, permission) == ROLE_LEVEL[permission]


def test_a_role_about_to_be_given_is_asked_by_role(app: Flask) -> None:
    assert {r for r in ROLES if permissions.role_holds(r, "users.manage")} == {"beheerder"}


def test_document_upload_per_case_and_state(users: Users) -> None:
    bzk = {"adviseur", "coordinator"}
    assert _holders(users, "document.upload", _case("in_behandeling")) == {"ministerie"} | bzk
    escalated = _case("geagendeerd")
    assert _holders(users, "document.upload", escalated) == {"ministerie", "secretariaat"} | bzk
    assert (
        _holders(users, "document.upload", _case("in_behandeling", "OCW"))
        == {"ministerie_ocw"} | bzk
    )


def test_upload_refusal_keeps_its_answers(users: Users) -> None:
    refused = "U mag bij deze zaak geen documenten toevoegen."
    assert documents.upload_refusal(users["secretariaat"], _case("in_behandeling")) == refused
    assert documents.upload_refusal(users["ministerie_ocw"], _case("in_behandeling")) == refused
    assert documents.upload_refusal(users["secretariaat"], _case("besloten")) is None
    assert documents.upload_refusal(users["adviseur"], _case("in_behandeling")) is None


def test_the_concept_notice_is_for_the_ministry_on_a_concept(users: Users) -> None:
    # (Another ministry never gets this far: to it the case does not exist, case.view.)
    ministries = {"ministerie", "ministerie_ocw"}
    assert _holders(users, "concept_notice.view", _case("concept")) == ministries
    assert _holders(users, "concept_notice.view", _case("in_behandeling")) == set()


@pytest.mark.parametrize("case_type", sorted(workflows.CASE_TYPES))
def test_case_creation_per_type_follows_the_definition(users: Users, case_type: str) -> None:
    definition = workflows.latest(case_type)
    expected = {key for key in PEOPLE if users[key].role in definition.create_roles}
    assert _holders(users, "case.create", definition) == expected
    assert "beheerder" not in expected


def test_services_refuse_with_their_own_messages(users: Users) -> None:
    with pytest.raises(NotAllowed, match="Alleen de beheerder beheert gebruikers"):
        user_admin.list_users(users["adviseur"])
    with pytest.raises(NotAllowed, match="Alleen BZK-adviseurs en -coördinatoren mogen cijfers"):
        figures.parse_stored(users["ministerie"], "")
    with pytest.raises(NotAllowed, match="Het beheer heeft geen toegang"):
        spreading.dashboard(users["beheerder"])
    with pytest.raises(NotAllowed, match="Alleen de coördinator en adviseurs van BZK"):
        spreading.split_change_list(users["secretariaat"])
    assert figures.may_import(users["coordinator"])
    assert not figures.may_import(users["secretariaat"])
