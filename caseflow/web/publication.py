"""Woo decisions on the page of a closed case (the coordinator) and the export of what may
be published (BZK)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from caseflow.domain import publication as woo
from caseflow.domain.errors import ValidationFailed
from caseflow.models import Case, Document
from caseflow.services import permissions
from caseflow.services.cases import documents, publication
from caseflow.services.reporting import tabular
from caseflow.web.case_view import case_page_context
from caseflow.web.forms import PublicationForm
from caseflow.web.session import actor

bp = Blueprint("publication", __name__)

EXPORT_HEADERS = ("Zaak", "Titel", "Onderdeel", "Openbaarmaking", "Weigeringsgrond", "Afgesloten")


@dataclass(frozen=True)
class Panel:
    """The "Openbaarmaking" section of a closed case."""

    case_label: str
    case_ground: str
    documents: list[tuple[Document, str, str]]
    may_decide: bool
    case_form: PublicationForm | None
    document_forms: dict[int, PublicationForm]


@bp.app_template_global()
def publication_panel(case: Case) -> Panel | None:
    """For the case page: None while the case is open."""
    if case.closed_at is None:
        return None
    user = actor() if current_user.is_authenticated else None
    may_decide = permissions.can(user, "publication.decide")
    shown = permissions.visible_documents(user, documents.documents_of(case)) if user else []
    forms: dict[int, PublicationForm] = {}
    case_form = None
    if may_decide:
        case_form = _form(case, case.publication, case.publication_ground)
        forms = {d.id: _form(case, d.publication, d.publication_ground) for d in shown}
    return Panel(
        str(_(woo.label(case.publication))),
        woo.ground_label(case.publication_ground),
        [
            (d, str(_(woo.label(d.publication))), woo.ground_label(d.publication_ground))
            for d in shown
        ],
        may_decide,
        case_form,
        forms,
    )


@bp.app_template_global()
def may_export_publication() -> bool:
    """Whether the case list offers the export of what may be published."""
    return current_user.is_authenticated and permissions.can(actor(), "publication.export")


def _form(case: Case, decision: str, ground: str) -> PublicationForm:
    form = PublicationForm(formdata=None)
    form.version.data = str(case.version)
    form.openbaarheid.data, form.weigeringsgrond.data = decision, ground
    return form


def _decision(form: PublicationForm) -> tuple[str, str]:
    return str(form.openbaarheid.data or ""), str(form.weigeringsgrond.data or "")


def _refused(
    case_id: int, form: PublicationForm, exc: ValidationFailed | None = None
) -> ResponseReturnValue:
    """The case page again, with the reason on top, as a 422."""
    messages = [m for errors in form.errors.values() for m in errors] if exc is None else []
    if exc is not None:
        messages = list(exc.fields.values()) or [exc.message]
    flash(" ".join(str(m) for m in messages), "error")
    return render_template("cases/detail.html", **case_page_context(actor(), case_id)), 422


@bp.post("/zaken/<int:case_id>/openbaarheid")
@login_required
def decide_case(case_id: int) -> ResponseReturnValue:
    form = PublicationForm()
    if not form.validate_on_submit():
        return _refused(case_id, form)
    try:
        publication.decide_case(actor(), case_id, form.version_number(), *_decision(form))
    except ValidationFailed as exc:
        return _refused(case_id, form, exc)
    flash(_("Het besluit over openbaarmaking is vastgelegd."), "success")
    return redirect(url_for("cases.detail", case_id=case_id, _anchor="openbaarmaking"))


@bp.post("/zaken/<int:case_id>/documenten/<int:document_id>/openbaarheid")
@login_required
def decide_document(case_id: int, document_id: int) -> ResponseReturnValue:
    form = PublicationForm()
    if not form.validate_on_submit():
        return _refused(case_id, form)
    try:
        publication.decide_document(
            actor(), case_id, form.version_number(), document_id, *_decision(form)
        )
    except ValidationFailed as exc:
        return _refused(case_id, form, exc)
    flash(_("Het besluit over openbaarmaking is vastgelegd."), "success")
    return redirect(url_for("cases.detail", case_id=case_id, _anchor="openbaarmaking"))


@bp.get("/openbaarmaking/export.csv")
@login_required
def export() -> ResponseReturnValue:
    """What may be published: ``;``-separated, UTF-8 with BOM, cells neutralised."""
    rows: list[tabular.Row] = [tabular.Heading(EXPORT_HEADERS)]
    rows += [
        (row.reference, row.title, row.item, row.decision, row.ground, row.closed_on)
        for row in publication.publishable(actor())
    ]
    return Response(
        tabular.csv_document(rows),
        mimetype=tabular.CSV_MIMETYPE,
        headers={
            "Content-Disposition": 'attachment; filename="openbaar-te-maken.csv"',
            "Cache-Control": "no-store",
        },
    )
