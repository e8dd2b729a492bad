"""The typed inputs of workflow actions (``workflows.inputs``), as the web layer sees them:
it builds the input of an action from its form and reaches the workflow definitions only
through the services."""

from __future__ import annotations

from workflows.base import Action
from workflows.inputs import (
    ActionInput,
    AdviceInput,
    AgendaInput,
    AgreementInput,
    AssignInput,
    CloseInput,
    CommentInput,
    DecisionInput,
    FollowUpDoneInput,
    FollowUpInput,
    ObjectionInput,
    OutOfScopeInput,
    QuestionInput,
    ReasonInput,
    ReportInput,
    ReturnInput,
    SupplyInput,
    read_input,
)

__all__ = [
    "Action",
    "ActionInput",
    "AdviceInput",
    "AgendaInput",
    "AgreementInput",
    "AssignInput",
    "CloseInput",
    "CommentInput",
    "DecisionInput",
    "FollowUpDoneInput",
    "FollowUpInput",
    "ObjectionInput",
    "OutOfScopeInput",
    "QuestionInput",
    "ReasonInput",
    "ReportInput",
    "ReturnInput",
    "SupplyInput",
    "read_input",
]
