"""The workflow definitions as plain data and as transitions machines (no app, no database)."""

from __future__ import annotations

import pytest
from transitions import Machine

import workflows
from caseflow import engine
from caseflow.domain.errors import Conflict, NotAllowed, NotFound
from workflows.base import COORDINATOR, ROLES, Facts, Guard, WorkflowDefinition
from workflows.guards import FILING_COMPLETE, FOLLOWUPS_DONE, HAS_DRAFT, NOT_DRAFTER

DEFINITIONS = list(workflows.REGISTRY.values())
IDS = [f"{d.code}-v{d.version}" for d in DEFINITIONS]
LOCATION = [d for d in DEFINITIONS if d.code != "zbo_gesprek"]
LOCATION_IDS = [f"{d.code}-v{d.version}" for d in LOCATION]


def test_registry_holds_every_case_type_at_version_1() -> None:
    assert workflows.CASE_TYPES == (
        "omvangswijziging",
        "nieuwe_dienst",
        "masterplan",
        "zbo_gesprek",
    )
    for code in workflows.CASE_TYPES:
        found = workflows.definition(code, 1)
        assert (found.code, found.version) == (code, 1)
    # The size change has a second version (tests/workflows/test_versions.py); new cases get it.
    newest = {code: workflows.latest(code).version for code in workflows.CASE_TYPES}
    assert newest == {"omvangswijziging": 2, "nieuwe_dienst": 1, "masterplan": 1, "zbo_gesprek": 1}


def test_registry_refuses_unknown_types_and_versions() -> None:
    with pytest.raises(KeyError):
        workflows.definition("omvangswijziging", 99)
    with pytest.raises(KeyError):
        workflows.definition("onbekend", 1)
    with pytest.raises(KeyError):
        workflows.latest("onbekend")


@pytest.mark.parametrize("definition", DEFINITIONS, ids=IDS)
def test_machine_builds_with_the_definitions_states_and_triggers(
    definition: WorkflowDefinition,
) -> None:
    built = engine.machine(definition.code, definition.version)
    assert isinstance(built, Machine)
    assert list(built.states) == [s.code for s in definition.states]
    assert built.initial == definition.initial
    # auto_transitions off: the only triggers are the declared actions (no ``to_<state>``).
    assert set(built.events) == {a.name for a in definition.actions}
    assert not [name for name in built.events if name.startswith("to_")]
    assert engine.machine(definition.code, definition.version) is built  # built once


@pytest.mark.parametrize("definition", DEFINITIONS, ids=IDS)
def test_every_state_is_reachable_from_the_initial_state(definition: WorkflowDefinition) -> None:
    reached = {definition.initial}
    todo = [definition.initial]
    while todo:
        state = todo.pop()
        for action in definition.actions_from(state):
            for dest in action.destinations(state):
                if dest not in reached:
                    reached.add(dest)
                    todo.append(dest)
    assert reached == {s.code for s in definition.states}


@pytest.mark.parametrize("definition", DEFINITIONS, ids=IDS)
def test_final_states_only_allow_reopening(definition: WorkflowDefinition) -> None:
    assert definition.final_states
    for state in definition.final_states:
        names = [a.name for a in definition.actions_from(state)]
        assert names == ["heropenen"], state
        assert definition.action("heropenen").roles == {COORDINATOR}  # type: ignore[union-attr]
    open_states = {s.code for s in definition.states} - definition.final_states
    for state in open_states:
        assert definition.actions_from(state), f"{state} is a dead end"


@pytest.mark.parametrize("definition", DEFINITIONS, ids=IDS)
def test_every_action_and_state_has_a_dutch_label_and_actions_have_roles(
    definition: WorkflowDefinition,
) -> None:
    for action in definition.actions:
        assert action.label.strip(), action.name
        assert action.label != action.name
        assert action.label[0].isupper(), action.label
        assert action.roles, action.name
        assert action.roles <= set(ROLES), action.name
        assert "beheerder" not in action.roles  # the administrator never handles cases
        assert action.sources, action.name
    for state in definition.states:
        assert state.label.strip() and state.label[0].isupper(), state.code


@pytest.mark.parametrize("definition", LOCATION, ids=LOCATION_IDS)
def test_aanvullen_returns_to_where_the_case_was(definition: WorkflowDefinition) -> None:
    after_intake = engine.fire(
        definition, "aanvulling_gevraagd", "aanvullen", Facts(intake_done=True)
    )
    before_intake = engine.fire(
        definition, "aanvulling_gevraagd", "aanvullen", Facts(intake_done=False)
    )
    assert (after_intake, before_intake) == ("in_behandeling", "ingediend")


@pytest.mark.parametrize("definition", LOCATION, ids=LOCATION_IDS)
def test_check_refuses_a_failing_guard_and_fire_a_wrong_state(
    definition: WorkflowDefinition,
) -> None:
    incomplete = Facts(missing_fields=("Motivering",), intake_done=True)
    with pytest.raises(NotAllowed) as refused:
        engine.check(definition, "aanvulling_gevraagd", "aanvullen", "ministerie", incomplete)
    assert refused.value.message == FILING_COMPLETE.message
    with pytest.raises(Conflict):
        engine.fire(definition, "concept", "uitbrengen", Facts())
    # An internal action keeps the state.
    assert engine.fire(definition, "ter_goedkeuring", "toewijzen", Facts()) == "ter_goedkeuring"


@pytest.mark.parametrize("definition", DEFINITIONS, ids=IDS)
def test_the_machine_evaluates_branch_conditions_only(definition: WorkflowDefinition) -> None:
    """Guards are checked once (engine.check): the machine holds no condition for them, so
    firing a checked action does not evaluate them a second time."""
    branch_guards = {b.when.name for a in definition.actions for b in a.branches if b.when}
    config = definition.machine_config()
    in_machine = {c.__name__ for t in config["transitions"] for c in t["conditions"]}
    assert in_machine == branch_guards
    assert not {g.name for a in definition.actions for g in a.guards} & in_machine


@pytest.mark.parametrize("definition", LOCATION, ids=LOCATION_IDS)
def test_four_eyes_the_drafter_may_not_issue(definition: WorkflowDefinition) -> None:
    own = Facts(has_draft=True, drafter_id=7, actor_id=7)
    other = Facts(has_draft=True, drafter_id=7, actor_id=8)
    with pytest.raises(NotAllowed) as refused:
        engine.check(definition, "ter_goedkeuring", "uitbrengen", COORDINATOR, own)
    assert refused.value.message == NOT_DRAFTER.message
    action = engine.check(definition, "ter_goedkeuring", "uitbrengen", COORDINATOR, other)
    assert action.name == "uitbrengen"
    assert engine.fire(definition, "ter_goedkeuring", "uitbrengen", other) == "advies_uitgebracht"


def test_guards_read_only_their_facts() -> None:
    assert FILING_COMPLETE.holds(Facts())
    assert not FILING_COMPLETE.holds(Facts(missing_fields=("Titel",)))
    assert HAS_DRAFT.holds(Facts(has_draft=True)) and not HAS_DRAFT.holds(Facts())
    assert NOT_DRAFTER.holds(Facts(drafter_id=None, actor_id=1))
    assert not NOT_DRAFTER.holds(Facts(drafter_id=1, actor_id=1))
    assert FOLLOWUPS_DONE.holds(Facts()) and not FOLLOWUPS_DONE.holds(Facts(open_followups=2))


def test_facts_are_typed_a_misspelt_fact_is_an_error() -> None:
    with pytest.raises(TypeError):
        Facts(missing_field=("Titel",))  # type: ignore[call-arg]
    typo = Guard("typo", "", lambda facts: facts.has_drafts)  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        typo.holds(Facts())


def test_check_orders_its_refusals() -> None:
    definition = workflows.definition("omvangswijziging", 1)
    with pytest.raises(NotFound):
        engine.check(definition, "concept", "verslag_vastleggen", "ministerie", Facts())
    with pytest.raises(Conflict):  # wrong state wins over wrong role
        engine.check(definition, "concept", "uitbrengen", "ministerie", Facts())
    with pytest.raises(NotAllowed) as refused:  # wrong role wins over a failing guard
        engine.check(
            definition, "in_behandeling", "ter_goedkeuring_voorleggen", "ministerie", Facts()
        )
    assert refused.value.message == "Uw rol mag deze actie niet uitvoeren."
    with pytest.raises(NotAllowed) as guarded:
        engine.check(
            definition, "in_behandeling", "ter_goedkeuring_voorleggen", "adviseur", Facts()
        )
    assert guarded.value.message == HAS_DRAFT.message
