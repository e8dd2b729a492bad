"""The read model of a workflow action's form page: what the page shows beside the form.

Only for showing the form (opening it, an insert button, a refused or conflicting
submission); a submission itself goes straight to ``lifecycle.perform``, which loads and
checks the case once under its row lock."""

from __future__ import annotations

from dataclasses import dataclass

from caseflow.models import Case, User
from caseflow.services.cases import access, drafting, information_requests, lifecycle
from caseflow.services.insight import regions
from workflows.base import Action, WorkflowDefinition
from workflows.inputs import SupplyInput


@dataclass(frozen=True)
class ActionPage:
    case: Case
    action: Action
    definition: WorkflowDefinition
    # The advice form: the impact, the fitting regions and the texts to insert beside it.
    drafting_advice: bool
    draft: drafting.DraftSupport | None
    # The question a supply-information form answers, shown above that form.
    asked: information_requests.InformationRequest | None


def action_page(user: User, case_id: int, name: str) -> ActionPage:
    """The page of action ``name`` on a case the user may see and may now take it on;
    else NotFound, Conflict or NotAllowed (as ``lifecycle.check_action``)."""
    case: Case = access.get_case(user, case_id)
    chosen = lifecycle.check_action(user, case, name)
    drafting_advice = name == regions.PREFILL_ACTION
    asks = issubclass(chosen.input_type, SupplyInput)
    return ActionPage(
        case=case,
        action=chosen,
        definition=lifecycle.definition_of(case),
        drafting_advice=drafting_advice,
        draft=drafting.support(user, case) if drafting_advice else None,
        asked=information_requests.open_request(case) if asks else None,
    )
