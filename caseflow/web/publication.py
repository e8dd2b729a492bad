"""Woo decisions on the page of a closed case (the coordinator) and the export of what may
be published (BZK)."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required

from caseflow.domain.errors import ValidationFailed
from caseflow.services.cases import publication
from caseflow.services.reporting import tabular
from caseflow.web.case_view import render_case_page
from caseflow.web.forms import PublicationForm
from caseflow.web.session import actor

bp = Blueprint("publication", __name__)

EXPORT_HEADERS = ("Zaak", "Titel", "Onderdeel", "Openbaarmaking", "Weigeringsgrond", "Afgesloten")


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
    return render_case_page(actor(), case_id), 422


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
