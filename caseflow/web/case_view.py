"""Everything the case page shows, gathered in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from caseflow.domain.impact import CHANGE_KINDS
from caseflow.extensions import db
from caseflow.models import Advice, Case, CaseEvent, User
from caseflow.services import (
    audit,
    cases,
    deadline_actions,
    documents,
    insight,
    lookups,
    permissions,
    spreading,
)
from caseflow.services.access import get_case
from caseflow.services.diagrams import diagram_svg, side_paths
from caseflow.services.effects import current_agenda_item
from caseflow.services.filing import FIELD_LABELS, LABOUR_MARKET_OUTCOMES, missing_fields
from caseflow.services.location_impact import location_impact
from caseflow.web.documents import documents_panel
from workflows.base import MINISTERIE

# Labels of the keys in the data of timeline events (audit.record ``data``). The Dutch text is
# what the page showed before: the key with spaces, capitalised. Unknown keys still show so.
EVENT_DATA_LABELS = {
    "aanvulling": _l("Aanvulling"),
    "actie": _l("Actie"),
    "behandelaar": _l("Behandelaar"),
    "besloten_op": _l("Besloten op"),
    "besluit": _l("Besluit"),
    "bezwaren": _l("Bezwaren"),
    "document": _l("Document"),
    "eigenaar": _l("Eigenaar"),
    "gekoppeld_aan": _l("Gekoppeld aan"),
    "gekoppelde_zaak": _l("Gekoppelde zaak"),
    "grootte": _l("Grootte"),
    "locatie": _l("Locatie"),
    "naam": _l("Naam"),
    "nieuwe_datum": _l("Nieuwe datum"),
    "onderraad": _l("Onderraad"),
    "opmerkingen": _l("Opmerkingen"),
    "reden": _l("Reden"),
    "sha256": _l("Sha256"),
    "soort": _l("Soort"),
    "status": _l("Status"),
    "toelichting": _l("Toelichting"),
    "uiterlijk": _l("Uiterlijk"),
    "uitkomst": _l("Uitkomst"),
    "vergadering": _l("Vergadering"),
    "verslag": _l("Verslag"),
    "versie": _l("Versie"),
    "vraag": _l("Vraag"),
}


def case_page_context(user: User, case_id: int) -> dict[str, Any]:
    case = get_case(user, case_id)
    definition = cases.definition_of(case)
    shown_state = permissions.shown_state(user, case.state)
    return {
        "case": case,
        "definition": definition,
        "shown_state": shown_state,
        "actions": cases.available_actions(user, case),
        "deadlines": deadline_actions.overview(user, case),
        "can_edit": cases.can_edit(user, case),
        "timeline": timeline(user, case),
        "advice_versions": permissions.visible_advice(user, _advice_versions(case)),
        "may_see_review_comments": permissions.can(user, "review_comment.view", case),
        # The README's decision: BZK reads a concept; the ministry is told so.
        "concept_notice": user.role == MINISTERIE and case.state == "concept",
        "documents_panel": documents_panel(case),
        "check": spreading.check_case(case) if case.case_type != "zbo_gesprek" else None,
        "diagram": Markup(diagram_svg(definition, shown_state)),  # noqa: S704 - escaped SVG
        "side_paths": side_paths(definition),
        "follow_ups": lookups.follow_ups(case.id),
        "agenda_item": current_agenda_item(case.id),
        "missing": missing_fields(case),
        "labour_market_outcomes": LABOUR_MARKET_OUTCOMES,
        "change_kinds": CHANGE_KINDS,
        "field_labels": FIELD_LABELS,
        "event_data_labels": EVENT_DATA_LABELS,
    } | spreading_context(user, case)


def spreading_context(user: User, case: Case) -> dict[str, Any]:
    """What the spreading panels need (impact, split-change flags): on the case page and
    beside the advice form, so the adviser drafts with them in view."""
    # BZK's advised location is that of the latest version the user may see: a ministry
    # sees an advice only once it is issued.
    latest = next(iter(permissions.visible_advice(user, _advice_versions(case))), None)
    return {
        "impact": insight.case_impact(case),
        "location_impact": location_impact(case, latest),
        "split_flags": insight.split_flags_for_case(user, case),
    }


@dataclass(frozen=True)
class TimelineEntry:
    """An audit event as the user is shown it (states as ``permissions.shown_state``)."""

    at: datetime
    actor: User | None
    kind: str
    action: str
    from_state: str
    to_state: str
    comment: str
    data: dict[str, Any]


def timeline(user: User, case: Case) -> list[TimelineEntry]:
    """The events of the case the user may read: no BZK-internal steps for a ministry, and
    no trace of documents it may not see."""
    events = permissions.visible_events(user, audit.timeline(case.id), documents.documents_of(case))
    return [_entry(user, e) for e in events]


def _entry(user: User, e: CaseEvent) -> TimelineEntry:
    shown = permissions.shown_state
    return TimelineEntry(
        e.at,
        e.actor,
        e.kind,
        e.action,
        shown(user, e.from_state) if e.from_state else "",
        shown(user, e.to_state) if e.to_state else "",
        e.comment,
        e.data or {},
    )


def _advice_versions(case: Case) -> list[Advice]:
    return list(
        db.session.scalars(
            select(Advice).where(Advice.case_id == case.id).order_by(Advice.number.desc())
        )
    )
