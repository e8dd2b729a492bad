"""One shared ``transitions.Machine`` per workflow definition, built once.

The machine holds no model (``model=None``): a transition is fired on a small subject
object that carries the case's state, so a loaded state is never overwritten and memory
does not grow with the number of cases. The service copies the new state to the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from transitions import Machine, MachineError

import workflows
from caseflow.domain.errors import Conflict, NotAllowed, NotFound
from workflows.base import Action, Facts, WorkflowDefinition

_WRONG_STATE = (
    "De zaak staat niet (meer) in een status waarin deze actie kan. "
    "Vernieuw de pagina om de actuele stand te zien."
)


@dataclass
class _Subject:
    state: str


@cache
def machine(code: str, version: int) -> Machine:
    config = workflows.definition(code, version).machine_config()
    return Machine(model=None, auto_transitions=False, send_event=True, **config)


def check(definition: WorkflowDefinition, state: str, name: str, role: str, facts: Facts) -> Action:
    """The action if ``role`` may take it now; otherwise the reason as an exception.

    Order matters: an unknown action is a 404, a stale state a 409, the role a 403 and a
    guard a 403 with its explanation.
    """
    action = definition.action(name)
    if action is None:
        raise NotFound("Deze actie bestaat niet voor dit zaaktype.")
    if state not in action.sources:
        raise Conflict(_WRONG_STATE)
    if role not in action.roles:
        raise NotAllowed("Uw rol mag deze actie niet uitvoeren.")
    failing = action.failing_guard(facts)
    if failing is not None:
        raise NotAllowed(failing.message)
    return action


def fire(definition: WorkflowDefinition, state: str, name: str, facts: Facts) -> str:
    """Run the transition on the shared machine and return the new state.

    Call it with an action ``check`` allowed on the same facts: the machine evaluates only
    the branch conditions (which destination), not the action's guards a second time."""
    subject = _Subject(state)
    event = machine(definition.code, definition.version).events[name]
    try:
        moved: Any = event.trigger(subject, facts=facts)
    except MachineError as exc:
        raise Conflict(_WRONG_STATE) from exc
    if not moved:
        raise NotAllowed("De actie is op dit moment niet toegestaan.")
    return subject.state


def available(
    definition: WorkflowDefinition, state: str, role: str, facts: Facts
) -> list[tuple[Action, str | None]]:
    """Actions from ``state`` open to ``role``, each with the reason it is blocked (or None)."""
    result: list[tuple[Action, str | None]] = []
    for action in definition.actions_from(state):
        if role in action.roles:
            failing = action.failing_guard(facts)
            result.append((action, failing.message if failing else None))
    return result
