"""Building blocks for declarative case workflows.

A workflow definition is plain data: states, actions (triggers with their source and
destination states), the roles allowed to take each action, the form it needs and pure
guards. The application builds one shared ``transitions.Machine`` per definition from
``machine_config()``; everything the machine does not understand (labels, roles, forms,
deadline policies) lives beside it here, because ``transitions`` rejects unknown keys.

This package imports nothing from ``caseflow``: it is tested without a database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workflows.fields import Field, field_index
from workflows.inputs import ActionInput, CommentInput

MINISTERIE = "ministerie"
ADVISEUR = "adviseur"
COORDINATOR = "coordinator"
SECRETARIAAT = "secretariaat"
BEHEERDER = "beheerder"
ROLES: tuple[str, ...] = (MINISTERIE, ADVISEUR, COORDINATOR, SECRETARIAAT, BEHEERDER)
ROLE_LABELS: dict[str, str] = {
    MINISTERIE: "Ministerie",
    ADVISEUR: "BZK-adviseur",
    COORDINATOR: "BZK-coördinator",
    SECRETARIAAT: "Secretariaat",
    BEHEERDER: "Beheerder",
}


@dataclass(frozen=True)
class Facts:
    """Everything the pure guards may look at, computed once per request by the service.

    Typed attributes instead of a mapping: a misspelt fact is an error, not a silent None."""

    actor_id: int = 0
    # Labels of the required fields still empty.
    missing_fields: tuple[str, ...] = ()
    # An unissued draft exists, written by ``drafter_id``.
    has_draft: bool = False
    drafter_id: int | None = None
    # BZK accepted the case once.
    intake_done: bool = False
    # Follow-up actions of a zbo talk not yet done.
    open_followups: int = 0


@dataclass(frozen=True)
class Guard:
    """A pure predicate over the facts of a case; ``message`` explains a refusal in Dutch."""

    name: str
    message: str
    predicate: Callable[[Facts], bool]

    def holds(self, facts: Facts) -> bool:
        return bool(self.predicate(facts))


@dataclass(frozen=True)
class Branch:
    """One possible destination of an action; the first branch whose ``when`` holds wins."""

    dest: str
    when: Guard | None = None


@dataclass(frozen=True)
class State:
    code: str
    label: str
    final: bool = False


@dataclass(frozen=True)
class Action:
    """A trigger of the state machine plus what the application needs to offer it."""

    name: str
    label: str
    sources: tuple[str, ...]
    branches: tuple[Branch, ...]
    roles: frozenset[str]
    # What the user gives with the action; its form and its effect are found by it.
    input_type: type[ActionInput] = CommentInput
    guards: tuple[Guard, ...] = ()
    description: str = ""
    # A side action (withdraw, cancel, reopen, assign, out of scope) is on offer beside the
    # main flow: a case never waits for it, and the diagram lists it instead of drawing it.
    side: bool = False

    @property
    def form(self) -> str:
        """The name of the action's form (that of its input type)."""
        return self.input_type.form_name

    @property
    def internal(self) -> bool:
        """An action that records something but leaves the state as it is."""
        return all(b.dest == "=" for b in self.branches)

    def destinations(self, source: str) -> tuple[str, ...]:
        return tuple(source if b.dest == "=" else b.dest for b in self.branches)

    def failing_guard(self, facts: Facts) -> Guard | None:
        return next((g for g in self.guards if not g.holds(facts)), None)

    def destination(self, source: str, facts: Facts) -> str:
        for branch in self.branches:
            if branch.when is None or branch.when.holds(facts):
                return source if branch.dest == "=" else branch.dest
        raise LookupError(f"no branch of {self.name} applies")


@dataclass(frozen=True)
class DeadlinePolicy:
    """Which deadline runs while a case is in certain states (defaults from domain.md)."""

    kind: str
    label: str
    starts_in: str
    working_days: int
    responsible_role: str
    runs_in: tuple[str, ...]
    pauses_in: tuple[str, ...] = ()
    # A case date the term counts from (e.g. the talk date) instead of the day it starts.
    counts_from: str = ""


@dataclass(frozen=True)
class WorkflowDefinition:
    code: str
    version: int
    label: str
    reference_prefix: str
    initial: str
    states: tuple[State, ...]
    actions: tuple[Action, ...]
    create_roles: frozenset[str]
    edit_states: frozenset[str]
    edit_roles: frozenset[str]
    threshold_fte: int | None = None
    product: str = ""
    deadlines: tuple[DeadlinePolicy, ...] = ()
    # What the filer fills in, in form order (workflows.fields).
    fields: tuple[Field, ...] = ()
    # The talk track (a recorded conversation, no advice or proposal): the organisation is a
    # confirmed zbo and the case is never opened as a follow-up of another talk.
    talk_track: bool = False
    # Whether the case moves fte between provinces: its impact on the spreading figures, the
    # spreading check, the matching regions and the fte-per-kind check apply.
    spreading_check: bool = True
    _index: dict[str, Action] = field(default_factory=dict, repr=False, compare=False)
    _fields: dict[str, Field] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        codes = {s.code for s in self.states}
        for action in self.actions:
            self._index[action.name] = action
            dests = {d for d in (b.dest for b in action.branches) if d != "="}
            unknown = (set(action.sources) | dests) - codes
            if unknown:
                raise ValueError(f"{self.code}.{action.name}: unknown states {unknown}")
        if self.initial not in codes:
            raise ValueError(f"{self.code}: unknown initial state {self.initial}")
        self._fields.update(field_index(self.fields))

    def filing_field(self, name: str) -> Field | None:
        return self._fields.get(name)

    @property
    def required_fields(self) -> tuple[Field, ...]:
        """The fields submission waits for (``indienen``), in form order."""
        return tuple(f for f in self.fields if f.required)

    @property
    def list_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.in_list)

    def state(self, code: str) -> State:
        return next(s for s in self.states if s.code == code)

    def action(self, name: str) -> Action | None:
        return self._index.get(name)

    def state_label(self, code: str) -> str:
        found = [s.label for s in self.states if s.code == code]
        return found[0] if found else code

    @property
    def final_states(self) -> frozenset[str]:
        return frozenset(s.code for s in self.states if s.final)

    def actions_from(self, state: str) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if state in a.sources)

    def machine_config(self) -> dict[str, Any]:
        """Keyword arguments for ``transitions.Machine``.

        Only the branch conditions go into the machine: an action's guards are checked once,
        before its effect runs (``engine.check``), and not evaluated again when it fires."""
        transitions: list[dict[str, Any]] = []
        for action in self.actions:
            for branch in action.branches:
                conditions = [] if branch.when is None else [_condition(branch.when)]
                transitions.append(
                    {
                        "trigger": action.name,
                        "source": list(action.sources),
                        "dest": None if branch.dest == "=" else branch.dest,
                        "conditions": conditions,
                    }
                )
        return {
            "states": [s.code for s in self.states],
            "transitions": transitions,
            "initial": self.initial,
        }


def _condition(guard: Guard) -> Callable[[Any], bool]:
    """Adapt a pure guard to a transitions condition: facts travel as the ``facts`` kwarg."""

    def condition(event: Any) -> bool:
        return guard.holds(event.kwargs.get("facts", Facts()))

    condition.__name__ = guard.name
    return condition


def action(
    name: str,
    label: str,
    sources: tuple[str, ...],
    dest: str,
    roles: set[str],
    **extra: Any,
) -> Action:
    """Shorthand for an action with a single destination ("=" keeps the state)."""
    return Action(name, label, sources, (Branch(dest),), frozenset(roles), **extra)
