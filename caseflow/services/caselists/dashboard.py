"""The dashboard's read model ("Mijn werk"): the first cases waiting for the user, the size
of every queue and the number of cases per type and state, gathered by one call."""

from __future__ import annotations

from dataclasses import dataclass

import workflows
from caseflow.domain.errors import NotAllowed
from caseflow.models import User
from caseflow.services import permissions
from caseflow.services.caselists.queries import (
    QUEUE_LABELS,
    SOON_WORKING_DAYS,
    TE_DOEN,
    CaseFilter,
    NextDeadline,
    Page,
    nearest_deadlines,
    page,
    queue_counts,
    state_counts,
)
from workflows.base import WorkflowDefinition

WAITING_SHOWN = 10  # the rest of the queue is one link away


@dataclass(frozen=True)
class Dashboard:
    waiting: Page  # the newest cases waiting for the user
    next_deadlines: dict[int, NextDeadline]  # per waiting case
    queue_counts: dict[str, int]  # per queue the user has, in QUEUE_LABELS' order
    state_counts: dict[str, int]  # per "case_type:state" with cases
    queue_labels: dict[str, str]
    soon_days: int  # "bijna verlopen": within this many working days
    definitions: list[WorkflowDefinition]  # the case types, latest versions


def dashboard(user: User) -> Dashboard:
    """NotAllowed for a user without case content (the administrator)."""
    if not permissions.can(user, "case.list"):
        raise NotAllowed("Uw rol heeft geen werkvoorraad.")
    waiting = page(user, CaseFilter(queue=TE_DOEN), None, WAITING_SHOWN)
    return Dashboard(
        waiting,
        nearest_deadlines(c.id for c in waiting.cases),
        queue_counts(user),
        state_counts(user),
        QUEUE_LABELS,
        SOON_WORKING_DAYS,
        case_types(),
    )


def case_types() -> list[WorkflowDefinition]:
    """The case types (their newest versions) the counts and the list filters name."""
    return [workflows.latest(c) for c in workflows.CASE_TYPES]
