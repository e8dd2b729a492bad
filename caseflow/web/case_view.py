"""Everything the case page shows, gathered in one place."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import Advice, Case, User
from caseflow.services import audit, cases, deadline_actions, insight, lookups, spreading
from caseflow.services.access import get_case
from caseflow.services.diagrams import diagram_svg, side_paths
from caseflow.services.effects import current_agenda_item
from caseflow.services.filing import FIELD_LABELS, LABOUR_MARKET_OUTCOMES, missing_fields

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
    return {
        "case": case,
        "definition": definition,
        "actions": cases.available_actions(user, case),
        "deadlines": deadline_actions.overview(user, case),
        "can_edit": cases.can_edit(user, case),
        "timeline": audit.timeline(case.id),
        "advice_versions": _advice_versions(case),
        "check": spreading.check_case(case) if case.case_type != "zbo_gesprek" else None,
        "diagram": Markup(diagram_svg(definition, case.state)),  # noqa: S704 - escaped SVG
        "side_paths": side_paths(definition),
        "follow_ups": lookups.follow_ups(case.id),
        "agenda_item": current_agenda_item(case.id),
        "missing": missing_fields(case),
        "labour_market_outcomes": LABOUR_MARKET_OUTCOMES,
        "field_labels": FIELD_LABELS,
        "event_data_labels": EVENT_DATA_LABELS,
    } | spreading_context(user, case)


def spreading_context(user: User, case: Case) -> dict[str, Any]:
    """What the spreading panels need (impact, split-change flags): on the case page and
    beside the advice form, so the adviser drafts with them in view."""
    return {
        "impact": insight.case_impact(case),
        "split_flags": insight.split_flags_for_case(user, case),
    }


def _advice_versions(case: Case) -> list[Advice]:
    return list(
        db.session.scalars(
            select(Advice).where(Advice.case_id == case.id).order_by(Advice.number.desc())
        )
    )
