"""Wijziging in omvang van een dienst, version 2: an optional *vooroverleg* before filing.

The letter (Kamerstuk 31 490 nr. 337) asks organisations to take the regional perspective
into account early in their plans and to start the conversation with BZK then ("vroeg in het
ontwikkeltraject ... het gesprek met het Ministerie van BZK aangaan"); the 2025 action
overview (1d) matches a housing need with the regions "in een vroeg stadium". Version 2 gives
that conversation a place in the case: from ``concept`` the ministry may ask BZK for an early
consultation (``vooroverleg``); BZK (or the ministry itself) ends it and the case is back in
``concept``, where it is filed as before. Nothing else changes, so every flow of version 1 is
still a flow of version 2.

Choices: the ministry keeps editing its draft during the consultation (the talk is about
that draft); it may withdraw the case from ``vooroverleg`` like from ``concept``; BZK answers
within 10 working days (deadline ``vooroverleg``, held by the adviser, configurable like the
other terms); there is no guard and no input beyond the comment every action has.

Built by composition on version 1 (``omvangswijziging.DEFINITION``), so the fields and the
actions declared there are those of version 2 too. Running cases keep the version they started
with (``Case.workflow_version``); new cases start on the newest (``workflows.latest``).
"""

from __future__ import annotations

from dataclasses import replace

from workflows import omvangswijziging
from workflows.base import (
    ADVISEUR,
    COORDINATOR,
    MINISTERIE,
    Action,
    DeadlinePolicy,
    State,
    WorkflowDefinition,
    action,
)

EARLY = "vooroverleg"
WITHDRAW = "intrekken"

EARLY_STATE = State(EARLY, "Vooroverleg met BZK")
EARLY_ACTIONS: tuple[Action, ...] = (
    action(
        "vooroverleg_aanvragen",
        "Vooroverleg met BZK aanvragen",
        ("concept",),
        EARLY,
        {MINISTERIE},
        description="Bespreek het voornemen met BZK voordat u de zaak indient.",
    ),
    action(
        "vooroverleg_afronden",
        "Vooroverleg afronden",
        (EARLY,),
        "concept",
        {MINISTERIE, ADVISEUR, COORDINATOR},
    ),
)
EARLY_DEADLINE = DeadlinePolicy(
    "vooroverleg", "Reactie op vooroverleg", EARLY, 10, ADVISEUR, (EARLY,)
)


def with_early_consultation(base: WorkflowDefinition, version: int) -> WorkflowDefinition:
    """``base`` plus the optional early consultation from its ``concept`` state."""
    states = _after(base.states, "concept", EARLY_STATE)
    actions = tuple(_withdrawable_in_early(a) for a in base.actions) + EARLY_ACTIONS
    return replace(
        base,
        version=version,
        states=states,
        actions=actions,
        edit_states=base.edit_states | {EARLY},
        deadlines=(*base.deadlines, EARLY_DEADLINE),
        # A fresh action index: ``replace`` would otherwise share version 1's dict.
        _index={},
    )


def _after(states: tuple[State, ...], code: str, new: State) -> tuple[State, ...]:
    at = [s.code for s in states].index(code) + 1
    return (*states[:at], new, *states[at:])


def _withdrawable_in_early(found: Action) -> Action:
    if found.name != WITHDRAW:
        return found
    return replace(found, sources=_after_code(found.sources, "concept", EARLY))


def _after_code(codes: tuple[str, ...], code: str, new: str) -> tuple[str, ...]:
    at = codes.index(code) + 1
    return (*codes[:at], new, *codes[at:])


DEFINITION = with_early_consultation(omvangswijziging.DEFINITION, version=2)
