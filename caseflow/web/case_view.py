"""The case page rendered from its read model (``services.cases.case_page``), with the
forms its panels offer; the data, and who may see it, come from the service alone."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup

from caseflow.domain import publication as woo
from caseflow.domain.impact import CHANGE_KINDS
from caseflow.services.cases.case_page import (
    CasePage,
    PublicationPanel,
    SpreadingPanels,
    case_page,
)
from caseflow.services.cases.filing import LABOUR_MARKET_OUTCOMES
from caseflow.web.documents import documents_panel
from caseflow.web.forms import PublicationForm
from caseflow.web.timeline import entries

if TYPE_CHECKING:
    from caseflow.models import Case, Document, User


def render_case_page(user: User, case_id: int) -> str:
    page = case_page(user, case_id)
    # The template names the read model's fields directly (case, actions, deadlines, ...);
    # what needs a form, a translation or markup is added here.
    shown = {f.name: getattr(page, f.name) for f in fields(page)}
    added = {
        "documents_panel": documents_panel(page.documents),
        "woo": publication_panel(page),
        "diagram": Markup(page.diagram),  # noqa: S704 - the renderer escapes its texts
        "timeline": entries(user, page.timeline),
        "labour_market_outcomes": LABOUR_MARKET_OUTCOMES,
        "change_kinds": CHANGE_KINDS,
    }
    context = shown | added | impact_context(page.spreading)
    return render_template("cases/detail.html", **context)


def impact_context(panels: SpreadingPanels) -> dict[str, Any]:
    """The names insight/_case_impact.html reads (on the case page and the advice form)."""
    return {
        "impact": panels.impact,
        "location_impact": panels.location_impact,
        "split_flags": panels.split_flags,
        "labour_market": panels.labour_market,
    }


@dataclass(frozen=True)
class Panel:
    """The "Openbaarmaking" section of a closed case, with the coordinator's forms."""

    case_label: str
    case_ground: str
    documents: list[tuple[Document, str, str]]
    may_decide: bool
    case_form: PublicationForm | None
    document_forms: dict[int, PublicationForm]


def publication_panel(page: CasePage) -> Panel | None:
    """None while the case is open."""
    data: PublicationPanel | None = page.publication
    if data is None:
        return None
    case = page.case
    forms: dict[int, PublicationForm] = {}
    case_form = None
    if data.may_decide:
        case_form = _form(case, data.decision, data.ground)
        forms = {d.id: _form(case, d.publication, d.publication_ground) for d in data.documents}
    return Panel(
        str(_(woo.label(data.decision))),
        woo.ground_label(data.ground),
        [
            (d, str(_(woo.label(d.publication))), woo.ground_label(d.publication_ground))
            for d in data.documents
        ],
        data.may_decide,
        case_form,
        forms,
    )


def _form(case: Case, decision: str, ground: str) -> PublicationForm:
    form = PublicationForm(formdata=None)
    form.version.data = str(case.version)
    form.openbaarheid.data, form.weigeringsgrond.data = decision, ground
    return form
