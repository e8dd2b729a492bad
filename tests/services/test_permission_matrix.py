"""Who may take which action in which state: every (role x state x action), per workflow.

The expected tables are written out by hand from domain.md and the issue, not derived
from ``workflows/``: a test that read the definitions would agree with any mistake in them.
For each case type one case is placed in every state (guards set up to pass), and every
role x action outcome of ``cases.check_action`` is compared; all mismatches are reported
at once.
"""

from __future__ import annotations

import pytest

import workflows
from caseflow.domain.errors import Conflict, DomainError, NotAllowed, NotFound
from caseflow.extensions import db
from caseflow.models import Case, User
from caseflow.services.cases import access, lifecycle
from tests.factories import case_in_state
from workflows.guards import FILING_COMPLETE, FOLLOWUPS_DONE, HAS_DRAFT, NOT_DRAFTER

M, A, C, S = "ministerie", "adviseur", "coordinator", "secretariaat"
ROLES = (M, A, C, S, "beheerder")
ROLE_REFUSED = "Uw rol mag deze actie niet uitvoeren."

LOCATION_STATES = (
    "concept",
    "ingediend",
    "aanvulling_gevraagd",
    "in_behandeling",
    "ter_goedkeuring",
    "advies_uitgebracht",
    "overeenstemming",
    "geen_overeenstemming",
    "geagendeerd",
    "besloten",
    "afgerond",
    "ingetrokken",
    "buiten_behandeling",
)
WITHDRAWABLE = {
    "concept",
    "ingediend",
    "aanvulling_gevraagd",
    "in_behandeling",
    "ter_goedkeuring",
    "advies_uitgebracht",
    "geen_overeenstemming",
    "geagendeerd",
}
# action -> (roles allowed, source states)
LOCATION_TABLE: dict[str, tuple[set[str], set[str]]] = {
    "indienen": ({M}, {"concept"}),
    "intake_accepteren": ({A, C}, {"ingediend"}),
    "aanvulling_vragen": ({A, C}, {"ingediend", "in_behandeling"}),
    "aanvullen": ({M}, {"aanvulling_gevraagd"}),
    "buiten_behandeling_stellen": ({C}, {"ingediend", "aanvulling_gevraagd", "in_behandeling"}),
    "toewijzen": (
        {C},
        {"ingediend", "aanvulling_gevraagd", "in_behandeling", "ter_goedkeuring"},
    ),
    "concept_opslaan": ({A, C}, {"in_behandeling"}),
    "ter_goedkeuring_voorleggen": ({A, C}, {"in_behandeling"}),
    "terugsturen": ({C}, {"ter_goedkeuring"}),
    "uitbrengen": ({C}, {"ter_goedkeuring"}),
    "instemmen": ({M}, {"advies_uitgebracht"}),
    "niet_instemmen": ({M}, {"advies_uitgebracht"}),
    "agenderen": ({S}, {"geen_overeenstemming"}),
    "besluit_vastleggen": ({S}, {"geagendeerd"}),
    "afronden": ({C}, {"overeenstemming", "besloten"}),
    "intrekken": ({M}, WITHDRAWABLE),
    "heropenen": ({C}, {"afgerond", "ingetrokken", "buiten_behandeling"}),
}

ZBO_STATES = ("gepland", "gevoerd", "opvolging", "afgerond", "geannuleerd")
ZBO_TABLE: dict[str, tuple[set[str], set[str]]] = {
    "verslag_vastleggen": ({A, C}, {"gepland"}),
    "acties_afspreken": ({A, C}, {"gevoerd", "opvolging"}),
    "actie_gereed": ({A, C, M}, {"opvolging"}),
    "afronden": ({A, C}, {"gevoerd", "opvolging"}),
    "annuleren": ({A, C, M}, {"gepland"}),
    "heropenen": ({C}, {"afgerond", "geannuleerd"}),
}

# Version 2 of the size change: an optional early consultation (vooroverleg) from concept
# and back, asked by the ministry, ended by either side; the ministry may withdraw there too.
EARLY_STATES = (*LOCATION_STATES, "vooroverleg")
EARLY_TABLE: dict[str, tuple[set[str], set[str]]] = LOCATION_TABLE | {
    "vooroverleg_aanvragen": ({M}, {"concept"}),
    "vooroverleg_afronden": ({M, A, C}, {"vooroverleg"}),
    "intrekken": ({M}, WITHDRAWABLE | {"vooroverleg"}),
}

# Every registered (case type, version): a running case keeps its version to the end.
WORKFLOWS = {
    ("omvangswijziging", 1): (LOCATION_STATES, LOCATION_TABLE),
    ("omvangswijziging", 2): (EARLY_STATES, EARLY_TABLE),
    ("nieuwe_dienst", 1): (LOCATION_STATES, LOCATION_TABLE),
    ("masterplan", 1): (LOCATION_STATES, LOCATION_TABLE),
    ("zbo_gesprek", 1): (ZBO_STATES, ZBO_TABLE),
}
IDS = [f"{code}-v{version}" for code, version in WORKFLOWS]


def expected(
    table: dict[str, tuple[set[str], set[str]]], action: str, state: str, role: str
) -> str:
    roles, sources = table[action]
    if state not in sources:
        return "409"
    if role not in roles:
        return "403"
    return "ok"


def outcome(user: User, case: Case, action: str) -> str:
    try:
        found = lifecycle.check_action(user, case, action)
    except Conflict:
        return "409"
    except NotAllowed as exc:
        # A role refusal; any other message means a guard failed where none should.
        return "403" if exc.message == ROLE_REFUSED else f"403 guard: {exc.message}"
    except DomainError as exc:
        return f"{exc.status}: {exc.message}"
    return "ok" if found.name == action else f"wrong action {found.name}"


def test_tables_cover_every_registered_version() -> None:
    assert set(WORKFLOWS) == set(workflows.REGISTRY)


@pytest.mark.parametrize(("case_type", "version"), WORKFLOWS, ids=IDS)
def test_tables_cover_the_whole_workflow(case_type: str, version: int) -> None:
    states, table = WORKFLOWS[(case_type, version)]
    definition = workflows.definition(case_type, version)
    assert {s.code for s in definition.states} == set(states)
    assert {a.name for a in definition.actions} == set(table)


@pytest.mark.parametrize(("case_type", "version"), WORKFLOWS, ids=IDS)
def test_permission_matrix(users: dict[str, User], case_type: str, version: int) -> None:
    states, table = WORKFLOWS[(case_type, version)]
    mismatches = []
    checked = 0
    for state in states:
        # Facts that make every guard pass: a draft by the adviser awaits the coordinator,
        # a zbo follow-up is done, the filing is complete.
        case = case_in_state(users, case_type, state, with_draft=True, followup_done=True)
        case.workflow_version = version  # as if it had started before a newer version
        db.session.commit()
        assert case.state == state
        for role in ROLES:
            for action in table:
                want = expected(table, action, state, role)
                got = outcome(users[role], case, action)
                checked += 1
                if got != want:
                    mismatches.append(f"{state:22} {role:13} {action:28} want {want}, got {got}")
    assert checked == len(states) * len(ROLES) * len(table)
    assert not mismatches, "\n" + "\n".join(mismatches)


def test_unknown_action_for_the_case_type_is_not_found(users: dict[str, User]) -> None:
    zbo = case_in_state(users, "zbo_gesprek", "gepland")
    with pytest.raises(NotFound):
        lifecycle.check_action(users[A], zbo, "indienen")
    location = case_in_state(users, "omvangswijziging", "concept")
    with pytest.raises(NotFound):
        lifecycle.check_action(users[M], location, "annuleren")


def _refusal(user: User, case: Case, action: str) -> str:
    with pytest.raises(NotAllowed) as refused:
        lifecycle.check_action(user, case, action)
    return refused.value.message


def test_failing_guards_refuse_with_their_own_explanation(users: dict[str, User]) -> None:
    """Each refusal is a 403 carrying the guard's Dutch message (one setup for speed)."""
    incomplete = case_in_state(users, "omvangswijziging", "concept", motivation="")
    assert _refusal(users[M], incomplete, "indienen") == FILING_COMPLETE.message

    asked = case_in_state(users, "nieuwe_dienst", "aanvulling_gevraagd", proposed_place="")
    assert _refusal(users[M], asked, "aanvullen") == FILING_COMPLETE.message

    no_draft = case_in_state(users, "masterplan", "in_behandeling")
    for role in (A, C):
        assert _refusal(users[role], no_draft, "ter_goedkeuring_voorleggen") == HAS_DRAFT.message

    own_draft = case_in_state(users, "omvangswijziging", "ter_goedkeuring", drafter=users[C])
    assert _refusal(users[C], own_draft, "uitbrengen") == NOT_DRAFTER.message
    # Sending it back is not an approval: four-eyes does not apply.
    assert lifecycle.check_action(users[C], own_draft, "terugsturen").name == "terugsturen"

    open_follow_up = case_in_state(users, "zbo_gesprek", "opvolging")
    for role in (A, C):
        assert _refusal(users[role], open_follow_up, "afronden") == FOLLOWUPS_DONE.message
    assert lifecycle.check_action(users[M], open_follow_up, "actie_gereed").name == "actie_gereed"


# Isolation: to whoever may not see a case it does not exist (404, never 403).


def test_beheerder_and_other_ministry_cannot_see_the_case(users: dict[str, User]) -> None:
    location = case_in_state(users, "omvangswijziging", "ingediend")
    zbo = case_in_state(users, "zbo_gesprek", "gepland")
    for case, action in ((location, "intrekken"), (zbo, "annuleren")):
        state = case.state
        for key in ("beheerder", "ministerie_ocw"):
            with pytest.raises(NotFound):
                access.get_case(users[key], case.id)
            with pytest.raises(NotFound):
                access.get_case(users[key], case.id, for_update=True)
            with pytest.raises(NotFound):
                lifecycle.perform(users[key], case.id, action, case.version, {"reden": "Test"})
        for key in (M, A, C, S):
            assert access.get_case(users[key], case.id) is case
        assert case.state == state
