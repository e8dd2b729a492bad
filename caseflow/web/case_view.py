"""Everything the case page shows, gathered in one place."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from sqlalchemy import select

from caseflow.domain.impact import CHANGE_KINDS
from caseflow.extensions import db
from caseflow.models import Advice, Case, User
from caseflow.services import permissions
from caseflow.services.cases import lifecycle
from caseflow.services.cases.access import get_case
from caseflow.services.cases.diagrams import diagram_svg, side_paths
from caseflow.services.cases.effects import current_agenda_item
from caseflow.services.cases.filing import LABOUR_MARKET_OUTCOMES, missing_fields
from caseflow.services.deadlines import adjustments
from caseflow.services.insight import spreading, spreading_check
from caseflow.services.insight.location_impact import location_impact
from caseflow.services.reference import choice_lists
from caseflow.web.documents import documents_panel
from caseflow.web.timeline import timeline
from workflows.base import MINISTERIE


def case_page_context(user: User, case_id: int) -> dict[str, Any]:
    case = get_case(user, case_id)
    definition = lifecycle.definition_of(case)
    shown_state = permissions.shown_state(user, case.state)
    return {
        "case": case,
        "definition": definition,
        "shown_state": shown_state,
        "actions": lifecycle.available_actions(user, case),
        "deadlines": adjustments.overview(user, case),
        "can_edit": lifecycle.can_edit(user, case),
        "timeline": timeline(user, case),
        "advice_versions": permissions.visible_advice(user, _advice_versions(case)),
        "may_see_review_comments": permissions.can(user, "review_comment.view", case),
        # The README's decision: BZK reads a concept; the ministry is told so.
        "concept_notice": user.role == MINISTERIE and case.state == "concept",
        "documents_panel": documents_panel(case),
        "check": spreading_check.check_case(case) if case.case_type != "zbo_gesprek" else None,
        "diagram": Markup(diagram_svg(definition, shown_state)),  # noqa: S704 - escaped SVG
        "side_paths": side_paths(definition),
        "follow_ups": choice_lists.follow_ups(case.id),
        "agenda_item": current_agenda_item(case.id),
        "missing": missing_fields(case),
        "labour_market_outcomes": LABOUR_MARKET_OUTCOMES,
        "change_kinds": CHANGE_KINDS,
    } | spreading_context(user, case)


def spreading_context(user: User, case: Case) -> dict[str, Any]:
    """What the spreading panels need (impact, split-change flags): on the case page and
    beside the advice form, so the adviser drafts with them in view."""
    # BZK's advised location is that of the latest version the user may see: a ministry
    # sees an advice only once it is issued.
    latest = next(iter(permissions.visible_advice(user, _advice_versions(case))), None)
    return {
        "impact": spreading.case_impact(case),
        "location_impact": location_impact(case, latest),
        "split_flags": spreading.split_flags_for_case(user, case),
    }


def _advice_versions(case: Case) -> list[Advice]:
    return list(
        db.session.scalars(
            select(Advice).where(Advice.case_id == case.id).order_by(Advice.number.desc())
        )
    )
